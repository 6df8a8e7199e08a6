import Crypto
import Foundation

/// Tokens against cross-site form posts, as a signed double-submit: the browser holds a random nonce in an
/// HttpOnly, SameSite=Strict cookie, and every form of ours carries the nonce's HMAC under the server's key. A post
/// is ours when its form token is the HMAC of its cookie's nonce. Another site can make a browser post, but cannot
/// read our pages to learn the token; one that can plant a cookie (a sibling subdomain) still cannot sign it.
public struct FormTokens: Sendable {
    /// The cookie that holds the nonce.
    static let cookieName = "listingdesk_form"
    /// The form field that holds the token.
    static let fieldName = "csrf"

    let key: SymmetricKey

    /// `secret` is the operator's (`LISTINGDESK_SECRET`), so that forms stay valid across restarts and instances;
    /// without one, a random key per process (a form opened before a restart is then refused with a clear message).
    public init(secret: String? = nil) {
        if let secret, !secret.isEmpty {
            key = SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
        } else {
            key = SymmetricKey(size: .bits256)
        }
    }

    /// A new nonce for a browser that has none (or a malformed one).
    static func newNonce() -> String {
        base64URL(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    /// Whether a cookie value looks like a nonce we issue (43 base64url characters).
    static func isNonce(_ value: String) -> Bool {
        value.utf8.count == 43
            && value.utf8.allSatisfy { byte in
                (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 45
                    || byte == 95
            }
    }

    /// The token the forms of a browser holding `nonce` must carry.
    func token(for nonce: String) -> String {
        Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(nonce.utf8), using: key)))
    }

    /// Whether `submitted` is the token for `nonce`, compared in constant time.
    func accepts(_ submitted: String, for nonce: String) -> Bool {
        let expected = Array(token(for: nonce).utf8)
        let given = Array(submitted.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Base64 with `-` and `_` for `+` and `/`, without padding (RFC 4648, section 5).
    static func base64URL(_ data: Data) -> String {
        let bytes = data.base64EncodedString().utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
