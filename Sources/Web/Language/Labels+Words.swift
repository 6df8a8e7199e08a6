import Desk
import Foundation
import HTTPTypes
import LLM
import ListingCore
import Storage

/// The words of the table that carry a name, a number or a code: kinds, statuses, fields, the codes of choices,
/// counts, and the messages of errors and issues.
extension Labels {
    func kind(_ kind: ListingKind) -> String {
        switch kind {
        case .realEstate: pick("Real estate", "부동산")
        case .secondHand: pick("Second-hand item", "중고 물품")
        case .notListing: pick("Not a listing", "매물 아님")
        }
    }

    func status(_ status: ListingStatus) -> String {
        switch status {
        case .extracting: pick("being read", "읽는 중")
        case .draft: pick("draft", "초안")
        case .published: pick("published", "게시됨")
        case .rejected: pick("not a listing", "매물 아님")
        }
    }

    func field(_ spec: FieldSpec) -> String {
        pick(spec.label, spec.koreanLabel.isEmpty ? spec.label : spec.koreanLabel)
    }

    /// A field by name in any kind (a column of the CSV or of the corrections table): `price`, which both kinds
    /// have, is simply the price; the name itself for names that are not fields.
    func field(named name: FieldName) -> String {
        if name == .price { return pick("Price", "가격") }
        if name == Issue.kindField { return self[.kind] }
        return FieldSchema.spec(named: name).map(field) ?? name.rawValue
    }

    /// A choice's code in words: `one_room` → "studio (one room)" / "원룸". Unknown codes are shown as they are.
    func choice(_ code: String) -> String {
        guard let words = Self.choices[code] else { return code.replacingOccurrences(of: "_", with: " ") }
        return pick(words.english, words.korean)
    }

    var yes: String { pick("Yes", "예") }
    var no: String { pick("No", "아니요") }
    var notStated: String { pick("? (not stated)", "? (글에 없음)") }
    var immediately: String { pick("immediately", "즉시 입주") }
    var byAgreement: String { pick("by agreement", "협의") }
    var free: String { pick("free", "나눔") }
    var forRent: String { pick("for rent", "임대") }
    var forSale: String { pick("for sale", "매매") }
    var perMonth: String { pick("/mo", "/월") }

    func needLook(values count: Int) -> String {
        pick(count == 1 ? "1 value needs a look" : "\(count) values need a look", "확인할 값 \(count)개")
    }

    func needLook(fields count: Int) -> String {
        pick(count == 1 ? "1 field needs a look" : "\(count) fields need a look", "고칠 항목 \(count)개")
    }

    func moreFields(_ count: Int) -> String {
        pick("More fields (\(count) not stated in the text)", "다른 항목 (글에 없는 \(count)개)")
    }

    func pasteHelp(maxCharacters: Int) -> String {
        let limit = Formatting.grouped(maxCharacters)
        return pick(
            "Up to \(limit) characters. We fill in the form; you check it and publish.",
            "최대 \(limit)자. 양식은 저희가 채우고, 확인과 게시는 직접 합니다.")
    }

    func publish(confirming: Bool) -> String {
        confirming ? pick("Publish anyway", "그래도 게시") : pick("Publish", "게시")
    }

    /// What a model call is doing while a person waits, said on the paste page.
    func progress(_ progress: CallProgress) -> String {
        func name(_ model: String) -> String { model == "offline" ? pick("the offline reader", "오프라인 판독기") : model }
        func seconds(_ wait: Duration) -> String { String(max(1, Int(wait.inSeconds.rounded(.up)))) }
        switch progress {
        case .waitingForRateLimit(let wait):
            return pick(
                "Waiting \(seconds(wait)) s for the model's rate limit…", "모델 요청 한도 때문에 \(seconds(wait))초 기다리는 중…")
        case .retrying(let model, let attempt, let reason, _):
            return pick(
                "\(model) did not answer (\(reason)): trying again (attempt \(attempt))…",
                "\(model) 응답 실패 (\(reason)): 다시 시도하는 중 (\(attempt)번째)…")
        case .fellBack(let failed, let next):
            return pick(
                "\(name(failed)) could not be used: \(name(next)) is reading it…",
                "\(name(failed)) 사용 불가: \(name(next))이(가) 읽는 중…")
        }
    }

