import HummingbirdTesting
import Storage
import TestSupport
import Testing
import Web

/// The same text pasted again (a second try after an error, an import run twice) is recognised by its digest:
/// the person is shown the earlier listing and chooses to open it or keep both.
@Suite struct DuplicatePasteTests {
    static let text = "연남동 투룸 전세 2억 3천, 2/4층, 즉시입주"

    @Test func theSameTextPastedAgainAsksAndKeepsBothOnlyWhenTold() async throws {
        try await withApp { client, repository in
            let first = try await paste(Self.text, client)
            let again = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", Self.text)]))
            #expect(again.status == .conflict)
            #expect(again.text.contains("This text was pasted before, as listing #\(first)"))
            #expect(again.text.contains("href=\"/listings/\(first)/review\""))
            #expect(again.text.contains(Self.text), "the text stays in the box")
            #expect(try await repository.list(ListingFilter(), limit: 10, before: nil).items.count == 1)

            let streamed = try await client.execute(
                uri: "/listings/stream", method: .post, headers: formHeaders, body: form([("text", Self.text)]))
            #expect(streamed.status == .conflict, "the script then posts plainly and the page asks")

            let kept = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders,
                body: form([("text", Self.text), ("duplicate", "keep")]))
            #expect(kept.status == .seeOther)
            let second = try #require(listingID(kept))
            #expect(Int64(second) != first)
            let latest = try #require(try await repository.latest(withText: Self.text, in: .everything))
            #expect(latest.id == Int64(second), "the latest of the two")

            let other = try await paste(Self.text + " 관리비 없음", client)
            #expect(other != first, "a different text is simply stored")
        }
    }
}
