/// Why `swarmcast plan` will not turn a run's costs into a plan: the costs would not be
/// trustworthy, or are not there. Each message names the run directory and what to do instead.
public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The run did not finish (interrupted, server gone, lost agents): its costs cover an unknown part.
    case incompleteRun(path: String, reasons: [String])
    /// The swarm could not keep up, so the costs measure an overloaded box, not the work.
    case saturatedSwarm(path: String, why: String)
    /// summary.json is missing, unreadable, or lacks a figure the plan needs.
    case missingFigure(path: String, figure: String)
    /// Neither `--measured-packet-interval` nor a scenario.yaml in the run directory says at what
    /// packet interval the costs were measured.
    case unknownPacketInterval(path: String)

    public var description: String {
        switch self {
        case .incompleteRun(let path, let reasons):
            "\(path): the run is incomplete (\(reasons.joined(separator: ", "))); its costs cover an unknown part of the work: measure again"
        case .saturatedSwarm(let path, let why):
            "\(path): the swarm was saturated (\(why)); costs measured on an overloaded box overstate the work: measure at a lower count"
        case .missingFigure(let path, let figure):
            "\(path): summary.json has no \(figure); plan needs a complete run made by `swarmcast run` (which measures costs)"
        case .unknownPacketInterval(let path):
            "\(path): no scenario.yaml says at what packet interval the costs were measured: give --measured-packet-interval (e.g. 3s)"
        }
    }
}
