import Foundation
import HummingbirdTesting
import ListingCore
import NIOCore
import Storage
import Synchronization
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// A batch's event streams cost the database one reading a second whatever their number, are limited per account
/// and in all (429 past that), and end with the session or the account that opened them.
@Suite struct EventStreamLimitTests {
    /// Streams that are open, each a task that ends when its stream does.
    final class OpenStreams: Sendable {
        let ended = Mutex(0)
        let tasks = Mutex<[Task<Int, any Error>]>([])

        func open(_ uri: String, as browser: BrowserSession) {
            let task = Task {
                let answer = try await browser.execute(uri: uri, method: .get)
                self.ended.withLock { $0 += 1 }
                return answer.status.code
            }
            tasks.withLock { $0.append(task) }
        }

        /// Waits up to `seconds` for `count` streams to have ended.
        func waitForEnded(_ count: Int, seconds: Double = 10) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline {
                if ended.withLock({ $0 }) >= count { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
    }

    static func batchID(_ answer: TestResponse) throws -> Int64 {
        try #require(answer.headers[.location].flatMap { Int64($0.split(separator: "/").last!) })
    }

    static func metric(_ name: String, _ metrics: AppMetrics) -> Double {
        metrics.render().split(separator: "\n").first { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
            .flatMap { Double($0.split(separator: " ").last!) } ?? 0
    }

    @Test func streamsAreLimitedShareTheirReadingAndEndWithTheirSession() async throws {
        let metrics = AppMetrics()
        try await withAppAndDatabase(
            metrics: metrics, eventStreams: EventStreamLimits(perAccount: 3, total: 5)
        ) { client, repository, _ in
            let admin = try #require(client as? BrowserSession)
            try await makeAccount("member@example.com", repository)
            let member = try await BrowserSession.start(admin.inner).signingIn("member@example.com")
            let adminBatch = try Self.batchID(
                try await admin.execute(
                    uri: "/batches", method: .post, headers: formHeaders,
                    body: form([("text", "원룸 월세 500/45 A\n---\n투룸 전세 2억 A")])))
            let memberBatch = try Self.batchID(
                try await member.execute(
                    uri: "/batches", method: .post, headers: formHeaders,
                    body: form([("text", "Selling a desk $40 M\n---\nSelling a lamp $5 M")])))
            let streams = OpenStreams()
            let started = ContinuousClock.now
            for _ in 0..<3 { streams.open("/batches/\(adminBatch)/events", as: admin) }
            for _ in 0..<2 { streams.open("/batches/\(memberBatch)/events", as: member) }
            try await Task.sleep(for: .seconds(3))

            let fourth = try await admin.execute(uri: "/batches/\(adminBatch)/events", method: .get)
            #expect(fourth.status == .tooManyRequests, "a fourth stream of one account")
            #expect(fourth.text.contains("stream"), "says why: \(fourth.text.prefix(200))")
            let third = try await member.execute(uri: "/batches/\(memberBatch)/events", method: .get)
            #expect(third.status == .tooManyRequests, "a sixth stream in all")

            let seconds = (ContinuousClock.now - started) / .seconds(1)
            let readings = Self.metric("listingdesk_batch_progress_readings_total", metrics)
            #expect(readings >= 2 && readings <= 2 * (seconds + 2), "one reading a second a batch: \(readings)")

            // Signing out ends the admin's streams; disabling the member ends theirs.
            _ = try await admin.execute(uri: "/sign-out", method: .post, headers: formHeaders, body: form([]))
            #expect(try await streams.waitForEnded(3), "the admin's three streams ended with the session")
            let again = try await BrowserSession.start(admin.inner).signingIn("admin@example.com")
            let memberID = try #require(try await repository.account(email: "member@example.com")?.account.id)
            _ = try await again.execute(
                uri: "/accounts/\(memberID)/disable", method: .post, headers: formHeaders, body: form([]))
            #expect(try await streams.waitForEnded(5), "the member's streams ended with the account")

            // Whatever happened above, no stream is left running after the test.
            for id in [adminBatch, memberBatch] {
                _ = try await again.execute(
                    uri: "/batches/\(id)/cancel", method: .post, headers: formHeaders, body: form([]))
            }
            for task in streams.tasks.withLock({ $0 }) { _ = try? await task.value }
        }
    }
}
