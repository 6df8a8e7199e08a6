import Foundation
import HummingbirdTesting
import ListingCore
import NIOCore
import Storage
import TestSupport
import Testing

@testable import Web

/// "Pasted before" and "skip duplicates" hold when the same text arrives several times at once, and a text is the
/// same text whatever line endings carried it.
@Suite struct ConcurrentDuplicateTests {
    @Test func fourPastesOfOneTextAtOnceStoreOneListing() async throws {
        try await withApp { client, repository in
            let text = "망원동 원룸 월세 보증금 500/45 3/5층 SAME-TEXT-AT-ONCE"
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await client.execute(
                            uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)])
                        ).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [303, 409, 409, 409], "\(statuses)")
            #expect(try await repository.list(.init(), limit: 10, before: nil).items.count == 1)
        }
    }

    @Test func threeImportsAtOnceThatSkipDuplicatesStoreEachTextOnce() async throws {
        try await withApp { client, repository in
            let texts = (1...200).map { "Selling my desk number \($0), $\($0 + 10), pickup only" }
                .joined(separator: "\n---\n")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let answer = try await client.execute(
                            uri: "/batches", method: .post, headers: formHeaders,
                            body: form([("text", texts), ("duplicates", "skip")]))
                        #expect(answer.status == .seeOther)
                    }
                }
                try await group.waitForAll()
            }
            let batches = try await repository.batches(ownedBy: nil, limit: 5)
            #expect(batches.map(\.total).reduce(0, +) == 200, "\(batches.map(\.total))")
            #expect(batches.map(\.skipped).reduce(0, +) == 400)
        }
    }

    @Test func aTextIsTheSameWhateverItsLineEndings() async throws {
        try await withApp { client, repository in
            let first = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders,
                body: form([("text", "망원동 원룸\r\n월세 500/45\r\n3/5층")]))
            #expect(first.status == .seeOther)
            let again = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders,
                body: form([("text", "망원동 원룸\n월세 500/45\n3/5층")]))
            #expect(again.status == .conflict, "the same text pasted with JavaScript (\\n) and without (\\r\\n)")
            let stored = try #require(try await repository.list(.init(), limit: 5, before: nil).items.first)
            #expect(stored.sourceText == "망원동 원룸\n월세 500/45\n3/5층", "stored with \\n")
        }
    }
}
