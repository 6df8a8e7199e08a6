/// What an account may do beyond its own listings: an admin sees and changes every listing, invites and disables
/// accounts, and reads the operator's pages (usage, evaluations).
public enum AccountRole: String, CaseIterable, Codable, Sendable, Hashable {
    case admin
    case member
}

/// Who asks: nobody signed in, an account with its role, or an operator's command run on the server's machine
/// (`listingdesk import`), which may do what an admin may.
public enum Requester: Sendable, Hashable {
    case anonymous
    case account(id: Int64, role: AccountRole)
    case operatorCommand

    public var accountID: Int64? {
        if case .account(let id, _) = self { return id }
        return nil
    }

    /// An admin, or an operator's command.
    public var isAdmin: Bool {
        switch self {
        case .account(_, .admin), .operatorCommand: true
        case .account(_, .member), .anonymous: false
        }
    }
}

/// Which listings a list, a search, an export or a dashboard covers.
public enum ListingScope: Sendable, Hashable {
    /// Every listing (an admin, or an operator's command).
    case everything
    /// The account's own listings, whatever their status, and every published one.
    case ownOrPublished(accountID: Int64)
    /// The account's own listings only.
    case own(accountID: Int64)
    /// Published listings only (nobody signed in, when the operator opens them to anyone).
    case published
    /// Nothing at all.
    case nothing
}

/// The rules of access, in one place: a draft is its owner's (and the admins'); a published listing is seen by
/// every signed-in account, and by anyone when `publishedOpenToAnyone`; only its owner or an admin changes a listing.
/// A listing with no owner (pasted before accounts existed, or imported by an operator) is the admins'.
public struct AccessRules: Sendable, Hashable {
    public var publishedOpenToAnyone: Bool

    public init(publishedOpenToAnyone: Bool = false) {
        self.publishedOpenToAnyone = publishedOpenToAnyone
    }

    public func maySee(owner: Int64?, status: ListingStatus, as requester: Requester) -> Bool {
        if mayChange(owner: owner, as: requester) { return true }
        guard status == .published else { return false }
        return requester != .anonymous || publishedOpenToAnyone
    }

    /// Correct, publish, unpublish, change the kind, delete; and for a batch: cancel, retry.
    public func mayChange(owner: Int64?, as requester: Requester) -> Bool {
        switch requester {
        case .anonymous: false
        case .account(_, .admin), .operatorCommand: true
        case .account(let id, .member): owner == id
        }
    }

    /// The listings a list or an export shows this requester.
    public func scope(for requester: Requester) -> ListingScope {
        switch requester {
        case .anonymous: publishedOpenToAnyone ? .published : .nothing
        case .account(_, .admin), .operatorCommand: .everything
        case .account(let id, .member): .ownOrPublished(accountID: id)
        }
    }

    /// The listings whose corrections and batches are this requester's to look at: their own (an admin: all).
    public func ownScope(for requester: Requester) -> ListingScope {
        switch requester {
        case .anonymous: .nothing
        case .account(_, .admin), .operatorCommand: .everything
        case .account(let id, .member): .own(accountID: id)
        }
    }

    /// Whether a listing falls in a scope (the same test the database makes for lists and exports).
    public static func contains(_ scope: ListingScope, owner: Int64?, status: ListingStatus) -> Bool {
        switch scope {
        case .everything: true
        case .ownOrPublished(let id): owner == id || status == .published
        case .own(let id): owner == id
        case .published: status == .published
        case .nothing: false
        }
    }
}
