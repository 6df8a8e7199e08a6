import Desk
import Foundation
import HTTPTypes
import Hummingbird
import ListingCore
import Storage

/// Imports and their batches (docs/API.md, "Batches"): the import form, an import's progress page (live with
/// server-sent events, reloading itself without the script), retry and cancel.
struct BatchController: Sendable {
    let service: ListingService
    let repository: any ListingRepository
    let renderer: PageRenderer
    /// Sends listings through OpenAI's Batch API; nil when no remote model is configured.
    let batchAPI: BatchAPIService?
    /// The limits and shared readings of the event streams.
    let streams: BatchEventStreams
    /// The account the request's credential signs in now (nil: none, or no longer).
    let signsIn: @Sendable (Request) async throws -> Account?

    func register(on routes: Routes<AppRequestContext>) {
        routes.get(.batches, use: list)
        routes.post(.batches, use: create)
        routes.get(.batch(.key), use: show)
        routes.get(.batchEvents(.key), use: events)
        routes.post(.batchRetry(.key), use: retry)
        routes.post(.batchCancel(.key), use: cancel)
        routes.post(.batchSendToBatchAPI(.key), use: sendToBatchAPI)
        routes.get(.batchPublishClean(.key), use: publishCleanForm)
        routes.get(.batchReview(.key), use: reviewNext)
        routes.post(.batchPublishClean(.key), use: publishClean)
    }

    /// `GET /batches/{id}/review`: the first draft of the batch's review queue (the most to look at first), or the
    /// batch page when nothing needs a look.
    @Sendable func reviewNext(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        let queue = ListingService.ReviewQueue.batch(id)
        guard let first = try await service.reviewQueue(queue, for: context.requester).first else {
            return .redirect(to: SiteURL.batch(.value(id)).path(query: [("reviewed", "1")]), type: .normal)
        }
        return .redirect(to: SiteURL.review(.value(first)).path(query: [("queue", queue.parameter)]), type: .normal)
    }

