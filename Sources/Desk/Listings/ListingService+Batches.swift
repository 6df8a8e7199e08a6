import Extraction
import Foundation
import ListingCore
import Storage

/// Many listings at once: an import becomes a batch of queued jobs, which the workers of every instance read.
extension ListingService {
    /// Listings stored in one chunk of a batch.
    static let batchChunk = 250

    /// Stores what `reader` reads as a batch, chunk by chunk as the input streams in, in one transaction: a
    /// problem anywhere (a malformed line, a text over the limit, an empty file) stores nothing and says which line.
    /// Texts the owner pasted before are skipped unless `keepDuplicates`. The batch and its listings are the
    /// owner's (nil: no one's, which the admins see).
    public func importBatch(
        name: String, ownerID: Int64?, reader: ImportReader, keepDuplicates: Bool
    ) async throws -> StoredBatch {
        try await importBatch(name: name, ownerID: ownerID, keepDuplicates: keepDuplicates, next: reader.next)
    }

    /// The same for listings read already (an upload, read off the request threads by `ImportReader.readAll`).
    public func importBatch(
        name: String, ownerID: Int64?, items: [ImportReader.Item], keepDuplicates: Bool
    ) async throws -> StoredBatch {
        var remaining = items.makeIterator()
        return try await importBatch(name: name, ownerID: ownerID, keepDuplicates: keepDuplicates) {
            remaining.next()
        }
    }

    func importBatch(
        name: String, ownerID: Int64?, keepDuplicates: Bool, next: () throws -> ImportReader.Item?
    ) async throws -> StoredBatch {
        let today = self.today()
        do {
            return try await repository.createBatch(name: name, ownerID: ownerID, keepDuplicates: keepDuplicates) {
                add in
                var chunk: [NewPaste] = []
                var read = 0
                while let item = try next() {
                    read += 1
                    chunk.append(
                        NewPaste(
                            sourceText: item.text, provisionalKind: Self.provisionalKind(item.text),
                            pastedOn: item.pastedOn ?? today, ownerID: ownerID))
                    if chunk.count == Self.batchChunk {
                        try await add(chunk)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                guard read > 0 else {
                    throw ImportReader.Failure(line: nil, message: "There are no listings in it: nothing to import.")
                }
                try await add(chunk)
            }
        } catch let failure as ImportReader.Failure {
            throw ServiceError(.unprocessable, code: "import_invalid", failure.message)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw DatabaseCalls.answer(for: StorageError(classifying: error))
        }
    }

    /// What an imported listing is taken to be until it is read: the keyword classifier on its first 200
    /// characters (an ad's first line says what it is; the whole text cost a third of a 10 MB import's CPU for a
    /// guess that extraction replaces).
    static func provisionalKind(_ text: String) -> ListingKind {
        let scalars = text.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: 200, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return KindClassifier.classify(String(scalars[..<end])).kind
    }

    /// The batch, if the requester may see it: its owner's and the admins' (another account's is not found).
    public func batch(_ id: Int64, items: Int = 1_000, for requester: Requester) async throws -> BatchProgress {
        let repository = self.repository
        guard let batch = try await storing({ try await repository.batch(id: id, limit: items) }),
            access.mayChange(owner: batch.ownerID, as: requester)
        else {
            if requester == .anonymous { throw ServiceError.signInRequired() }
            throw ServiceError.notFound("batch")
        }
        return batch
    }

    /// The requester's recent batches (an admin's: everyone's).
    public func batches(for requester: Requester, limit: Int = 20) async throws -> [BatchProgress] {
        let repository = self.repository
        guard requester != .anonymous else { return [] }
        let owner = requester.isAdmin ? nil : requester.accountID
        return try await storing { try await repository.batches(ownedBy: owner, limit: limit) }
    }

    public func cancelBatch(_ id: Int64, for requester: Requester) async throws -> Int {
        _ = try await batch(id, items: 1, for: requester)
        let repository = self.repository
        return try await storing { try await repository.cancelBatch(id: id, issue: Self.cancelledIssue) }
    }

    /// What a listing given up with its cancelled batch says.
    static let cancelledIssue = Issue(
        field: nil, code: .modelError,
        message: "Not read: its batch was cancelled before its turn. Fill in the values, or import it again.")

    public func retryBatch(_ id: Int64, listingIDs: [Int64]?, for requester: Requester) async throws -> Int {
        _ = try await batch(id, items: 1, for: requester)
        let repository = self.repository
        return try await storing { try await repository.retryBatch(id: id, listingIDs: listingIDs) }
    }
}
