/// Hostile clients a scenario runs beside its listeners, to see what a flood does to them.
public struct AttackSpec: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Connect and say nothing; reconnect when closed.
        case connectHold = "connect-hold"
        /// Connect and close at once, over and over.
        case connectDrop = "connect-drop"
        /// Send HELLO one byte a second (never finishing in time).
        case slowloris
        /// Send random bytes instead of frames.
        case garbage
        /// Ask to speak with a forged token.
        case badToken = "bad-token"
        /// Join as a listener and send reactions as fast as allowed (1,000 per second each).
        case reactionFlood = "reaction-flood"
        /// Join as a listener and never read.
        case neverRead = "never-read"
    }

    public var kind: Kind
    /// Attackers alive at once (each restarts when the server closes it).
    public var count: Int
    /// Seconds from the run's start when the attack begins.
    public var startSeconds: Double
    /// Attackers started per second until `count` are running.
    public var rate: Double

    public init(kind: Kind, count: Int, startSeconds: Double = 0, rate: Double = 1000) {
        self.kind = kind
        self.count = count
        self.startSeconds = startSeconds
        self.rate = rate
    }
}
