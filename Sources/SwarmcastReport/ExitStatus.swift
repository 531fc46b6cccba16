/// The exit codes of every `swarmcast` command, declared once: the CLI exits with these and
/// `docs/reference/exit-codes.md` lists them.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Everything asked for was done and every threshold held (or `compare` found no regression).
    case pass = 0
    /// A runtime failure or an incomplete run: the server went away, Ctrl-C, a lost agent, a
    /// late-starting shard, a merge missing a shard. The run directory is still written, marked
    /// `complete: false` with the reasons.
    case failure = 1
    /// Bad arguments or a bad scenario: the message names the file, line, column, field and value
    /// (or the flag and value). Nothing ran.
    case badInput = 2
    /// A threshold failed or was inconclusive (`run`, `merge --scenario`), an `abort_on_fail`
    /// threshold stopped the run early (every file still written, marked `aborted`), or `compare`
    /// found a regression beyond the noise.
    case thresholdFailed = 99

    /// One line for help text and the reference page.
    public var summary: String {
        switch self {
        case .pass: "pass"
        case .failure: "runtime failure or incomplete run (the report is still written, marked complete: false)"
        case .badInput: "bad arguments or a bad scenario (the message names file:line:column, field and value)"
        case .thresholdFailed: "a threshold failed or was inconclusive, an abort_on_fail threshold stopped the run, or compare found a regression"
        }
    }

    /// The meaning of each code in one sentence, for `--help`: `0 pass, 1 ..., 2 ..., 99 ...`.
    public static var helpLine: String {
        "Exit codes: " + allCases.map { "\($0.rawValue) \($0.summary)" }.joined(separator: "; ") + "."
    }
}
