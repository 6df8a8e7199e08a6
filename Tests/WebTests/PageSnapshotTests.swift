import Extraction
import Foundation
import ListingCore
import SnapshotTesting
import Storage
import TestSupport
import Testing

@testable import Web

/// The HTML of each page, as a person's browser receives it, compared line by line with the recorded snapshot in
/// `__Snapshots__/`. The listings come from the offline extractor on the project's own labelled listings, at a
/// fixed date, so a change to a template, a view or the extractor shows up here as a readable diff. A deliberate
/// change is re-recorded with `SNAPSHOT_TESTING_RECORD=all scripts/test --filter PageSnapshotTests`.
@Suite struct PageSnapshotTests {
    /// 2026-11-20 09:30 UTC.
    static let instant = Date(timeIntervalSince1970: 1_795_167_000)
    static let day = LocalDate(year: 2026, month: 11, day: 20)!
    /// A form token as the middleware would give it (it is random per browser in the app).
    static let formToken = "snapshot-form-token"
    /// The signed-in reader: a member of the team.
    static let member = Account(id: 2, email: "mina@example.com", role: .member, createdAt: instant)
    static let admin = Account(id: 1, email: "boss@example.com", role: .admin, createdAt: instant)
    /// A reader of English in UTC, and of Korean in Seoul (each language's default zone), at the page's address,
    /// signed in as `account` (the member unless said).
    static func english(_ here: String = "/", as account: Account? = member) -> Viewer {
        Viewer(language: .english, here: here, account: account, formToken: formToken)
    }
    static func korean(_ here: String = "/", as account: Account? = member) -> Viewer {
        Viewer(language: .korean, here: here, account: account, formToken: formToken)
    }

    static func renderer() async throws -> PageRenderer {
        try await PageRenderer.load(directory: TestDatabase.projectRoot.appendingPathComponent("templates").path)
    }

    /// A stored listing as the offline extractor drafts it from a dev listing's text.
    static func listing(_ devID: String, id: Int64, status: ListingStatus? = nil) async throws -> Listing {
        let item = try #require(try DevSet.listings().first { $0.id == devID }, "dev listing \(devID)")
        let outcome = await ExtractionPipeline(model: OfflineExtractor(today: { day })).extract(
            item.text, pastedOn: day)
        let draft = outcome.listing
        let kept = status ?? .initial(for: draft.kind)
        return Listing(
            id: id, kind: draft.kind, status: kept, version: 1, sourceText: item.text, pastedOn: day,
            fields: draft.fields, evidence: draft.evidence, grades: draft.grades,
            provenance: Provenance(extractedBy: outcome.answeredBy, fallbackFrom: outcome.fallbackFrom),
            issues: draft.issues, correctedFields: [],
            createdAt: instant, updatedAt: instant, publishedAt: kept == .published ? instant : nil)
    }

    static func review(_ listing: Listing, viewer: Viewer? = nil) -> ReviewPage {
        ReviewPage(
            listing, kind: listing.kind, values: listing.fields, typed: [:], issues: listing.issues, message: nil,
            formToken: Self.formToken, viewer: viewer ?? english("/listings/\(listing.id)/review"))
    }

