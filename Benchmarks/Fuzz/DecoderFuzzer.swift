// libFuzzer target for the frame decoder: the input is split at a point it chooses and fed in two
// parts; decoding must throw a WireError or return frames, never crash, hang or buffer more than
// one maximum frame. Built and run by Benchmarks/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var decoder = FrameDecoder(maximumFrameBytes: 4096)
    do {
        try decoder.decode(Array(bytes[..<split])) { _ in }
        try decoder.decode(Array(bytes[split...])) { frame in
            // Whatever decodes must encode back to something that decodes the same.
            var again = FrameDecoder(maximumFrameBytes: 1 << 20)
            let round = try again.frames(in: FrameEncoder.encode(frame))
            precondition(round == [frame], "round trip changed \(frame)")
        }
    } catch {}
    precondition(decoder.bufferedBytes <= 4096 + 4 + bytes.count, "decoder buffered too much")
    return 0
}
