import ArgumentParser
import Foundation
import ReLUFlow

/// Options of the integration.
struct IntegrationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("End time T.", valueName: "T"))
    var time: Double = 50

    @Option(help: "Step type.")
    var method: StepType = .rk8pd

    @Option(help: ArgumentHelp("Step type right after events, while they cut the steps short (default: rk2; "
                               + "the --method itself: one step type throughout).", valueName: "method"))
    var eventMethod: StepType?

    @Option(parsing: .unconditional, help: "Relative tolerance of each step.")
    var rtol: Double = 1e-8

    @Option(parsing: .unconditional, help: "Absolute tolerance (default: rtol times the largest initial weight entry).")
    var atol: Double?

    @Option(help: ArgumentHelp(
        "Switch handling: neuronwise (small-output start neuron by neuron, then full) or full (every event "
            + "restarts the whole system).", valueName: "mode"))
    var eventHandling: EventHandling = .neuronwise

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Aimed steps: where events cut the steps short, Heun steps of two evaluations that end on the forecast "
            + "crossing (neuronwise handling; off: the event method's steps, each crossing restarted in full)."))
    var aimedSteps = true

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Crossing bursts: aimed steps that run past the crossings they meet, each moving only its own neuron "
            + "(off: every aimed step ends on its first crossing)."))
    var crossingBursts = true

    @Option(help: "State: auto (log-norm when balanced), weights, log-norm.")
    var formulation: Formulation = .auto

    @Option(parsing: .unconditional, help: ArgumentHelp("Log-spaced sample times in [T/10^4, T] (besides 0 and T).",
                                                         valueName: "k"))
    var samples: Int = 12

    @Option(parsing: .unconditional, help: ArgumentHelp("Extra sample times, comma-separated.", valueName: "t1,t2,..."))
    var at: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "End the run at the first time the training risk reaches this value (located inside the step).",
        valueName: "eps"))
    var stopAtRisk: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "End the run at the first time ||theta'|| = c ||grad L|| reaches this value (c = 1/alpha^2, the loss "
            + "scale: the gradient norm itself at alpha = 1).", valueName: "eps"))
    var stopAtGradNorm: Double?

    @OptionGroup var budget: BudgetOptions

    func validate() throws {
        if stopAtRisk != nil, stopAtGradNorm != nil {
            throw ValidationError("give --stop-at-risk or --stop-at-grad-norm, not both")
        }
    }

    func makeOptions() throws -> SolverOptions {
        let times = try (at ?? "").split(separator: ",").map { text -> Double in
            guard let t = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw InputError(field: "--at", value: String(text), reason: "not a number")
            }
            guard t <= time else {
                throw InputError(field: "--at", value: String(text), reason: "is after the end time T = \(time) (--time)")
            }
            return t
        }
        var options = try SolverOptions(endTime: time, method: method, relativeTolerance: rtol,
                                        absoluteTolerance: atol, parametrisation: formulation.parametrisation,
                                        sampleTimes: times, logSpacedSamples: samples)
        options.eventHandling = eventHandling
        options.aimsSteps = aimedSteps
        options.takesCrossingBursts = crossingBursts
        if let eventMethod { options.eventDenseMethod = eventMethod }
        if let eps = stopAtRisk { options.stoppingRule = try StoppingRule.risk(eps).validated() }
        if let eps = stopAtGradNorm { options.stoppingRule = try StoppingRule.gradientNorm(eps).validated() }
        try budget.apply(to: &options)
        return options
    }
}
