import SwarmcastSettings
import Foundation
import Yams

/// Reads scenario YAML into a `Scenario`, refusing unknown keys, wrong types and impossible
/// values with errors that name the file, line, field and value.
public enum ScenarioLoader {
    typealias K = ScenarioKeys

    public static func load(path: String) throws(ScenarioError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 0, column: 0, field: "", value: "", message: "cannot read the file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: 0, column: 0, field: "", value: "", message: "the file is empty")
            }
            root = node
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ScenarioError(file: file, line: 0, column: 0, field: "", value: "", message: "not YAML: \(error)")
        }
        var top = try NodeReader(file: file, path: "", node: root)
        guard let name = try top.string(K.name) else { throw top.error(K.name, nil, "is missing: give the scenario a name") }
        let description = try top.string(K.description) ?? ""
        var server = ServerSpec()
        if var s = try top.mapping("server") { server = try readServer(&s) }
        var audio = AudioSettings()
        if var a = try top.mapping("audio") {
            try a.settings(into: &audio)
            try a.rejectUnknownKeys()
        }
        var speakers = SpeakerSpec()
        if var s = try top.mapping("speakers") {
            server.settings.demoSpeakers = try s.int(K.speakersDemo) ?? server.settings.demoSpeakers
            speakers.clients = try s.int(K.speakersClients) ?? speakers.clients
            try s.rejectUnknownKeys()
        }
        guard var l = try top.mapping("listeners") else { throw top.error("listeners", nil, "is missing: say how listeners arrive (listeners: stages: ...)") }
        let listeners = try readListeners(&l, rooms: server.settings.rooms)
        var thresholds: [Threshold] = []
        if var t = try top.mapping("thresholds") { thresholds = try readThresholds(&t) }
        var attacks: [AttackSpec] = []
        for (i, node) in (try top.sequence("attacks") ?? []).enumerated() {
            var a = try NodeReader(file: file, path: "attacks[\(i)]", node: node)
            guard let kindText = try a.choice(K.attackKind), let kind = AttackSpec.Kind(rawValue: kindText) else {
                throw a.error(K.attackKind, nil, "is missing: one of \(AttackSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let count = try a.int(K.attackCount) else { throw a.error(K.attackCount, nil, "is missing: how many attackers at once") }
            let start = try a.duration(K.attackStart) ?? .zero
            let rate = try a.double(K.attackRate) ?? 1000
            try a.rejectUnknownKeys()
            attacks.append(AttackSpec(kind: kind, count: count, startSeconds: start.seconds, rate: rate))
        }
        var faults: [FaultSpec] = []
        for (i, node) in (try top.sequence("faults") ?? []).enumerated() {
            var f = try NodeReader(file: file, path: "faults[\(i)]", node: node)
            guard let at = try f.duration(K.faultAt) else { throw f.error(K.faultAt, nil, "is missing: when, e.g. at: 20s") }
            guard let action = try f.choice(K.faultKill).flatMap(FaultSpec.Action.init) else {
                throw f.error(K.faultKill, nil, "is missing: what to kill (edge or agent)")
            }
            try f.rejectUnknownKeys()
            if action == .killEdge && server.workers == 0 {
                throw NodeReader.error(file, "faults[\(i)].kill", f.node.mapping?[Node("kill")], "killing an edge needs server.workers above 0")
            }
            faults.append(FaultSpec(atSeconds: at.seconds, kill: action))
        }
        var run = RunSettings()
        if var r = try top.mapping("run") {
            try r.settings(into: &run)
            try r.rejectUnknownKeys()
        }
        try top.rejectUnknownKeys()
        if !server.start && server.settings.demoSpeakers > 0 && speakers.clients == 0 {
            // Built-in speakers live in our server; an outside server brings its own audio.
            server.settings.demoSpeakers = 0
        }
        if server.start && server.settings.demoSpeakers == 0 && speakers.clients == 0 {
            throw top.error("speakers", nil, "nobody speaks: set speakers.demo (built-in) or speakers.clients (swarm speakers) above 0")
        }
        var scenario = Scenario(name: name, listeners: listeners)
        scenario.description = description
        scenario.server = server
        scenario.audio = audio
        scenario.speakers = speakers
        scenario.thresholds = thresholds
        scenario.attacks = attacks
        scenario.faults = faults
        scenario.run = run
        return scenario
    }

    private static func readServer(_ s: inout NodeReader) throws(ScenarioError) -> ServerSpec {
        var spec = ServerSpec()
        spec.start = try s.bool(K.serverStart) ?? spec.start
        if let address = try s.string(K.serverAddress) {
            guard address.contains(":"), let port = Int(address.split(separator: ":").last ?? ""), (0...65535).contains(port) else {
                throw s.error("address", s.node.mapping?[Node("address")], "must be HOST:PORT, e.g. 127.0.0.1:7400")
            }
            spec.address = address
        } else if !spec.start {
            throw s.error("address", nil, "is missing: with start: false, say which server to swarm (HOST:PORT)")
        }
        if !spec.start && spec.address.hasSuffix(":0") {
            throw s.error("address", s.node.mapping?[Node("address")], "port 0 only makes sense when Swarmcast starts the server")
        }
        spec.workers = try s.int(K.serverWorkers) ?? 0
        try s.settings(into: &spec.settings)
        if spec.workers > 0 && !spec.start {
            throw s.error("workers", s.node.mapping?[Node("workers")], "only applies when Swarmcast starts the server (start: true)")
        }
        try s.rejectUnknownKeys()
        return spec
    }

    private static func readListeners(_ l: inout NodeReader, rooms: Int) throws(ScenarioError) -> ListenerSpec {
        guard let stageNodes = try l.sequence(K.stages), !stageNodes.isEmpty else {
            throw l.error("stages", nil, "is missing: list at least one stage, e.g. '- ramp: 1000' with 'over: 10s'")
        }
        var stages: [ArrivalStage] = []
        for (i, node) in stageNodes.enumerated() {
            var s = try NodeReader(file: l.file, path: l.field("stages[\(i)]"), node: node)
            stages.append(try readStage(&s))
        }
        var spec = ListenerSpec(schedule: ArrivalSchedule(stages: stages))
        if let roomNodes = try l.sequence(K.listenerRooms) {
            spec.rooms = []
            for (i, n) in roomNodes.enumerated() {
                guard let r = n.scalar.flatMap({ UInt32($0.string) }), r >= 1, r <= rooms else {
                    throw NodeReader.error(l.file, l.field("rooms[\(i)]"), n, "must be a room number from 1 to server.rooms (\(rooms))")
                }
                spec.rooms.append(r)
            }
        } else {
            spec.rooms = (1...rooms).map(UInt32.init)
        }
        try l.settings(into: &spec.settings)
        try l.rejectUnknownKeys()
        return spec
    }

    /// A stage is one of: `ramp: N` + `over: D`; `hold: D`; `rate: R` + `for: D`; `storm: N` (+ `hold: D`).
    private static func readStage(_ s: inout NodeReader) throws(ScenarioError) -> ArrivalStage {
        let stage: ArrivalStage
        if s.has(K.stageRamp) {
            let target = try s.int(K.stageRamp)!
            guard let over = try s.duration(K.stageOver) else { throw s.error("over", nil, "is missing: a ramp needs 'over: DURATION'") }
            stage = .ramp(to: target, over: over.seconds)
        } else if s.has(K.stageRate) {
            let rate = try s.double(K.stageRate)!
            guard let length = try s.duration(K.stageFor) else { throw s.error("for", nil, "is missing: a rate stage needs 'for: DURATION'") }
            stage = .rate(rate, for: length.seconds)
        } else if s.has(K.stageStorm) {
            let count = try s.int(K.stageStorm)!
            let hold = try s.duration(K.stageHold.name) ?? .zero
            stage = .storm(count, thenHold: hold.seconds)
        } else if s.has(K.stageHold) {
            let hold = try s.duration(K.stageHold)!
            stage = ArrivalStage(kind: .ramp, durationSeconds: hold.seconds, target: nil)
        } else {
            throw NodeReader.error(s.file, s.path, s.node, "a stage needs one of: ramp (with over), hold, rate (with for), storm")
        }
        try s.rejectUnknownKeys()
        return stage
    }

    /// Thresholds: `METRIC: "CONDITION"` (whole run) or `METRIC: {condition: "< 250ms", window: 10s,
    /// ignore_first: 5s, abort_on_fail: true, delay_abort_eval: 10s}` (every window of the run).
    private static func readThresholds(_ t: inout NodeReader) throws(ScenarioError) -> [Threshold] {
        var out: [Threshold] = []
        for (key, value) in t.node.mapping! {
            let metric = key.scalar?.string ?? ""
            var options: NodeReader?
            var conditionNode = value
            if value.mapping != nil {
                var o = try NodeReader(file: t.file, path: t.field(metric), node: value)
                guard let n = o.node(K.thresholdCondition), n.scalar != nil else {
                    throw NodeReader.error(t.file, t.field(metric) + ".condition", value, "is missing: give a condition such as \"< 250ms\"")
                }
                conditionNode = n
                options = o
            }
            guard let condition = conditionNode.scalar?.string else {
                throw NodeReader.error(t.file, t.field(metric), value, "must be a condition such as \"< 250ms\", or a mapping with condition: and window:")
            }
            var threshold: Threshold
            do {
                threshold = try Threshold(metric: metric, condition: condition)
            } catch .unknownMetric {
                throw ScenarioError(file: t.file, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0, field: t.field(metric), value: metric,
                                    message: "unknown metric (known: \(Threshold.knownMetrics.joined(separator: ", ")))")
            } catch {
                throw NodeReader.error(t.file, options == nil ? t.field(metric) : t.field(metric) + ".condition", conditionNode, error.description)
            }
            if var o = options { try readWindow(&o, metric: metric, into: &threshold) }
            out.append(threshold)
        }
        return out
    }

    private static func readWindow(_ o: inout NodeReader, metric: String, into threshold: inout Threshold) throws(ScenarioError) {
        if let window = try o.duration(K.thresholdWindow) {
            guard Threshold.hasPerSecondSeries(metric) else {
                throw o.error("window", o.node("window"), "\(metric) has no per-second series, so it can only be judged on the whole run "
                              + "(windows work on \(Threshold.windowedLatencyFamilies.sorted().map { "\($0).*" }.joined(separator: ", ")), "
                              + "\(Threshold.windowedCounts.sorted().joined(separator: ", ")))")
            }
            guard window.components.attoseconds == 0 else { throw o.error("window", o.node("window"), "must be whole seconds (windows slide over per-second figures)") }
            threshold.windowSeconds = Int(window.components.seconds)
        }
        if let ignore = try o.duration(K.thresholdIgnoreFirst) {
            guard threshold.windowSeconds != nil else { throw o.error("ignore_first", o.node("ignore_first"), "needs window: (the whole-run form has no warm-up)") }
            threshold.ignoreFirstSeconds = Int(ignore.seconds.rounded(.up))
        }
        if let abort = try o.bool(K.thresholdAbortOnFail) {
            guard !abort || threshold.windowSeconds != nil else {
                throw o.error("abort_on_fail", o.node("abort_on_fail"), "needs window: (the run is judged each second on the windows so far)")
            }
            threshold.abortOnFail = abort
        }
        if let delay = try o.duration(K.thresholdDelayAbortEval) {
            guard threshold.abortOnFail else { throw o.error("delay_abort_eval", o.node("delay_abort_eval"), "needs abort_on_fail: true") }
            threshold.delayAbortEvalSeconds = Int(delay.seconds.rounded(.up))
        }
        try o.rejectUnknownKeys()
    }

    private static func yamlError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioError(file: file, line: mark.line, column: mark.column, field: "", value: "", message: "YAML syntax: \(problem)")
        default:
            return ScenarioError(file: file, line: 0, column: 0, field: "", value: "", message: "YAML: \(error)")
        }
    }
}
