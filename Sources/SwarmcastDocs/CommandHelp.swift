/// One command's help as `swarmcast COMMAND --help` prints it, handed over by the CLI (which
/// owns the ArgumentParser types) so the pages can be written here.
public struct CommandHelp: Sendable, Equatable {
    /// The command as typed: `run`, `baseline save`.
    public let name: String
    /// Its one-line abstract.
    public let abstract: String
    /// The full help text at a fixed width.
    public let text: String

    public init(name: String, abstract: String, text: String) {
        self.name = name
        self.abstract = abstract
        self.text = text
    }
}
