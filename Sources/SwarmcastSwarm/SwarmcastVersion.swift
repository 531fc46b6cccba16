import SwarmcastBuildInfo

/// The version string HTTP clients send.
let swarmcastVersionString = BuildInfo.version
