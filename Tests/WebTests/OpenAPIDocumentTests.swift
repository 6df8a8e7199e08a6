import Extraction
import Foundation
import Hummingbird
import HummingbirdTesting
import ListingCore
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Desk
@testable import Web

/// The OpenAPI document (`Public/openapi.json`) against the code: every route under `/api/v1` described and
/// nothing else, each field of each kind with the type, bounds and values of `FieldSchema`, and the document served
/// as it is to anyone. (Tests/EndToEnd/test_openapi.py validates the server's real answers against it.)
@Suite struct OpenAPIDocumentTests {
    static let path = TestDatabase.projectRoot.appendingPathComponent("Public/openapi.json")

    func document() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: Self.path)) as? [String: Any])
    }

    func schemas() throws -> [String: [String: Any]] {
        let components = try #require(try document()["components"] as? [String: Any])
        return try #require(components["schemas"] as? [String: [String: Any]])
    }

    @Test func everyAPIRouteIsDescribedAndNothingElse() async throws {
        let table = RouteTable()
        let root = TestDatabase.projectRoot
        let configuration = AppConfiguration(
            templatesDirectory: root.appendingPathComponent("templates").path,
            publicDirectory: root.appendingPathComponent("Public").path, worker: nil)
        let database = PostgresClient(
            configuration: .init(host: "127.0.0.1", username: "nobody", password: nil, database: nil, tls: .disable))
        let repository = PostgresListingRepository(client: database, logger: TestDatabase.logger)
        let service = ListingService(
            repository: repository, pipeline: ExtractionPipeline(model: OfflineExtractor(today: { testDay })),
            today: { testDay }, metrics: AppMetrics())
        _ = try buildRouter(
            configuration: configuration, service: service, repository: repository, metrics: AppMetrics(),
            renderer: try await PageRenderer.load(directory: configuration.templatesDirectory), table: table)
        let routed = Set(
            table.routes.filter { $0.path.hasPrefix("/api/") }.map { route in
                route.path.replacingOccurrences(of: ":id", with: "{id}") + " " + route.method.rawValue.lowercased()
            })
        let paths = try #require(try document()["paths"] as? [String: [String: Any]])
        let described = Set(
            paths.flatMap { path, item in item.keys.filter { $0 != "parameters" }.map { "\(path) \($0)" } })
        #expect(routed.count >= 11)
        #expect(
            routed == described,
            "routes not described: \(routed.subtracting(described)); described, not routed: \(described.subtracting(routed))"
        )
    }

    /// What the document says each field's value is, from its spec (the stored bounds: a draft may hold a value
    /// publishing would refuse, flagged).
    static func expected(_ spec: FieldSpec) -> [String: AnyHashable] {
        switch spec.type {
        case .text(_, let storageLimit): ["type": "string", "maxLength": storageLimit]
        case .enumeration(let values): ["type": "string", "enum": values]
        case .money:
            [
                "type": "integer", "minimum": FieldSchema.moneyBounds.lowerBound,
                "maximum": FieldSchema.moneyBounds.upperBound,
            ]
        case .currency: ["type": "string", "pattern": "^[A-Z]{3}$"]
        case .area:
            [
                "type": "number", "minimum": FieldSchema.areaBounds.lowerBound,
                "maximum": FieldSchema.areaBounds.upperBound,
            ]
        case .integer(let range): ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
        case .halves(let range):
            ["type": "number", "minimum": range.lowerBound, "maximum": range.upperBound, "multipleOf": 0.5]
        case .boolean: ["type": "boolean"]
        case .availability: ["type": "string", "pattern": "^([0-9]{4}-[0-9]{2}(-[0-9]{2})?|immediate|negotiable)$"]
        case .options(let values):
            ["type": "array", "items": ["type": "string", "enum": values] as [String: AnyHashable]]
        }
    }

    /// Only the keys the expectation names, as comparable values (JSON numbers as `Double`).
    static func comparable(_ value: Any) -> AnyHashable {
        switch value {
        case let number as Int: Double(number)
        case let number as Double: number
        case let number as NSNumber: number.doubleValue
        case let list as [Any]: list.map(comparable)
        case let object as [String: Any]: object.mapValues(comparable)
        case let text as String: text
        default: "\(value)"
        }
    }

    @Test(arguments: [
        (ListingKind.realEstate, "RealEstateFields"), (.secondHand, "SecondHandFields"),
        (.notListing, "NotListingFields"),
    ])
    func eachKindsFieldsAreFieldSchemas(kind: ListingKind, schemaName: String) throws {
        let schema = try #require(try schemas()[schemaName])
        #expect(schema["additionalProperties"] as? Bool == false)
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        let specs = FieldSchema.fields(for: kind)
        #expect(Set(properties.keys) == Set(specs.map(\.name.rawValue)))
        for spec in specs {
            let described = try #require(properties[spec.name.rawValue], "\(spec.name) described")
            let expected = Self.expected(spec)
            let said = Self.comparable(described.filter { expected.keys.contains($0.key) })
            #expect(said == Self.comparable(expected), "\(schemaName).\(spec.name)")
        }
    }

    @Test func theDocumentIsServedToAnyone() async throws {
        try await withAppAndDatabase(signedIn: false) { client, _, _ in
            let answer = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
            #expect(Data(answer.body.readableBytesView) == (try Data(contentsOf: Self.path)))
        }
    }

    /// The statuses, kinds and values the answers carry, as the code names them.
    @Test func theVocabulariesAreTheCodes() throws {
        let schemas = try schemas()
        let record = try #require(schemas["ListingRecord"]?["properties"] as? [String: [String: Any]])
        #expect(record["status"]?["enum"] as? [String] == ListingStatus.allCases.map(\.rawValue))
        #expect(record["kind"]?["enum"] as? [String] == ListingKind.allCases.map(\.rawValue))
        #expect(
            (record["delivery"]?["enum"] as? [Any])?.compactMap { $0 as? String } == Delivery.allCases.map(\.rawValue))
        let grades = try #require(schemas["Grades"]?["additionalProperties"] as? [String: Any])
        #expect(grades["enum"] as? [String] == EvidenceGrade.allCases.map(\.rawValue))
    }
}
