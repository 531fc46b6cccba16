import Foundation

extension HostLimits {
    /// This host's limits from /proc and getrlimit; a limit the host does not expose stays nil.
    public static func current() -> HostLimits {
        let machine = MachineInfo.current()
        var limit = rlimit()
        let hard = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(clamping: limit.rlim_max) : Int(machine.openFilesLimit)
        func numbers(_ path: String) -> [Double] {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Double($0) }
        }
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        let ports = numbers("/proc/sys/net/ipv4/ip_local_port_range")
        return HostLimits(
            hostname: machine.hostname, cores: Double(machine.cores), memoryBytes: Double(machine.memoryBytes),
            openFilesPerProcess: hard, fileMax: numbers("/proc/sys/fs/file-max").first,
            tcpMemMaxBytes: numbers("/proc/sys/net/ipv4/tcp_mem").dropFirst(2).first.map { $0 * page },
            conntrackMax: numbers("/proc/sys/net/netfilter/nf_conntrack_max").first,
            ephemeralPorts: ports.count == 2 ? Int(ports[1] - ports[0] + 1) : nil)
    }
}
