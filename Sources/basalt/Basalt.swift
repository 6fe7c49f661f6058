import ArgumentParser

/// The `basalt` command line.
@main
struct Basalt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basalt",
        abstract: "A self-hosted, Amazon Bedrock-compatible model runtime.",
        subcommands: [Serve.self, Models.self, Resources.self, Keys.self],
        defaultSubcommand: Serve.self
    )
}
