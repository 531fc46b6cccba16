/// Which part of a swarm this process runs: shard `index` of `count`.
///
/// From `--shard I/K`, or from the environment a scheduler sets: a Kubernetes Indexed Job gives
/// `JOB_COMPLETION_INDEX` but never the count, so `SWARMCAST_SHARDS` must say it; Slurm gives
/// `SLURM_PROCID` and `SLURM_NTASKS`. A flag that disagrees with the environment is an error
/// rather than a silent choice: two shards running the same index would double one share and
/// leave another out.
public struct ShardIdentity: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// The whole swarm in one process.
    public static let whole = ShardIdentity(uncheckedIndex: 0, count: 1)

    init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// A shard, checked: `count >= 1` and `0 <= index < count`; `source` names where the values came from.
    public init(index: Int, count: Int, source: String) throws(ShardError) {
        guard count >= 1 else { throw ShardError("\(source): shard count must be at least 1, got index \(index) and count \(count)") }
        guard index >= 0 && index < count else {
            throw ShardError("\(source): shard index must be 0 to count-1, got index \(index) and count \(count) (I must be below K)")
        }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// True when this process runs a part, not the whole.
    public var isPartial: Bool { count > 1 }

    /// Environment variables that carry a shard identity, in the order they are read.
    public static let environmentNames = ["JOB_COMPLETION_INDEX", "SWARMCAST_SHARDS", "SLURM_PROCID", "SLURM_NTASKS"]

    /// `I/K` as written on the command line.
    public static func parse(flag text: String) throws(ShardError) -> ShardIdentity {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]) else {
            throw ShardError("--shard: must be I/K such as 0/4, got '\(text)'")
        }
        return try ShardIdentity(index: i, count: k, source: "--shard \(text)")
    }

    /// The identity from the environment alone; nil when it names none.
    public static func fromEnvironment(_ env: [String: String]) throws(ShardError) -> ShardIdentity? {
        func number(_ name: String) throws(ShardError) -> Int? {
            guard let text = env[name] else { return nil }
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { throw ShardError("\(name): must be a whole number, got '\(text)'") }
            return n
        }
        if let index = try number("JOB_COMPLETION_INDEX") {
            guard let count = try number("SWARMCAST_SHARDS") else {
                throw ShardError("JOB_COMPLETION_INDEX=\(index) is set but SWARMCAST_SHARDS is not: a Kubernetes Indexed Job gives the index, never the count; set SWARMCAST_SHARDS to the job's completions")
            }
            return try ShardIdentity(index: index, count: count, source: "JOB_COMPLETION_INDEX=\(index) SWARMCAST_SHARDS=\(count)")
        }
        if let index = try number("SLURM_PROCID") {
            guard let count = try number("SLURM_NTASKS") else { throw ShardError("SLURM_PROCID=\(index) is set but SLURM_NTASKS is not") }
            return try ShardIdentity(index: index, count: count, source: "SLURM_PROCID=\(index) SLURM_NTASKS=\(count)")
        }
        if let count = try number("SWARMCAST_SHARDS") {
            throw ShardError("SWARMCAST_SHARDS=\(count) is set but no index is (JOB_COMPLETION_INDEX or SLURM_PROCID), and no --shard flag")
        }
        return nil
    }

    /// The identity from the flag and the environment together: either alone, or both agreeing.
    public static func resolve(flag: String?, environment env: [String: String]) throws(ShardError) -> ShardIdentity {
        let fromFlag = try flag.map { (text: String) throws(ShardError) in try parse(flag: text) }
        // A Kubernetes pod may pass `--shard $(JOB_COMPLETION_INDEX)/K` without SWARMCAST_SHARDS:
        // then the flag gives the count, and the index must still agree.
        if let f = fromFlag, env["SWARMCAST_SHARDS"] == nil, let text = env["JOB_COMPLETION_INDEX"] {
            guard Int(text.trimmingCharacters(in: .whitespaces)) == f.index else {
                throw ShardError("--shard \(f) disagrees with the environment (JOB_COMPLETION_INDEX=\(text)): give one, or make them agree")
            }
            return f
        }
        let fromEnvironment = try Self.fromEnvironment(env)
        switch (fromFlag, fromEnvironment) {
        case let (f?, e?) where f != e:
            let names = env["JOB_COMPLETION_INDEX"] != nil ? "JOB_COMPLETION_INDEX=\(env["JOB_COMPLETION_INDEX"]!) SWARMCAST_SHARDS=\(env["SWARMCAST_SHARDS"] ?? "")"
                : "SLURM_PROCID=\(env["SLURM_PROCID"] ?? "") SLURM_NTASKS=\(env["SLURM_NTASKS"] ?? "")"
            throw ShardError("--shard \(f) disagrees with the environment (\(names), shard \(e)): give one, or make them agree")
        case let (f?, _): return f
        case let (nil, e?): return e
        case (nil, nil): return .whole
        }
    }
}

/// A shard identity that cannot be used; the message names the flag or variable and its value.
public struct ShardError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
