import ArgumentParser

/// Observers that `reluflow run --observe` can attach to a run.
enum Observation: String, ExpressibleByArgument, CaseIterable {
    case alignment
    case kernel
}
