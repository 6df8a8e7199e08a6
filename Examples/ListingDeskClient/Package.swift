// swift-tools-version:6.2
import PackageDescription

// A client of the ListingDesk JSON API generated from its OpenAPI document (`Public/openapi.json`, linked into the
// target) by swift-openapi-generator when it builds. `scripts/e2e` builds it and runs it against a live server
// (Tests/EndToEnd/test_openapi.py).
let package = Package(
    name: "ListingDeskClient",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession.git", from: "1.4.0"),
    ],
    targets: [
        .executableTarget(
            name: "ListingDeskClient",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        )
    ]
)
