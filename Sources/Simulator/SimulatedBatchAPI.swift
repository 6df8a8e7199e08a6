import Foundation
import HTTPTypes
import Hummingbird
import LLM
import MultipartKit
import NIOCore

/// OpenAI's Batch API, simulated: files uploaded with purpose `batch` and read back, batches made of them whose
/// status moves on with time (validating, in progress, finalizing, completed or expired), answered by the offline
/// extractor as the chat endpoint is, with a share of requests failing on purpose (`BatchBehaviour`). No rate limit
/// applies: the Batch API has its own, much larger ones.
actor SimulatedBatchAPI {
    struct File {
        var id: String
        var filename: String
        var purpose: String
        var bytes: ByteBuffer
        var created: Int
    }

    struct Batch {
        var id: String
        var inputFileID: String
        var created: ContinuousClock.Instant
        var createdAt: Int
        var metadata: [String: String]
        var cancelled = false
        var outputFileID: String?
        var errorFileID: String?
        var counts: (total: Int, completed: Int, failed: Int) = (0, 0, 0)
        var finalStatus: String?
        /// Why validation refuses the batch (the public API's `errors.data`): it fails once validated.
        var refusals: [[String: Any]] = []
        /// Its requests' prompt tokens, counted against the enqueued-token limit while it runs.
        var tokens = 0
    }

    /// Prompt tokens of the batches taken and not yet over, as the enqueued-token limit counts them.
    private var enqueuedTokens: Int {
        batches.values.filter { $0.finalStatus == nil && $0.refusals.isEmpty && !$0.cancelled }.reduce(0) {
            $0 + $1.tokens
        }
    }

    let behaviour: BatchBehaviour
    let seed: UInt64
    private var files: [String: File] = [:]
    private var batches: [String: Batch] = [:]
    private var serial = 0
    /// Requests answered in batches, for tests that count them.
    private(set) var answered = 0

    init(behaviour: BatchBehaviour, seed: UInt64) {
        self.behaviour = behaviour
        self.seed = seed
    }

    private func nextID(_ prefix: String) -> String {
        serial += 1
        return "\(prefix)-sim\(serial)"
    }

    private var now: Int { Int(Date().timeIntervalSince1970) }

    func upload(filename: String, purpose: String, bytes: ByteBuffer) -> Data? {
        let file = File(id: nextID("file"), filename: filename, purpose: purpose, bytes: bytes, created: now)
        files[file.id] = file
        return Self.encode(describe(file))
    }

    func content(of id: String) -> ByteBuffer? { files[id]?.bytes }

    func create(inputFileID: String, metadata: [String: String]) -> Data? {
        guard let file = files[inputFileID], file.purpose == "batch" else { return nil }
        let total = file.bytes.readableBytesView.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.count
        var batch = Batch(
            id: nextID("batch"), inputFileID: inputFileID, created: .now, createdAt: now, metadata: metadata)
        batch.counts.total = total
        (batch.refusals, batch.tokens) = validate(file.bytes)
        // The stages count from the answer to this request, not from before the file was read, however long that took.
        batch.created = .now
        batches[batch.id] = batch
        return Self.encode(describe(&batches[batch.id]!))
    }

    func status(of id: String) -> Data? {
        guard batches[id] != nil else { return nil }
        return Self.encode(describe(&batches[id]!))
    }

    /// The batches, newest first, as one page of `GET /v1/batches`: `limit` of them after the batch `after`.
    func list(limit: Int, after: String?) -> Data? {
        var newest = batches.values.sorted { $0.created > $1.created }.map(\.id)
        if let after, let index = newest.firstIndex(of: after) { newest.removeFirst(index + 1) }
        let page = newest.prefix(limit)
        let described = page.map { describe(&batches[$0]!) }
        var body: [String: Any] = ["object": "list", "data": described, "has_more": newest.count > page.count]
        if let first = page.first, let last = page.last {
            body["first_id"] = first
            body["last_id"] = last
        }
        return try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }

    func cancel(_ id: String) -> Data? {
        guard batches[id] != nil else { return nil }
        if batches[id]!.finalStatus == nil { batches[id]!.cancelled = true }
        return Self.encode(describe(&batches[id]!))
    }

    static func encode(_ object: [String: Any]) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// What the public API's validation says of an input file: a `custom_id` used twice, requests for more than one
    /// model, a line that is not a request, and (when the behaviour sets a limit) prompts past the account's
    /// enqueued-token limit.
    private func validate(_ bytes: ByteBuffer) -> (refusals: [[String: Any]], tokens: Int) {
        var refusals: [[String: Any]] = []
        var seen: Set<String> = []
        var model: String?
        var tokens = 0
        let lines = bytes.readableBytesView.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty && refusals.count < 10 {
            let number = index + 1
            guard let request = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                let customID = request["custom_id"] as? String, let body = request["body"] as? [String: Any]
            else {
                refusals.append(
                    ["code": "invalid_json_line", "message": "This line is not a valid request.", "line": number])
                continue
            }
            if !seen.insert(customID).inserted {
                refusals.append(
                    [
                        "code": "duplicate_custom_id", "param": "custom_id", "line": number,
                        "message": "The custom_id for this request is a duplicate of another request.",
                    ])
            }
            let asked = body["model"] as? String ?? ""
            if let model, model != asked {
                refusals.append(
                    [
                        "code": "mismatched_model", "param": "body.model", "line": number,
                        "message": "All requests in a batch must use the same model (\(model), not \(asked)).",
                    ])
            }
            model = model ?? asked
            for message in body["messages"] as? [[String: Any]] ?? [] {
                tokens += TokenUsage.estimate(message["content"] as? String ?? "") + 4
            }
        }
        if let limit = behaviour.enqueuedTokenLimit, enqueuedTokens + tokens > limit {
            refusals.append(
                [
                    "code": "token_limit_exceeded",
                    "message": "Enqueued token limit reached for \(model ?? "the model") in organization org-sim. "
                        + "Limit: \(limit) enqueued tokens. Please try again once some in_progress batches have been "
                        + "completed.",
                ])
        }
        return (refusals, tokens)
    }

    /// The batch as the provider describes it now; the output and error files are written when it ends.
    private func describe(_ batch: inout Batch) -> [String: Any] {
        let elapsed = ContinuousClock.now - batch.created
        let inProgress = behaviour.validating
        let finalizing = inProgress + behaviour.processing
        let done = finalizing + behaviour.finalizing
        var status: String
        if let final = batch.finalStatus {
            status = final
        } else if !batch.refusals.isEmpty && elapsed >= inProgress {
            batch.finalStatus = "failed"
            status = "failed"
        } else if batch.cancelled {
            status = "cancelled"
        } else if elapsed < inProgress {
            status = "validating"
        } else if elapsed < finalizing {
            status = "in_progress"
            let share =
                RetryPolicy.secondsOf(elapsed - inProgress) / max(0.001, RetryPolicy.secondsOf(behaviour.processing))
            batch.counts.completed = Int(Double(batch.counts.total) * min(1, share) * (behaviour.expiresAfter ?? 1))
        } else if elapsed < done {
            status = behaviour.expiresAfter == nil ? "finalizing" : "expired"
        } else {
            status = behaviour.expiresAfter == nil ? "completed" : "expired"
        }
        if ["completed", "expired", "cancelled"].contains(status) && batch.finalStatus == nil {
            finish(&batch, status: status)
            status = batch.finalStatus ?? status
        }
        var object: [String: Any] = [
            "id": batch.id, "object": "batch", "endpoint": "/v1/chat/completions", "status": status,
            "input_file_id": batch.inputFileID, "completion_window": "24h", "created_at": batch.createdAt,
            "metadata": batch.metadata,
            "request_counts": [
                "total": batch.counts.total, "completed": batch.counts.completed, "failed": batch.counts.failed,
            ],
        ]
        object["output_file_id"] = batch.outputFileID ?? NSNull()
        object["error_file_id"] = batch.errorFileID ?? NSNull()
        object["errors"] = status == "failed" ? ["object": "list", "data": batch.refusals] : NSNull()
        return object
    }

    /// Answers the batch's requests: each by the offline extractor, or failed on purpose, or (expired or cancelled)
    /// left unanswered.
    private func finish(_ batch: inout Batch, status: String) {
        batch.finalStatus = status
        guard let input = files[batch.inputFileID] else { return }
        var random = SplitMix64(seed: seed &+ UInt64(serial))
        let lines = input.bytes.readableBytesView.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }
        let answerable =
            status == "cancelled"
            ? 0 : Int(Double(lines.count) * (status == "expired" ? behaviour.expiresAfter ?? 0 : 1))
        var output: [[String: Any]] = []
        var errors: [[String: Any]] = []
        var completed = 0
        var failed = 0
        for (index, line) in lines.enumerated() {
            let request = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
            let customID = request?["custom_id"] as? String ?? "line-\(index + 1)"
            let itemID = "batch_req_\(batch.id)_\(index + 1)"
            if index >= answerable {
                failed += status == "expired" ? 1 : 0
                let code = status == "expired" ? "batch_expired" : "batch_cancelled"
                errors.append(
                    [
                        "id": itemID, "custom_id": customID, "response": NSNull(),
                        "error": [
                            "code": code, "message": "This request could not be executed before the batch ended.",
                        ],
                    ])
                continue
            }
            let body = request?["body"] as? [String: Any]
            if let refusal = Simulator.lengthFieldRefusal(
                model: body?["model"] as? String ?? "", sentMaxTokens: body?["max_tokens"] != nil)
            {
                failed += 1
                errors.append(
                    [
                        "id": itemID, "custom_id": customID, "error": NSNull(),
                        "response": [
                            "status_code": 400, "request_id": "req_\(itemID)",
                            "body": [
                                "error": [
                                    "message": refusal, "type": "invalid_request_error",
                                    "code": "unsupported_parameter", "param": "max_tokens",
                                ]
                            ],
                        ],
                    ])
                continue
            }
            if random.nextUnit() < behaviour.failureRate {
                failed += 1
                errors.append(
                    [
                        "id": itemID, "custom_id": customID, "error": NSNull(),
                        "response": [
                            "status_code": 500, "request_id": "req_\(itemID)",
                            "body": ["error": ["message": "The server had an error.", "type": "server_error"]],
                        ],
                    ])
                continue
            }
            let unreadable = behaviour.unreadableRate > 0 && random.nextUnit() < behaviour.unreadableRate
            completed += 1
            answered += 1
            output.append(
                [
                    "id": itemID, "custom_id": customID, "error": NSNull(),
                    "response": [
                        "status_code": 200, "request_id": "req_\(itemID)",
                        "body": Self.completion(for: request, unreadable: unreadable),
                    ],
                ])
        }
        batch.counts.completed = completed
        batch.counts.failed = failed
        // The public API answers in no particular order: nor does this one.
        func shuffled(_ items: [[String: Any]]) -> ByteBuffer {
            var order = items
            for index in order.indices.reversed() where index > 0 {
                order.swapAt(index, Int(random.nextUnit() * Double(index + 1)) % (index + 1))
            }
            var buffer = ByteBuffer()
            for item in order { write(item, to: &buffer) }
            return buffer
        }
        let outputBytes = shuffled(output)
        let errorBytes = shuffled(errors)
        if outputBytes.readableBytes > 0 {
            let file = File(
                id: nextID("file"), filename: "output.jsonl", purpose: "batch_output", bytes: outputBytes,
                created: now)
            files[file.id] = file
            batch.outputFileID = file.id
        }
        if errorBytes.readableBytes > 0 {
            let file = File(
                id: nextID("file"), filename: "errors.jsonl", purpose: "batch_output", bytes: errorBytes,
                created: now)
            files[file.id] = file
            batch.errorFileID = file.id
        }
    }

    /// A chat completion for one request line's body, as the chat endpoint would answer it.
    static func completion(for request: [String: Any]?, unreadable: Bool = false) -> [String: Any] {
        let body = request?["body"] as? [String: Any]
        let messages = (body?["messages"] as? [[String: Any]] ?? []).compactMap { message -> ChatMessage? in
            guard let role = (message["role"] as? String).flatMap(ChatMessage.Role.init(rawValue:)),
                let content = message["content"] as? String
            else { return nil }
            return ChatMessage(role, content)
        }
        let text =
            unreadable
            ? Simulator.chatter : Simulator.offlineReply(to: messages) ?? "There is no listing in this request."
        let promptTokens = messages.reduce(0) { $0 + TokenUsage.estimate($1.content) + 4 }
        let completionTokens = TokenUsage.estimate(text)
        return [
            "id": "chatcmpl-sim-batch", "object": "chat.completion", "created": 0,
            "model": body?["model"] as? String ?? "sim-model",
            "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
            "usage": [
                "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
                "total_tokens": promptTokens + completionTokens,
            ],
        ]
    }

    private func write(_ object: [String: Any], to buffer: inout ByteBuffer) {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return }
        buffer.writeBytes(data)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private func describe(_ file: File) -> [String: Any] {
        [
            "id": file.id, "object": "file", "bytes": file.bytes.readableBytes, "created_at": file.created,
            "filename": file.filename, "purpose": file.purpose,
        ]
    }
}

