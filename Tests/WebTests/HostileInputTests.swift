import Extraction
import Foundation
import HummingbirdTesting
import ListingCore
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// Requests an attacker (or an unlucky paste) sends: none may crash the process or lose what was typed.
@Suite struct HostileInputTests {
    @Test(arguments: [
        "아파트 매매 5억 공급 1000000000000000000000평",
        "원룸 월세 보증금 500/월 40 전용 99999999999999999999㎡",
        "아파트 매매 5억 전용 1e400㎡ 공급 -99999999999999999999999평",
    ])
    func anAreaTooLargeForAnyNumberIsRefusedNotACrash(_ text: String) async throws {
        try await withApp { client, _ in
            let extracted = try await client.execute(
                uri: "/api/v1/extract", method: .post, headers: jsonHeaders, body: json(["text": text]))
            #expect(extracted.status == .ok)
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", text)]))
            #expect(pasted.status == .seeOther)
        }
    }

    @Test func aPatchedAreaTooLargeIsA422() async throws {
        try await withApp { client, _ in
            let created = try decode(
                try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": "월세 500/45 원룸"])))
            let id = try #require(created["id"] as? Int)
            for value in [1e18, 1e300, -5.0] {
                let answer = try await client.execute(
                    uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                    body: json(["version": 1, "fields": ["area_m2": value]]))
                #expect(answer.status == .unprocessableContent, "\(value)")
            }
        }
    }

    @Test func aValueOfTheWrongJSONTypeIsRefusedByItsField() async throws {
        try await withApp { client, _ in
            let created = try decode(
                try await client.execute(
                    uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": "월세 500/45 원룸"])))
            let id = try #require(created["id"] as? Int)
            let samples: [(String, Any)] = [
                ("title", ["a": 1]), ("title", [1, 2]), ("options", [["x": 1]]), ("location", true), ("parking", 3),
            ]
            for (field, value) in samples {
                let answer = try await client.execute(
                    uri: "/api/v1/listings/\(id)", method: .patch, headers: jsonHeaders,
                    body: json(["version": 1, "fields": [field: value]]))
                #expect(answer.status == .unprocessableContent, "\(field): \(value)")
                let errors = try decode(answer)["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == field }, "\(field): \(errors)")
            }
        }
    }

    @Test func formattingAnyDecimalNeverTraps() {
        for value in [1e18, 1e300, -1e300, .infinity, -.infinity, .nan, 9.2e17, -0.04, 0.05, 84.95] {
            _ = FieldValue.format(decimal: value)
        }
        #expect(FieldValue.format(decimal: 84.95) == "85.0" || FieldValue.format(decimal: 84.95) == "84.9")
        #expect(FieldValue.format(decimal: 82.6) == "82.6")
        #expect(FieldValue.format(decimal: -0.04) == "0.0" || FieldValue.format(decimal: -0.04) == "-0.0")
    }
}

/// The paste limit counts what costs: Unicode scalars, after composing (NFC).
@Suite struct PasteLimitTests {
    /// The fast path that skips Foundation's normalisation is taken only where NFC would change nothing: every
    /// scalar of its ranges, alone and beside each other, and their edges' neighbours, which are normalised.
    @Test func textsTakenAsComposedAreComposed() {
        var fuzz = Fuzz()
        let edges: [UInt32] = [
            0x2FF, 0x300, 0x301, 0x3130, 0x3131, 0x318E, 0x318F, 0x1100, 0x1161, 0x11A8, 0x4DFF, 0x4E00, 0x9FFF, 0xA000,
            0xABFF, 0xAC00, 0xD7A3, 0xD7A4, 0xFF00, 0xFF01, 0xFF60, 0xFF61, 0x1F2FF, 0x1F300, 0x1FAFF, 0x212B, 0x2126,
            0xF900, 0x41, 0xC5, 0x3000, 0x302A,
        ]
        var fast = 0
        for _ in 0..<Fuzz.count {
            var text = String.UnicodeScalarView()
            for _ in 0..<(1 + fuzz.int(below: 6)) {
                let value: UInt32 =
                    fuzz.int(below: 3) == 0
                    ? edges[fuzz.int(below: edges.count)]
                    : [0x41, 0xAC00, 0x3131, 0x4E00, 0xFF01, 0x1F300, 0xC0][fuzz.int(below: 7)]
                        + UInt32(fuzz.int(below: 0x60))
                if let scalar = Unicode.Scalar(value) { text.append(scalar) }
            }
            let string = String(text)
            if TextInput.isSurelyNFC(string) {
                fast += 1
                #expect(
                    string.unicodeScalars.elementsEqual(string.precomposedStringWithCanonicalMapping.unicodeScalars),
                    "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(fast > 0)
        #expect(!TextInput.isSurelyNFC("e\u{301}") && !TextInput.isSurelyNFC("\u{1100}\u{1161}"))
    }

    @Test func combiningMarksCountForWhatTheyCost() async throws {
        try await withApp { client, repository in
            // 450,000 combining marks on one letter: one grapheme, 900 KB.
            let flood = "a" + String(repeating: "\u{301}", count: 450_000)
            let answer = try await client.execute(
                uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": flood]))
            #expect(answer.status == .contentTooLarge)
            #expect(try await repository.list(.init(), limit: 5, before: nil).items.isEmpty)
        }
    }

    @Test func aDecomposedKoreanPasteIsComposedBeforeItIsCountedReadAndStored() async throws {
        try await withApp { client, repository in
            let composed = "원룸 월세 보증금 500 / 월세 45, 관리비 5만원"
            let decomposed = composed.decomposedStringWithCanonicalMapping
            #expect(decomposed.unicodeScalars.count > composed.unicodeScalars.count)
            let answer = try await client.execute(
                uri: "/api/v1/listings", method: .post, headers: jsonHeaders, body: json(["text": decomposed]))
            #expect(answer.status == .created)
            let fields = try #require(try decode(answer)["fields"] as? [String: Any])
            #expect(fields["deposit"] as? Int == 5_000_000)
            #expect(fields["monthly_rent"] as? Int == 450_000)
            let stored = try #require(try await repository.list(.init(), limit: 1, before: nil).items.first)
            #expect(stored.sourceText.unicodeScalars.elementsEqual(composed.unicodeScalars))

            // At the limit once composed, though its decomposed form is longer.
            let long = String(repeating: "가", count: TextInput.maxCharacters - 20) + " 원룸 월세 500/45"
            let longAnswer = try await client.execute(
                uri: "/api/v1/extract", method: .post, headers: jsonHeaders,
                body: json(["text": long.decomposedStringWithCanonicalMapping]))
            #expect(longAnswer.status == .ok)
        }
    }
}

/// Smaller findings of the attack run, each pinned.
@Suite struct SmallFindingTests {
    @Test func aRefusedFormSaveShowsEachMessageOnce() async throws {
        try await withApp { client, repository in
            let pasted = try await client.execute(
                uri: "/listings", method: .post, headers: formHeaders, body: form([("text", "월세 500/45 원룸 3/5층")]))
            let id = try #require(listingID(pasted))
            let stored = try #require(try await repository.find(id: Int64(id)))
            let answer = try await client.execute(
                uri: "/listings/\(id)", method: .post, headers: formHeaders,
                body: form(formFields(of: stored, changing: ["floor": "abc"])))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.components(separatedBy: "“abc” is not a whole number.").count == 2, "once")
        }
    }

    @Test func emojiLeaveNoJoinersOrSelectorsInATitle() {
        let reply = RuleExtractor.reply(
            for: "👨‍👩‍👧 가족용 🏳️‍🌈 투룸 1️⃣ 월세\n보증금 500 / 월세 45", pastedOn: LocalDate(year: 2026, month: 11, day: 20)!)
        let title = ReplyParser.parse(reply).fields.first { $0.name == .title }?.value ?? ""
        #expect(title == "가족용 투룸 1 월세")
        for glue: Unicode.Scalar in ["\u{200D}", "\u{FE0F}", "\u{20E3}"] {
            #expect(!title.unicodeScalars.contains(glue), "\(title.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func aSemicolonInACSVCellIsQuoted() {
        #expect(CSVExport.quote("에어컨; 냉장고") == "\"에어컨; 냉장고\"")
        #expect(CSVExport.quote("plain") == "plain")
    }
}
