import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastScenario
import SwarmcastSettings

/// `swarmcast plan`: a measured run's costs turned into cores, memory, processes and hosts for the
/// server and for the swarm at a listener count; or, with `--calibrate`, a short run on this host
/// that measures the costs itself and sizes a scenario to this host's capacity.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Size a broadcast from measured costs: server and swarm cores, memory, processes and hosts at a listener count.",
        discussion: """
        Examples:
          swarmcast plan --listeners 8000000 --packet-interval 3s --costs runs/DIR \\
              --host-cores 16 --host-memory 64GiB
          swarmcast plan --scenario Configs/spaces-2024-8m.yaml --costs runs/DIR
          swarmcast plan --calibrate --listeners 20000 --duration 40s \\
              --write Configs/NAME.yaml [--scenario TEMPLATE]

        Costs come from a complete run whose swarm was not saturated; the packet
        interval they were measured at from --measured-packet-interval or the run
        directory's scenario.yaml. Exit 2 on bad flags or unusable costs.
        """
    )

    @Option(help: "Listeners to plan for (with --calibrate: listeners of the calibration run, default 20000).")
    var listeners: Int?
    @Option(help: "Packet interval to plan for, e.g. 3s (default: the scenario's, else the measured one; with --calibrate 3s).")
    var packetInterval: DurationArgument?
    @Option(help: "Scenario whose peak listeners and packet interval to plan for (with --calibrate: the shape to resize).")
    var scenario: String?
    @Option(help: "Run directory whose summary.json holds the measured costs.")
    var costs: String?
    @Option(help: "Packet interval the costs were measured at, when the run directory has no scenario.yaml.")
    var measuredPacketInterval: DurationArgument?
    @Option(help: "Cores of one host (default: the measuring host's).")
    var hostCores: Double?
    @Option(help: "Memory of one host, e.g. 64GiB (default: the measuring host's).")
    var hostMemory: String?
    @Option(help: "Open files one process may hold (default: the measuring run's limit, else 20000).")
    var openFiles: Int?
    @Option(help: "Share of a host's cores and memory to plan for, e.g. 70% or 0.7.")
    var headroom = "70%"
    @Option(help: "Listeners that decode their audio, e.g. 1% or 200 (default: the scenario's listeners.decode, else none); their decoding adds swarm cores.")
    var decode: String?
    @Option(help: "CPU per decoded listener-minute in µs, as Benchmarks/decode-cost.sh prints it (default: the figure it measured on the development host).")
    var decodeCost: Double?
    @Option(help: "Write the plan (or the calibration) as JSON to this file.")
    var out: String?
    @Flag(help: "Measure this host with a short `swarmcast run`, compute its capacity, size a scenario.")
    var calibrate = false
    @Option(help: "With --calibrate: length of the calibration run.")
    var duration = DurationArgument(.seconds(40))
    @Option(help: "With --calibrate: run directory of the calibration run (default runs/calibrate-<date>).")
    var calibrationOut: String?
    @Option(help: "With --calibrate: write the sized scenario here, e.g. Configs/spaces-2024-here.yaml.")
    var write: String?
    @Option(help: "With --calibrate and no --scenario: the hold after the ramp of the sized scenario.")
    var hold = DurationArgument(.seconds(60))

    func validate() throws {
        if let listeners, !(1...100_000_000).contains(listeners) { throw ValidationError("--listeners must be 1 to 100000000 (got \(listeners))") }
        if let p = packetInterval?.value, p <= .zero || p > .seconds(60) {
            throw ValidationError("--packet-interval must be above 0 and at most 60s (got \(DurationText.format(p)))")
        }
        if let p = measuredPacketInterval?.value, p <= .zero || p > .seconds(60) {
            throw ValidationError("--measured-packet-interval must be above 0 and at most 60s (got \(DurationText.format(p)))")
        }
        guard PlanFormat.parseFraction(headroom) != nil else { throw ValidationError("--headroom must be a share above 0 and at most 100%, e.g. 70% or 0.7 (got '\(headroom)')") }
        if let hostCores, !(hostCores > 0 && hostCores <= 100_000) { throw ValidationError("--host-cores must be above 0 (got \(hostCores))") }
        if let hostMemory, PlanFormat.parseBytes(hostMemory) == nil { throw ValidationError("--host-memory must be a size such as 64GiB or 512MiB (got '\(hostMemory)')") }
        if let decode, ListenerShare(text: decode) == nil {
            throw ValidationError("--decode must be a percentage such as 1%, a fraction such as 0.01, or a number of listeners such as 200 (got '\(decode)')")
        }
        if let decodeCost, !(decodeCost > 0 && decodeCost < 60e6) { throw ValidationError("--decode-cost must be µs per decoded listener-minute, above 0 and under 60000000 (got \(decodeCost))") }
        if let openFiles, openFiles <= HostShape.reservedFiles { throw ValidationError("--open-files must be above \(HostShape.reservedFiles) (got \(openFiles))") }
        if calibrate {
            if costs != nil { throw ValidationError("--costs and --calibrate exclude each other: --calibrate measures its own costs") }
            if duration.value < .seconds(5) || duration.value > .seconds(3600) {
                throw ValidationError("--duration must be 5s to 1h (got \(DurationText.format(duration.value)))")
            }
            if let p = packetInterval?.value, !Self.wholeFrames(p) {
                throw ValidationError("--packet-interval must be a multiple of 20ms from 20ms to 10s for --calibrate (got \(DurationText.format(p)))")
            }
        } else {
            if costs == nil { throw ValidationError("--costs DIR is missing: the run directory whose costs to plan with (or --calibrate to measure them here)") }
            if listeners == nil && scenario == nil { throw ValidationError("--listeners is missing: how many to plan for (or --scenario FILE)") }
            for (flag, given) in [("--write", write != nil), ("--calibration-out", calibrationOut != nil)] where given {
                throw ValidationError("\(flag) only applies with --calibrate")
            }
        }
    }

    /// True when `p` is a whole number of 20 ms frames, 1 to 500 of them.
    static func wholeFrames(_ p: Duration) -> Bool {
        let frames = p.seconds / 0.02
        return abs(frames - frames.rounded()) < 1e-9 && (1...500).contains(Int(frames.rounded()))
    }

    func run() throws {
        let template = try scenario.map(Self.loadScenario)
        if calibrate { return try runCalibration(template: template) }
        let measured = try Self.readCosts(costs!, measuredPacketInterval: measuredPacketInterval?.value.seconds)
        let planned = listeners ?? template!.listeners.schedule.peakTarget
        let interval = packetInterval?.value.seconds ?? template?.audio.packetInterval.seconds ?? measured.packetIntervalSeconds
        let host = HostShape(cores: hostCores ?? Double(measured.cores), memoryBytes: hostMemory.flatMap { PlanFormat.parseBytes($0) } ?? Double(measured.memoryBytes),
                             openFiles: openFiles ?? (measured.openFilesLimit > UInt64(HostShape.reservedFiles) ? Int(measured.openFilesLimit) : 20_000),
                             headroom: PlanFormat.parseFraction(headroom)!, ephemeralPorts: HostLimits.current().ephemeralPorts)
        guard host.cores > 0, host.memoryBytes > 0 else {
            throw CommandExit(.badInput, message: "Error: \(measured.run): summary.json has no machine cores or memory: give --host-cores and --host-memory")
        }
        let share = decode.flatMap { ListenerShare(text: $0) } ?? template?.listeners.settings.decode ?? .none
        let decoded = share.of(planned)
        let load = decoded > 0
            ? DecodeLoad(listeners: decoded, cpuMicrosPerListenerMinute: decodeCost ?? DecodeLoad.measuredMicrosPerListenerMinute,
                         costSource: decodeCost == nil ? DecodeLoad.measuredSource : "--decode-cost")
            : nil
        let plan = CapacityPlan(listeners: planned, packetIntervalSeconds: interval, host: host, costs: measured, decode: load)
        print(plan.text)
        if let out { try Self.writeJSON(plan, to: out) }
    }

    static func loadScenario(_ path: String) throws -> Scenario {
        do { return try ScenarioLoader.load(path: path) } catch { throw CommandExit(.badInput, message: "Error: --scenario \(path): \(error)") }
    }

    /// Reads costs; an unusable run is bad input (exit 2) naming the flag, the directory and why.
    static func readCosts(_ path: String, measuredPacketInterval: Double?) throws -> MeasuredCosts {
        do { return try MeasuredCosts.read(runDirectory: URL(fileURLWithPath: path), measuredPacketInterval: measuredPacketInterval) } catch {
            throw CommandExit(.badInput, message: "Error: --costs \(error)")
        }
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        do { try PlanFormat.json(value).write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandExit(.failure, message: "Error: --out \(path): \(error)")
        }
    }
}
