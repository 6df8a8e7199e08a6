import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import Storage
import TestSupport
import Testing

/// The corrections dashboard, from corrections made through the review form as a person makes them.
@Suite struct CorrectionsDashboardTests {
    @Test func correctionsMadeInTheFormShowUpByFieldKindModelAndDay() async throws {
        try await withApp { client, repository in
            let rental = try await paste("망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층", client)
            let phone = try await paste("아이폰 13 프로 256GB 팝니다. S급, 45만원, 직거래만", client)
            let untouched = try await paste("연남동 투룸 전세 2억 3천, 2/4층, 즉시입주", client)
            _ = try await paste("Selling my Nintendo Switch OLED, like new, $250 firm.", client)

            // Two saves of the rental: monthly rent twice and the title once; the phone's price once.
            var listing = try #require(try await repository.find(id: Int64(rental)))
            for (index, changes) in [["monthly_rent": "46만", "title": "망원 원룸"], ["monthly_rent": "47만"]].enumerated() {
                let saved = try await client.execute(
                    uri: "/listings/\(rental)", method: .post, headers: formHeaders,
                    body: form(formFields(of: listing, changing: changes)))
                #expect(saved.status == .seeOther, "save \(index)")
                listing = try #require(try await repository.find(id: Int64(rental)))
            }
            let phoneListing = try #require(try await repository.find(id: Int64(phone)))
            _ = try await client.execute(
                uri: "/listings/\(phone)/publish", method: .post, headers: formHeaders,
                body: form(formFields(of: phoneListing, changing: ["price": "40만"]) + [("confirm_look", "1")]))
            let untouchedListing = try #require(try await repository.find(id: Int64(untouched)))
            _ = try await client.execute(
                uri: "/listings/\(untouched)/publish", method: .post, headers: formHeaders,
                body: form(formFields(of: untouchedListing)))

            let stats = try await repository.correctionStats(days: 30, scope: .everything)
            let perField = Dictionary(grouping: stats.byField, by: \.field).mapValues {
                $0.reduce(0) { $0 + $1.corrections }
            }
            #expect(perField["monthly_rent"] == 2)
            #expect(perField["title"] == 1)
            #expect(perField["price"] == 1)
            #expect(
                stats.byField.allSatisfy {
                    $0.model == "offline" && $0.promptVersion == PromptBuilder.version
                })
            #expect(stats.perDay.map(\.corrections).reduce(0, +) == 4)
            #expect(stats.published == 2)
            #expect(stats.publishedUncorrected == 1)
            #expect(stats.mostCorrected.first?.id == Int64(rental))
            #expect(stats.mostCorrected.first?.corrections == 3)
            #expect(!stats.sample.isEmpty && stats.sample.allSatisfy { $0.status == .draft })

            let page = try await client.execute(uri: "/stats", method: .get)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("50% of published listings went out as extracted, with no correction (1 of 2)."))
            #expect(html.contains("<svg class=\"chart\""), "charts, not only tables")
            // Every cell names its column, for a phone where the rows stack.
            #expect(
                html.contains(
                    "<tr><td data-label=\"Field\">Monthly rent</td><td data-label=\"Real estate\">2</td>"
                        + "<td data-label=\"Second-hand\">0</td><td data-label=\"Not a listing\">0</td>"
                        + "<td data-label=\"All\">2</td></tr>"), "\(html)")
            #expect(html.contains("<td data-label=\"Field\">Price</td><td data-label=\"Real estate\">0</td>"))
            #expect(html.contains("href=\"/listings/\(rental)/review\">망원 원룸</a>"))
            #expect(html.contains("3 corrections"))
            #expect(page.headers[.cacheControl] == "no-store")
        }
    }

    @Test func anEmptyDashboardSaysSo() async throws {
        try await withApp { client, _ in
            let page = try await client.execute(uri: "/stats", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("No corrections yet."))
        }
    }
}
