import Crypto
import Testing

@testable import Storage

/// A prompt's system part is cut at the first user message on bytes, and keyed by its own SHA-256: two system parts
/// are never given one key, however alike, whatever the cache of recent digests holds.
@Suite struct SharedPromptTests {
    func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func eachSystemPartIsCutAtTheFirstUserMessageAndKeyedByItsOwnDigest() throws {
        let systems = ["[system]\n매물을 읽는다 🏠", "[system]\n매물을 읽는다 🏡", "[system]\nYou read listings.", "[system]\n"]
        for round in 0..<3 {
            for (index, system) in systems.enumerated() {
                let own = "\n\n[user]\n<listing>월세 500/\(round)</listing>\n\n[user]\nagain"
                let part = try #require(SharedPrompt(system + own), "prompt \(index)")
                #expect(part.text == system)
                #expect(part.own == own)
                #expect(part.digest == sha256(system), "prompt \(index), round \(round)")
            }
        }
        #expect(SharedPrompt("[user]\nno system part") == nil)
        #expect(SharedPrompt("[system]\nno user part") == nil)
        #expect(SharedPrompt("") == nil)
    }
}