extension Simulator {
    /// `/v1/files` and `/v1/batches`, on the simulator's router.
    func addBatchRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/files") { request, _ -> Response in
            if let refusal = self.refusal(request) { return refusal }
            guard let boundary = request.headers[.contentType].flatMap(Self.boundary(in:)) else {
                return self.error(400, type: "invalid_request_error", code: nil, message: "Send multipart/form-data.")
            }
            let body = try await request.body.collect(upTo: 200 * 1024 * 1024)
            let parts = try Self.formParts(body, boundary: boundary)
            guard let purpose = parts["purpose"].map({ String(buffer: $0.body) }), let file = parts["file"] else {
                return self.error(
                    400, type: "invalid_request_error", code: nil, message: "Both purpose and file are required.")
            }
            return self.json(
                await self.batchAPI.upload(filename: file.filename ?? "file", purpose: purpose, bytes: file.body))
        }
        router.get("/v1/files/:id/content") { request, context -> Response in
            if let refusal = self.refusal(request) { return refusal }
            guard let id = context.parameters.get("id"), let bytes = await self.batchAPI.content(of: id) else {
                return self.error(404, type: "invalid_request_error", code: nil, message: "No such file.")
            }
            return Response(status: .ok, headers: [.contentType: "application/jsonl"], body: .init(byteBuffer: bytes))
        }
        router.post("/v1/batches") { request, _ -> Response in
            if let refusal = self.refusal(request) { return refusal }
            let data = try await request.body.collect(upTo: 64 * 1024)
            guard
                let object = (try? JSONSerialization.jsonObject(with: Data(data.readableBytesView))) as? [String: Any],
                let input = object["input_file_id"] as? String,
                object["endpoint"] as? String == "/v1/chat/completions", object["completion_window"] as? String == "24h"
            else {
                return self.error(
                    400, type: "invalid_request_error", code: nil,
                    message: "input_file_id, endpoint /v1/chat/completions and completion_window 24h are required.")
            }
            guard
                let batch = await self.batchAPI.create(
                    inputFileID: input, metadata: object["metadata"] as? [String: String] ?? [:])
            else {
                return self.error(
                    400, type: "invalid_request_error", code: nil, message: "No batch input file \(input).")
            }
            return self.json(batch)
        }
        router.get("/v1/batches") { request, _ -> Response in
            if let refusal = self.refusal(request) { return refusal }
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 20
            let after = request.uri.queryParameters["after"].map(String.init)
            return self.json(await self.batchAPI.list(limit: max(1, min(100, limit)), after: after))
        }
        router.get("/v1/batches/:id") { request, context -> Response in
            if let refusal = self.refusal(request) { return refusal }
            guard let id = context.parameters.get("id"), let batch = await self.batchAPI.status(of: id) else {
                return self.error(404, type: "invalid_request_error", code: nil, message: "No such batch.")
            }
            return self.json(batch)
        }
        router.post("/v1/batches/:id/cancel") { request, context -> Response in
            if let refusal = self.refusal(request) { return refusal }
            guard let id = context.parameters.get("id"), let batch = await self.batchAPI.cancel(id) else {
                return self.error(404, type: "invalid_request_error", code: nil, message: "No such batch.")
            }
            return self.json(batch)
        }
    }

    /// A wrong key's 401, as the chat endpoint answers it.
    func refusal(_ request: Request) -> Response? {
        guard let key = configuration.apiKey, request.headers[.authorization] != "Bearer \(key)" else { return nil }
        return error(
            401, type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided.")
    }

    func json(_ data: Data?) -> Response {
        guard let data else { return error(500, type: "server_error", code: nil, message: "Could not encode.") }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func boundary(in contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=")
        else { return nil }
        return String(contentType[range.upperBound...].prefix { $0 != ";" }).trimmingCharacters(in: ["\""])
    }

    struct FormPart {
        var filename: String?
        var body = ByteBuffer()
    }

    static func formParts(_ body: ByteBuffer, boundary: String) throws -> [String: FormPart] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [String: FormPart] = [:]
        var current = FormPart()
        var name: String?
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            name = parameter("name", in: value)
            current.filename = parameter("filename", in: value)
        }
        parser.onBody = { chunk in current.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if let name { parts[name] = current }
            current = FormPart()
            name = nil
        }
        try parser.execute(body)
        return parts
    }

    static func parameter(_ key: String, in value: String) -> String? {
        for piece in value.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix("\(key)=") else { continue }
            return String(pair.dropFirst(key.count + 1)).trimmingCharacters(in: ["\""])
        }
        return nil
    }
}
