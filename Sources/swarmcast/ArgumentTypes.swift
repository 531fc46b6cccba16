import SwarmcastSettings
import ArgumentParser
import SwarmcastLoop
import SwarmcastScenario
import SwarmcastServer

extension SocketAddress: ExpressibleByArgument {
    public init?(argument: String) {
        guard let a = try? SocketAddress(parsing: argument) else { return nil }
        self = a
    }
}

extension SlowListenerPolicy: ExpressibleByArgument {}
extension ServerRole: ExpressibleByArgument {}

/// A duration flag value (`20ms`, `3s`, `2m`).
struct DurationArgument: ExpressibleByArgument, Sendable {
    let value: Duration
    init?(argument: String) {
        guard let d = DurationText.parse(argument) else { return nil }
        value = d
    }
    init(_ value: Duration) { self.value = value }
    var defaultValueDescription: String { DurationText.format(value) }
}
