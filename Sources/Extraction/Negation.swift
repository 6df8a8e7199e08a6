/// Words that deny what comes just before them (`세탁기x`, `세탁기 없음`, `냉장고 불가`, `❌`) or just after them
/// (`no dishwasher`, `without parking`), read on a listing's lowercased or compact bytes. One reading for the offline
/// reader and the evidence grader, so that what the text denies is neither read nor supported.
enum Negation {
    /// After the word (besides `x` alone): `×`, `❌`, `✗`, `없`, `불가`, `미설치`, `미포함`.
    static let after: [[UInt8]] = ["×", "❌", "✗", "없", "불가", "미설치", "미포함"].map { Array($0.utf8) }
    /// Before the word: `no`, `without`.
    static let before: [[UInt8]] = ["no", "without"].map { Array($0.utf8) }

    /// Whether the bytes of a word at `start..<end` of `text` are denied by the words around them (spaces between
    /// them are passed over).
    static func denies(_ text: [UInt8], start: Int, end: Int) -> Bool {
        var next = end
        while next < text.count, text[next] == 0x20 || text[next] == 0x09 || text[next] == UInt8(ascii: ":") {
            next += 1
        }
        // `x` alone (`에어컨 x2` is two of them, `xl` a word).
        if next < text.count, text[next] == UInt8(ascii: "x"),
            next + 1 >= text.count || !(isLetter(text[next + 1]) || isDigit(text[next + 1]))
        {
            return true
        }
        if after.contains(where: { text[next...].starts(with: $0) }) { return true }
        var previous = start
        while previous > 0, text[previous - 1] == 0x20 || text[previous - 1] == 0x09 { previous -= 1 }
        return before.contains { word in
            guard previous >= word.count, text[(previous - word.count)..<previous].elementsEqual(word) else {
                return false
            }
            let first = previous - word.count
            return first == 0 || !isLetter(text[first - 1])
        }
    }

    /// Whether every occurrence of `word` in `text` is denied (false when it does not occur).
    static func deniesEvery(_ word: [UInt8], in text: [UInt8]) -> Bool {
        guard !word.isEmpty, text.count >= word.count else { return false }
        var found = false
        var index = 0
        while index <= text.count - word.count {
            if text[index] == word[0], text[index..<(index + word.count)].elementsEqual(word) {
                if !denies(text, start: index, end: index + word.count) { return false }
                found = true
                index += word.count
            } else {
                index += 1
            }
        }
        return found
    }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
