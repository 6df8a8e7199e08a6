import Evaluation
import Extraction
import Foundation
import Hummingbird
import HummingbirdTesting
import LLM
import ListingCore
import Logging
import PostgresNIO
import Storage
import Synchronization
import TestSupport
import Testing
import Web

@testable import Desk

let testDay = LocalDate(year: 2026, month: 11, day: 20)!
/// The router test client sends `Host: localhost`.
let testHosts = ["localhost"]

/// Runs `body` against the real application, in process, on a fresh database of its own.
func withApp(
    _ body: @escaping @Sendable (any TestClientProtocol, PostgresListingRepository) async throws -> Void
) async throws {
    try await withAppAndDatabase { client, repository, _ in try await body(client, repository) }
}

/// The same, with the database client too (to break the database on purpose), the app's log written to
/// `recorder`, and the extraction `pipeline` the test wants (the offline extractor by default).
func withAppAndDatabase(
    recorder: LogRecorder? = nil, pipeline: ExtractionPipeline? = nil, databaseDeadline: Duration = .seconds(10),
    metrics: AppMetrics = AppMetrics(), accounts: AccountSettings = testAccounts, signedIn: Bool = true,
    batchAPI: OpenAIBatchClient? = nil, eventStreams: EventStreamLimits = EventStreamLimits(),
    readingsPerAccount: Int = 8,
    _ body: @escaping @Sendable (any TestClientProtocol, PostgresListingRepository, PostgresClient) async throws -> Void
) async throws {
    try await TestDatabase.withDatabase { database, _ in
        let repository = PostgresListingRepository(client: database, logger: TestDatabase.logger)
        let root = TestDatabase.projectRoot
        let logger = recorder.map { recorder in
            Logger(label: "listingdesk.test") { _ in RecordingLogHandler(recorder: recorder) }
        }
        let app = try await buildApplication(
            configuration: AppConfiguration(
                templatesDirectory: root.appendingPathComponent("templates").path,
                publicDirectory: root.appendingPathComponent("Public").path, databaseDeadline: databaseDeadline,
                // The tests work the queue themselves (`ExtractionWorker.runOnce`), so that what they see is
                // not raced by a worker of the app's own.
                allowedHosts: testHosts, worker: nil, accounts: accounts, batchPollInterval: .milliseconds(50),
                eventStreams: eventStreams, readingsPerAccount: readingsPerAccount),
            repository: repository,
            pipeline: pipeline ?? ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
            metrics: metrics, today: { testDay }, batchAPI: batchAPI, logger: logger ?? TestDatabase.logger)
        try await app.test(.router) { client in
            // Signed in as the install's first account (its admin), or, for a test of the first visit, the client
            // as it is, with no account made.
            let browser = signedIn ? try await BrowserSession.signedIn(client, repository: repository) : client
            try await body(browser, repository, database)
        }
    }
}

/// What the app logged: each record's level, message and metadata, flattened to one line.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) \(pairs)")
    }
}

/// `application/x-www-form-urlencoded`, as a browser sends it.
func form(_ pairs: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    let body = pairs.map { name, value in
        let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(
            of: "%20", with: "+")
        return "\(name)=\(encoded)"
    }.joined(separator: "&")
    return ByteBuffer(string: body)
}

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
let jsonHeaders: HTTPFields = [.contentType: "application/json"]

func json(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func decode(_ response: TestResponse) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// Pastes a text through the paste form, as a person does; the id of the listing it made.
func paste(_ text: String, _ client: any TestClientProtocol) async throws -> Int64 {
    let pasted = try await client.execute(
        uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)]))
    return Int64(try #require(listingID(pasted), "the paste was stored (\(pasted.status))"))
}

