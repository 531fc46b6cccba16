import SwarmcastLoop

/// The agent's speaker clients and Icecast source: they stamp frames with the measuring clock,
/// so listeners on any shard time them on the same (server's) time base.
extension SwarmAgent {
    /// Speaker client `j` of the swarm's `plan.speakers` belongs to shard `j mod K` (its first agent).
    func startSpeakers() {
        for j in stride(from: plan.shard.index, to: plan.speakers, by: plan.shard.count) {
            let speaker = SpeakerClient(agent: self, room: planner.room(j), payloadBytes: plan.audio.payloadBytes)
            speaker.start(loop: loop, server: speakerServer ?? servers[0])
            speakers.append(speaker)
        }
    }

    func sendSpeakerFrames() {
        let now = measuringClockNanos()
        let interval = Self.nanos(plan.audio.frameInterval)
        if let source { measurements.counters.speakerFramesSent += source.sendDueFrames(nowReal: now, frameIntervalNanos: interval) }
        guard !speakers.isEmpty else { return }
        for speaker in speakers {
            measurements.counters.speakerFramesSent += speaker.sendDueFrames(nowReal: now, frameIntervalNanos: interval)
        }
    }
}
