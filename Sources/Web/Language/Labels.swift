import ListingCore

/// The one table of the interface's words, in English and Korean: every page, template and message a person reads
/// takes its words from here. Templates read `{{t.key}}` (`t` is `Labels.t`); views call the functions below for
/// words that carry a number or a name. An exhaustive `switch` per key makes a missing translation a build error.
struct Labels: Sendable {
    let language: Language
    /// Every key's text in this language, for the templates.
    let t: [String: String]

    private init(_ language: Language) {
        self.language = language
        t = Dictionary(uniqueKeysWithValues: Key.allCases.map { ($0.rawValue, Self.text($0, language)) })
    }

    static let english = Labels(.english)
    static let korean = Labels(.korean)

    static func of(_ language: Language) -> Labels { language == .english ? english : korean }

    subscript(_ key: Key) -> String { t[key.rawValue] ?? key.rawValue }

    /// `english` or `korean`, as this table's language says.
    func pick(_ english: String, _ korean: String) -> String { language == .english ? english : korean }

    /// The words of the templates, by key.
    enum Key: String, CaseIterable, Sendable {
        case skip, navigation, navPaste, navListings, navStats, navUsage, navEvaluations, navBatches, languageSwitch
        case batchesHeading, importHint, importFile, importText, duplicatesLegend, skipDuplicates, keepDuplicates
        case importButton, recentBatches, noBatches, retryAll, retryOne, cancelWaiting, batchListings, imported
        case readHowLegend, readNow, readThroughBatchAPI, sendToBatchAPI, batchAPIHeading, notSavedYet, saveAgain
        case pasteHeading, pasteLabel, fillIn, recent, reading, readingWait, readSoFar, stillReading, keepBoth
        case sourceText, kind, changeKind, extractingNote, saved, valuesToCheck, theirTitle, notListingTitle, why
        case notListingHelp, itIsRealEstate, itIsItem, save, textGives, blockers
        case groupDeal, groupSize, groupBuilding, groupConditions, groupLocation, groupItem, groupPrice, groupTrade
        case listingsHeading, any, status, search, filter, downloadCSV, downloadCSVLabels, columnTitle, columnKind
        case columnSummary, columnCreated, noMatches, older
        case publishedOn, draftNote, reviewIt, rejectedNote, openIt, edit
        case backToPaste, allListings
        case usageHeading, usageHint, day, model, calls, failed, retries, promptTokens, completionTokens, cost
        case latency, noCalls
        case statsHeading, statsHint, perField, field, realEstate, secondHand, notListing, all, overTime, byModel
        case promptVersion, corrections, mostCorrected, toRead, toReadHint, noCorrections
        case evaluationsHeading, evaluationsHint, when, label, strategy, listings, kindAccuracy, hallucination
        case tokensPerListing, costPerListing, noEvaluations, allEvaluations
        case navSettings, navAccounts, signIn, signOut, signInHeading, email, password, signInButton
        case askForInvitation, pasteKeptSignIn, setupHeading, setupHint, setupButton, signUpHeading, invitedHint
        case signUpButton, settingsHeading, apiTokens, apiTokensHint, tokenShownOnce, tokenName, createToken
        case tokenStart, lastUsed, revoked, revoke, noTokens, never, accountsHeading, role, accountDisabled
        case accountActive, enable, disable, inviteHeading, inviteHint, invitationShownOnce, inviteButton
        case roleMember, roleAdmin, pendingInvitations, withdraw, expires, unpublish, delete, deleteHeading, deleteHint
        case deleteButton, cancel, copy, copied
    }

