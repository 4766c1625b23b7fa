import ArgumentParser

/// Options of `run` that write files.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write one row per sample time to this CSV file.", valueName: "path"))
    var trace: String?

    @Flag(help: "Include the neuron directions u_j in the trace.")
    var traceDirections = false

    @Option(help: ArgumentHelp("Write every located event (time, pair, kind, changes) to this CSV file.",
                               valueName: "path"))
    var events: String?

    @Option(help: ArgumentHelp("Write the final network (a,w1,...,wd; 17 significant digits) to this CSV file.",
                               valueName: "path"))
    var saveFinal: String?

    @Option(help: ArgumentHelp("Write the training data (x1,...,xd,y) to this CSV file.", valueName: "path"))
    var saveData: String?

    @Flag(help: "Allow the output files to replace existing files (never an input, never one another).")
    var force = false
}
