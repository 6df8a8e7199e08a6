import PostgresNIO

/// A statement built piece by piece, as `PostgresQuery`'s interpolation builds one, that also notes the PostgreSQL
/// type of every value it binds, absent ones too. A prepared statement's parameter types are fixed when it is
/// parsed and each later execution's values must match them byte for byte (an `Int64` is 8 bytes of `int8`), so a
/// statement run prepared (`ShapedStatement`) declares the types this builder noted.
struct TypedSQL {
    private(set) var interpolation: PostgresQuery.StringInterpolation
    private(set) var types: [PostgresDataType] = []

    init(literalCapacity: Int, interpolationCount: Int) {
        interpolation = PostgresQuery.StringInterpolation(
            literalCapacity: literalCapacity, interpolationCount: interpolationCount)
        types.reserveCapacity(interpolationCount)
    }

    var query: PostgresQuery { PostgresQuery(stringInterpolation: interpolation) }

    mutating func appendLiteral(_ literal: String) {
        interpolation.appendLiteral(literal)
    }

    /// Text spliced into the statement as it is: only constants of this module, never a value.
    mutating func appendInterpolation(unescaped text: String) {
        interpolation.appendInterpolation(unescaped: text)
    }

    /// A bound value, `$n`, of its Swift type's PostgreSQL type (NULL when absent).
    mutating func appendInterpolation<Value: PostgresNonThrowingEncodable>(_ value: Value?) {
        interpolation.appendInterpolation(value)
        types.append(Value.psqlType)
    }
}
