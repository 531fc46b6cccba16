import Foundation
import SwarmcastLoop
import SwarmcastWire

/// A source for an Icecast-style server: `PUT /mount` with source credentials, then Swarmcast's
/// timed chunks at the frame rate, so HTTP listeners of that server can measure delay.
final class HTTPSourceClient: ConnectionDelegate {
    private unowned let agent: SwarmAgent
    let url: SourceURL
    private var connection: Connection?
    private var response: [UInt8] = []
    private(set) var streaming = false
    private var clock = FrameClock()
    private let payload: [UInt8]

    init(agent: SwarmAgent, url: SourceURL, payloadBytes: Int) {
        self.agent = agent
        self.url = url
        payload = (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 17 &+ 5) }
    }

    func start(loop: EventLoop) {
        do {
            connection = try Connection(loop: loop, connectingTo: url.address, delegate: self)
        } catch {
            agent.measurements.countDisconnect("source-connect-failed")
        }
    }

    /// Sends every chunk due by `nowReal`; returns how many.
    func sendDueFrames(nowReal: UInt64, frameIntervalNanos: UInt64) -> Int {
        guard streaming, let connection else { return 0 }
        var bytes: [UInt8] = []
        let sent = clock.sendDue(nowReal: nowReal, intervalNanos: frameIntervalNanos) { sequence, capture in
            HTTPAudioChunk.append(sequence: sequence, captureTimeNanos: capture, payload: payload, to: &bytes)
        }
        if sent > 0 { connection.send(bytes) }
        return sent
    }

    func stop() {
        connection?.close(notify: false)
        connection = nil
        streaming = false
    }

    func connectionDidConnect(_ connection: Connection) {
        let credentials = Data("\(url.user):\(url.password)".utf8).base64EncodedString()
        let request = "PUT \(url.path) HTTP/1.1\r\nHost: \(url.address)\r\nAuthorization: Basic \(credentials)\r\n"
            + "User-Agent: swarmcast/\(swarmcastVersionString)\r\nContent-Type: audio/mpeg\r\nIce-Public: 0\r\nIce-Name: Swarmcast\r\n"
            + "Expect: 100-continue\r\n\r\n"
        connection.send(Array(request.utf8))
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        guard !streaming else { return }
        response.append(contentsOf: bytes)
        let text = String(decoding: response, as: UTF8.self)
        guard text.contains("\r\n\r\n") || text.contains("\n\n") else { return }
        if text.hasPrefix("HTTP/1.1 200") || text.hasPrefix("HTTP/1.0 200") || text.hasPrefix("HTTP/1.1 100") {
            streaming = true
            clock.start(at: agent.measuringClockNanos())
        } else {
            agent.measurements.countReject("source:\(text.prefix(while: { $0 != "\r" }))")
            stop()
        }
    }

    func connection(_ connection: Connection, didCloseWith reason: CloseReason) {
        agent.measurements.countDisconnect("source-\(reason)")
        self.connection = nil
        streaming = false
    }
}

/// `http://user:password@host:port/mount`, the way Icecast sources are addressed.
public struct SourceURL: Codable, Equatable, Sendable {
    public var user: String
    public var password: String
    public var host: String
    public var port: UInt16
    public var path: String

    var address: SocketAddress { SocketAddress(host: host, port: port) }

    /// Parses `http://source:hackme@127.0.0.1:8000/room1`; nil when it is not one.
    public init?(_ text: String) {
        guard text.hasPrefix("http://") else { return nil }
        let rest = text.dropFirst(7)
        guard let at = rest.lastIndex(of: "@"), let slash = rest[at...].firstIndex(of: "/") else { return nil }
        let credentials = rest[..<at].split(separator: ":", maxSplits: 1)
        let hostPort = rest[rest.index(after: at)..<slash].split(separator: ":")
        guard credentials.count == 2, hostPort.count == 2, let port = UInt16(hostPort[1]) else { return nil }
        user = String(credentials[0])
        password = String(credentials[1])
        host = String(hostPort[0]) == "localhost" ? "127.0.0.1" : String(hostPort[0])
        self.port = port
        path = String(rest[slash...])
    }
}
