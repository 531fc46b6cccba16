import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` (the git commit the sources were built from) before every build,
/// so `summary.json` says which commit made a run. A prebuild command runs on each build, so an
/// incremental build after a new commit gets the new value (a manifest-time `git rev-parse` would
/// be cached with the manifest); the file is replaced only when its text changes, so a build
/// without a new commit recompiles nothing. Without git or a `.git` the commit is "unknown".
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let script = """
        set -u
        out="$1/BuildCommit.swift"; src="$2"
        git() { command git -c safe.directory='*' -C "$src" "$@" 2>/dev/null; }
        commit=$(git rev-parse --verify 'HEAD^{commit}') || commit=""
        case "$commit" in
          [0-9a-f]*) if git diff --quiet HEAD --; then dirty=false; else dirty=true; fi ;;
          *) commit=unknown; dirty=nil ;;
        esac
        tmp="$out.tmp.$$"
        {
          echo '// Generated before each build by Plugins/BuildInfoPlugin from `git rev-parse HEAD`; do not edit.'
          echo 'extension BuildInfo {'
          echo '    /// The git commit the sources were built from, or "unknown" (no git, or no .git).'
          echo "    public static let commit = \\"$commit\\""
          echo '    /// Whether tracked files differed from that commit at build time (nil: unknown).'
          echo "    public static let sourceModified: Bool? = $dirty"
          echo '}'
        } > "$tmp"
        if cmp -s "$tmp" "$out"; then rm -f "$tmp"; else mv -f "$tmp" "$out"; fi
        """
        return [.prebuildCommand(displayName: "Recording the git commit of the build",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "build-info", output.path, context.package.directoryURL.path],
                                 outputFilesDirectory: output)]
    }
}
