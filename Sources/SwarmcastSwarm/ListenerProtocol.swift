/// How a swarm listener talks to the server.
public enum ListenerProtocol: String, Codable, Sendable, CaseIterable {
    /// Swarmcast's framed protocol (docs/PROTOCOL.md).
    case native
    /// HTTP audio as Icecast serves it: `GET` a mount, then a byte stream carrying Swarmcast's
    /// timed chunks (served by `swarmcast serve`, or relayed by Icecast from a Swarmcast source).
    case httpAudio = "http-audio"
}

/// The version string HTTP clients send.
let swarmcastVersionString = "0.1.0"
