import Foundation

extension MachineInfo {
    /// This machine: hostname, cores, memory and this process's open-files limit.
    public static func current() -> MachineInfo {
        var info = MachineInfo()
        info.hostname = ProcessInfo.processInfo.hostName
        info.cores = ProcessInfo.processInfo.activeProcessorCount
        info.memoryBytes = ProcessInfo.processInfo.physicalMemory
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { info.openFilesLimit = UInt64(limit.rlim_cur) }
        return info
    }
}