    /// The values of a save the database could not take, shown and kept in hidden fields: escaped, every one, in
    /// English and Korean.
    @Test func unsavedPage() async throws {
        let renderer = try await Self.renderer()
        let form = try FormBody(
            .init(
                string: "csrf=old&version=3&kind=real_estate&title=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"
                    + "&monthly_rent=450000&options=bed&options=desk"))
        for viewer in [Self.english("/listings/7"), Self.korean("/listings/7")] {
            let page = UnsavedPage(
                action: "/listings/7", form: form, message: "The database is not answering right now.",
                formToken: Self.formToken, viewer: viewer)
            let html = renderer.html(page)
            #expect(
                html.contains(
                    "<input type=\"hidden\" name=\"title\" value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"))
            #expect(!html.contains("<script>x"))
            #expect(
                html.contains("name=\"options\" value=\"bed\">") && html.contains("name=\"options\" value=\"desk\">"))
            #expect(html.contains("name=\"csrf\" value=\"\(Self.formToken)\"") && !html.contains("value=\"old\""))
            #expect(html.contains("bed, desk"))
        }
    }

    @Test func pastePage() async throws {
        let renderer = try await Self.renderer()
        let recent = [
            try await Self.listing("ko-re-own-001", id: 3),
            try await Self.listing("en-sh-own-002", id: 2, status: .published),
            try await Self.listing("ko-nl-own-001", id: 1),
        ]
        assertSnapshot(
            of: renderer.html(IndexPage(recent: recent, formToken: Self.formToken, viewer: Self.english())), as: .lines)
        let refused = IndexPage(
            text: "보증금 <b>1000</b>", message: "Paste a listing first: the text is empty.", formToken: Self.formToken,
            viewer: Self.english())
        assertSnapshot(of: renderer.html(refused), as: .lines, named: "refused")
    }

    @Test func reviewPageOfARealEstateListing() async throws {
        let renderer = try await Self.renderer()
        let listing = try await Self.listing("ko-re-own-008", id: 8)
        assertSnapshot(of: renderer.html(Self.review(listing)), as: .lines)
    }

    @Test func reviewPageOfASecondHandListing() async throws {
        let renderer = try await Self.renderer()
        let listing = try await Self.listing("en-sh-own-001", id: 9)
        assertSnapshot(of: renderer.html(Self.review(listing)), as: .lines)
    }

    @Test func reviewPageOfAPasteThatIsNotAListing() async throws {
        let renderer = try await Self.renderer()
        let listing = try await Self.listing("ko-nl-own-003", id: 10)
        assertSnapshot(of: renderer.html(Self.review(listing)), as: .lines)
    }

    @Test func listPage() async throws {
        let renderer = try await Self.renderer()
        let items = [
            try await Self.listing("ko-re-own-009", id: 12, status: .published),
            try await Self.listing("ko-re-own-004", id: 11),
        ]
        let page = ListPage(
            page: ListingPage(items: items, nextCursor: 11), filter: ListingFilter(kind: .realEstate, query: "월세 & 전세"),
            viewer: Self.english("/listings"))
        assertSnapshot(of: renderer.html(page), as: .lines)
    }

    @Test func listingPage() async throws {
        let renderer = try await Self.renderer()
        let published = try await Self.listing("ko-sh-own-005", id: 13, status: .published)
        assertSnapshot(
            of: renderer.html(
                ShowPage(
                    published, canChange: true, formToken: Self.formToken, viewer: Self.english("/listings/13"))),
            as: .lines)
    }

    /// The states a person meets: a value to check, a refused save with its summary, a value they entered, a save.
    @Test func reviewPageStates() async throws {
        let renderer = try await Self.renderer()
        var listing = try await Self.listing("ko-re-own-008", id: 14)
        listing.grades[.availableFrom] = .inferred
        listing.grades[.maintenanceFee] = .unsupported
        listing.issues += [
            Issue(field: .availableFrom, code: .inferred, message: "“12월 20일” does not state 2026-12-20."),
            Issue(field: .maintenanceFee, code: .unsupported, message: "No figure in the text gives 80000."),
        ]
        listing.correctedFields = [.title]
        let refused = ReviewPage(
            listing, kind: listing.kind, values: listing.fields, typed: [.floor: "abc"],
            issues: [Issue(field: .floor, code: .invalidValue, message: "“abc” is not a whole number.")],
            message: "Some values need fixing.", formToken: Self.formToken, viewer: Self.english())
        assertSnapshot(of: renderer.html(refused), as: .lines, named: "refused")
        let saved = ReviewPage(
            listing, kind: listing.kind, values: listing.fields, typed: [:], issues: listing.issues, message: nil,
            formToken: Self.formToken, saved: true, viewer: Self.english())
        assertSnapshot(of: renderer.html(saved), as: .lines, named: "saved")
        listing.status = .extracting
        assertSnapshot(of: renderer.html(Self.review(listing)), as: .lines, named: "extracting")
    }

    @Test func kindChangePage() async throws {
        let renderer = try await Self.renderer()
        let listing = try await Self.listing("ko-re-own-008", id: 15)
        let page = KindChangePage(
            listing, to: .secondHand, dropping: [.deposit, .monthlyRent, .floor], version: 2, formToken: Self.formToken,
            viewer: Self.english())
        assertSnapshot(of: renderer.html(page), as: .lines)
    }

    @Test func errorPage() async throws {
        let renderer = try await Self.renderer()
        assertSnapshot(of: renderer.html(ErrorPage(WebError.notFound(), viewer: Self.english())), as: .lines)
    }

    /// The same pages in Korean: every word from the label table, times in Seoul, `lang="ko"` on the page, and
    /// the switch back to English in English.
    @Test func pagesInKorean() async throws {
        let renderer = try await Self.renderer()
        let rental = try await Self.listing("ko-re-own-008", id: 8)
        assertSnapshot(
            of: renderer.html(Self.review(rental, viewer: Self.korean("/listings/8/review"))), as: .lines,
            named: "review")
        let goods = try await Self.listing("en-sh-own-001", id: 9)
        assertSnapshot(
            of: renderer.html(Self.review(goods, viewer: Self.korean("/listings/9/review"))), as: .lines,
            named: "review-goods")
        let items = [
            try await Self.listing("ko-re-own-009", id: 12, status: .published), goods,
        ]
        let list = ListPage(
            page: ListingPage(items: items, nextCursor: nil), filter: ListingFilter(), viewer: Self.korean("/listings"))
        assertSnapshot(of: renderer.html(list), as: .lines, named: "list")
        let refused = IndexPage(
            text: "", message: Labels.korean.message(WebError(.unprocessableContent, code: "empty_text", "empty")),
            formToken: Self.formToken, viewer: Self.korean())
        assertSnapshot(of: renderer.html(refused), as: .lines, named: "paste-refused")
        assertSnapshot(
            of: renderer.html(ErrorPage(WebError.notFound(), viewer: Self.korean("/listings/99"))), as: .lines,
            named: "error")
    }

    /// The account pages: signing in (signed out, keeping a paste), the first visit's set-up, an account's tokens
    /// with a new one shown, and the admins' accounts page.
    @Test func accountPages() async throws {
        let renderer = try await Self.renderer()
        let signIn = SignInPage(
            email: "mina@example.com", back: "/listings", keptText: "원룸 월세 500/45", openSignUp: false,
            formToken: Self.formToken, viewer: Self.english("/sign-in", as: nil))
        assertSnapshot(of: renderer.html(signIn), as: .lines, named: "sign-in")
        let setup = SignUpPage(.firstAdmin, formToken: Self.formToken, viewer: Self.korean("/setup", as: nil))
        assertSnapshot(of: renderer.html(setup), as: .lines, named: "setup-ko")
        let tokens = [
            APIToken(
                id: 2, name: "import script", shownPrefix: "ld_Qx3f", createdAt: Self.instant, lastUsedAt: Self.instant,
                revokedAt: nil),
            APIToken(
                id: 1, name: "old laptop", shownPrefix: "ld_9aZk", createdAt: Self.instant, lastUsedAt: nil,
                revokedAt: Self.instant),
        ]
        let settings = SettingsPage(
            account: Self.member, tokens: tokens, newToken: "ld_Qx3fEXAMPLEexampleEXAMPLEexampleEXAMPLE12",
            origin: "http://listings.example:8080", formToken: Self.formToken, viewer: Self.english("/settings/tokens"))
        assertSnapshot(of: renderer.html(settings), as: .lines, named: "settings")
        let accounts = AccountsPage(
            accounts: [
                Self.admin, Self.member,
                Account(
                    id: 3, email: "left@example.com", role: .member, createdAt: Self.instant, disabledAt: Self.instant),
            ],
            invitations: [
                Invitation(
                    id: 1, email: "new@example.com", role: .member, createdAt: Self.instant,
                    expiresAt: Self.instant.addingTimeInterval(7 * 86_400))
            ], me: Self.admin, newLink: "http://localhost:8080/sign-up?invite=EXAMPLE", formToken: Self.formToken,
            viewer: Self.english("/accounts/invitations", as: Self.admin))
        assertSnapshot(of: renderer.html(accounts), as: .lines, named: "accounts")
    }
}
