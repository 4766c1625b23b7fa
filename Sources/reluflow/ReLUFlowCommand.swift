import ArgumentParser

@main
struct ReLUFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reluflow",
        abstract: "Exact gradient flow of two-layer ReLU networks, next to the theorems about it.",
        subcommands: [AlignCommand.self, CheckCommand.self, RunCommand.self, SweepCommand.self, PhaseCommand.self,
                      PlotCommand.self,
                      BenchCommand.self, FLSCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