/// The listing once its draft is stored: a plain form post answers after a moment even when the model is slow,
/// and reading goes on. Gives up after `seconds`.
func draft(_ id: Int64, _ repository: any ListingRepository, seconds: Double = 20) async throws -> Listing {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        let listing = try #require(try await repository.find(id: id), "listing \(id) is stored")
        if listing.status != .extracting || ContinuousClock.now > deadline { return listing }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// The listing id from a `Location` such as `/listings/7/review` or `/api/v1/listings/7`.
func listingID(_ response: TestResponse) -> Int? {
    guard let location = response.headers[.location] else { return nil }
    return location.split(separator: "/").compactMap { Int($0) }.last
}

/// Every field of a listing as the review form would post it back.
func formFields(of listing: Listing, changing changes: [String: String] = [:]) -> [(String, String)] {
    var pairs: [(String, String)] = [
        ("version", String(listing.version)), ("kind", listing.kind.rawValue), ("fields_sent", "1"),
    ]
    for spec in FieldSchema.fields(for: listing.kind) {
        let name = spec.name.rawValue
        if let changed = changes[name] {
            pairs.append((name, changed))
        } else if case .list(let items)? = listing.fields[spec.name] {
            pairs += items.map { (name, $0) }
        } else {
            pairs.append((name, listing.fields[spec.name]?.canonicalString() ?? ""))
        }
    }
    return pairs
}

/// The app's accounts in the tests: bcrypt at its least cost, so that signing in takes a millisecond.
let testAccounts = AccountSettings(bcryptCost: 4)
let testPassword = "correct horse battery"

/// An account with `testPassword`, made in the database as `listingdesk accounts create` makes it (the first
/// account of a database is its admin).
@discardableResult
func makeAccount(
    _ email: String, role: AccountRole = .member, _ repository: PostgresListingRepository
) async throws -> Account {
    let hash = try await Passwords(cost: 4).hash(testPassword)
    guard
        case .created(let account) = try await repository.createAccount(
            email: email, passwordHash: hash, role: role, onlyIfFirst: false)
    else { throw TestFailure("\(email) has an account already") }
    return account
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A browser's session on the test app: it holds the cookies it was given (the form cookie, and the session's once
/// signed in), and posts every form of ours with that browser's token, as a page of ours would. Other requests pass
/// through unchanged.
struct BrowserSession: TestClientProtocol {
    let inner: any TestClientProtocol
    /// The form cookie, `listingdesk_form=…`.
    let cookie: String
    let token: String
    /// The session cookie once signed in, `listingdesk-session=…`.
    var session: String = ""

    /// A browser that has opened the sign-in page (or `path`, with the session cookie it holds): it holds a form
    /// cookie and its token, and nobody is signed in.
    static func start(
        _ client: any TestClientProtocol, at path: String = "/sign-in", session: String = ""
    ) async throws -> BrowserSession {
        let page = try await client.execute(
            uri: path, method: .get, headers: session.isEmpty ? [:] : [.cookie: session])
        let setCookie = try #require(page.headers[.setCookie], "the first page sets the form cookie")
        let cookie = String(setCookie.split(separator: ";")[0])
        let html = page.text
        let marker = "name=\"csrf\" value=\""
        let start = try #require(html.range(of: marker), "the page's forms carry a token (\(page.status))")
        let token = String(html[start.upperBound...].prefix { $0 != "\"" })
        return BrowserSession(inner: client, cookie: cookie, token: token, session: session)
    }

    /// A browser signed in as `email` (made, the database's first account and so its admin, when not given).
    static func signedIn(
        _ client: any TestClientProtocol, repository: PostgresListingRepository, as email: String? = nil
    ) async throws -> BrowserSession {
        var chosen = email
        if chosen == nil { chosen = try await makeAccount("admin@example.com", repository).email }
        return try await start(client).signingIn(chosen!)
    }

    /// Signs in through the sign-in form; this browser with the session cookie it was given.
    func signingIn(_ email: String, password: String = testPassword) async throws -> BrowserSession {
        let answer = try await execute(
            uri: "/sign-in", method: .post, headers: formHeaders,
            body: form([("email", email), ("password", password)]))
        let setCookie = try #require(
            answer.headers[values: .setCookie].first { $0.hasPrefix("listingdesk-session=") },
            "signing in as \(email) sets the session cookie (\(answer.status))")
        var signed = self
        signed.session = String(setCookie.split(separator: ";")[0])
        return signed
    }

    /// Both cookies, as the browser sends them.
    var cookies: String { [cookie, session].filter { !$0.isEmpty }.joined(separator: "; ") }

    var port: Int? { inner.port }

    func executeRequest(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        var headers = headers
        // A test that sends its own cookies still sends the session's (unless it says `listingdesk-session` itself).
        if let own = headers[.cookie] {
            if !own.contains("listingdesk-session="), !session.isEmpty { headers[.cookie] = own + "; " + session }
        } else {
            headers[.cookie] = cookies
        }
        var body = body
        if headers[.contentType] == "application/x-www-form-urlencoded", let given = body,
            !String(buffer: given).split(separator: "&").contains(where: { $0.hasPrefix("csrf=") })
        {
            let text = String(buffer: given)
            body = ByteBuffer(string: (text.isEmpty ? "" : text + "&") + "csrf=" + token)
        }
        return try await inner.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }
}
