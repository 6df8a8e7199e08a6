/// Where a listing is in its life: a draft being corrected, published, or a rejected (not-a-listing) paste kept with its reason.
public enum ListingStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case draft
    case published
    case rejected
}
