// swift-tools-version:6.2
import PackageDescription

// The micro-benchmarks (ordo-one/benchmark), a package of their own so that building and testing the app never
// builds them: `swift package --package-path Benchmarks benchmark --target ExtractionBenchmarks` (or
// scripts/bench-all, which runs every benchmark of docs/PERFORMANCE.md and writes its table).
let package = Package(
    name: "listingdesk-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "listingdesk", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ExtractionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ListingCore", package: "listingdesk"),
                .product(name: "Extraction", package: "listingdesk"),
            ],
            path: "ExtractionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same workloads in a plain loop, for perf and callgrind.
        .executableTarget(
            name: "ProfileLoop",
            dependencies: [
                .product(name: "ListingCore", package: "listingdesk"),
                .product(name: "Extraction", package: "listingdesk"),
            ],
            path: "ProfileLoop"
        ),
    ]
)
