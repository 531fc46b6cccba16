import SwarmcastHLS
import Testing

/// The byte comparisons the in-place parsers share.
@Suite struct ASCIIBytesTests {
    func with<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { Array(text.utf8).withUnsafeBufferPointer(body) }

    @Test func comparesWordsPrefixesAndCases() {
        with("Content-Length: 12") { b in
            #expect(ASCIIBytes.hasPrefix(b, at: 0, Array("Content".utf8)) && !ASCIIBytes.hasPrefix(b, at: 10, Array("Length: 123".utf8)))
            #expect(ASCIIBytes.equalsIgnoringCase(b, 0..<14, Array("content-length".utf8)))
            #expect(!ASCIIBytes.equals(b, 0..<14, Array("content-length".utf8)) && ASCIIBytes.equals(b, 16..<18, Array("12".utf8)))
            #expect(!ASCIIBytes.equalsIgnoringCase(b, 0..<13, Array("content-length".utf8)))
        }
    }

    @Test func blanksAreTrimmedAtBothEnds() {
        with(" \t 12 \t") { b in
            #expect(ASCIIBytes.trimmingBlanks(b, 0..<b.count) == 3..<5)
            #expect(ASCIIBytes.trimmingBlanks(b, 0..<3).isEmpty)
        }
    }

    @Test func decimalsAreDigitsOnlyAndNeverOverflow() {
        with("0 42 18446744073709551615 18446744073709551616 -1 1x") { b in
            #expect(ASCIIBytes.decimal(b, 0..<1) == 0 && ASCIIBytes.decimal(b, 2..<4) == 42)
            #expect(ASCIIBytes.decimal(b, 5..<25) == UInt64.max && ASCIIBytes.decimal(b, 26..<46) == nil)
            #expect(ASCIIBytes.decimal(b, 47..<49) == nil && ASCIIBytes.decimal(b, 50..<52) == nil && ASCIIBytes.decimal(b, 0..<0) == nil)
        }
    }
}
