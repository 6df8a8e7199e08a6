import ArgumentParser

/// The `listingdesk` command: serve the app, migrate the database, extract listings, export CSV.
@main
struct ListingDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listingdesk",
        abstract: "Turn pasted listings into clean, validated, publishable records.",
        subcommands: [
            Serve.self, Migrate.self, Extract.self, Import.self, Worker.self, Export.self, ExportFineTune.self,
            Sim.self,
            Eval.self, TrainKind.self, AccountsCommand.self, TokensCommand.self,
        ],
        defaultSubcommand: Serve.self)
}
