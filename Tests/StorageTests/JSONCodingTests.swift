import ListingCore
import Testing

@testable import Storage

/// A paste's evidence and grades are written by hand as the encoder wrote them (`JSONCoding.object`), byte for byte.
@Suite struct JSONCodingTests {
    @Test func aFieldMapIsWrittenAsTheEncoderWritesIt() throws {
        let awkward = [
            "", "보증금 500/월 45", "\"quoted\" and \\ back", "</listing> =HYPERLINK(\"x\")", "\u{0}\u{1f}\n\r\t\u{8}\u{c}",
            "😀 e\u{301} é", "\u{7f}\u{2028}",
        ]
        var generator = SystemRandomNumberGenerator()
        let names = FieldSchema.realEstate.map(\.name) + FieldSchema.secondHand.map(\.name) + ["x/y", "가격", "B", "a"]
        for round in 0..<500 {
            var members: [FieldName: String] = [:]
            for _ in 0..<(round == 0 ? 0 : Int.random(in: 1...12, using: &generator)) {
                members[names.randomElement(using: &generator)!] = awkward.randomElement(using: &generator)!
            }
            #expect(JSONCoding.object(members) == (try JSONCoding.string(members)), "\(members)")
        }
        let grades: [FieldName: EvidenceGrade] = [.deposit: .stated, .title: .inferred, .rooms: .unsupported]
        #expect(JSONCoding.object(grades) == (try JSONCoding.string(grades)))
    }
}
