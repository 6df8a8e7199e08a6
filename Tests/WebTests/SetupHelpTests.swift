import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import Web

/// What a person setting ListingDesk up meets (issue 24, item 6): an API example that works as shown, and secrets
/// one tap copies. (A refused host name names its setting: `CrossSiteTests`.)
@Suite struct SetupHelpTests {
    @Test func theTokenPageShowsACommandThatWorksAsShownAndACopyButton() async throws {
        try await withApp { client, _ in
            let browser = try #require(client as? BrowserSession)
            let page = try await browser.execute(
                uri: "/settings/tokens", method: .post, headers: formHeaders, body: form([("name", "script")]))
            let token = try AccessTests.tokenShown(on: page)
            #expect(
                page.text.contains("curl -H &#39;Authorization: Bearer \(token)&#39; http://localhost/api/v1/listings")
                    || page.text.contains("curl -H 'Authorization: Bearer \(token)' http://localhost/api/v1/listings"),
                "the example names this server")
            #expect(page.text.contains("data-copy=\"new-token\""), "a copy button beside the token")

            let invited = try await browser.execute(
                uri: "/accounts/invitations", method: .post, headers: formHeaders,
                body: form([("email", "later@example.com")]))
            #expect(invited.text.contains("data-copy=\"new-invitation\""))
            #expect(invited.text.contains("http://localhost/sign-up?invite="), "the link is whole, to send as it is")
        }
    }
}