    // swift-format-ignore
    private static func text(_ key: Key, _ language: Language) -> String {
        let (english, korean): (String, String) =
            switch key {
            case .skip: ("Skip to content", "본문으로 건너뛰기")
            case .navigation: ("Main", "주 메뉴")
            case .navPaste: ("Paste", "붙여넣기")
            case .navListings: ("Listings", "매물 목록")
            case .navStats: ("Corrections", "수정 통계")
            case .navUsage: ("Usage", "사용량")
            case .navEvaluations: ("Evaluations", "평가")
            case .navBatches: ("Import", "가져오기")
            case .batchesHeading: ("Import many listings", "매물 여러 개 가져오기")
            case .importHint: ("A CSV with a text column, JSON Lines (one {\"text\": …} a line), or listings pasted below, separated by a line of ---. Up to 10,000 listings and 10 MB; each is read in the background, and the batch page shows the progress.", "text 열이 있는 CSV, JSON Lines (한 줄에 {\"text\": …} 하나), 또는 아래에 붙여넣은 글 (--- 한 줄로 구분). 최대 10,000개, 10 MB까지입니다. 글은 뒤에서 하나씩 읽고, 진행 상황은 가져오기 화면에 나옵니다.")
            case .importFile: ("File (CSV or JSON Lines)", "파일 (CSV 또는 JSON Lines)")
            case .importText: ("Or paste listings, separated by a line of ---", "또는 매물 글을 붙여넣으세요 (--- 한 줄로 구분)")
            case .duplicatesLegend: ("Texts pasted or imported before", "전에 붙여넣거나 가져온 글")
            case .skipDuplicates: ("Skip them", "건너뛰기")
            case .keepDuplicates: ("Import them again", "다시 가져오기")
            case .importButton: ("Import and read", "가져와서 읽기")
            case .recentBatches: ("Recent imports", "최근 가져오기")
            case .noBatches: ("No imports yet.", "아직 가져온 것이 없습니다.")
            case .retryAll: ("Read the failed ones again", "실패한 것 다시 읽기")
            case .retryOne: ("Read again", "다시 읽기")
            case .cancelWaiting: ("Cancel the waiting ones", "대기 중인 것 취소")
            case .batchListings: ("Listings of this import", "이번에 가져온 매물")
            case .imported: ("Imported", "가져온 때")
            case .readHowLegend: ("How to read them", "읽는 방법")
            case .readNow: ("Now, as fast as the model's limits allow", "지금, 모델 한도가 허락하는 만큼 빠르게")
            case .readThroughBatchAPI:
                (
                    "Through OpenAI's Batch API: half the price, answered within 24 hours",
                    "OpenAI 배치 API로: 절반 가격, 24시간 안에 응답"
                )
            case .sendToBatchAPI: ("Send the waiting ones to the Batch API", "대기 중인 것을 배치 API로 보내기")
            case .batchAPIHeading: ("Batch API", "배치 API")
            case .notSavedYet: ("Not saved yet", "아직 저장되지 않음")
            case .saveAgain: ("Save again", "다시 저장")
            case .languageSwitch: ("Language", "언어")
            case .pasteHeading: ("Paste a listing", "매물 글 붙여넣기")
            case .pasteLabel: ("Paste a real-estate ad or a second-hand post, Korean or English", "부동산 광고나 중고 거래 글을 붙여넣으세요 (한국어 또는 영어)")
            case .fillIn: ("Fill in the form", "양식 채우기")
            case .recent: ("Recent", "최근 매물")
            case .keepBoth: ("Keep both: read it as a new listing", "둘 다 두기: 새 매물로 읽기")
            case .reading: ("Reading…", "읽는 중…")
            case .readingWait: ("Reading the listing… (usually a few seconds)", "글을 읽고 있습니다… (보통 몇 초 걸립니다)")
            case .readSoFar: ("Read so far", "지금까지 읽은 값")
            case .stillReading: ("This paste is saved and still being read. Its draft appears here by itself in a moment (this page reloads every few seconds).", "글은 저장되었고 아직 읽는 중입니다. 잠시 뒤 이 자리에 초안이 나타납니다 (이 페이지는 몇 초마다 새로 고쳐집니다).")
            case .sourceText: ("Source text", "원문")
            case .kind: ("Kind", "종류")
            case .changeKind: ("Change kind and read the text again", "종류를 바꾸고 다시 읽기")
            case .extractingNote: ("Being read", "읽는 중")
            case .saved: ("Saved.", "저장했습니다.")
            case .valuesToCheck: ("Values to check", "확인할 값")
            case .theirTitle: ("Saved by someone else", "다른 사람이 저장한 값")
            case .notListingTitle: ("Judged not a listing", "매물 글이 아닌 것으로 판단됨")
            case .why: ("Why", "사유")
            case .notListingHelp: ("If it is a listing, say which kind: the text is read again as that kind.", "매물 글이라면 종류를 골라 주세요. 그 종류로 글을 다시 읽습니다.")
            case .itIsRealEstate: ("It is real estate", "부동산 매물입니다")
            case .itIsItem: ("It is an item for sale", "판매하는 물건입니다")
            case .save: ("Save", "저장")
            case .textGives: ("The text gives:", "원문에 나온 값:")
            case .blockers: ("What still stops publishing", "게시하려면 고칠 것")
            case .groupDeal: ("Deal and price", "거래와 가격")
            case .groupSize: ("Size and rooms", "면적과 방")
            case .groupBuilding: ("Building", "건물")
            case .groupConditions: ("Move-in and conditions", "입주와 조건")
            case .groupLocation: ("Location", "위치")
            case .groupItem: ("Item", "물품")
            case .groupPrice: ("Price", "가격")
            case .groupTrade: ("Trade", "거래 방법")
            case .listingsHeading: ("Listings", "매물 목록")
            case .any: ("any", "전체")
            case .status: ("Status", "상태")
            case .search: ("Search", "검색")
            case .filter: ("Filter", "거르기")
            case .downloadCSV: ("Download CSV", "CSV 내려받기")
            case .downloadCSVLabels: ("CSV with column names in words", "열 이름을 글로 쓴 CSV")
            case .columnTitle: ("Title", "제목")
            case .columnKind: ("Kind", "종류")
            case .columnSummary: ("Summary", "요약")
            case .columnCreated: ("Created", "등록")
            case .noMatches: ("No listings match.", "맞는 매물이 없습니다.")
            case .older: ("Older listings →", "이전 매물 →")
            case .publishedOn: ("published", "게시")
            case .draftNote: ("This is a draft, not yet published.", "아직 게시하지 않은 초안입니다.")
            case .reviewIt: ("Review it", "검토하기")
            case .rejectedNote: ("This paste was kept as not a listing.", "이 글은 매물 글이 아닌 것으로 보관되었습니다.")
            case .openIt: ("Open it to change its kind", "열어서 종류 바꾸기")
            case .edit: ("Edit", "고치기")
            case .backToPaste: ("Back to the paste page", "붙여넣기 화면으로")
            case .allListings: ("All listings", "매물 목록")
            case .usageHeading: ("Model usage", "모델 사용량")
            case .usageHint: ("Every model call, per day (UTC) and model. Tokens are the server's counts where it sent them, estimates otherwise; cost uses the configured price per model.", "날짜(UTC)와 모델별 모든 모델 호출입니다. 토큰은 서버가 알려 준 수, 없으면 추정치이고, 비용은 모델별로 설정한 가격으로 계산합니다.")
            case .day: ("Day (UTC)", "날짜 (UTC)")
            case .model: ("Model", "모델")
            case .calls: ("Calls", "호출")
            case .failed: ("Failed", "실패")
            case .retries: ("Retries", "재시도")
            case .promptTokens: ("Prompt tokens", "프롬프트 토큰")
            case .completionTokens: ("Completion tokens", "응답 토큰")
            case .cost: ("Cost (USD)", "비용 (USD)")
            case .latency: ("Avg latency", "평균 지연")
            case .noCalls: ("No model calls yet.", "아직 모델 호출이 없습니다.")
            case .statsHeading: ("Corrections", "수정 통계")
            case .statsHint: ("What people changed in the drafts over the last 30 days: each change a person saves is one correction of that field. The fields corrected most are where extraction goes wrong.", "지난 30일 동안 사람들이 초안에서 고친 것입니다. 저장한 변경 하나가 그 항목의 수정 하나입니다. 가장 많이 고친 항목이 추출이 틀리는 곳입니다.")
            case .perField: ("Corrections per field", "항목별 수정")
            case .field: ("Field", "항목")
            case .realEstate: ("Real estate", "부동산")
            case .secondHand: ("Second-hand", "중고 물품")
            case .notListing: ("Not a listing", "매물 아님")
            case .all: ("All", "전체")
            case .overTime: ("Over time", "날짜별")
            case .byModel: ("By model and prompt version", "모델과 프롬프트 버전별")
            case .promptVersion: ("Prompt version", "프롬프트 버전")
            case .corrections: ("Corrections", "수정")
            case .mostCorrected: ("Most corrected listings", "가장 많이 고친 매물")
            case .toRead: ("Recent drafts to read by eye", "눈으로 확인할 최근 초안")
            case .toReadHint: ("Picked at random on each visit: open one and check its values against its text.", "방문할 때마다 무작위로 고릅니다. 하나를 열어 값과 원문을 견주어 보세요.")
            case .noCorrections: ("No corrections yet.", "아직 수정이 없습니다.")
            case .evaluationsHeading: ("Evaluations", "평가")
            case .evaluationsHint: ("Runs of listingdesk eval --store on labelled listings: compare prompt versions, models and strategies over time. Open a run for its whole report.", "정답이 달린 매물로 돌린 listingdesk eval --store 결과입니다. 프롬프트 버전, 모델, 전략을 시간에 따라 견주어 보세요. 실행을 열면 전체 보고서가 나옵니다.")
            case .when: ("When", "시각")
            case .label: ("Label", "이름")
            case .strategy: ("Strategy", "전략")
            case .listings: ("Listings", "매물 수")
            case .kindAccuracy: ("Kind accuracy", "종류 정확도")
            case .hallucination: ("Hallucination", "없는 값 비율")
            case .tokensPerListing: ("Tokens/listing", "매물당 토큰")
            case .costPerListing: ("Cost/listing", "매물당 비용")
            case .noEvaluations: ("No evaluation runs stored yet: run listingdesk eval --store.", "저장된 평가가 없습니다. listingdesk eval --store 를 실행하세요.")
            case .allEvaluations: ("← All evaluations", "← 모든 평가")
            case .navSettings: ("Your account and API tokens", "내 계정과 API 토큰")
            case .navAccounts: ("Accounts", "계정 관리")
            case .signIn: ("Sign in", "로그인")
            case .signOut: ("Sign out", "로그아웃")
            case .signInHeading: ("Sign in", "로그인")
            case .email: ("Email", "이메일")
            case .password: ("Password", "비밀번호")
            case .signInButton: ("Sign in", "로그인")
            case .askForInvitation: ("No account yet? Ask an admin of this ListingDesk for an invitation.", "계정이 없나요? 이 ListingDesk의 관리자에게 초대를 요청하세요.")
            case .pasteKeptSignIn: ("You were signed out, and your paste was not sent. It is kept: sign in, and it comes back in the paste form.", "로그아웃된 상태라 붙여넣은 글을 보내지 못했습니다. 글은 그대로 있습니다. 로그인하면 붙여넣기 양식에 다시 나옵니다.")
            case .setupHeading: ("Welcome: make the admin account", "환영합니다: 관리자 계정 만들기")
            case .setupHint: ("This ListingDesk has no account yet. The account you make now is its admin: it can invite others and sees every listing.", "이 ListingDesk에는 아직 계정이 없습니다. 지금 만드는 계정이 관리자가 되어 다른 사람을 초대하고 모든 매물을 볼 수 있습니다.")
            case .setupButton: ("Make the admin account", "관리자 계정 만들기")
            case .signUpHeading: ("Make an account", "계정 만들기")
            case .invitedHint: ("You were invited: choose a password for this email.", "초대받았습니다. 이 이메일로 쓸 비밀번호를 정하세요.")
            case .signUpButton: ("Make the account", "계정 만들기")
            case .settingsHeading: ("Your account", "내 계정")
            case .apiTokens: ("API tokens", "API 토큰")
            case .apiTokensHint: ("For scripts that use the JSON API: send the token as Authorization: Bearer. A token acts as you; revoke it when a script no longer needs it.", "JSON API를 쓰는 스크립트용입니다. 토큰을 Authorization: Bearer 로 보내세요. 토큰은 나를 대신하니, 스크립트가 더 쓰지 않으면 폐기하세요.")
            case .tokenShownOnce: ("Your new token. Copy it now: it is shown only this once.", "새 토큰입니다. 지금 복사하세요. 한 번만 보여 줍니다.")
            case .tokenName: ("Name", "이름")
            case .createToken: ("Make a token", "토큰 만들기")
            case .tokenStart: ("Starts with", "앞부분")
            case .lastUsed: ("Last used", "마지막 사용")
            case .revoked: ("revoked", "폐기됨")
            case .revoke: ("Revoke", "폐기")
            case .noTokens: ("No tokens yet.", "아직 토큰이 없습니다.")
            case .never: ("never", "없음")
            case .accountsHeading: ("Accounts", "계정 관리")
            case .role: ("Role", "역할")
            case .accountDisabled: ("disabled", "사용 중지")
            case .accountActive: ("active", "사용 중")
            case .enable: ("Enable", "다시 사용")
            case .disable: ("Disable", "사용 중지")
            case .inviteHeading: ("Invite someone", "초대하기")
            case .inviteHint: ("An invitation is a link that lets its holder make an account with that email, for 7 days. Send it yourself: ListingDesk sends no email.", "초대는 그 이메일로 7일 안에 계정을 만들 수 있는 링크입니다. 직접 보내세요. ListingDesk는 이메일을 보내지 않습니다.")
            case .invitationShownOnce: ("The invitation link. Copy it now: it is shown only this once.", "초대 링크입니다. 지금 복사하세요. 한 번만 보여 줍니다.")
            case .inviteButton: ("Make an invitation link", "초대 링크 만들기")
            case .roleMember: ("member", "회원")
            case .roleAdmin: ("admin", "관리자")
            case .pendingInvitations: ("Invitations not yet used", "아직 쓰지 않은 초대")
            case .withdraw: ("Withdraw", "초대 취소")
            case .expires: ("Expires", "만료")
            case .unpublish: ("Take it down (back to a draft)", "게시 내리기 (초안으로)")
            case .delete: ("Delete…", "삭제…")
            case .deleteHeading: ("Delete this listing?", "이 매물을 삭제할까요?")
            case .deleteHint: ("The listing, its text and its corrections are deleted for good. (What its reading cost stays in the usage.)", "매물과 원문, 수정 기록이 완전히 지워집니다. (읽는 데 든 비용은 사용량에 남습니다.)")
            case .deleteButton: ("Delete it", "삭제")
            case .cancel: ("Keep it", "그대로 두기")
            case .copy: ("Copy", "복사")
            case .copied: ("Copied", "복사했습니다")
            }
        return language == .english ? english : korean
    }
}
