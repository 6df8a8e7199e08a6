import Foundation

/// What reading one raw value as a field gave.
public enum Normalized: Sendable, Hashable {
    /// A canonical value; `wasCanonical` is false when the raw text was written the human way (`50만원`).
    case value(FieldValue, wasCanonical: Bool)
    /// The text says nothing (`N/A`, `없음`, empty).
    case absent
    /// The text cannot be read as this field; the message says why, for the person.
    case invalid(String)
}

/// The context a value is read in.
public struct NormalizationContext: Sendable {
    /// The day the listing was pasted, to resolve `12월 1일`.
    public var pastedOn: LocalDate
    /// The scale of a money figure written with no unit (1 for canonical replies and forms, 10 000 for 만원 quotes).
    public var bareMoneyUnit: Int

    public init(pastedOn: LocalDate, bareMoneyUnit: Int = 1) {
        self.pastedOn = pastedOn
        self.bareMoneyUnit = bareMoneyUnit
    }
}

/// Turns a human- or model-written value into the canonical value of a field (docs/FIELDS.md types and units).
public enum ValueNormalizer {
    public static func normalize(_ raw: String, as spec: FieldSpec, context: NormalizationContext) -> Normalized {
        let trimmed = TextNormalization.singleLine(raw)
        if TextNormalization.isAbsentMarker(trimmed) { return .absent }
        switch spec.type {
        case .text(_, let storageLimit):
            // A long title is the validator's business (flagged, never cut silently here); one too long to store is
            // not a value at all.
            if let problem = textProblem(trimmed, storageLimit: storageLimit) { return .invalid(problem) }
            return .value(.text(trimmed), wasCanonical: trimmed == raw)
        case .enumeration(let values):
            if values.contains(trimmed) { return .value(.text(trimmed), wasCanonical: true) }
            if let value = Synonyms.canonical(trimmed, field: spec.name) {
                return .value(.text(value), wasCanonical: false)
            }
            return .invalid("“\(trimmed)” is not one of: \(values.joined(separator: ", ")).")
        case .currency:
            if trimmed.count == 3, trimmed.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                return .value(.text(trimmed), wasCanonical: true)
            }
            if let code = Synonyms.canonical(trimmed, field: .currency) {
                return .value(.text(code), wasCanonical: false)
            }
            return .invalid("“\(trimmed)” is not a currency code such as KRW or USD.")
        case .money:
            if let number = Int(trimmed), number >= 0 { return .value(.integer(number), wasCanonical: true) }
            guard let money = MoneyParser.parse(trimmed, bareUnit: context.bareMoneyUnit) else {
                return .invalid("“\(trimmed)” is not an amount of money.")
            }
            guard FieldSchema.moneyBounds.contains(money.amount) else {
                return .invalid("\(money.amount) is outside what an amount can be.")
            }
            return .value(.integer(money.amount), wasCanonical: false)
        case .area:
            if let number = Double(trimmed), number.isFinite {
                let rounded = MeasureParser.roundedToTenth(number)
                guard FieldSchema.areaBounds.contains(rounded) else {
                    return .invalid("\(trimmed) m² is not a possible area.")
                }
                return .value(.decimal(rounded), wasCanonical: true)
            }
            guard let metres = MeasureParser.area(trimmed), FieldSchema.areaBounds.contains(metres) else {
                return .invalid("“\(trimmed)” is not an area (use m², 평 or sq ft).")
            }
            return .value(.decimal(metres), wasCanonical: false)
        case .integer(let bounds):
            let number: Int?
            var canonical = false
            if let exact = Int(trimmed) {
                number = exact
                canonical = true
            } else if spec.name == .floor || spec.name == .totalFloors {
                let parsed = MeasureParser.floor(trimmed)
                number = spec.name == .floor ? parsed?.floor : (parsed?.total ?? parsed?.floor)
            } else {
                number = MeasureParser.count(trimmed)
            }
            guard let number else { return .invalid("“\(trimmed)” is not a whole number.") }
            guard bounds.contains(number) else {
                return .invalid("\(number) is outside \(bounds.lowerBound)…\(bounds.upperBound).")
            }
            return .value(.integer(number), wasCanonical: canonical)
        case .halves(let bounds):
            let canonical = Double(trimmed)
            guard let number = canonical ?? MeasureParser.halves(trimmed), number.isFinite else {
                return .invalid("“\(trimmed)” is not a number of bathrooms (halves allowed: 1.5).")
            }
            if let problem = halvesProblem(number, bounds: bounds) { return .invalid(problem) }
            return .value(.decimal(number), wasCanonical: canonical != nil)
        case .boolean:
            if trimmed == "true" { return .value(.boolean(true), wasCanonical: true) }
            if trimmed == "false" { return .value(.boolean(false), wasCanonical: true) }
            guard let flag = MeasureParser.boolean(trimmed) else {
                return .invalid("“\(trimmed)” is not yes or no.")
            }
            return .value(.boolean(flag), wasCanonical: false)
        case .availability:
            if isAvailability(trimmed) {
                return .value(.text(trimmed), wasCanonical: true)
            }
            guard let value = MeasureParser.availability(trimmed, pastedOn: context.pastedOn) else {
                return .invalid("“\(trimmed)” is not a date (YYYY-MM-DD), “immediate” or “negotiable”.")
            }
            return .value(.text(value), wasCanonical: value == trimmed)
        case .options:
            let (values, unknown) = Synonyms.options(trimmed)
            if !unknown.isEmpty && values.isEmpty {
                return .invalid("Not known options: \(unknown.joined(separator: ", ")).")
            }
            if values.isEmpty { return .absent }
            let canonical = unknown.isEmpty && values.joined(separator: ", ") == trimmed
            return .value(.list(values), wasCanonical: canonical)
        }
    }

    /// The shapes `available_from` takes: a real day `YYYY-MM-DD`, a month `YYYY-MM`, `immediate` or `negotiable`.
    public static func isAvailability(_ text: String) -> Bool {
        text == "immediate" || text == "negotiable" || LocalDate(iso: text) != nil
            || (text.utf8.count == 7 && LocalDate(iso: text + "-01") != nil)
    }

    /// What makes a number no count in halves within the bounds (`1.25`, `-1`, `1001`).
    static func halvesProblem(_ number: Double, bounds: ClosedRange<Int>) -> String? {
        guard number.isFinite, (number * 2).rounded() == number * 2 else {
            return "\(number) is not a count in halves (1, 1.5, 2…)."
        }
        guard number >= Double(bounds.lowerBound), number <= Double(bounds.upperBound) else {
            return "\(FieldValue.format(decimal: number)) is outside \(bounds.lowerBound)…\(bounds.upperBound)."
        }
        return nil
    }

    /// What stops a text from being stored: NUL (no PostgreSQL text holds it) or more code points than the column's
    /// limit.
    static func textProblem(_ text: String, storageLimit: Int) -> String? {
        if text.unicodeScalars.contains("\u{0}") { return "The text contains a NUL character." }
        let length = text.unicodeScalars.count
        return length > storageLimit ? "Too long to keep: \(length) characters, at most \(storageLimit)." : nil
    }

    /// Checks a value that arrived already typed (from JSON or the database) against the field's type.
    public static func check(_ value: FieldValue, as spec: FieldSpec) -> String? {
        switch (spec.type, value) {
        case (.text(_, let storageLimit), .text(let text)):
            return textProblem(text, storageLimit: storageLimit)
        case (.availability, .text(let text)):
            return isAvailability(text)
                ? nil : "“\(text)” is not a date (YYYY-MM-DD or YYYY-MM), “immediate” or “negotiable”."
        case (.enumeration(let values), .text(let text)):
            return values.contains(text) ? nil : "“\(text)” is not one of: \(values.joined(separator: ", "))."
        case (.currency, .text(let text)):
            return text.count == 3 && text.allSatisfy({ $0.isASCII && $0.isUppercase }) ? nil : "Not a currency code."
        case (.money, .integer(let number)):
            return FieldSchema.moneyBounds.contains(number) ? nil : "\(number) is not a possible amount."
        case (.area, .decimal(let number)):
            return FieldSchema.areaBounds.contains(number) ? nil : "\(number) m² is not a possible area."
        case (.integer(let bounds), .integer(let number)):
            return bounds.contains(number) ? nil : "\(number) is outside \(bounds.lowerBound)…\(bounds.upperBound)."
        case (.halves(let bounds), .decimal(let number)):
            return halvesProblem(number, bounds: bounds)
        case (.boolean, .boolean):
            return nil
        case (.options(let allowed), .list(let items)):
            let unknown = items.filter { !allowed.contains($0) }
            return unknown.isEmpty ? nil : "Not known options: \(unknown.joined(separator: ", "))."
        default:
            return "Wrong type of value for \(spec.name)."
        }
    }
}
