import ArgumentParser

@main
struct ReLUFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reluflow",
        abstract: "Exact gradient flow of two-layer ReLU networks, next to the theorems about it.",
        subcommands: [AlignCommand.self, CheckCommand.self, RunCommand.self, SweepCommand.self, PhaseCommand.self,
                      PlotCommand.self,
                      BenchCommand.self, FLSCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs a subcommand; reports its errors through `ErrorMapping`, so that library
    /// errors name flags.
    static func main() async {
        var command: ParsableCommand?
        do {
            command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command?.run()
            }
        } catch {
            let overrides = (command.map { type(of: $0) } as? RenamesParameters.Type)?.parameterFlags ?? [:]
            exit(withError: ErrorMapping.mapped(error, overrides: overrides))
        }
    }
}
