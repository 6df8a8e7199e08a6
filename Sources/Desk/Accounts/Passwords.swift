import HummingbirdBcrypt
import NIOPosix

/// Passwords: bcrypt (hummingbird-auth's `Bcrypt`) at `cost`, run on NIO's thread pool so that its deliberate
/// slowness never holds up the tasks that serve other requests.
public struct Passwords: Sendable {
    /// The shortest password accepted, in characters.
    public static let minimumLength = 10
    /// bcrypt reads only the first 72 bytes (and a C string stops at NUL): a longer password, or one with NUL, would
    /// be checked by its start alone, so it is refused at sign-up, at sign-in and by the command line alike.
    public static let maximumBytes = 72

    /// log2 of bcrypt's rounds: 12 (about a quarter of a second) in use; the tests use 4, the least there is.
    public let cost: UInt8

    public init(cost: UInt8 = 12) {
        self.cost = min(max(cost, 4), 31)
    }

    /// Why a new password is refused; nil when it is acceptable.
    public static func problem(_ password: String) -> PasswordProblem? {
        if password.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        if password.unicodeScalars.contains(where: { $0.value == 0 }) { return .hasNUL }
        return nil
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of no one's password, checked when an email has no account, so that a sign-in takes as long whether
    /// or not the account exists.
    func decoyHash() async throws -> String {
        try await hash("not anyone's password: \(UInt64.random(in: .min ... .max))")
    }
}

public enum PasswordProblem: Sendable, Hashable {
    case tooShort
    case tooLong
    case hasNUL
}
