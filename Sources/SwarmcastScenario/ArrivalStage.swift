/// One stage of an open arrival model (k6's arrival-rate executors, Tsung's phases).
public struct ArrivalStage: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// Move the listener target linearly to `target` over `durationSeconds` (arrivals fill the rise,
        /// departures follow a fall).
        case ramp
        /// Start `rate` listeners per second for `durationSeconds`, whatever the server does.
        case rate
        /// Start `count` listeners at once (a join storm); `durationSeconds` is the hold after it.
        case storm
    }

    public var kind: Kind
    public var durationSeconds: Double
    public var target: Int?
    public var rate: Double?
    public var count: Int?

    public static func ramp(to target: Int, over seconds: Double) -> ArrivalStage {
        ArrivalStage(kind: .ramp, durationSeconds: seconds, target: target)
    }
    public static func hold(_ seconds: Double, at target: Int) -> ArrivalStage {
        ArrivalStage(kind: .ramp, durationSeconds: seconds, target: target)
    }
    public static func rate(_ perSecond: Double, for seconds: Double) -> ArrivalStage {
        ArrivalStage(kind: .rate, durationSeconds: seconds, rate: perSecond)
    }
    public static func storm(_ count: Int, thenHold seconds: Double) -> ArrivalStage {
        ArrivalStage(kind: .storm, durationSeconds: seconds, count: count)
    }
}
