/// What build of Swarmcast this is: the version (set here, by hand, on a release) and the git
/// commit (`commit`, `sourceModified`: generated before each build by Plugins/BuildInfoPlugin).
/// Reports write both, so a run directory says which build made it.
public enum BuildInfo {
    /// The release version, written into every report and sent by HTTP clients.
    public static let version = "0.1.0"
}
