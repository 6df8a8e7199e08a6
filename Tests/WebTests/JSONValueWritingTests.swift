import Foundation
import Testing

@testable import Web

/// The answers written by hand are the bytes `JSONEncoder` wrote before (sorted keys, slashes as they are), on
/// made values of every shape and on awkward strings and numbers.
@Suite struct JSONValueWritingTests {
    func encoded(_ value: JSONValue) -> [UInt8]? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { Array($0) }
    }

    @Test func awkwardStringsAndNumbersAreWrittenAsTheEncoderWritesThem() {
        let strings = [
            "", "plain", "\"quoted\"", "back\\slash", "a/b </listing>",
            "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}",
            "\u{7f}\u{80}\u{2028}\u{2029}", "망원동 원룸 월세 500/45", "😀👍🏽", "é vs e\u{301}", "=HYPERLINK(\"x\")",
        ]
        let numbers = [
            0, -0.0, 3.0, 19.8, 0.1, 1e21, 1e-7, 1.2345678901234568e20, 2.5, 1e16, 12_345_678.9, 5e-324,
            .greatestFiniteMagnitude, 100, 1e15, -42.75, 0.30000000000000004,
        ]
        var values: [JSONValue] = strings.map { .string($0) } + numbers.map { .double($0) }
        values += [.int(.min), .int(.max), .int(0), .bool(true), .bool(false), .null, .array([]), .object([:])]
        values.append(.object(Dictionary(uniqueKeysWithValues: strings.enumerated().map { ($1, .int($0)) })))
        for value in values {
            #expect(value.jsonBytes() == encoded(value), "\(value)")
        }
    }

    @Test func madeValuesOfEveryShapeAreWrittenAsTheEncoderWritesThem() {
        var generator = SystemRandomNumberGenerator()
        let words = ["id", "kind", "fields", "a", "B", "a_b", "ab", "가격", "é", "x/y", "\"", "\n", "deposit", ""]
        func made(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .int(Int.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator))
            case 3: return .double(Double.random(in: -1e9...1e9, using: &generator).rounded(.down) / 10)
            case 4: return .string(words.randomElement(using: &generator)! + words.randomElement(using: &generator)!)
            case 5: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in made(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...5, using: &generator) {
                    members[words.randomElement(using: &generator)!] = made(depth + 1)
                }
                return .object(members)
            }
        }
        for _ in 0..<3_000 {
            let value = made(0)
            #expect(value.jsonBytes() == encoded(value), "\(value)")
        }
    }

    @Test func aNumberJSONCannotHoldIsRefusedAsTheEncoderRefusesIt() {
        for number in [Double.nan, .infinity, -.infinity] {
            let value = JSONValue.object(["x": .array([.double(number)])])
            #expect(value.jsonBytes() == nil)
            #expect(encoded(value) == nil)
        }
    }
}
