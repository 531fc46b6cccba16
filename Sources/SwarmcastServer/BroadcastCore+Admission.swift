import SwarmcastSettings
import SwarmcastWire

/// Admission and leaving: who may join which room, and the counts that decide it.
extension BroadcastCore {
    /// Decides a HELLO and does the bookkeeping (room, seat, counters); the caller only tells the
    /// client. Refusals are counted here.
    func admit(_ hello: Hello, from client: any ListenerSink) -> Admission {
        func reject(_ reason: RejectReason) -> Admission {
            metrics.countReject(reason)
            return .rejected(reason)
        }
        guard (oldestProtocolVersion...protocolVersion).contains(hello.version) else { return reject(.badVersion) }
        if hello.role == .relay {
            // Every role accepts edges: a standalone server becomes the root of a tree, an edge
            // an inner node. No cycle can form: an edge has no port until it joined its origin.
            relays.append(client)
            if !client.hearsHopStamps { legacyRelayCount += 1 }
            return .relay(takeWelcome(room: 0, listeners: 0, speakers: 0, lastSequence: 0, version: hello.version))
        }
        guard let room = room(hello.room) else { return reject(.noSuchRoom) }
        switch hello.role {
        case .listener:
            guard listenerCount < settings.server.maxListeners else { return reject(.full) }
            if let cap = settings.server.maxRoomListeners, room.listeners.count >= cap { return reject(.full) }
            room.add(listener: client)
            listenerCount += 1
            metrics.listenersJoined += 1
            return .listener(room, welcome(for: room, version: hello.version))
        case .speaker:
            if let secret = settings.server.speakerSecret,
               !SpeakerToken.verify(hello.token, secret: secret, room: hello.room, now: clock.realtimeNanos() / 1_000_000_000) {
                return reject(.badToken)
            }
            guard let seat = room.seat(speaker: ObjectIdentifier(client)) else { return reject(.speakerSeatsTaken) }
            metrics.speakersJoined += 1
            return .speaker(room, seat: seat, welcome(for: room, version: hello.version))
        case .relay:
            return reject(.overloaded)  // handled above
        }
    }

    /// Decides an HTTP listen request for `roomID` (nil when the path named no room).
    /// `ogg`: the listener wants Ogg/Opus (`listen.opus`) instead of timed chunks.
    func admitHTTP(room roomID: UInt32?, ogg: Bool = false, from client: any HTTPListenerSink) -> HTTPAdmission {
        func refuse(_ status: String, _ reason: RejectReason?) -> HTTPAdmission {
            if let reason { metrics.countReject(reason) }
            return .refused(status: status, reason: reason)
        }
        guard let roomID else { return refuse("404 Not Found", nil) }
        guard let room = room(roomID) else { return refuse("404 Not Found", .noSuchRoom) }
        guard listenerCount < settings.server.maxListeners else { return refuse("503 Service Unavailable", .full) }
        if let cap = settings.server.maxRoomListeners, room.streamListenerCount >= cap {
            return refuse("503 Service Unavailable", .full)
        }
        listenerCount += 1
        metrics.listenersJoined += 1
        if ogg { return .listeningOgg(roomID: room.id, headerPages: room.media.add(oggListener: client)) }
        room.add(httpListener: client)
        return .listening(roomID: room.id)
    }

    /// A native listener left its room.
    func remove(listener: any ListenerSink, from room: Room) {
        room.remove(listener: listener)
        listenerCount -= 1
    }

    /// An HTTP listener left its room.
    func remove(httpListener: any HTTPListenerSink, from room: Room) {
        room.remove(httpListener: httpListener)
        listenerCount -= 1
    }

    /// A speaker client left its seat.
    func unseat(speaker: any ListenerSink, from room: Room) {
        room.unseat(speaker: ObjectIdentifier(speaker))
    }

    /// An edge's relay connection ended: it gets no more packets and its reported listeners no
    /// longer count.
    func remove(relay: any ListenerSink) {
        if relays.contains(where: { $0 === relay }) && !relay.hearsHopStamps { legacyRelayCount -= 1 }
        relays.removeAll { $0 === relay }
        for room in rooms { room.forget(edge: ObjectIdentifier(relay)) }
    }

    private func welcome(for room: Room, version: UInt16) -> Welcome {
        takeWelcome(room: room.id, listeners: UInt32(room.listeners.count), speakers: UInt8(room.speakerCount), lastSequence: room.lastSequence,
                    version: version)
    }

    /// WELCOME in the client's version (which this server speaks too): what it will be sent.
    private func takeWelcome(room: UInt32, listeners: UInt32, speakers: UInt8, lastSequence: UInt64, version: UInt16) -> Welcome {
        defer { nextSession += 1 }
        return Welcome(version: version, session: nextSession, room: room, listeners: listeners, speakers: speakers, lastSequence: lastSequence)
    }
}
