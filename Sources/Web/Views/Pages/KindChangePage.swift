import ListingCore
import Storage

/// Asked before a kind change drops values: which ones would go, with a button to change the kind anyway and a
/// link back that keeps everything.
struct KindChangePage: PageView {
    static let template = "kind-change"

    struct Dropped: Sendable {
        let label: String
        let value: String
    }

    let site = SiteLinks()
    let title: String
    let fromLabel: String
    let toLabel: String
    let kind: String
    let version: Int
    let action: String
    let back: String
    let dropped: [Dropped]
    let formToken: String

    init(_ listing: Listing, to kind: ListingKind, dropping names: [FieldName], version: Int, formToken: String) {
        title = "Change the kind of listing #\(listing.id)?"
        fromLabel = listing.kind.label
        toLabel = kind.label
        self.kind = kind.rawValue
        self.version = version
        action = SiteURL.kind(.value(listing.id)).path
        back = SiteURL.review(.value(listing.id)).path
        let currency = listing.fields[.currency]?.textValue ?? "KRW"
        dropped = names.compactMap { name in
            guard let spec = FieldSchema.spec(name, in: listing.kind), let value = listing.fields[name] else {
                return nil
            }
            return Dropped(label: spec.label, value: Formatting.value(value, spec: spec, currency: currency))
        }
        self.formToken = formToken
    }
}
