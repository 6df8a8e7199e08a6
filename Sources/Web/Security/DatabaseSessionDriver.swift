import Foundation
import Hummingbird
import Storage

/// The store behind hummingbird-auth's `SessionStorage`: sessions in PostgreSQL (`Accounts`), so that they outlive
/// a restart and are shared by every instance. The database keeps each session id's SHA-256, never the id.
struct DatabaseSessionDriver: PersistDriver {
    let accounts: any Accounts

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await accounts.storeSession(id: key, json: try Self.json(value), expiresIn: expires, onlyIfNew: true)
        else { throw PersistError.duplicate }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        _ = try await accounts.storeSession(id: key, json: try Self.json(value), expiresIn: expires, onlyIfNew: false)
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        guard let json = try await accounts.session(id: key) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw PersistError.invalidConversion
        }
    }

    func remove(key: String) async throws {
        try await accounts.removeSession(id: key)
    }

    static func json<Object: Encodable>(_ value: Object) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// What a session holds: the account it signs in.
struct SessionRecord: Codable, Sendable, Hashable {
    var account: Int64
}
