import Foundation

/// What a pasted text is: the result of the classification step (docs/FIELDS.md, "Kinds").
public enum ListingKind: String, CaseIterable, Codable, Sendable, Hashable {
    case realEstate = "real_estate"
    case secondHand = "second_hand"
    case notListing = "not_listing"

    /// Reads a kind the way a model or a person might write it: `real_estate`, `Real Estate`, `부동산`, `중고`.
    public init?(loose text: String) {
        let key = text.lowercased()
            .replacingOccurrences(of: "-", with: "_")
            .replacingOccurrences(of: " ", with: "_")
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "`'\".")))
        switch key {
        case "real_estate", "realestate", "real_estate_listing", "property", "부동산", "housing", "rental", "rent":
            self = .realEstate
        case "second_hand", "secondhand", "used", "used_goods", "goods", "item", "중고", "중고거래", "second_hand_goods":
            self = .secondHand
        case "not_listing", "notlisting", "not_a_listing", "none", "other", "non_listing", "no_listing":
            self = .notListing
        default:
            return nil
        }
    }

    /// A short human label in English.
    public var label: String {
        switch self {
        case .realEstate: "Real estate"
        case .secondHand: "Second-hand item"
        case .notListing: "Not a listing"
        }
    }
}