    /// A batch's name as the person knows it: what they pasted, the file they uploaded, or the file's name.
    func batchName(_ name: String) -> String {
        switch name {
        case "pasted": pick("pasted listings", "붙여넣은 글")
        case "upload": pick("uploaded file", "올린 파일")
        default: name
        }
    }

    /// A batch row's state, as the person acts on it.
    func itemNeed(_ item: BatchItem) -> String {
        switch item.need {
        case .look:
            let names = item.marked.map { $0 == Issue.kindField ? pick("kind", "종류") : field(named: $0) }
            return pick("needs a look: ", "확인 필요: ") + names.joined(separator: ", ")
        case .ready: return pick("ready to publish", "게시할 수 있음")
        case .published: return pick("published", "게시됨")
        case .notListing: return pick("not a listing", "매물 아님")
        case .reading, .failed: return itemState(item.state)
        }
    }

    /// The name of a filter of a batch's rows.
    func needFilter(_ need: BatchItemNeed) -> String {
        switch need {
        case .look: pick("Need a look", "확인 필요")
        case .ready: pick("Ready to publish", "게시 가능")
        case .published: pick("Published", "게시됨")
        case .notListing: pick("Not listings", "매물 아님")
        case .reading: pick("Being read", "읽는 중")
        case .failed: pick("Given up", "포기")
        }
    }

    func itemState(_ state: BatchItemState) -> String {
        switch state {
        case .waiting: pick("waiting", "대기")
        case .sent: pick("at the Batch API", "배치 API 처리 중")
        case .reading: pick("being read", "읽는 중")
        case .done: pick("read", "읽음")
        case .fellBack: pick("read by the offline reader (the model failed)", "오프라인 판독기가 읽음 (모델 실패)")
        case .failed: pick("given up", "포기")
        case .cancelled: pick("cancelled", "취소됨")
        }
    }

    /// `412 of 1,000 read · 9.8 a second · about 1:00 left`.
    func batchProgress(_ progress: BatchProgress) -> String {
        let done = Formatting.grouped(progress.finished)
        let total = Formatting.grouped(progress.total)
        let perSecond = Double(progress.finishedLastMinute) / 60
        var parts = [pick("\(done) of \(total) read", "\(total)개 중 \(done)개 읽음")]
        if !progress.isFinished, perSecond > 0 {
            let left = Int(Double(progress.total - progress.finished) / perSecond)
            let clock = "\(left / 60):\(String(format: "%02d", left % 60))"
            parts.append(pick(String(format: "%.1f a second", perSecond), String(format: "초당 %.1f개", perSecond)))
            parts.append(pick("about \(clock) left", "약 \(clock) 남음"))
        }
        if progress.cancelledAt != nil { parts.append(pick("cancelled", "취소됨")) }
        return parts.joined(separator: " · ")
    }

