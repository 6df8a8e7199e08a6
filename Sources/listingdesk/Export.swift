import ArgumentParser
import Desk
import Foundation
import ListingCore
import Storage

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
        let filter = ListingFilter(kind: kind, status: status)
        let bom = !noBom
        let source = try settings.databaseConfiguration()
        let output = FileHandle.standardOutput
        output.write(Data(((bom ? CSVExport.byteOrderMark : "") + CSVExport.header).utf8))
        // COPY through libpq, written as it comes: no pool to start, memory flat at any size.
        try await PostgresListingRepository.copyCSV(filter, from: source) { chunk in
            chunk.withUnsafeReadableBytes { output.write(Data($0)) }
        }
    }
}

extension ListingKind: ExpressibleByArgument {}
extension ListingStatus: ExpressibleByArgument {}
