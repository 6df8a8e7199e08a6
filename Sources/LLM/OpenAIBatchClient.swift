import AsyncHTTPClient
import Foundation
import Logging
import MultipartKit
import NIOCore
import NIOHTTP1

/// A batch as the provider describes it (`/v1/batches`).
public struct RemoteBatch: Sendable, Hashable, Decodable {
    public struct Counts: Sendable, Hashable, Decodable {
        public var total: Int
        public var completed: Int
        public var failed: Int
    }

    public var id: String
    /// validating, in_progress, finalizing, completed, expired, failed, cancelling, cancelled.
    public var status: String
    public var input_file_id: String?
    public var output_file_id: String?
    public var error_file_id: String?
    public var request_counts: Counts?
    public var metadata: [String: String]?
    /// When the provider made it (Unix seconds).
    public var created_at: Int?
    /// Why the provider refused the batch at validation (`failed`): each with its code, message and input line.
    public var errors: Errors?

    public struct Errors: Sendable, Hashable, Decodable {
        public struct Item: Sendable, Hashable, Decodable {
            public var code: String?
            public var message: String?
            public var line: Int?
            public var param: String?
        }

        public var data: [Item]?
    }

    /// The provider's reasons for refusing the batch, in one line (`code: message (line n)`, at most five); nil
    /// when it gave none.
    public var refusal: String? {
        let items = (errors?.data ?? []).prefix(5).map { item in
            var said = [item.code, item.message].compactMap { $0 }.joined(separator: ": ")
            if let line = item.line { said += " (line \(line))" }
            return said
        }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items.joined(separator: "; ")
    }

    /// Whether the provider is done with it: nothing more will be answered.
    public var isOver: Bool { ["completed", "expired", "failed", "cancelled"].contains(status) }
}

/// A page of `GET /v1/batches`, newest first; `has_more` when older ones follow, after `last_id`.
public struct RemoteBatchPage: Sendable, Decodable {
    public var data: [RemoteBatch]
    public var has_more: Bool?
    public var last_id: String?
}

/// One request of a batch's input file: a chat completion, named by `custom_id`.
public struct BatchRequestLine: Sendable {
    public var customID: String
    public var request: ChatRequest

    public init(customID: String, request: ChatRequest) {
        self.customID = customID
        self.request = request
    }
}

/// One line of a batch's output or error file: the answer to the request named `customID`, or why there is none.
public struct BatchAnswer: Sendable {
    public var customID: String
    /// The reply, when the request was answered (HTTP 200 with a choice).
    public var reply: ChatReply?
    /// Why there is no reply: the provider's error code and message, or the HTTP status of a failed request.
    public var failure: String?
}

/// OpenAI's asynchronous Batch API on AsyncHTTPClient: the requests as a JSON Lines file uploaded with purpose
/// `batch`, a batch made of it for `/v1/chat/completions` within `24h`, its status read back, its output and error
/// files downloaded. Every call has a deadline; nothing here retries (the caller polls again later).
public struct OpenAIBatchClient: Sendable {
    public let configuration: OpenAIConfiguration
    let http: HTTPClient
    let logger: Logger
    /// The most one call may take (an upload of a large file included).
    let timeout: Duration

    public init(
        configuration: OpenAIConfiguration, http: HTTPClient, timeout: Duration = .seconds(120),
        logger: Logger = Logger(label: "listingdesk.batch-api")
    ) {
        self.configuration = configuration
        self.http = http
        self.timeout = timeout
        self.logger = logger
    }