    /// One remote batch, as the batch page lists it: its state at the provider and what came of it.
    func remoteBatch(_ record: RemoteBatchRecord) -> String {
        let total = Formatting.grouped(record.total)
        let answered = Formatting.grouped(record.completed)
        let status = record.remoteStatus ?? pick("not sent yet", "아직 안 보냄")
        switch record.state {
        case .waiting:
            let tokens = Formatting.grouped(record.estimatedTokens)
            return pick(
                "\(total) listings (about \(tokens) prompt tokens) wait for room under the Batch API's token limit",
                "매물 \(total)개(프롬프트 약 \(tokens) 토큰)가 배치 API 토큰 한도에 자리가 나기를 기다리는 중")
        case .submitting:
            return pick("Sending \(total) listings…", "매물 \(total)개를 보내는 중…")
        case .submitted:
            var line = pick(
                "\(record.remoteID ?? ""): \(status) · \(answered) of \(total) answered",
                "\(record.remoteID ?? ""): \(status) · \(total)개 중 \(answered)개 응답")
            if record.failed > 0 { line += pick(", \(record.failed) failed", ", \(record.failed)개 실패") }
            line += pick(" · checked \(record.polls) times", " · \(record.polls)번 확인")
            if let error = record.lastError { line += pick(" · last check failed: \(error)", " · 마지막 확인 실패: \(error)") }
            return line
        case .applied:
            let ways = record.outcomes
            // Rows applied before the ways were counted have none: the provider's count stands in.
            let stored = ways.total > 0 ? Formatting.grouped(ways.answered) : answered
            var line = pick(
                "\(record.remoteID ?? ""): ended (\(status)) · \(stored) of \(total) answered at the batch price",
                "\(record.remoteID ?? ""): 끝남 (\(status)) · \(total)개 중 \(stored)개를 배치 가격으로 응답")
            if ways.total > 0 {
                let again = [
                    (ways.failed, "failed", "실패"), (ways.expired, "expired", "만료"),
                    (ways.unreadable, "unreadable", "읽지 못함"), (ways.unanswered, "unanswered", "응답 없음"),
                ].filter { $0.0 > 0 }
                if !again.isEmpty {
                    line += pick(
                        " · " + again.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                            + ": read again the usual way",
                        " · " + again.map { "\($0.2) \($0.0)개" }.joined(separator: ", ") + "는 보통 방법으로 다시 읽음")
                }
                if ways.cancelled > 0 {
                    line += pick(
                        " · \(ways.cancelled) given up with the cancelled batch", " · \(ways.cancelled)개는 배치 취소로 포기")
                }
            } else if record.total > record.completed {
                let again = record.total - record.completed
                line += pick(" · \(again) read again the usual way", " · \(again)개는 보통 방법으로 다시 읽음")
            }
            if let error = record.lastError { line += pick(" · \(error)", " · \(error)") }
            return line
        case .abandoned:
            return pick(
                "Not sent: \(record.lastError ?? "the Batch API did not take it") · the listings are read the usual way",
                "보내지 못함: \(record.lastError ?? "배치 API가 받지 않음") · 매물은 보통 방법으로 읽습니다")
        }
    }

    func skipped(_ count: Int) -> String {
        pick(
            "\(count) skipped: pasted or imported before.", "\(count)개 건너뜀: 전에 붙여넣거나 가져온 글입니다.")
    }

    func pastedBefore(_ listing: Listing, in zone: TimeZone) -> String {
        let when = time(listing.createdAt, in: zone)
        return pick(
            "This text was pasted before, as listing #\(listing.id) (\(status(listing.status)), \(when)).",
            "이 글은 전에 붙여넣은 적이 있습니다: 매물 #\(listing.id) (\(status(listing.status)), \(when)).")
    }

    func role(_ role: AccountRole) -> String { self[role == .admin ? .roleAdmin : .roleMember] }

    func passwordRule(minimum: Int) -> String {
        pick(
            "At least \(minimum) characters. A few words you remember is a good one.",
            "\(minimum)자 이상. 기억하기 쉬운 낱말 몇 개를 이으면 좋습니다.")
    }

    /// A sign-in refused, and how long until the next try when tries are slowed.
    func signInRefused(wait: Duration) -> String {
        let seconds = Int(wait.inSeconds.rounded(.up))
        let base = pick("The email or the password is wrong.", "이메일이나 비밀번호가 틀렸습니다.")
        guard seconds > 0 else { return base }
        return base + " " + signInSlowed(wait: wait)
    }

    func signInSlowed(wait: Duration) -> String {
        let seconds = max(1, Int(wait.inSeconds.rounded(.up)))
        return pick(
            "Too many failed sign-ins: try again in \(seconds) s.", "로그인 실패가 너무 많습니다. \(seconds)초 뒤에 다시 해 보세요.")
    }

