import ArgumentParser
import Foundation
import SwarmcastReport
import SwarmcastLoop

/// `swarmcast tune`: set the kernel settings large loopback runs need, and say what changed.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Check (and as root, set) the kernel settings large runs need: port range, accept backlogs, file, conntrack and TCP memory limits.",
        discussion: "Without root, or with --dry-run, it only reports. Settings last until reboot. Exit 1 when a needed change could not be made."
    )

    @Flag(name: .customLong("dry-run"), help: "Only report what would change.")
    var dryRun = false

    func run() throws {
        var failed = false
        let root = geteuid() == 0
        for state in HostTuning.inspect() {
            let key = state.setting.key.replacingOccurrences(of: "/", with: ".")
            guard state.needsChange else {
                print("ok       \(key) = \(state.current)")
                continue
            }
            if dryRun || !root {
                print("change   \(key) = \(state.current) → \(state.setting.wanted)   (\(state.setting.why))")
                if !root && !dryRun { failed = true }
                continue
            }
            if let problem = HostTuning.apply(state.setting) {
                print("FAILED   \(key) = \(state.current), wanted \(state.setting.wanted): \(problem)")
                failed = true
            } else {
                print("changed  \(key) = \(state.current) → \(state.setting.wanted)   (\(state.setting.why))")
            }
        }
        let limits = ProcessLimits.raiseOpenFileLimit()
        print("info     open files per process: \(limits.soft) (hard \(limits.hard)); Swarmcast raises its own soft limit, scale comes from processes")
        if failed {
            throw CommandExit(.failure, message: root ? "some settings could not be changed" : "not root: run `sudo swarmcast tune` (or set the values above with sysctl -w)")
        }
    }
}
