import Foundation
import HummingbirdTesting
import Testing

@testable import Web

/// Every link `SiteURL` writes reaches a handler of the running app: the pages and files answer, and a link to a
/// listing that does not exist reaches the listing's handler (its own "no such listing"), not the router's 404.
@Suite struct RouteTests {
    @Test func everyLinkSiteURLWritesIsRouted() async throws {
        try await withApp { client, _ in
            let answering: [SiteURL] = [
                .home, .listings, .listingsCSV, .usage, .health, .metrics, .stylesheet, .script, .api(.listings),
                .api(.usage),
            ]
            for url in answering {
                let response = try await client.execute(uri: url.path, method: .get)
                #expect(response.status == .ok, "\(url.path)")
            }
            for url: SiteURL in [.listing(.value(999)), .review(.value(999)), .api(.listing(.value(999)))] {
                let response = try await client.execute(uri: url.path, method: .get)
                #expect(response.status == .notFound, "\(url.path)")
                #expect(response.text.contains("There is no such listing"), "\(url.path) reached its handler")
            }
            for url: SiteURL in [.publish(.value(999)), .listing(.value(999)), .api(.publish(.value(999)))] {
                let response = try await client.execute(
                    uri: url.path, method: .post, headers: formHeaders, body: form([("version", "1")]))
                #expect(response.text.contains("There is no such listing"), "POST \(url.path) reached its handler")
            }
            let extract = try await client.execute(
                uri: SiteURL.api(.extract).path, method: .post, headers: jsonHeaders, body: json(["text": "월세 500/45"]))
            #expect(extract.status == .ok)
        }
    }

    @Test func registeredPatternsAndLinksComeFromTheSameCase() {
        #expect(SiteURL.review(.key).path == "/listings/:id/review")
        #expect(SiteURL.review(.value(7)).path == "/listings/7/review")
        #expect(SiteURL.api(.publish(.key)).path == "/api/v1/listings/:id/publish")
        #expect(
            SiteURL.listings.path(query: [("kind", "real_estate"), ("status", nil), ("q", "월세 & 1")])
                == "/listings?kind=real_estate&q=%EC%9B%94%EC%84%B8%20%26%201")
    }
}
