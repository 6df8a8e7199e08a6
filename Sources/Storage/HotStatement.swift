import Logging
import PostgresNIO

/// A statement whose text is fixed for a given shape of input (a paste's insert with one run, say), its SQL and
/// parameter types taken once from a sample built by the same code as every execution's.
protocol StatementShape: SendableMetatype {
    /// The statement built for a sample of the shape; an empty text when it could not be built (then nothing
    /// matches it and every execution runs unnamed).
    static var sample: TypedSQL? { get }
}

extension StatementShape {
    static var sql: String { sample?.query.sql ?? "" }
    static var types: [PostgresDataType] { sample?.types ?? [] }
}

/// `Shape`'s statement, prepared once a connection (parsed and planned once, not on every execution), with the
/// values of one execution.
struct ShapedStatement<Shape: StatementShape>: PostgresPreparedStatement {
    /// Short and distinct per shape (PostgreSQL cuts a statement's name at 63 bytes; the default, the type's whole
    /// name, would reach it).
    static var name: String { "shaped." + String(describing: Shape.self) }
    static var sql: String { Shape.sql }
    static var bindingDataTypes: [PostgresDataType] { Shape.types }
    typealias Row = PostgresRow

    var bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A built statement, run prepared as `Shape` when it has that shape's very text and types, else as an unnamed
/// statement (another shape: a re-ask's two runs, say).
struct HotStatement<Shape: StatementShape>: Sendable {
    typealias Rows = AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>

    let query: PostgresQuery
    let prepared: Bool

    init(_ built: TypedSQL) {
        query = built.query
        prepared = built.types == Shape.types && query.sql == Shape.sql
    }

    func rows(on client: PostgresClient, logger: Logger) async throws -> Rows {
        if prepared { return try await client.execute(ShapedStatement<Shape>(bindings: query.binds), logger: logger) }
        return try await client.query(query, logger: logger).map(Self.row)
    }

    func rows(on connection: PostgresConnection, logger: Logger) async throws -> Rows {
        if prepared {
            return try await connection.execute(ShapedStatement<Shape>(bindings: query.binds), logger: logger)
        }
        return try await connection.query(query, logger: logger).map(Self.row)
    }

    /// A row as it is (as a throwing function, so that both ways give the same sequence type).
    @Sendable static func row(_ row: PostgresRow) throws -> PostgresRow { row }
}
