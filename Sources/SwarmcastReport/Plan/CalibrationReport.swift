/// `plan --calibrate --out FILE`: the calibration for machines.
public struct CalibrationReport: Codable, Equatable, Sendable {
    public var schema = "swarmcast.calibration/1"
    public var costs: MeasuredCosts
    public var capacity: HostCapacity
    /// The scenario written (`--write`), if any.
    public var scenarioFile: String?
    public init(costs: MeasuredCosts, capacity: HostCapacity, scenarioFile: String?) {
        self.costs = costs
        self.capacity = capacity
        self.scenarioFile = scenarioFile
    }
}
