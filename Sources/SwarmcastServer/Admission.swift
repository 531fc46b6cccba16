import SwarmcastWire

/// What the core decided about a native HELLO. The core has already done the bookkeeping (room
/// joined, seat taken, counters); the server shell only tells the client, because telling it is
/// socket work.
enum Admission {
    /// Refused (already counted under `swarmcast_rejects_total`): send REJECT and close.
    case rejected(RejectReason)
    /// Joined `room` as a listener: send the WELCOME.
    case listener(Room, Welcome)
    /// Took `seat` in `room`: send the WELCOME.
    case speaker(Room, seat: UInt8, Welcome)
    /// An edge relaying every room: send the WELCOME, the settings and its place in the tree.
    case relay(Welcome)
}

/// What the core decided about an HTTP listen request.
enum HTTPAdmission: Equatable {
    /// Refused with an HTTP status; `reason` is the REJECT reason counted, if any.
    case refused(status: String, reason: RejectReason?)
    /// Joined the room as an HTTP listener: send the response head.
    case listening(roomID: UInt32)
    /// Joined the room as an Ogg/Opus listener: send the response head, then `headerPages`
    /// (OpusHead, OpusTags) before the room's shared pages.
    case listeningOgg(roomID: UInt32, headerPages: [UInt8])
}