    /// `GET /batches/{id}/publish-clean`: the drafts that would be published, and those left with why.
    @Sendable func publishCleanForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        let drafts = try await service.cleanDrafts(batch: id, for: context.requester)
        var page = renderer.render(
            PublishCleanPage(
                batchID: id, drafts: drafts, formToken: context.formToken, viewer: Viewer(request, context)))
        page.headers[.cacheControl] = "no-store"
        return page
    }

    /// `POST /batches/{id}/publish-clean`: publishes them, back to the batch page, which says how many.
    @Sendable func publishClean(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        _ = try await Requests.form(request, context: context, limit: .correction)
        let result = try await service.publishClean(batch: id, for: context.requester)
        let back = SiteURL.batch(.value(id)).path(query: [
            ("published", String(result.published.count)), ("left", String(result.left.count)),
        ])
        return .redirect(to: back, type: .normal)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        return try await listPage(
            text: "", message: nil, status: .ok, context: context, viewer: Viewer(request, context))
    }

    func listPage(
        text: String, message: String?, status: HTTPResponse.Status, context: AppRequestContext, viewer: Viewer
    ) async throws -> Response {
        let batches = (try? await service.batches(for: context.requester)) ?? []
        return renderer.render(
            BatchesPage(
                batches: batches, text: text, message: message, batchAPI: batchAPI != nil,
                formToken: context.formToken, viewer: viewer),
            status: status)
    }

    /// `POST /batches`: a file (multipart) or listings pasted at once (`text`, separated by lines of `---`),
    /// `duplicates=keep|skip`, and `read=now|batch_api`. A refused import shows the form again with the message and
    /// what was pasted. Listings the Batch API does not take wait for the workers (the batch page says why).
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let viewer = Viewer(request, context)
        var name = "pasted"
        var pasted = ""
        var file: Data?
        var token: String?
        var keep = false
        var throughBatchAPI = false
        if let contentType = request.headers[.contentType], MultipartForm.isMultipart(contentType) {
            let form = try await MultipartForm.read(request, contentType: contentType, limit: .importFile)
            token = form.text("csrf")
            keep = form.text("duplicates") == "keep"
            throughBatchAPI = form.text("read") == "batch_api"
            pasted = form.text("text") ?? ""
            if let upload = form["file"], upload.body.readableBytes > 0 {
                name = upload.filename.flatMap { $0.isEmpty ? nil : $0 } ?? "upload"
                file = Data(upload.body.readableBytesView)
            }
        } else {
            let form = try FormBody(try await Requests.body(request, limit: .importFile))
            token = form[FormTokens.fieldName]
            keep = form["duplicates"] == "keep"
            throughBatchAPI = form["read"] == "batch_api"
            pasted = form["text"] ?? ""
        }
        do {
            try Requests.checkToken(token, context: context)
            let data = file ?? Data(pasted.utf8)
            let format =
                file == nil ? ImportReader.Format.text : ImportReader.format(name: name, start: data.prefix(64))
            // Read whole before the database is asked, on NIO's thread pool: parsing 10 MB is CPU work that must
            // not hold the threads that answer other requests (`/healthz` answers meanwhile).
            let items: [ImportReader.Item]
            do {
                items = try await ImportReader.readAll(data, format: format)
            } catch let failure as ImportReader.Failure {
                throw WebError(.unprocessableContent, code: "import_invalid", failure.message)
            }
            let stored = try await WebError.answering {
                try await service.importBatch(name: name, ownerID: account.id, items: items, keepDuplicates: keep)
            }
            if throughBatchAPI, let batchAPI {
                await send(stored.id, through: batchAPI, context: context)
            }
            return .redirect(to: SiteURL.batch(.value(stored.id)).path, type: .normal)
        } catch let error as WebError
            where [.unprocessableContent, .forbidden, .serviceUnavailable, .contentTooLarge].contains(error.status)
        {
            error.logIfServerFault(context.logger, path: request.uri.path)
            return try await listPage(
                text: pasted, message: viewer.labels.message(error), status: error.status, context: context,
                viewer: viewer)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let batch = try await service.batch(try Requests.id(context), for: context.requester)
        // Without the script the page reloads itself until the batch is read (a `<noscript>` refresh, so that
        // with the script the events update it in place).
        let repository = self.repository
        let remote = try await service.storing { try await repository.remoteBatches(of: batch.id) }
        // Back from publishing the clean drafts: how many went and how many are left.
        let query = request.uri.queryParameters
        let published = query.get("published").flatMap { Int($0) }
        let show = query.get("show").flatMap { BatchItemNeed(rawValue: String($0)) }
        let reviewed = query.get("reviewed") == "1"
        let left = query.get("left").flatMap { Int($0) }
        let viewer = Viewer(request, context)
        var page = renderer.render(
            BatchPage(
                batch, remote: remote, batchAPI: batchAPI != nil, formToken: context.formToken, viewer: viewer,
                notice: published.map { viewer.labels.publishedClean($0, left: left ?? 0) }
                    ?? (reviewed
                        ? viewer.labels.pick("Nothing left to look at in this import.", "이 가져오기에는 더 확인할 것이 없습니다.")
                        : nil),
                show: show))
        page.headers[.cacheControl] = "no-store"
        return page
    }

    /// `GET /batches/{id}/events`: a `progress` event a second (counts, share done, the words the page shows)
    /// until the batch is read; the last one says `finished`. Limited per account and in all (429 past that); all
    /// the streams of a batch share one reading a second; a stream ends when its session or token no longer signs
    /// its account in (signed out, disabled, revoked) or the batch is no longer the account's to see.
    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        let account = try context.requireAccount()
        let requester = context.requester
        // Admitted before anything is read: a stream past the limits costs no database work at all.
        guard let ticket = streams.admit(account.id) else {
            throw WebError(
                .tooManyRequests, code: "too_many_streams",
                "Too many progress streams are open (at most \(streams.limits.perAccount) an account): close a batch "
                    + "page in another tab, or reload this one in a moment.")
        }
        let (service, streams, signsIn) = (self.service, self.streams, self.signsIn)
        let repository = self.repository
        // The batch, if the requester may see it, from the reading its streams share (404 otherwise, as the page).
        let first = try await streams.progress(of: id) {
            try await service.storing { try await repository.batch(id: id, limit: 1) }
        }
        guard let first, service.access.mayChange(owner: first.ownerID, as: requester) else {
            throw WebError.notFound("batch")
        }
        let labels = Viewer(request, context).labels
        let credential = Self.credentialKey(request)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { withExtendedLifetime(ticket) {} }
                var checked = ContinuousClock.now
                while true {
                    if ContinuousClock.now - checked >= streams.recheckEvery {
                        checked = ContinuousClock.now
                        let signedIn = await streams.stillSignedIn(credential) {
                            try await signsIn(request)?.id == account.id
                        }
                        guard signedIn else { break }
                    }
                    let reading = try await streams.progress(of: id) {
                        try await service.storing { try await repository.batch(id: id, limit: 1) }
                    }
                    guard let batch = reading, service.access.mayChange(owner: batch.ownerID, as: requester) else {
                        break
                    }
                    try await writer.write(ByteBuffer(string: Self.event(batch, labels: labels)))
                    if batch.isFinished { break }
                    try await Task.sleep(for: .seconds(1))
                }
                try await writer.finish(nil)
            })
    }

    /// Names the request's credential (its `Authorization` and cookies), as a digest kept in memory only.
    static func credentialKey(_ request: Request) -> [UInt8] {
        SecretDigest.of((request.headers[.authorization] ?? "") + "\n" + (request.headers[.cookie] ?? ""))
    }

    static func event(_ batch: BatchProgress, labels: Labels) -> String {
        var counts: [String: Int] = [:]
        for state in BatchItemState.allCases { counts[state.rawValue] = batch.counts[state] ?? 0 }
        let object: [String: Any] = [
            "finished": batch.isFinished, "done": batch.finished, "total": batch.total,
            "percent": batch.total == 0 ? 100 : 100 * batch.finished / batch.total,
            "text": labels.batchProgress(batch), "counts": counts,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return "event: progress\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }

    /// Reads the failed listings again: all of them, or the one named by `listing`.
    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        let form = try await Requests.form(request, context: context, limit: .correction)
        let one = form["listing"].flatMap { Int64($0) }
        _ = try await service.retryBatch(id, listingIDs: one.map { [$0] }, for: context.requester)
        return .redirect(to: SiteURL.batch(.value(id)).path, type: .normal)
    }

    /// Sends the batch's waiting listings to the Batch API.
    @Sendable func sendToBatchAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        _ = try await Requests.form(request, context: context, limit: .correction)
        _ = try await service.batch(id, items: 1, for: context.requester)
        guard let batchAPI else { throw WebError.notFound() }
        await send(id, through: batchAPI, context: context)
        return .redirect(to: SiteURL.batch(.value(id)).path, type: .normal)
    }

    /// A Batch API that does not take the listings leaves them waiting for the workers: the batch page shows the
    /// remote batch as not sent, with the reason, so the answer is the batch page either way.
    func send(_ batchID: Int64, through batchAPI: BatchAPIService, context: AppRequestContext) async {
        do {
            try await batchAPI.submit(batchID: batchID, for: context.requester)
        } catch {
            context.logger.warning(
                "sending a batch to the Batch API failed", metadata: ["batch": "\(batchID)", "error": "\(error)"])
        }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Requests.id(context)
        _ = try await Requests.form(request, context: context, limit: .correction)
        _ = try await service.cancelBatch(id, for: context.requester)
        await batchAPI?.cancelRemote(batchID: id)
        return .redirect(to: SiteURL.batch(.value(id)).path, type: .normal)
    }
}
