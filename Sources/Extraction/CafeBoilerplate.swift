import ListingCore

/// The lines a marketplace adds to every post, which a person pastes along with the post: 중고나라's cafe advice on
/// selling faster (`"직거래"와 "내 위치" 설정할 경우…`, `(ex. 맥북 에어 13)`), its warnings on phishing and on outside
/// links, its note that posts also show in its app. Read as the seller's words, they made every post a hand-over
/// `both` ways and a laptop an Apple one; the offline reader reads a post without them.
enum CafeBoilerplate {
    /// Words only those lines carry, each enough to tell one.
    static let markers = [
        "카페 상품 게시글은 자동으로", "등록한 게시글이 회원의 신고", "게시글 내 외부 링크", "작성가능한 게시글 수가 부족하다면",
        "피싱 사이트를 주의하세요", "보다 빠른 판매가 가능합니다",
    ]

    /// The text without the lines that carry a marker; the text itself when it has none (the usual case, told by
    /// two scans for words every marker line holds one of).
    static func removed(from text: String) -> String {
        guard TextNormalization.contains(text, "게시글") || TextNormalization.contains(text, "빠른 판매가") else {
            return text
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { line in
            let line = String(line)
            return !markers.contains { TextNormalization.contains(line, $0) }
        }
        return kept.count == lines.count ? text : kept.joined(separator: "\n")
    }
}
