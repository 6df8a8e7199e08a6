import ArgumentParser
import Foundation
import ListingCore
import Storage
import Web

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write every listing as CSV to standard output.")

    @Option(help: "Only this kind (real_estate, second_hand, not_listing).") var kind: ListingKind?
    @Option(help: "Only this status (draft, published, rejected).") var status: ListingStatus?
    @Flag(help: "Leave out the byte-order mark.") var noBom = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var flags = FlagValues()
        database.add(to: &flags)
        let settings = try await Settings.read(flags: flags.values)
        let logger = settings.logger("listingdesk.export")
        let filter = ListingFilter(kind: kind, status: status)
        let bom = !noBom
        let source = try settings.databaseConfiguration()
        try await settings.withDatabase(logger: logger) { client in
            let output = FileHandle.standardOutput
            output.write(Data(((bom ? CSVExport.byteOrderMark : "") + CSVExport.header).utf8))
            var pending = Data()
            let repository = PostgresListingRepository(client: client, logger: logger, copySource: source)
            try await repository.exportCSV(filter) { line in
                pending.append(contentsOf: line.readableBytesView)
                if pending.count > 65_536 {
                    output.write(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            output.write(pending)
        }
    }
}

extension ListingKind: ExpressibleByArgument {}
extension ListingStatus: ExpressibleByArgument {}
