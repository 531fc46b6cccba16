import Crypto
import Foundation

/// A speaker's credential: `ROOM.EXPIRY.HMAC`, where HMAC is HMAC-SHA256 of `ROOM.EXPIRY` under
/// the server's secret (hex). Listeners need none; a speaker without a valid, unexpired token for
/// its room gets REJECT(bad-token) and loses only its own connection.
public enum SpeakerToken {
    /// Mints a token for `room` valid until `expiry` (Unix seconds).
    public static func mint(secret: String, room: UInt32, expiry: UInt64) -> String {
        let message = "\(room).\(expiry)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return message + "." + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `token` is valid for `room` at `now` (Unix seconds) under `secret`; the MAC is
    /// compared in constant time.
    public static func verify(_ token: [UInt8], secret: String, room: UInt32, now: UInt64) -> Bool {
        guard token.count < 256, let text = String(bytes: token, encoding: .utf8) else { return false }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, UInt32(parts[0]) == room, let expiry = UInt64(parts[1]), expiry >= now,
              let mac = hexBytes(parts[2]), mac.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data("\(parts[0]).\(parts[1])".utf8),
                                                      using: SymmetricKey(data: Data(secret.utf8)))
    }

    private static func hexBytes(_ s: Substring) -> [UInt8]? {
        guard s.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            guard let b = UInt8(s[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }
}
