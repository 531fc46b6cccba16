import SwarmcastAudio
import SwarmcastMeasure
import SwarmcastSettings

/// An agent's decoded listeners (`listeners.decode`): the reference they score against (built
/// once per process) and, once a second, each one's listener-second closed into the agent's match
/// histogram and the second's worst listener kept for the report.
final class AgentAudio {
    let reference: ReferenceAudio
    private unowned(unsafe) let measurements: AgentMeasurements
    private let listenerProtocol: ListenerProtocol
    private let httpPath: String
    private var ears: [(id: UInt64, ears: ListenerEars)] = []

    /// nil when no listener decodes, or the audio settings are not Opus (nothing to decode).
    init?(listeners: ListenerSettings, audio: AudioSettings, measurements: AgentMeasurements) {
        guard !listeners.decode.isNone, let reference = ReferenceAudio(audio: audio) else { return nil }
        self.reference = reference
        self.measurements = measurements
        listenerProtocol = listeners.protocol
        httpPath = listeners.httpPath
    }

    /// Ears for a newly started decoded listener.
    func ears(listener id: UInt64) -> ListenerEars {
        let e = ListenerEars(decoded: DecodedListener(reference: reference), measurements: measurements,
                             listenerProtocol: listenerProtocol, httpPath: httpPath)
        ears.append((id, e))
        return e
    }

    /// Closes every decoded listener's second `second` (before the agent's snapshot of it).
    func closeSecond(_ second: Int) {
        for (id, e) in ears {
            guard let s = e.decoded.closeSecond(listener: id, second: second) else { continue }
            measurements.audioMatch.recordClamped(UInt64(s.matchPermille))
            if s.matchPermille < measurements.audioWorst?.matchPermille ?? Int.max { measurements.audioWorst = s }
        }
        ears.removeAll { $0.ears.ended }
    }
}
