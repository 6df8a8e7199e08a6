import Extraction
import ListingCore
import Testing

/// An option the text says is not there (`세탁기x`, `냉장고 없음`, `no dishwasher`) is no option (issue 22): the
/// offline reader leaves it out, and a reply that lists it is not supported by the text.
@Suite struct NegatedOptionTests {
    let day = LocalDate(year: 2026, month: 11, day: 20)!

    func options(_ text: String) -> String? {
        ReplyParser.parse(RuleExtractor.reply(for: text, pastedOn: day)).fields.first { $0.name == .options }?.value
    }

    @Test func theOfflineReaderLeavesOutWhatTheTextDenies() {
        let read = options("신림 원룸 월세 500/40 3/5층 에어컨o 세탁기x 냉장고 있음 전자레인지 없음") ?? ""
        #expect(read.contains("air_conditioner") && read.contains("refrigerator"), "\(read)")
        #expect(!read.contains("washing_machine") && !read.contains("microwave"), "\(read)")
        let two = options("신림 투룸 월세 1000/70 에어컨 x2, 세탁기 있음") ?? ""
        #expect(two.contains("air_conditioner"), "x2 is two of them: \(two)")
        let english = options("Sunny 1BR apartment $1,450/month, air conditioning, no dishwasher, 2nd floor") ?? ""
        #expect(!english.contains("dishwasher"), "\(english)")
    }

    @Test func aReplyListingADeniedOptionIsNotSupported() throws {
        let text = "신림 원룸 월세 500/40 3/5층 에어컨o 세탁기x 냉장고 있음"
        let spec = try #require(FieldSchema.spec(.options, in: .realEstate))
        let grader = EvidenceGrader(listingText: text)
        let denied = grader.grade(.list(["air_conditioner", "washing_machine"]), spec: spec, evidence: nil).grade
        #expect(denied == .unsupported)
        let quoted = grader.grade(.list(["washing_machine"]), spec: spec, evidence: "세탁기x").grade
        #expect(quoted == .unsupported)
        let fine = grader.grade(.list(["air_conditioner", "refrigerator"]), spec: spec, evidence: nil).grade
        #expect(fine == .stated)
    }
}
