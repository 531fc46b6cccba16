import SwarmcastWire

/// Telling clients what the core decided: the core admits, the shell writes the answer, because
/// writing is socket work.
extension BroadcastServer {
    /// Tells a client what the core decided about its HELLO: WELCOME, or REJECT and close.
    func admit(_ session: ClientSession, hello: Hello) {
        session.hearsHopStamps = hello.version >= hopStampsProtocolVersion
        switch core.admit(hello, from: session) {
        case .rejected(let reason):
            session.closeAfterSending(.reject(reason), reason: "rejected")
        case .listener(let room, let welcome):
            session.joined(.listener(room))
            session.connection.send(FrameEncoder.encode(.welcome(welcome)))
        case .speaker(let room, let seat, let welcome):
            session.joined(.speaker(room, seat: seat))
            session.connection.send(FrameEncoder.encode(.welcome(welcome)))
        case .relay(let welcome):
            session.relayIndex = Int(truncatingIfNeeded: hello.clientID)
            session.joined(.relay)
            // WELCOME, the settings the edge must run with and its place in the tree, in one write.
            var bytes = FrameEncoder.encode(.welcome(welcome))
            FrameEncoder.append(.settings(settings.wireBytes), to: &bytes)
            FrameEncoder.append(treeFrame, to: &bytes)
            session.connection.send(bytes)
        }
    }

    /// Tells an HTTP client what the core decided: the response head, or an error status and close.
    func admitHTTP(_ session: ClientSession, request: HTTPListenRequest) {
        switch request.method {
        case "OPTIONS":
            let preflight = HLSResponse.preflight(kind: "preflight")
            return session.closeAfterSending(raw: preflight.head(keepAlive: false), reason: "http-options")
        case "HEAD":
            // What a GET would start with, and no listener: probes and players check the type.
            guard let roomID = request.room, let room = core.room(roomID) else {
                return session.closeAfterSending(raw: Array("HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\(HLSResponse.corsHeaders)Connection: close\r\n\r\n".utf8), reason: "http-head")
            }
            return session.closeAfterSending(raw: request.ogg ? icyHead(contentType: "audio/ogg", description: Self.oggDescription, room: room.id, session: session)
                                                              : icyHead(contentType: "audio/x-swarmcast", description: Self.chunkDescription, room: room.id, session: session),
                                             reason: "http-head")
        default:
            break
        }
        switch core.admitHTTP(room: request.room, ogg: request.ogg, from: session) {
        case .refused(let status, _):
            session.closeAfterSending(raw: Array("HTTP/1.0 \(status)\r\nContent-Type: text/plain\r\n\(HLSResponse.corsHeaders)Connection: close\r\n\r\n\(status)\n".utf8), reason: "http-refused")
        case .listening(let roomID):
            guard let room = core.room(roomID) else { return }
            session.joined(.httpListener(room))
            session.connection.send(icyHead(contentType: "audio/x-swarmcast", description: Self.chunkDescription,
                                            room: room.id, session: session))
        case .listeningOgg(let roomID, let headerPages):
            guard let room = core.room(roomID) else { return }
            session.joined(.httpListener(room))
            // The header pages count as stream bytes for ICY metadata, like every page after them.
            let pages = session.icyMetaInterval == nil ? headerPages : session.interleaveMetadata(headerPages)
            session.connection.send(icyHead(contentType: "audio/ogg", description: Self.oggDescription, room: room.id, session: session) + pages)
        }
    }

    private static let chunkDescription = "synthetic frames with capture times (docs/PROTOCOL.md)"
    private static let oggDescription = "the host seat as Ogg/Opus"

    /// The Icecast-style response head of an HTTP listener: both stream forms (timed chunks and
    /// Ogg/Opus) announce the room, the bit rate and, when asked, the ICY metadata interval.
    private func icyHead(contentType: String, description: String, room: UInt32, session: ClientSession) -> [UInt8] {
        // CORS: a web player on another origin may read the stream (`<audio crossorigin>`, fetch).
        var head = "HTTP/1.0 200 OK\r\nContent-Type: \(contentType)\r\nCache-Control: no-cache\r\n\(HLSResponse.corsHeaders)Connection: close\r\n"
        head += "icy-name: Swarmcast room \(room)\r\nicy-description: \(description)\r\n"
        head += "icy-br: \(settings.audio.kilobitsPerSecond)\r\nicy-pub: 0\r\n"
        if let interval = session.icyMetaInterval { head += "icy-metaint: \(interval)\r\n" }
        return Array((head + "\r\n").utf8)
    }
}
