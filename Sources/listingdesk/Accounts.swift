import ArgumentParser
import Desk
import Extraction
import Foundation
import ListingCore
import Logging
import PostgresNIO
import Storage

#if canImport(Glibc)
import Glibc
#endif

/// `listingdesk accounts create EMAIL [--admin]`: an account made by the operator. The password is asked for (not
/// shown as it is typed) when standard input is a terminal, else read from its first line, so that a script can
/// pipe it in; it never appears on the command line, where other users of the machine could read it.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Make accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an account (the first account of an install is its admin).")

        @Argument(help: "The account's email.") var email: String
        @Flag(help: "Make it an admin: sees every listing, invites and disables accounts.") var admin = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let password = try readPassword(prompt: "Password for \(email): ")
            let role: AccountRole = admin ? .admin : .member
            let email = self.email
            try await withAccounts(database) { accounts in
                let account: Account
                do {
                    account = try await accounts.create(email: email, password: password, role: role)
                } catch let error as ServiceError {
                    throw CommandFailure(error.message)
                }
                print("account #\(account.id): \(account.email), \(account.role.rawValue)")
            }
        }
    }
}

/// `listingdesk tokens create EMAIL [--name N]`: a personal API token for the account, printed once.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Make API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an API token for an account and print it (once: only its digest is kept).")

        @Argument(help: "The email of the account the token acts for.") var email: String
        @Option(help: "What the token is for, as the settings page lists it.") var name = "command line"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let email = self.email
            let name = self.name
            try await withAccounts(database) { accounts in
                guard let found = try await accounts.account(email: email) else {
                    throw CommandFailure("There is no account with the email \(email).")
                }
                guard !found.isDisabled else { throw CommandFailure("The account \(email) is disabled.") }
                let (token, record) = try await accounts.createToken(for: found, name: name)
                FileHandle.standardError.write(
                    Data(
                        "token #\(record.id) “\(record.name)” for \(found.email); send it as Authorization: Bearer\n"
                            .utf8))
                print(token)
            }
        }
    }
}

/// Runs `body` with the accounts of the configured database, migrated first.
func withAccounts(
    _ database: DatabaseOptions, _ body: @escaping @Sendable (AccountService) async throws -> Void
) async throws {
    var flags = FlagValues()
    database.add(to: &flags)
    let settings = try await Settings.read(flags: flags.values)
    let logger = settings.logger("listingdesk.accounts")
    let migrations = database.migrations
    try await settings.withDatabase(logger: logger) { client in
        _ = try await migrateOrExplain(
            MigrationRunner(client: client, directory: migrations, logger: logger), logger: logger)
        let repository = PostgresListingRepository(client: client, logger: logger)
        try await body(
            AccountService(
                accounts: repository, database: DatabaseCalls(), settings: settings.accounts, metrics: AppMetrics()))
    }
}

/// A password from the terminal without echo, or the first line of standard input when it is not a terminal.
func readPassword(prompt: String) throws -> String {
    if isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) {
        return String(cString: typed)
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CommandFailure("No password: type it when asked, or give it on standard input.")
    }
    return line
}
