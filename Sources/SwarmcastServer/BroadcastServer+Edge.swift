import Foundation
import Logging
import SwarmcastLoop
import SwarmcastSettings
import SwarmcastWire

/// The edge's side of the tree: its link to its origin (which reconnects instead of ending the
/// process), what a rejoin's SETTINGS and TREE mean, and what it passes down to its own edges.
///
/// An edge keeps its listeners through an outage of its origin: they hear a stall, and the
/// audio resumes when the link is back. A local `--workers` edge still dies with its origin
/// process, by the parent-death signal it was started with, not through this link.
extension BroadcastServer {
    /// Starts the link to the origin; a local edge sends its number, any other a random id it
    /// keeps across reconnects, so its parent replaces its report instead of adding one.
    func startUplink() {
        let id = configuration.edgeIndex > 0 ? UInt64(configuration.edgeIndex) : UInt64.random(in: (1 << 32)..<(1 << 62))
        let uplink = RelayUplink(server: self, loop: loop, origin: configuration.originAddress!, clientID: id, logger: logger)
        self.uplink = uplink
        uplink.start()
    }

    /// The origin's SETTINGS arrived on a fresh link. The first ones build the edge; on a rejoin
    /// they are compared with what the edge runs: the same, adopted live, or (rooms, audio) the
    /// reason the edge exits. Returns false when the edge is exiting.
    func originSettings(_ bytes: [UInt8]) -> Bool {
        let new: BroadcastSettings
        do {
            new = try JSONDecoder().decode(BroadcastSettings.self, from: Data(bytes))
            try new.validate()
        } catch {
            return exit(because: "edge cannot run with its origin's settings", ["error": "\(error)"])
        }
        guard adopted else {
            do { try adopt(new) } catch { return exit(because: "edge cannot run with its origin's settings", ["error": "\(error)"]) }
            return true
        }
        switch SettingsChange.between(settings, new) {
        case .none:
            logger.info("rejoined origin with the same settings")
        case .live(let keys):
            logger.warning("origin's settings changed; adopted live", metadata: ["changed": "\(keys.joined(separator: ","))"])
            adoptLive(new)
        case .needsRestart(let keys):
            return exit(because: "origin's settings changed in what connected listeners were given (rooms, audio); exiting so this edge can be started again with them",
                        ["changed": "\(keys.joined(separator: ","))"])
        }
        return true
    }

    private func exit(because message: String, _ metadata: Logger.Metadata) -> Bool {
        logger.error("\(message)", metadata: metadata)
        exitStatus = 1
        shutdown()
        return false
    }

    /// Settings that shape only what happens next (admission, protections, backlogs, the room
    /// state interval), taken over without dropping anyone, and passed on to this edge's edges.
    private func adoptLive(_ new: BroadcastSettings) {
        let oldInterval = settings.server.roomStateInterval
        configuration.settings = new
        core.adoptLive(new)
        if new.server.roomStateInterval != oldInterval {
            stateTimer?.cancel()
            stateTimer = LoopTimer(loop: loop, interval: new.server.roomStateInterval, repeating: true) { [unowned self] in self.publishRoomStates() }
            if running { stateTimer?.start() }
        }
        sendToRelays(.settings(new.wireBytes))
    }

    /// The link is up and its settings adopted: say which settings this edge runs with, push the
    /// counters at once, and keep pushing them once a second.
    func originJoined() {
        uplink?.send(.settings(settings.wireBytes))
        pushMetrics()
        if metricsPushTimer == nil {
            metricsPushTimer = LoopTimer(loop: loop, interval: .seconds(1), repeating: true) { [unowned self] in self.pushMetrics() }
            metricsPushTimer?.start()
        }
    }

    private func pushMetrics() {
        guard let uplink, uplink.joined else { return }
        uplink.send(.edgeMetrics(Array(prometheusText().utf8)))
    }

    /// TREE from the parent: this edge's depth, and (the first on a link) whether the parent is
    /// the one it left.
    func originTree(depth: Int, parentInstance instance: UInt64, firstOnLink: Bool) {
        if firstOnLink, let known = parentInstance {
            if known == instance {
                logger.info("rejoined the same origin", metadata: ["depth": "\(depth)"])
            } else {
                logger.warning("origin restarted (a new instance); its sequence numbers start again and are bridged for listeners",
                               metadata: ["depth": "\(depth)"])
            }
        }
        parentInstance = instance
        if depth != treeDepth {
            treeDepth = depth
            sendToRelays(treeFrame)
        }
    }

    /// What a relay joining this process is told after SETTINGS: its depth, and this instance.
    var treeFrame: Frame { .tree(depth: UInt8(clamping: treeDepth + 1), parentInstance: instance) }

    /// One frame to every edge relaying from this process.
    func sendToRelays(_ frame: Frame) {
        let bytes = FrameEncoder.encode(frame)
        for case let session as ClientSession in core.relays { session.connection.send(bytes) }
    }

    /// A relay's connection ended. A local edge's last report stays (its supervisor restarts
    /// it and the new one replaces it); any other edge's figures leave the sums with it, unless
    /// it has already rejoined on another connection.
    func relayLeft(_ session: ClientSession) {
        let index = session.relayIndex
        if configuration.workers > 0 && (1...configuration.workers).contains(index) { return }
        let rejoined = core.relays.contains { ($0 as? ClientSession).map { $0 !== session && $0.relayIndex == index } ?? false }
        if !rejoined { edgeReports.forget(edge: index) }
    }
}
