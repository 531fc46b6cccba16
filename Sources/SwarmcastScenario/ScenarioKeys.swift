import SwarmcastSettings

/// The scenario's own keys, beside the settings groups (`server:`, `audio:`, `listeners:` and
/// `run:` also take every field of `ServerSettings`, `AudioSettings`, `ListenerSettings` and
/// `RunSettings`). `ScenarioLoader` reads each through these declarations.
public enum ScenarioKeys {
    static let day = Duration.seconds(86_400)

    public static let name = ScenarioKey("name", "TEXT", default: "required", "The scenario's name: in the run directory's name, reports and metrics")
    public static let description = ScenarioKey("description", "TEXT", default: "empty", "Free text")
    public static let serverStart = ScenarioKey("server.start", "BOOL", default: "true",
                                                "Start `swarmcast serve` for this run; false: swarm the server at `address`")
    public static let serverAddress = ScenarioKey("server.address", "HOST:PORT", default: "127.0.0.1:0",
                                                  "Where the server listens; port 0 picks a free port (only with start: true); required with start: false")
    public static let serverWorkers = ScenarioKey("server.workers", "N", default: "0", ints: 0...64,
                                                  "Edge processes sharing the listening port (serve --workers); needs start: true")
    public static let speakersDemo = ScenarioKey("speakers.demo", "N", default: "1", ints: 0...14,
                                                 "Built-in speakers per room (a host and up to 13): server.demo_speakers")
    public static let speakersClients = ScenarioKey("speakers.clients", "N", default: "0", ints: 0...10_000,
                                                    "Speaker clients the swarm connects (use with demo: 0)")
    public static let stages = ScenarioKey("listeners.stages", "list", default: "required",
                                           "Arrival stages, run in order; the run lasts as long as they do")
    public static let stageRamp = ScenarioKey("listeners.stages[].ramp", "N", default: "—", ints: 0...10_000_000,
                                              "Move the target to N linearly over `over` (a lower target ramps down)")
    public static let stageOver = ScenarioKey("listeners.stages[].over", "DURATION", default: "required with ramp", durations: .zero...day,
                                              "The ramp's length")
    public static let stageHold = ScenarioKey("listeners.stages[].hold", "DURATION", default: "—", durations: .milliseconds(1)...day,
                                              "Keep the target this long (after a storm: hold after it)")
    public static let stageRate = ScenarioKey("listeners.stages[].rate", "X", default: "—", numbers: 0.001...1_000_000,
                                              "Start this many listeners per second for `for`, whatever the server does (open model)")
    public static let stageFor = ScenarioKey("listeners.stages[].for", "DURATION", default: "required with rate", durations: .milliseconds(1)...day,
                                             "The rate stage's length")
    public static let stageStorm = ScenarioKey("listeners.stages[].storm", "N", default: "—", ints: 1...10_000_000,
                                               "N listeners at once (then `hold`, default 0s)")
    public static let listenerRooms = ScenarioKey("listeners.rooms", "list of N", default: "all rooms",
                                                  "Rooms listeners join, round-robin; each from 1 to server.rooms")
    public static let attackKind = ScenarioKey("attacks[].kind", "KIND", default: "required", choices: AttackSpec.Kind.allCases.map(\.rawValue),
                                               "What the hostile clients do (outcomes are counted apart from listeners)")
    public static let attackCount = ScenarioKey("attacks[].count", "N", default: "required", ints: 1...1_000_000,
                                                "Attackers alive at once, each restarting when the server closes it")
    public static let attackStart = ScenarioKey("attacks[].start", "DURATION", default: "0s", durations: .zero...day,
                                                "When the attack begins, from the run's start")
    public static let attackRate = ScenarioKey("attacks[].rate", "X", default: "1000", numbers: 1...1_000_000,
                                               "Attackers started per second until `count` run")
    public static let faultAt = ScenarioKey("faults[].at", "DURATION", default: "required", durations: .zero...day,
                                            "When `run` injects the fault, from the run's start")
    public static let faultKill = ScenarioKey("faults[].kill", "KIND", default: "required", choices: FaultSpec.Action.allCases.map(\.rawValue),
                                              "SIGKILL one edge (needs server.workers) or one swarm agent")
    public static let threshold = ScenarioKey("thresholds.METRIC", "CONDITION", default: "none",
                                              "`\"OP VALUE\"` judged on the whole run, or a mapping with `condition` and `window` ([thresholds.md](thresholds.md))")
    public static let thresholdCondition = ScenarioKey("thresholds.METRIC.condition", "CONDITION", default: "required in the mapping form",
                                                       "`OP VALUE`, OP one of <, <=, >, >=, ==")
    public static let thresholdWindow = ScenarioKey("thresholds.METRIC.window", "DURATION", default: "whole run", durations: .seconds(1)...day,
                                                    "Judge every window of this many whole seconds (sliding by 1 s) and report the worst")
    public static let thresholdIgnoreFirst = ScenarioKey("thresholds.METRIC.ignore_first", "DURATION", default: "0s", durations: .zero...day,
                                                         "Warm-up no window includes (needs window)")
    public static let thresholdAbortOnFail = ScenarioKey("thresholds.METRIC.abort_on_fail", "BOOL", default: "false",
                                                         "Stop the run at the first failing window, exit 99 (needs window)")
    public static let thresholdDelayAbortEval = ScenarioKey("thresholds.METRIC.delay_abort_eval", "DURATION", default: "0s", durations: .zero...day,
                                                            "No abort before this much of the run (needs abort_on_fail)")

    /// Every key, in the order the reference lists them.
    public static let all: [ScenarioKey] = [
        name, description, serverStart, serverAddress, serverWorkers, speakersDemo, speakersClients, stages, stageRamp, stageOver, stageHold,
        stageRate, stageFor, stageStorm, listenerRooms, attackKind, attackCount, attackStart, attackRate, faultAt, faultKill,
        threshold, thresholdCondition, thresholdWindow, thresholdIgnoreFirst, thresholdAbortOnFail, thresholdDelayAbortEval,
    ]
}
