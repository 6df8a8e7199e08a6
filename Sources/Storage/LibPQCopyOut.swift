internal import CLibPQ
import Foundation
import NIOCore
import Synchronization

/// Streams `COPY (…) TO STDOUT` through libpq (`PQgetCopyData`), which PostgresNIO does not speak: PostgreSQL
/// writes the rows at COPY's speed, each row goes through `transform` and the lines are handed on in chunks of
/// about 64 kB. libpq blocks, so it runs on a thread of its own; at most `depth` chunks wait for the consumer, so
/// memory stays flat however many rows there are, and a consumer that stops (a client gone) cancels the COPY.
///
/// The session is one transaction: `settings` are set first with `set_config(name, value, true)`, every value bound
/// (`PQexecParams`), so that the COPY's query reads its filter with `current_setting` and no value is ever part of
/// the statement's text.
struct LibPQCopyOut: Sendable {
    var database: DatabaseConfiguration
    var settings: [(name: String, value: String)]
    var copy: String
    var transform: @Sendable (UnsafeRawBufferPointer, inout ByteBuffer) -> Void
    var chunkSize = 65_536
    var depth = 4

    func run(_ body: (ByteBuffer) async throws -> Void) async throws {
        let pipe = Pipe(depth: depth)
        let job = self
        let thread = Thread { job.produce(into: pipe) }
        thread.name = "listingdesk-copy-out"
        thread.start()
        defer { pipe.stop() }
        for try await chunk in pipe.stream {
            try await body(chunk)
            pipe.consumed()
        }
    }

    /// The bounded hand-over between libpq's thread and the consumer.
    final class Pipe: Sendable {
        let stream: AsyncThrowingStream<ByteBuffer, any Error>
        let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
        let slots: DispatchSemaphore
        let stopped = Atomic<Bool>(false)
        let depth: Int

        init(depth: Int) {
            (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
            slots = DispatchSemaphore(value: depth)
            self.depth = depth
        }

        /// Waits for room, then hands a chunk on; false when the consumer has stopped.
        func send(_ chunk: ByteBuffer) -> Bool {
            slots.wait()
            guard !stopped.load(ordering: .acquiring) else { return false }
            continuation.yield(chunk)
            return true
        }

        func consumed() { slots.signal() }

        /// The consumer is done (or gone): the producer stops at its next chunk.
        func stop() {
            guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
            for _ in 0..<depth { slots.signal() }
        }
    }

    func produce(into pipe: Pipe) {
        do {
            try stream(into: pipe)
            pipe.continuation.finish()
        } catch {
            pipe.continuation.finish(throwing: error)
        }
    }

    func stream(into pipe: Pipe) throws {
        let connection = try connect()
        defer { PQfinish(connection) }
        try execute(connection, "BEGIN READ ONLY")
        for setting in settings {
            try execute(connection, "SELECT set_config($1, $2, true)", [setting.name, setting.value])
        }
        try execute(connection, "SET LOCAL TimeZone = 'UTC'")
        try execute(connection, "SET LOCAL DateStyle = 'ISO, MDY'")
        let started = PQexec(connection, copy)
        let status = PQresultStatus(started)
        PQclear(started)
        guard status == PGRES_COPY_OUT else { throw failure(connection, "The export's COPY did not start") }
        var chunk = ByteBuffer()
        chunk.reserveCapacity(chunkSize + 4_096)
        while true {
            var row: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &row, 0)
            if length > 0, let row {
                transform(UnsafeRawBufferPointer(start: row, count: Int(length)), &chunk)
                PQfreemem(row)
                if chunk.readableBytes >= chunkSize {
                    guard pipe.send(chunk) else { return cancel(connection) }
                    chunk = ByteBuffer()
                    chunk.reserveCapacity(chunkSize + 4_096)
                }
                continue
            }
            if length == -1 { break }
            throw failure(connection, "The export's COPY stopped")
        }
        let finished = PQgetResult(connection)
        let finalStatus = PQresultStatus(finished)
        PQclear(finished)
        while let extra = PQgetResult(connection) { PQclear(extra) }
        guard finalStatus == PGRES_COMMAND_OK else { throw failure(connection, "The export's COPY failed") }
        try execute(connection, "COMMIT")
        if chunk.readableBytes > 0 { _ = pipe.send(chunk) }
    }

    /// Asks the server to stop sending rows nobody will read.
    func cancel(_ connection: OpaquePointer) {
        if let handle = PQgetCancel(connection) {
            var message = [CChar](repeating: 0, count: 256)
            _ = PQcancel(handle, &message, Int32(message.count))
            PQfreeCancel(handle)
        }
    }

    func connect() throws -> OpaquePointer {
        var pairs: [(String, String)] = [
            ("host", database.host), ("port", String(database.port)), ("user", database.username),
            ("dbname", database.database), ("sslmode", database.requireTLS ? "require" : "disable"),
            ("connect_timeout", "5"), ("application_name", "listingdesk export"),
            ("client_encoding", "UTF8"), ("gssencmode", "disable"),
        ]
        if let password = database.password { pairs.append(("password", password)) }
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer { for copy in keywords + values { free(copy) } }
        let connection = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keys in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { vals in
                PQconnectdbParams(keys.baseAddress, vals.baseAddress, 0)
            }
        }
        guard let connection else { throw StorageError(.unavailable, "The database could not be reached.") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let error = failure(connection, "The database could not be reached")
            PQfinish(connection)
            throw error
        }
        return connection
    }

    func execute(_ connection: OpaquePointer, _ sql: String, _ parameters: [String] = []) throws {
        let copies = parameters.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        let result = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
        }
        let status = PQresultStatus(result)
        PQclear(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw failure(connection, "The export could not start")
        }
    }

    /// The server's message in the error's detail, for the log; the person sees the sentence.
    func failure(_ connection: OpaquePointer, _ sentence: String) -> StorageError {
        let detail = PQerrorMessage(connection).map { String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return StorageError(.unavailable, sentence + ".", detail: detail)
    }
}
