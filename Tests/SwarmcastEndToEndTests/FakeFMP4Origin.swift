import Foundation
import SwarmcastAudio
import SwarmcastHLS

/// A live HLS origin of 1 s fMP4 segments of the built-in voice (seat 0), for the decoded-listener
/// tests, with a packaging fault that sequence numbers and the playlist do not show: from
/// segment `faultFrom` on, either every segment's `tfdt` is `tfdtShiftFrames` frames late (the
/// audio is right, its time is not), or (`servedTwice`) segment `faultFrom` carries the audio of
/// the segment before it again, stamped with its own time.
struct FakeFMP4Stream: Sendable {
    enum Fault: Sendable { case none, tfdtShift(frames: UInt64), servedTwice }

    let fault: Fault
    let faultFrom: UInt64
    let loop = OpusVoiceLoop(audio: .init())
    let info = OpusStreamInfo(samplesPerPacket: 960)
    let startSeconds = Date().timeIntervalSince1970
    static let framesPerSegment: UInt64 = 50

    /// The newest complete segment now (segments count from 1 at the stream's start).
    var newestMSN: UInt64 { UInt64(Date().timeIntervalSince1970 - startSeconds) + 1 }

    /// A live playlist of the last 6 segments, with program date-times.
    func playlist() -> String {
        let last = newestMSN, first = last > 5 ? last - 5 : 1
        var text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:\(first)\n#EXT-X-MAP:URI=\"init.mp4\"\n"
        for msn in first...last {
            let date = Date(timeIntervalSince1970: startSeconds + Double(msn - 1))
            text += "#EXT-X-PROGRAM-DATE-TIME:\(ISO8601DateFormatter.withMillis.string(from: date))\n#EXTINF:1.0,\nseg\(msn).m4s\n"
        }
        return text
    }

    /// Segment `msn`: frames (msn − 1) × 50 + 1 … msn × 50.
    func segment(_ msn: UInt64) -> [UInt8] {
        let first = (msn - 1) * Self.framesPerSegment + 1
        var content = first
        var time = first
        switch fault {
        case .tfdtShift(let frames) where msn >= faultFrom: time = first + frames
        case .servedTwice where msn == faultFrom: content = first - Self.framesPerSegment
        default: break
        }
        let packets = (0..<Self.framesPerSegment).map { loop.packet(sequence: content + $0, seat: 0) }
        return FMP4.fragment(sequenceNumber: UInt32(msn), baseDecodeTime: (time - 1) * 960, packets: packets, info: info)
    }

    /// The origin's answer to `path`.
    func answer(_ path: String) -> FakeHLSOrigin.Answer {
        if path.hasSuffix(".m3u8") { return .bytes(FakeHLSOrigin.ok(playlist())) }
        if path.hasSuffix("init.mp4") { return .bytes(Self.ok(FMP4.initSegment(info))) }
        guard let msn = path.split(separator: "/").last.flatMap({ UInt64($0.dropFirst(3).dropLast(4)) }), msn >= 1 else {
            return .bytes(FakeHLSOrigin.status(404))
        }
        return .bytes(Self.ok(segment(msn)))
    }

    static func ok(_ body: [UInt8]) -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: audio/mp4\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension ISO8601DateFormatter {
    static var withMillis: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