    /// The input file's lines: `{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}`.
    public static func inputFile(
        _ lines: [BatchRequestLine], lengthField: CompletionLimitField = .maxTokens
    ) throws -> ByteBuffer {
        struct Line: Encodable {
            var custom_id: String
            var method = "POST"
            var url = "/v1/chat/completions"
            var body: OpenAIWire.Request
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var buffer = ByteBuffer()
        for line in lines {
            let body = OpenAIWire.Request(
                model: line.request.model,
                messages: line.request.messages.map { .init(role: $0.role.rawValue, content: $0.content) },
                temperature: line.request.temperature, limit: line.request.maxTokens, field: lengthField,
                stream: false, stream_options: nil)
            buffer.writeBytes(try encoder.encode(Line(custom_id: line.customID, body: body)))
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }

    /// Uploads a batch input file; its id.
    public func upload(_ file: ByteBuffer, filename: String) async throws -> String {
        let boundary = "listingdesk-" + UUID().uuidString
        var purpose = HTTPHeaders()
        purpose.add(name: "Content-Disposition", value: "form-data; name=\"purpose\"")
        var content = HTTPHeaders()
        content.add(name: "Content-Disposition", value: "form-data; name=\"file\"; filename=\"\(filename)\"")
        content.add(name: "Content-Type", value: "application/jsonl")
        var body = ByteBuffer()
        try MultipartSerializer().serialize(
            parts: [MultipartPart(headers: purpose, body: "batch"), MultipartPart(headers: content, body: file)],
            boundary: boundary, into: &body)
        struct Uploaded: Decodable { var id: String }
        let uploaded: Uploaded = try await call(
            "POST", "/files", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        return uploaded.id
    }

    /// Makes a batch of an uploaded file, for chat completions within a day.
    public func create(inputFileID: String, metadata: [String: String] = [:]) async throws -> RemoteBatch {
        struct Create: Encodable {
            var input_file_id: String
            var endpoint = "/v1/chat/completions"
            var completion_window = "24h"
            var metadata: [String: String]
        }
        let body = ByteBuffer(bytes: try JSONEncoder().encode(Create(input_file_id: inputFileID, metadata: metadata)))
        return try await call("POST", "/batches", body: body, contentType: "application/json")
    }

    public func batch(_ id: String) async throws -> RemoteBatch {
        try await call("GET", "/batches/\(Self.pathSegment(id))")
    }

    /// One page of the account's batches, newest first: `limit` of them after the batch `after` (the last of the
    /// page before).
    public func list(limit: Int = 100, after: String? = nil) async throws -> RemoteBatchPage {
        var path = "/batches?limit=\(max(1, min(100, limit)))"
        if let after { path += "&after=" + Self.pathSegment(after) }
        return try await call("GET", path)
    }

    public func cancel(_ id: String) async throws -> RemoteBatch {
        try await call("POST", "/batches/\(Self.pathSegment(id))/cancel")
    }

    /// A file's content (an output or error file), up to `limit` bytes.
    public func content(ofFile id: String, limit: Int = 512 * 1024 * 1024) async throws -> ByteBuffer {
        let response = try await send("GET", "/files/\(Self.pathSegment(id))/content")
        return try await response.body.collect(upTo: limit)
    }

    /// Reads an output or error file: one answer per line, by `custom_id`. Lines that cannot be read are skipped
    /// (their listings, unanswered, go back to the queue).
    public func answers(in file: ByteBuffer) -> [BatchAnswer] {
        struct Line: Decodable {
            struct Response: Decodable {
                var status_code: Int?
                var body: OpenAIWire.Completion?
            }
            struct Failure: Decodable {
                var code: String?
                var message: String?
            }
            var custom_id: String?
            var response: Response?
            var error: Failure?
        }
        let decoder = JSONDecoder()
        var answers: [BatchAnswer] = []
        for line in file.readableBytesView.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let read = try? decoder.decode(Line.self, from: Data(line)), let customID = read.custom_id else {
                logger.warning("a Batch API answer line could not be read", metadata: ["bytes": "\(line.count)"])
                continue
            }
            if let status = read.response?.status_code, status == 200,
                let completion = read.response?.body, let choice = completion.choices?.first
            {
                let text = choice.message?.content ?? ""
                let usage =
                    completion.usage.flatMap { wire -> TokenUsage? in
                        guard let prompt = wire.prompt_tokens, let completion = wire.completion_tokens else {
                            return nil
                        }
                        return TokenUsage(promptTokens: prompt, completionTokens: completion, estimated: false)
                    } ?? TokenUsage(promptTokens: 0, completionTokens: TokenUsage.estimate(text), estimated: true)
                var reply = ChatReply(
                    text: text, usage: usage, finishReason: FinishReason(wire: choice.finish_reason),
                    model: completion.model ?? configuration.model)
                reply.costUSD = configuration.cost(usage, batched: true)
                answers.append(BatchAnswer(customID: customID, reply: reply, failure: nil))
            } else {
                let failure =
                    read.error.map { "\($0.code ?? "error"): \($0.message ?? "no message")" }
                    ?? "HTTP \(read.response?.status_code.map(String.init) ?? "?")"
                answers.append(BatchAnswer(customID: customID, reply: nil, failure: failure))
            }
        }
        return answers
    }

    func call<T: Decodable>(
        _ method: String, _ path: String, body: ByteBuffer? = nil, contentType: String? = nil
    ) async throws -> T {
        let response = try await send(method, path, body: body, contentType: contentType)
        let data = try await response.body.collect(upTo: 4 * 1024 * 1024)
        guard let decoded = try? JSONDecoder().decode(T.self, from: Data(data.readableBytesView)) else {
            throw ChatModelError(.malformedResponse, "The Batch API's answer to \(method) \(path) could not be read.")
        }
        return decoded
    }

    func send(
        _ method: String, _ path: String, body: ByteBuffer? = nil, contentType: String? = nil
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        if let key = configuration.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(body) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(RetryPolicy.seconds(timeout) * 1_000))
        return try await OpenAIChatModel.translatingErrors {
            let response = try await http.execute(request, deadline: deadline, logger: logger)
            guard response.status == .ok else { throw try await OpenAIChatModel.error(for: response) }
            return response
        }
    }

    /// An id as one path segment: the provider's ids are letters, digits, `_` and `-`; anything else is dropped.
    static func pathSegment(_ id: String) -> String {
        String(
            id.unicodeScalars.filter {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-".unicodeScalars.contains($0))
            }.map(Character.init))
    }
}
