/// Checks a listing's values: plausibility per field, consistency across fields, and the docs/FIELDS.md publishing rules.
public enum ListingValidator {
    /// Problems with the values themselves (implausible, inconsistent, too long). A draft may carry them, but they
    /// block publishing, and a person's save that introduces them is refused.
    public static func validate(kind: ListingKind, fields: [FieldName: FieldValue]) -> [Issue] {
        var issues: [Issue] = []
        let currency = fields[.currency]?.textValue ?? "KRW"
        for spec in FieldSchema.fields(for: kind) {
            guard let value = fields[spec.name] else { continue }
            if let problem = ValueNormalizer.check(value, as: spec) {
                issues.append(Issue(field: spec.name, code: .invalidValue, message: problem))
                continue
            }
            if case .text(let maxLength, _) = spec.type, let text = value.textValue,
                text.unicodeScalars.count > maxLength
            {
                issues.append(
                    Issue(
                        field: spec.name, code: .outOfRange,
                        message: "Keep it to \(maxLength) characters (now \(text.unicodeScalars.count))."))
            }
            if let range = spec.plausible, let number = value.decimalValue {
                let scale = spec.type == .money ? krwPerUnit(currency) : 1
                guard let scale else { continue }
                let inKRW = number * scale
                if !range.contains(inKRW) {
                    issues.append(
                        Issue(field: spec.name, code: .outOfRange, message: implausible(spec, number, currency)))
                }
            }
        }
        for name in fields.keys where FieldSchema.spec(name, in: kind) == nil {
            issues.append(
                Issue(field: name, code: .wrongKindField, message: "Not a field of \(kind.label.lowercased())."))
        }
        if kind == .realEstate {
            if let floor = fields[.floor]?.integerValue, let total = fields[.totalFloors]?.integerValue, floor > total {
                issues.append(
                    Issue(
                        field: .floor, code: .inconsistent, message: "Floor \(floor) is above the top floor (\(total))."
                    ))
            }
            if let area = fields[.areaM2]?.decimalValue, let supply = fields[.supplyAreaM2]?.decimalValue,
                supply + 1 < area
            {
                issues.append(
                    Issue(
                        field: .supplyAreaM2, code: .inconsistent,
                        message: "Supply area (\(supply) m²) is smaller than the exclusive area (\(area) m²)."))
            }
            let deal = fields[.dealType]?.textValue
            if deal == "jeonse", fields[.monthlyRent] != nil {
                issues.append(
                    Issue(field: .monthlyRent, code: .inconsistent, message: "A 전세 (jeonse) deal has no monthly rent."))
            }
            if deal != "sale", deal != nil, fields[.price] != nil {
                issues.append(
                    Issue(field: .price, code: .inconsistent, message: "A sale price belongs to a sale only."))
            }
        }
        return issues
    }

    /// What still stops publishing: the validation problems plus the required fields that are missing.
    public static func publishingIssues(kind: ListingKind, fields: [FieldName: FieldValue]) -> [Issue] {
        var issues = validate(kind: kind, fields: fields).filter(\.blocksPublishing)
        func require(_ name: FieldName, _ why: String) {
            if fields[name] == nil { issues.append(Issue(field: name, code: .missingRequired, message: why)) }
        }
        switch kind {
        case .realEstate:
            require(.dealType, "Say whether it is a sale, 전세, 월세 or short-term let.")
            switch fields[.dealType]?.textValue {
            case "sale": require(.price, "A sale needs its price.")
            case "jeonse": require(.deposit, "A 전세 deal needs its deposit (전세금).")
            case "monthly_rent": require(.monthlyRent, "A monthly rental needs its monthly rent.")
            default: break
            }
        case .secondHand:
            require(.title, "Give the item a title.")
            require(.price, "Give a price (0 for a giveaway).")
        case .notListing:
            issues.append(
                Issue(
                    field: nil, code: .notPublishable,
                    message: "This paste was judged not to be a listing. Change its kind to publish it."))
        }
        return issues
    }

    /// Roughly how many won one unit of a currency is worth, for plausibility checks only; nil for unknown currencies.
    static func krwPerUnit(_ currency: String) -> Double? {
        switch currency {
        case "KRW": 1
        case "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "SGD", "NZD": 1_000
        case "JPY": 10
        case "CNY", "HKD": 150
        default: nil
        }
    }

    static func implausible(_ spec: FieldSpec, _ number: Double, _ currency: String) -> String {
        switch spec.type {
        case .money:
            return "\(Int(number)) \(currency) looks wrong for \(spec.label.lowercased()). Check the units (만원, 억)."
        case .area:
            return "\(FieldValue.format(decimal: number)) m² looks wrong for \(spec.label.lowercased())."
        case .halves:
            return "\(FieldValue.format(decimal: number)) looks wrong for \(spec.label.lowercased())."
        default:
            return "\(Int(number)) looks wrong for \(spec.label.lowercased())."
        }
    }
}
