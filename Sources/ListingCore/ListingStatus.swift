/// Where a listing is in its life: a paste still being read, a draft being corrected, published, or a rejected
/// (not-a-listing) paste kept with its reason.
public enum ListingStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// Stored, and its extraction not finished yet: nobody may save over it until the draft is there.
    case extracting
    case draft
    case published
    case rejected

    /// A new paste: kept as `rejected` when it is not a listing, a `draft` otherwise.
    public static func initial(for kind: ListingKind) -> ListingStatus {
        kind == .notListing ? .rejected : .draft
    }

    /// The status after a save: a not-a-listing is rejected whatever it was; a published listing stays published
    /// (a correction does not take it down); a draft becomes published when the person publishes.
    public func afterSave(as kind: ListingKind, publishing: Bool) -> ListingStatus {
        if kind == .notListing { return .rejected }
        return publishing || self == .published ? .published : .draft
    }
}