    func openListing(_ id: Int64) -> String { pick("Open listing #\(id)", "매물 #\(id) 열기") }

    func reviewTitle(_ id: Int64) -> String { pick("Review listing #\(id)", "매물 #\(id) 검토") }
    func listingTitle(_ id: Int64) -> String { pick("Listing #\(id)", "매물 #\(id)") }
    var untitled: String { pick("(untitled)", "(제목 없음)") }

    /// The state of a field's value, said in words beside its icon.
    func state(_ state: FieldView.State) -> String {
        switch state {
        case .invalid: pick("needs a fix", "고쳐야 함")
        case .missing: pick("missing", "없음")
        case .corrected: pick("entered by you", "직접 입력")
        case .doubtful(let count):
            pick(
                "check: the text gives \(count) different values", "확인: 글에 다른 값이 \(count)개 있음")
        case .contradicted: pick("check: the text says otherwise", "확인: 글에는 다르게 쓰여 있음")
        case .disagreeing: pick("check: two readings of the text differ", "확인: 두 번 읽은 값이 다름")
        case .hinted: pick("not filled: the text may say it", "비어 있음: 글에 있을 수 있음")
        case .unsupported: pick("check: the text does not say this", "확인: 글에 이 값이 없음")
        case .inferred: pick("check: read from the text, not stated in it", "확인: 글에서 읽어 낸 값 (그대로 쓰여 있지 않음)")
        case .stated: pick("stated in the text", "글에 쓰여 있음")
        case .filled: pick("filled from the text", "글에서 채움")
        }
    }

    /// Who read the draft, said plainly; empty when unknown.
    func provenance(_ provenance: Provenance) -> String {
        func name(_ model: String) -> String {
            model == "offline" ? pick("the offline reader (rules, no model)", "오프라인 판독기 (규칙, 모델 없음)") : model
        }
        switch (provenance.extractedBy, provenance.fallbackFrom) {
        case (let model?, nil) where provenance.via == .packed:
            return pick(
                "Read by \(name(model)), in one request with other listings of its import.",
                "읽은 곳: \(name(model)) (같이 가져온 다른 매물과 한 요청으로).")
        case (let model?, nil) where provenance.via == .batchAPI:
            return pick(
                "Read by \(name(model)) through the Batch API, at the batch price.",
                "읽은 곳: \(name(model)) (배치 API, 배치 가격).")
        case (let model?, nil):
            return pick("Read by \(name(model)).", "읽은 곳: \(name(model)).")
        case (let model?, let failed?):
            return pick(
                "Read by \(name(model)), because \(name(failed)) could not be used.",
                "읽은 곳: \(name(model)) (\(name(failed)) 사용 불가).")
        case (nil, let failed?):
            return pick(
                "No model could read it (\(name(failed)) failed first): fill in the values.",
                "읽을 수 있는 모델이 없었습니다 (\(name(failed)) 실패). 값을 직접 채워 주세요.")
        case (nil, nil):
            return ""
        }
    }

    func savedNotPublished(marked names: [String]) -> String {
        let list = names.joined(separator: ", ")
        return pick(
            "Saved, not published yet: \(names.count == 1 ? "1 value is" : "\(names.count) values are") marked for a "
                + "look (\(list)). Confirm or correct each, or publish anyway.",
            "저장했지만 아직 게시하지 않았습니다. 확인할 값이 \(names.count)개 있습니다 (\(list)). 하나씩 확인하거나 고치고, "
                + "아니면 그래도 게시하세요.")
    }

    /// The batch page's way to the drafts that need no look.
    var publishCleanLink: String { pick("Publish the clean drafts…", "확인할 것 없는 초안 게시…") }

    func publishCleanButton(_ count: Int) -> String {
        pick(count == 1 ? "Publish 1 draft" : "Publish \(count) drafts", "초안 \(count)개 게시")
    }

