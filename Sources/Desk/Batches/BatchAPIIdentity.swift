import Foundation

/// What names one remote batch of this installation at the Batch API: the installation's id (made once with the
/// schema, migrations/0018) and the remote batch row's own random token. Two installations on one API key number
/// their rows and listings alike from 1, and a restored copy of a database keeps its installation id; the pair
/// tells them apart. A batch is ours only when its metadata carries both, an answer only when its `custom_id` does.
struct BatchAPIIdentity: Sendable, Hashable {
    let installation: UUID
    let token: UUID

    static let batchKey = "listingdesk_batch"
    static let remoteKey = "listingdesk_remote"
    static let installationKey = "listingdesk_installation"
    static let tokenKey = "listingdesk_token"

    /// The metadata of the remote batch made for row `remoteID` of batch `batchID` (the provider allows 16 keys of
    /// 64 characters, values of 512).
    func metadata(batchID: Int64, remoteID: Int64) -> [String: String] {
        [
            Self.batchKey: "\(batchID)", Self.remoteKey: "\(remoteID)",
            Self.installationKey: installation.uuidString.lowercased(), Self.tokenKey: token.uuidString.lowercased(),
        ]
    }

    /// Whether a batch's metadata says this installation made it for row `remoteID`.
    func owns(_ metadata: [String: String]?, remoteID: Int64) -> Bool {
        guard let metadata else { return false }
        return metadata[Self.remoteKey] == "\(remoteID)"
            && metadata[Self.installationKey]?.lowercased() == installation.uuidString.lowercased()
            && metadata[Self.tokenKey]?.lowercased() == token.uuidString.lowercased()
    }

    /// The `custom_id` of a listing's request: `ld_`, 12 hex digits of the installation, 16 of the token, the
    /// listing's id (at most 64 characters of letters, digits and `_`, what every Batch API accepts).
    func customID(listingID: Int64) -> String {
        "ld_\(Self.hex(installation).prefix(12))_\(Self.hex(token).prefix(16))_\(listingID)"
    }

    /// The `custom_id` of a batch sent before requests carried the identity (no token in its metadata).
    static func legacyCustomID(listingID: Int64) -> String { "listing-\(listingID)" }

    static func hex(_ uuid: UUID) -> String {
        uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
