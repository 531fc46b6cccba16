/// A single-range `Range: bytes=…` request header, as CDN edges and players send it for
/// segments and parts (RFC 9110 14.1.2): `first-last`, `first-` or the suffix `-length`.
/// Several ranges, another unit or bad syntax are not a `HTTPByteRange`: the server ignores
/// such a header and answers 200 with the whole body, as RFC 9110 allows.
enum HTTPByteRange: Equatable {
    case from(first: Int, last: Int?)
    case suffix(length: Int)

    /// Parses the header's value; nil when the server should ignore it.
    init?(headerValue: Substring) {
        let value = headerValue.trimmingBlanks
        guard value.hasPrefix("bytes="), !value.contains(",") else { return nil }
        let spec = value.dropFirst("bytes=".count)
        guard let dash = spec.firstIndex(of: "-") else { return nil }
        let firstText = spec[..<dash].trimmingBlanks, lastText = spec[spec.index(after: dash)...].trimmingBlanks
        if firstText.isEmpty {
            guard let length = Self.number(lastText) else { return nil }
            self = .suffix(length: length)
            return
        }
        guard let first = Self.number(firstText) else { return nil }
        if lastText.isEmpty {
            self = .from(first: first, last: nil)
            return
        }
        guard let last = Self.number(lastText), last >= first else { return nil }
        self = .from(first: first, last: last)
    }

    /// The bytes this asks of a body of `length` bytes, or nil when none of them exist (416).
    func resolved(length: Int) -> ClosedRange<Int>? {
        switch self {
        case .from(let first, let last):
            guard first < length else { return nil }
            return first...min(last ?? (length - 1), length - 1)
        case .suffix(let suffix):
            guard suffix > 0, length > 0 else { return nil }
            return max(0, length - suffix)...(length - 1)
        }
    }

    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