    var publishCleanHint: String {
        pick(
            "These drafts carry no mark and have what publishing needs: they are published as they are. The others "
                + "stay drafts, for a look first.",
            "아래 초안은 확인 표시가 없고 게시에 필요한 값이 다 있어 그대로 게시됩니다. 나머지는 먼저 확인하도록 초안으로 남습니다.")
    }

    var publishCleanNone: String {
        pick(
            "No draft of this import is clean to publish: each needs a look first.",
            "이 가져오기에는 바로 게시할 초안이 없습니다. 모두 먼저 확인이 필요합니다.")
    }

    func publishedClean(_ count: Int, left: Int) -> String {
        pick(
            "Published \(count) \(count == 1 ? "draft" : "drafts"); \(left) left for a look.",
            "초안 \(count)개를 게시했습니다. 확인할 것 \(left)개가 남았습니다.")
    }

    /// Why a draft was not among the clean ones.
    func leftReason(_ reason: ListingService.LeftReason) -> String {
        switch reason {
        case .notRead: return pick("not read yet", "아직 읽는 중")
        case .marked(let fields):
            let names = fields.map { $0 == Issue.kindField ? pick("kind", "종류") : field(named: $0) }
            return pick("marked for a look: ", "확인 표시: ") + names.joined(separator: ", ")
        case .blocked(let issues):
            let names = issues.compactMap(\.field).map { field(named: $0) }
            return pick("cannot be published yet: ", "아직 게시할 수 없음: ") + names.joined(separator: ", ")
        case .changed: return pick("changed meanwhile: look at it again", "그사이 바뀜: 다시 확인하세요")
        }
    }

    /// The one-tap look at a marked value: it is right as it is.
    var looksRight: String { pick("Looks right", "맞아요") }

    /// The one-tap look at a hinted empty field: the text does not state it after all.
    var leaveEmpty: String { pick("Leave empty", "비워 둘게요") }

    /// The one-tap look at a kind in doubt: it is a listing of this kind.
    func kindIsRight(_ kind: ListingKind) -> String {
        pick("Yes: \(self.kind(kind).lowercased())", "\(self.kind(kind)) 맞아요")
    }

    var conflictWhileEditing: String {
        pick(
            "Someone saved this listing while you were editing. Your values are in the form; the saved ones are "
                + "listed beside it. Save again to keep yours.",
            "고치는 동안 다른 사람이 이 매물을 저장했습니다. 입력한 값은 양식에 있고, 저장된 값은 옆에 있습니다. 입력한 값을 남기려면 다시 저장하세요.")
    }

    var conflictOnKindChange: String {
        pick(
            "Someone saved this listing in the meantime, so its kind was not changed. Look again and change it if it "
                + "is still wrong.",
            "그사이 다른 사람이 이 매물을 저장해서 종류를 바꾸지 않았습니다. 다시 보고, 여전히 틀리면 바꾸세요.")
    }

    func kindChangeQuestion(from: ListingKind, to: ListingKind) -> String {
        pick("Change \(kind(from)) to \(kind(to))?", "\(kind(from))에서 \(kind(to))(으)로 바꿀까요?")
    }

    func kindChangeExplanation(to: ListingKind) -> String {
        pick(
            "The text is read again as \(kind(to)), and the values both kinds have are kept. These values have no "
                + "place in \(kind(to)) and would be dropped:",
            "글을 \(kind(to))(으)로 다시 읽고, 두 종류에 모두 있는 값은 그대로 둡니다. 아래 값은 \(kind(to))에 없는 항목이라 지워집니다:")
    }

    func kindChangeConfirm(to: ListingKind) -> String {
        pick("Change to \(kind(to)) and drop them", "\(kind(to))(으)로 바꾸고 지우기")
    }

    func kindChangeKeep(_ kind: ListingKind) -> String {
        pick("Keep it as \(self.kind(kind))", "\(self.kind(kind))(으)로 두기")
    }

    func kindChangeTitle(_ id: Int64) -> String {
        pick("Change the kind of listing #\(id)?", "매물 #\(id)의 종류를 바꿀까요?")
    }

