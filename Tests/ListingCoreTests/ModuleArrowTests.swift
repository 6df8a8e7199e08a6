import Foundation
import Testing

/// The arrows of docs/ARCHITECTURE.md, checked against every `import` under `Sources/`: a module may import only the
/// modules of ours listed for it, so the arrows stay one-way and the pure core stays pure.
@Suite struct ModuleArrowTests {
    static let allowed: [String: Set<String>] = [
        "ListingCore": [],
        "CLibPQ": [],
        "LLM": ["ListingCore"],
        "Extraction": ["ListingCore", "LLM"],
        "Storage": ["ListingCore", "CLibPQ"],
        "Evaluation": ["ListingCore"],
        "Simulator": ["ListingCore", "Extraction", "LLM"],
        "Desk": ["ListingCore", "Extraction", "LLM", "Storage", "Evaluation"],
        "Web": ["ListingCore", "Extraction", "LLM", "Storage", "Evaluation", "Desk"],
        "TestSupport": ["ListingCore", "Storage", "Evaluation", "LLM", "Simulator"],
        "listingdesk": ["ListingCore", "LLM", "Extraction", "Storage", "Evaluation", "Simulator", "Desk", "Web"],
    ]

    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    @Test func everyImportOfOursFollowsAnArrow() throws {
        let ours = Set(Self.allowed.keys)
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
        #expect(Set(modules) == ours, "a module was added or removed: draw it in docs/ARCHITECTURE.md and here")
        for module in modules {
            let folder = Self.sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                        words[..<index].allSatisfy({ ["@testable", "public", "internal", "package"].contains($0) })
                    else { continue }
                    let imported = String(words[index + 1])
                    guard ours.contains(imported) else { continue }
                    #expect(Self.allowed[module]?.contains(imported) == true, "\(module)/\(file) imports \(imported)")
                }
            }
        }
    }

    /// The commands work through the application module (`Desk`); only `serve` needs the web.
    @Test func onlyServeImportsTheWeb() throws {
        let folder = Self.sources.appendingPathComponent("listingdesk")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.contains("Serve.swift"))
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let importsWeb = text.split(separator: "\n").contains { $0.hasSuffix("import Web") }
            #expect(importsWeb == (file == "Serve.swift"), "listingdesk/\(file) imports Web: \(importsWeb)")
        }
    }
}
