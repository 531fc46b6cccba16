import SwarmcastWire

/// Telling clients what the core decided: the core admits, the shell writes the answer, because
/// writing is socket work.
extension BroadcastServer {
    /// Tells a client what the core decided about its HELLO: WELCOME, or REJECT and close.
    func admit(_ session: ClientSession, hello: Hello) {
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
        switch core.admitHTTP(room: request.room, ogg: request.ogg, from: session) {
        case .refused(let status, _):
            session.closeAfterSending(raw: Array("HTTP/1.0 \(status)\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n\(status)\n".utf8), reason: "http-refused")
        case .listening(let roomID):
            guard let room = core.room(roomID) else { return }
            session.joined(.httpListener(room))
            session.connection.send(icyHead(contentType: "audio/x-swarmcast", description: "synthetic frames with capture times (docs/PROTOCOL.md)",
                                            room: room.id, session: session))
        case .listeningOgg(let roomID, let headerPages):
            guard let room = core.room(roomID) else { return }
            session.joined(.httpListener(room))
            // The header pages count as stream bytes for ICY metadata, like every page after them.
            let pages = session.icyMetaInterval == nil ? headerPages : session.interleaveMetadata(headerPages)
            session.connection.send(icyHead(contentType: "audio/ogg", description: "the host seat as Ogg/Opus", room: room.id, session: session) + pages)
        }
    }

    /// The Icecast-style response head of an HTTP listener: both stream forms (timed chunks and
    /// Ogg/Opus) announce the room, the bit rate and, when asked, the ICY metadata interval.
    private func icyHead(contentType: String, description: String, room: UInt32, session: ClientSession) -> [UInt8] {
        var head = "HTTP/1.0 200 OK\r\nContent-Type: \(contentType)\r\nCache-Control: no-cache\r\nConnection: close\r\n"
        head += "icy-name: Swarmcast room \(room)\r\nicy-description: \(description)\r\n"
        head += "icy-br: \(settings.audio.kilobitsPerSecond)\r\nicy-pub: 0\r\n"
        if let interval = session.icyMetaInterval { head += "icy-metaint: \(interval)\r\n" }
        return Array((head + "\r\n").utf8)
    }
}
