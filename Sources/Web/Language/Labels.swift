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
            }
        return language == .english ? english : korean
    }
}
