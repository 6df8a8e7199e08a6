import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing
import Web

@testable import Desk

/// Published listings as fine-tuning examples: each assistant turn parses back to the values the person confirmed.
@Suite struct FineTuneExportTests {
    @Test func everyAssistantTurnParsesBackToTheConfirmedValues() async throws {
        try await withApp { client, repository in
            let pastes = [
                ("망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 에어컨 냉장고", ["monthly_rent": "46만", "title": "망원 원룸"]),
                ("Selling my Nintendo Switch OLED, like new, $250 firm. Pickup in Brooklyn or I can ship.", [:]),
            ]
            for (text, changes) in pastes {
                let pasted = try await client.execute(
                    uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)]))
                let id = try #require(listingID(pasted))
                let stored = try #require(try await repository.find(id: Int64(id)))
                let published = try await client.execute(
                    uri: "/listings/\(id)/publish", method: .post, headers: formHeaders,
                    body: form(formFields(of: stored, changing: changes) + [("confirm_look", "1")]))
                #expect(published.status == .seeOther, "\(text)")
            }
            var examples = 0
            try await repository.export(ListingFilter(status: .published)) { listing in
                let line = try FineTuneExport.line(listing)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [[String: String]]])
                let messages = try #require(object["messages"])
                #expect(messages.map { $0["role"] } == ["system", "user", "assistant"])
                let prompt = PromptBuilder().messages(listing: listing.sourceText, pastedOn: listing.pastedOn)
                #expect(messages[0]["content"] == prompt[0].content)
                #expect(messages[1]["content"] == prompt[1].content)
                let reply = try #require(messages[2]["content"])
                let read = ReplyInterpreter.interpret(
                    ReplyParser.parse(reply), listingText: listing.sourceText, pastedOn: listing.pastedOn,
                    fallbackKind: .notListing)
                #expect(read.kind == listing.kind)
                #expect(read.fields == listing.fields, "the confirmed values, exactly")
                examples += 1
            }
            #expect(examples == 2)
            let corrected = try #require(
                try await repository.list(ListingFilter(status: .published), limit: 10, before: nil).items.first {
                    $0.kind == .realEstate
                })
            #expect(corrected.fields[.monthlyRent] == .integer(460_000))
            #expect(!FineTuneExport.reply(for: corrected).contains("monthly_rent evidence"), "no stale evidence")
        }
    }

    @Test func theHoldOutIsAFixedShareByID() {
        let held = (1...10_000).filter { FineTuneExport.isHeldOut(Int64($0), share: 0.1) }
        #expect((800...1_200).contains(held.count))
        // The split rests on FNV-1a, the same on every machine and run (Swift's own hash is seeded per process):
        // the published test vectors of the 64-bit FNV-1a.
        #expect(StableHash.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a("foobar") == 0x8594_4171_f739_67e8)
        #expect(!(1...100).contains { FineTuneExport.isHeldOut(Int64($0), share: 0) })
    }
}