    /// `2026-11-23 17:05 KST`: a time in the reader's zone, with the zone named.
    func time(_ date: Date, in zone: TimeZone) -> String {
        // The zone's offset applied to the UTC form: no calendar to build for each time a page shows.
        let local = Formatting.iso(date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date))))
        let name =
            switch zone.identifier {
            case "Asia/Seoul": "KST"
            case "UTC", "GMT", "Etc/UTC": "UTC"
            default: zone.abbreviation(for: date) ?? zone.identifier
            }
        return "\(local.prefix(10)) \(local.dropFirst(11).prefix(5)) \(name)"
    }

    /// An error's message in this language; the English one for codes the table has no words for.
    func message(_ error: WebError) -> String {
        guard language == .korean else { return error.message }
        switch error.code {
        case "not_found": return "그런 매물이 없습니다."
        case "http_404": return "그런 페이지가 없습니다."
        case "still_extracting": return "이 글은 아직 읽는 중입니다. 곧 초안이 나타나면 고쳐서 저장하세요."
        case "internal":
            return "서버에서 문제가 생겼습니다 (오류 \(error.errorID ?? "-")\(error.traceID.map { ", 추적 \($0)" } ?? "")). "
                + "입력한 내용은 그대로 있습니다. 돌아가서 다시 해 보세요."
        case "empty_text": return "먼저 매물 글을 붙여넣으세요. 글이 비어 있습니다."
        case "binary_text": return "매물 글이 아니라 바이너리 파일처럼 보입니다. 매물 글을 붙여넣으세요."
        case "text_too_long":
            return "글이 너무 깁니다. 최대 \(Formatting.grouped(TextInput.maxCharacters))자까지 됩니다. 매물 글만 붙여넣으세요."
        case "body_too_large": return "보낸 내용이 너무 큽니다."
        case "form_token": return "양식이 만료되었거나 이 사이트에서 온 것이 아니어서 저장하지 않았습니다. 페이지를 새로 고치고 다시 보내세요."
        case "database_unavailable": return "데이터베이스가 지금 응답하지 않습니다. 입력한 내용은 그대로 있습니다. 잠시 뒤 다시 해 보세요."
        case "invalid": return "고쳐야 할 값이 있습니다."
        case "not_publishable": return "아직 게시할 수 없습니다."
        case "cross_origin": return "다른 사이트에서 온 요청이라 거절했습니다."
        case "unknown_host":
            return "이 서버는 그 이름으로 응답하지 않습니다. 이 서버의 이름이면 LISTINGDESK_ALLOWED_HOSTS에 (이름:포트, 쉼표로 구분) "
                + "넣고 다시 시작하세요. README의 “Open it from your phone”을 보세요."
        case "sign_in_required": return "로그인해야 할 수 있습니다."
        case "invalid_token": return "이 API 토큰은 폐기되었거나 알 수 없는 토큰입니다."
        case "admins_only": return "관리자만 할 수 있습니다."
        case "email_taken": return "이 이메일로 된 계정이 이미 있습니다. 로그인하세요."
        case "set_up_already": return "이 ListingDesk에는 이미 관리자가 있습니다. 로그인하세요."
        case "invalid_email": return "name@example.com 같은 이메일 주소를 입력하세요."
        case "password_too_short": return "비밀번호는 \(Passwords.minimumLength)자 이상이어야 합니다."
        case "password_too_long": return "비밀번호는 \(Passwords.maximumBytes)바이트 이하여야 합니다 (한글 약 24자)."
        case "password_nul": return "비밀번호에 NUL 문자를 넣을 수 없습니다. 다른 비밀번호를 고르세요."
        case "too_many_streams":
            return "진행 상황 스트림이 너무 많이 열려 있습니다. 다른 탭의 가져오기 페이지를 닫거나 잠시 뒤 새로 고치세요."
        case "too_many_readings":
            return "모델이 이 계정의 글을 이미 여러 개 읽고 있어 저장하지 않았습니다. 입력한 내용은 그대로 있습니다. 하나가 끝나면 다시 보내세요."
        case "own_account": return "자기 계정은 사용 중지할 수 없습니다."
        case "invitation_unusable": return "이 초대는 이미 쓰였거나 만료되었습니다. 관리자에게 새 초대를 요청하세요."
        case "method_not_allowed": return "이 주소는 그런 요청을 받지 않습니다."
        case "bad_request": return "요청을 읽을 수 없습니다. 페이지를 새로 고치고 다시 해 보세요."
        default: return error.message
        }
    }

    /// An error page's title: the status code and its name.
    func title(_ status: HTTPResponse.Status) -> String {
        guard language == .korean, let korean = Self.statusNames[status.code] else {
            return "\(status.code) \(status.reasonPhrase)"
        }
        return "\(status.code) \(korean)"
    }

    /// An issue's message in this language: Korean words by the issue's code and field (the English message is
    /// the validator's own).
    func message(_ issue: Issue) -> String {
        guard language == .korean else { return issue.message }
        switch (issue.code, issue.field) {
        case (.missingRequired, .dealType?): return "매매, 전세, 월세, 단기 임대 중 무엇인지 골라 주세요."
        case (.missingRequired, .price?): return "가격을 입력하세요 (나눔이면 0)."
        case (.missingRequired, .deposit?): return "전세금(보증금)을 입력하세요."
        case (.missingRequired, .monthlyRent?): return "월세를 입력하세요."
        case (.missingRequired, .title?): return "제목을 입력하세요."
        case (.missingRequired, _): return "꼭 필요한 항목입니다."
        case (.invalidValue, _): return "이 값을 읽을 수 없습니다. 형식을 확인하세요."
        case (.outOfRange, let field?):
            if case .text(let maxLength, _)? = FieldSchema.spec(named: field)?.type {
                return "\(maxLength)자 이내로 줄여 주세요."
            }
            return "값이 너무 크거나 작습니다. 다시 확인하세요."
        case (.inconsistent, .floor?): return "층이 전체 층수보다 높습니다."
        case (.inconsistent, .supplyAreaM2?): return "공급면적이 전용면적보다 작습니다."
        case (.inconsistent, .monthlyRent?): return "전세에는 월세가 없습니다."
        case (.inconsistent, .price?): return "매매가는 매매에만 있습니다."
        case (.inconsistent, _): return "다른 값과 맞지 않습니다."
        case (.notPublishable, _): return "매물 글이 아닌 것으로 판단되었습니다. 게시하려면 종류를 바꾸세요."
        case (.unsupported, _): return "글에서 이 값을 찾을 수 없습니다."
        case (.inferred, _): return "글에 그대로 쓰여 있지 않고 읽어 낸 값입니다."
        case (.readersDisagree, _): return "두 번 읽은 값이 서로 다릅니다. 아래 값 중에서 고르거나, 맞으면 확인을 누르세요."
        case (.textOffersOther, _): return "글에 다른 값도 있습니다. 아래 값 중에서 고르거나, 맞으면 확인을 누르세요."
        case (.mayBeStated, _):
            guard issue.candidates == nil else { return "비어 있지만 글에 쓰여 있을 수 있습니다. 아래 값을 누르면 채워집니다." }
            // The text's own words, quoted in the message.
            let quoted = issue.message.firstIndex(of: "“").flatMap { open in
                issue.message.lastIndex(of: "”").map { String(issue.message[open...$0]) }
            }
            return "비어 있지만 글에 쓰여 있을 수 있습니다" + (quoted.map { ": \($0)" } ?? ".")
        case (.kindDoubt, _): return "매물 글이 아닐 수도 있습니다 (질문, 구하는 글, 뉴스, 공지 등). 종류를 확인하세요."
        case (.shortened, _): return "너무 길어서 줄였습니다."
        case (.wrongKindField, _): return "이 종류에는 없는 항목입니다."
        case (.duplicateField, _): return "모델이 이 항목을 두 번 다르게 답해서 첫 값을 썼습니다."
        case (.modelError, _): return "모델을 쓰는 중에 문제가 있었습니다. 값을 확인하거나 직접 채워 주세요."
        case (.noEnvelope, _), (.truncatedReply, _), (.unclosedTag, _), (.missingClassification, _),
            (.formatDeviation, _):
            return "모델의 답이 요청한 형식과 달랐습니다. 값을 확인해 주세요."
        default: return issue.message
        }
    }

    static let statusNames: [Int: String] = [
        400: "잘못된 요청", 403: "거절됨", 404: "찾을 수 없음", 405: "허용되지 않는 방법", 409: "충돌", 413: "너무 큼",
        415: "지원하지 않는 형식", 421: "잘못된 주소", 422: "고칠 값이 있음", 500: "서버 오류", 503: "잠시 쓸 수 없음",
    ]

    // swift-format-ignore
    /// Every code of every choice field, in English and Korean words.
    static let choices: [String: (english: String, korean: String)] = [
        // Property types
        "apartment": ("apartment", "아파트"), "officetel": ("officetel (studio-office)", "오피스텔"),
        "villa": ("villa (low-rise flat)", "빌라"), "house": ("house", "주택"), "one_room": ("studio (one room)", "원룸"),
        "commercial": ("commercial", "상가"), "land": ("land", "토지"), "other": ("other", "기타"),
        // Deal types
        "sale": ("sale", "매매"), "jeonse": ("jeonse (lump-sum deposit lease)", "전세"),
        "monthly_rent": ("monthly rent", "월세"), "short_term": ("short-term let", "단기 임대"),
        // Directions
        "south": ("south-facing", "남향"), "southeast": ("south-east-facing", "남동향"), "east": ("east-facing", "동향"),
        "northeast": ("north-east-facing", "북동향"), "north": ("north-facing", "북향"),
        "northwest": ("north-west-facing", "북서향"), "west": ("west-facing", "서향"),
        "southwest": ("south-west-facing", "남서향"),
        // Heating
        "individual": ("individual boiler", "개별난방"), "central": ("central", "중앙난방"), "district": ("district", "지역난방"),
        // Options
        "air_conditioner": ("air conditioner", "에어컨"), "refrigerator": ("refrigerator", "냉장고"),
        "washing_machine": ("washing machine", "세탁기"), "gas_range": ("gas range", "가스레인지"),
        "induction": ("induction hob", "인덕션"), "microwave": ("microwave", "전자레인지"), "bed": ("bed", "침대"),
        "desk": ("desk", "책상"), "wardrobe": ("wardrobe", "옷장"), "tv": ("TV", "TV"), "internet": ("internet", "인터넷"),
        "shoe_closet": ("shoe cabinet", "신발장"),
        // Categories
        "digital": ("digital devices", "디지털기기"), "appliances": ("appliances", "생활가전"),
        "furniture": ("furniture & interior", "가구/인테리어"), "kitchen": ("kitchen & household", "생활/주방"),
        "kids": ("kids & baby", "유아동"), "fashion": ("clothing & accessories", "의류/잡화"), "beauty": ("beauty", "뷰티/미용"),
        "sports": ("sports & outdoors", "스포츠/레저"), "hobby": ("hobbies, games & music", "취미/게임/음반"),
        "books": ("books", "도서"), "tickets": ("tickets & vouchers", "티켓/교환권"), "pets": ("pet supplies", "반려동물용품"),
        "plants": ("plants", "식물"), "vehicles": ("vehicles", "차량/오토바이"),
        // Conditions
        "new": ("new", "새 상품"), "like_new": ("like new", "거의 새것"), "good": ("good", "상태 좋음"),
        "fair": ("fair (visible wear)", "사용감 있음"), "for_parts": ("for parts", "부품용/고장"),
        // Trade methods
        "in_person": ("in person", "직거래"), "shipping": ("shipping", "택배"), "both": ("in person or shipping", "직거래·택배"),
    ]
}
