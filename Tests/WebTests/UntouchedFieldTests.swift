import Foundation
import HummingbirdTesting
import ListingCore
import NIOCore
import Storage
import TestSupport
import Testing

@testable import Web

/// A correction is what the person changed: the review form sent back as the page rendered it changes nothing and
/// counts nothing on `/stats`, and text typed in front of a money value is refused rather than summed.
@Suite struct UntouchedFieldTests {
    /// The save form's fields as a browser sends them: hidden and text inputs, the selected option of each select,
    /// the checked boxes.
    static func renderedSaveForm(_ html: String) throws -> [(String, String)] {
        let start = try #require(html.range(of: "name=\"fields_sent\""), "the review page has its save form")
        let formStart = try #require(html[..<start.lowerBound].range(of: "<form", options: .backwards))
        let end = try #require(html[start.upperBound...].range(of: "</form>"))
        let form = String(html[formStart.lowerBound..<end.lowerBound])
        func unescape(_ text: String) -> String {
            text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        func attribute(_ name: String, in tag: String) -> String? {
            guard let found = tag.range(of: " \(name)=\"") else { return nil }
            return unescape(String(tag[found.upperBound...].prefix { $0 != "\"" }))
        }
        var pairs: [(String, String)] = []
        for piece in form.components(separatedBy: "<input").dropFirst() {
            let tag = String(piece.prefix { $0 != ">" })
            guard let name = attribute("name", in: tag) else { continue }
            if tag.contains("type=\"checkbox\"") {
                if tag.contains(" checked") { pairs.append((name, attribute("value", in: tag) ?? "on")) }
            } else {
                pairs.append((name, attribute("value", in: tag) ?? ""))
            }
        }
        for piece in form.components(separatedBy: "<select").dropFirst() {
            let tag = String(piece.prefix { $0 != ">" })
            guard let name = attribute("name", in: tag) else { continue }
            let options = piece.components(separatedBy: "</select>")[0].components(separatedBy: "<option").dropFirst()
            let selected = options.first { $0.contains(" selected") } ?? options.first
            pairs.append((name, selected.flatMap { attribute("value", in: "<option" + $0) } ?? ""))
        }
        return pairs
    }

    @Test(arguments: [
        "망원동 원룸 월세 보증금 500/45 관리비 5만 3/5층 25평 전용 59.5㎡ 남향 에어컨 세탁기 냉장고 12/20 입주 반려동물 불가",
        "연남동 투룸 전세 2억 3천, 2/4층, 주차 가능, 엘리베이터 없음, 즉시 입주",
        "Selling my Trek FX 2 bike, $340 obo, like new, pickup in Astoria, Queens",
        "아이폰 14 프로 256GB 팝니다 85만원 택포, 상태 S급, 직거래 강남역",
    ])
    func theFormSentBackAsRenderedChangesNothing(_ text: String) async throws {
        try await withApp { client, repository in
            let id = try await paste(text, client)
            let listing = try await draft(id, repository)
            let page = try await client.execute(uri: "/listings/\(id)/review", method: .get)
            let pairs = try Self.renderedSaveForm(page.text)
            #expect(pairs.contains { $0.0 == "version" })
            let saved = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders, body: form(pairs))
            #expect(saved.status == .seeOther, "\(saved.status): \(saved.text.prefix(300))")
            let edits = try await repository.edits(listingID: id)
            #expect(edits.isEmpty, "untouched fields counted as corrections: \(edits.map(\.field))")
            let after = try #require(try await repository.find(id: id))
            #expect(after.fields == listing.fields, "the values are as they were")
        }
    }

    @Test func textTypedInFrontOfAMoneyValueIsRefusedNotSummed() async throws {
        try await withApp { client, repository in
            let id = try await paste("망원동 원룸 월세 보증금 500/45 3/5층", client)
            let listing = try await draft(id, repository)
            for typed in ["42만원450000", "45만 450000", "1억 2억", "5만 1억"] {
                let answer = try await client.execute(
                    uri: "/listings/\(id)", method: .post, headers: formHeaders,
                    body: form(formFields(of: listing, changing: ["monthly_rent": typed])))
                #expect(answer.status == .unprocessableContent, "\(typed) is two amounts, not their sum")
                #expect(answer.text.contains(typed), "what was typed is kept")
            }
            #expect(try await repository.find(id: id)?.fields[.monthlyRent] == listing.fields[.monthlyRent])
            // Korean place values still read: a remainder smaller than the unit before it.
            for (typed, amount) in [("42만 5천", 425_000), ("1억 2000", 120_000_000), ("3억5천만원", 350_000_000)] {
                #expect(MoneyParser.parse(typed)?.amount == amount, "\(typed)")
            }
        }
    }
}
