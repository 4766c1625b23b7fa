import Foundation

/// Runs one benchmark case: the gradient-descent peer's runs, the reference, ReLUFlow's runs and
/// the scipy peer's runs on the same data and init files, and turns each final state into errors
/// against the reference.
public struct BenchRunner: Sendable {
    public static let defaultMethods: [StepType] = [.rk8pd, .rkf45, .rkck]
    public static let defaultScipyMethods = ["DOP853", "RK45"]
    public static let defaultGradientDescentSteps = [1e-3, 5e-4, 2.5e-4]
    public static func defaultTolerances(quick: Bool) -> [Double] { quick ? [1e-6, 1e-8] : [1e-6, 1e-8, 1e-10] }

    /// ReLUFlow's step types and tolerances; nil for both: the case's own runs, else the defaults.
    public var methods: [StepType]?
    public var rtols: [Double]?
    /// The scipy peer's methods (nil: the case's own, else the defaults).
    public var scipyMethods: [String]?
    /// The gradient-descent peer's steps, largest first, each half the previous for the
    /// convergence orders and the extrapolated reference to be measured (nil: the case's own,
    /// else the defaults).
    public var gradientDescentSteps: [Double]?
    /// The peers (nil: not run).
    public var scipy: PeerProcess?
    public var gradientDescent: PeerProcess?
    /// Wall seconds after which a peer run is killed.
    public var peerCap: Double
    /// Where the data, init and final-state files go.
    public var directory: String
    /// Receives one line per finished run.
    public var log: @Sendable (String) -> Void

    public init(methods: [StepType]? = nil, rtols: [Double]? = nil, scipyMethods: [String]? = nil,
                gradientDescentSteps: [Double]? = nil, scipy: PeerProcess?,
                gradientDescent: PeerProcess?, peerCap: Double, directory: String,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.methods = methods
        self.rtols = rtols
        self.scipyMethods = scipyMethods
        self.gradientDescentSteps = gradientDescentSteps
        self.scipy = scipy
        self.gradientDescent = gradientDescent
        self.peerCap = peerCap
        self.directory = directory
        self.log = log
    }

    public struct CaseResult: Sendable {
        public let benchCase: BenchCase
        public let referenceText: String
        public let referenceLoss: Double
        /// Relative resolution of the reference (errors below it are not resolved).
        public let floor: Double
        /// ReLUFlow's rows, then scipy's, then gradient descent's.
        public let rows: [WorkPrecisionRow]
        /// Final loss of each row (nil when it has none), in row order.
        public let losses: [Double?]
        /// Largest relative difference between a peer's printed loss and ReLUFlow's loss of the
        /// peer's final network (the loss conventions agree when this is ~1e-15).
        public let conventionCheck: Double?
    }

    /// ReLUFlow's runs of a case: the given methods and tolerances, else the case's, else the defaults.
    public func flowRuns(_ benchCase: BenchCase, quick: Bool) -> [(StepType, Double)] {
        if methods == nil && rtols == nil, let own = benchCase.flowRuns { return own }
        let tolerances = rtols ?? Self.defaultTolerances(quick: quick)
        return (methods ?? Self.defaultMethods).flatMap { m in tolerances.map { (m, $0) } }
    }

    public func run(_ benchCase: BenchCase, quick: Bool) throws -> CaseResult {
        let problem = try benchCase.problem()
        let dataPath = "\(directory)/\(benchCase.name)-data.csv"
        let initPath = "\(directory)/\(benchCase.name)-init.csv"
        try problem.data.write(csvPath: dataPath)
        try problem.initial.write(csvPath: initPath)
        // Every solver reads the files, so all integrate exactly the same (written, rounded) problem.
        let flow = try FlowProblem(data: Dataset(csvPath: dataPath), initial: Network(csvPath: initPath))
        log("case \(benchCase.name): \(benchCase.setting)")
        var convention: Double?
        /// Reads a peer's final network and records how its printed loss agrees with ours.
        func finalState(_ report: PeerReport, _ path: String) throws -> [Double] {
            let final = try Network(csvPath: path)
            let ours = final.loss(on: flow.data, loss: flow.loss)
            convention = max(convention ?? 0, abs(ours - report.loss) / max(abs(ours), .leastNormalMagnitude))
            return final.parameterVector
        }

        var descents: [(step: Double, result: PeerProcess.Result, parameters: [Double]?)] = []
        if let peer = gradientDescent {
            for step in gradientDescentSteps ?? benchCase.gradientDescentSteps ?? Self.defaultGradientDescentSteps {
                let path = "\(directory)/\(benchCase.name)-gd-\(step).csv"
                var result = peer.run(data: dataPath, initial: initPath, time: benchCase.time,
                                      arguments: ["--step", String(format: "%.17g", step)], finalPath: path, cap: peerCap)
                var parameters: [Double]?
                if case .finished(let report, _) = result {
                    do { parameters = try finalState(report, path) } catch {
                        result = .failed("final state unreadable: \(error)")
                    }
                }
                descents.append((step, result, parameters))
                log("  numpy GD step \(formatNumber(step)): \(Self.describe(result))")
            }
        }

        let reference = try self.reference(benchCase, flow, descents: descents)
        log("  reference: \(reference.text)")
        var rows: [WorkPrecisionRow] = [], losses: [Double?] = []
        func errors(_ loss: Double, _ parameters: [Double]) -> (loss: Double, parameters: Double) {
            WorkPrecision.errors(loss: loss, parameters: parameters, referenceLoss: reference.loss,
                                 referenceParameters: reference.parameters)
        }
        // The defaults; with `comparesFullRestarts` also full restarts with one step type
        // throughout, and the default handling with one step type throughout.
        let defaults = SolverOptions.defaultEventDenseMethod
        let variants: [(suffix: String, handling: EventHandling, afterEvents: StepType?)] =
            benchCase.comparesFullRestarts ? [("/full", .full, nil), ("/same", .neuronwise, nil), ("", .neuronwise, defaults)]
                : [("", .neuronwise, defaults)]
        for (method, rtol) in flowRuns(benchCase, quick: quick) {
            for (suffix, handling, afterEvents) in variants {
                let label = method.rawValue + suffix
                var row = WorkPrecisionRow(solver: "ReLUFlow", method: label, relativeTolerance: rtol,
                                           outcome: .finished, wallSeconds: 0)
                var loss: Double?
                let start = Date()
                do {
                    var options = try SolverOptions(endTime: benchCase.time, method: method, relativeTolerance: rtol,
                                                    logSpacedSamples: 0)
                    (options.eventHandling, options.eventDenseMethod) = (handling, afterEvents)
                    let solution = try solve(flow, options: options)
                    row.wallSeconds = Date().timeIntervalSince(start)
                    loss = solution.final.loss(on: flow.data, loss: flow.loss)
                    (row.lossError, row.parameterError) = errors(loss!, solution.final.parameterVector)
                    row.fieldEvaluations = solution.statistics.fieldEvaluations
                    row.events = solution.statistics.changes
                } catch {
                    (row.outcome, row.wallSeconds) = (.failed("\(error)"), Date().timeIntervalSince(start))
                }
                rows.append(row)
                losses.append(loss)
                log("  ReLUFlow \(label) rtol=\(formatNumber(rtol)): " + BenchTable.outcomeText(row)
                    + " wall=\(formatNumber(row.wallSeconds, digits: 4)) s")
            }
        }
        if let peer = scipy {
            let weightScale = flow.initial.materialised().hiddenWeights.storage.reduce(0) { max($0, abs($1)) }
            for method in scipyMethods ?? benchCase.scipyMethods ?? Self.defaultScipyMethods {
                for rtol in rtols ?? Self.defaultTolerances(quick: quick) {
                    let atol = benchCase.matchedPeerAtol ? rtol * weightScale : 1e-10
                    let path = "\(directory)/\(benchCase.name)-peer-\(method)-\(rtol).csv"
                    let arguments = ["--method", method, "--rtol", String(format: "%.17g", rtol),
                                     "--atol", String(format: "%.17g", atol)]
                    var result = peer.run(data: dataPath, initial: initPath, time: benchCase.time, arguments: arguments,
                                          finalPath: path, cap: peerCap)
                    var parameters: [Double]?
                    if case .finished(let report, _) = result {
                        do { parameters = try finalState(report, path) } catch {
                            result = .failed("final state unreadable: \(error)")
                        }
                    }
                    let row = Self.row(result, parameters: parameters, errors: errors,
                                       template: WorkPrecisionRow(solver: "scipy", method: method, relativeTolerance: rtol,
                                                                  outcome: .finished, wallSeconds: 0))
                    rows.append(row.row)
                    losses.append(row.loss)
                    log("  scipy \(method) rtol=\(formatNumber(rtol)): \(Self.describe(result))")
                }
            }
        }
        for descent in descents {
            let row = Self.row(descent.result, parameters: descent.parameters, errors: errors,
                               template: WorkPrecisionRow(solver: "numpy", method: "GD", step: descent.step,
                                                          outcome: .finished, wallSeconds: 0))
            rows.append(row.row)
            losses.append(row.loss)
        }
        return CaseResult(benchCase: benchCase, referenceText: reference.text, referenceLoss: reference.loss,
                          floor: reference.floor, rows: rows, losses: losses, conventionCheck: convention)
    }

    /// A peer's row: `template` with the outcome, wall time, evaluations and errors of `result`,
    /// and its final loss.
    private static func row(_ result: PeerProcess.Result, parameters: [Double]?,
                            errors: (Double, [Double]) -> (loss: Double, parameters: Double),
                            template: WorkPrecisionRow) -> (row: WorkPrecisionRow, loss: Double?) {
        var row = template
        switch result {
        case .capped(let seconds):
            (row.outcome, row.wallSeconds) = (.capped(seconds: seconds), seconds)
            return (row, nil)
        case .failed(let reason):
            row.outcome = .failed(reason)
            return (row, nil)
        case .finished(let report, _):
            row.wallSeconds = report.wallSeconds
            row.fieldEvaluations = report.fieldEvaluations
            guard let parameters else {
                row.outcome = .failed("no final state")
                return (row, nil)
            }
            (row.lossError, row.parameterError) = errors(report.loss, parameters)
            return (row, report.loss)
        }
    }

    private static func describe(_ result: PeerProcess.Result) -> String {
        switch result {
        case .finished(let report, _):
            return "finished wall=\(formatNumber(report.wallSeconds, digits: 4)) s loss=\(formatNumber(report.loss, digits: 12))"
        case .capped(let seconds): return "capped at \(formatNumber(seconds, digits: 4)) s"
        case .failed(let reason): return "failed: \(reason)"
        }
    }

    /// The reference's final loss and parameters, its resolution (measured against a second,
    /// independent reference), and a description.
    private func reference(_ benchCase: BenchCase, _ flow: FlowProblem,
                           descents: [(step: Double, result: PeerProcess.Result, parameters: [Double]?)]) throws
        -> (loss: Double, parameters: [Double], floor: Double, text: String) {
        func tight(_ rtol: Double) throws -> (Double, [Double]) {
            let s = try solve(flow, options: SolverOptions(endTime: benchCase.time, relativeTolerance: rtol,
                                                           logSpacedSamples: 0))
            return (s.final.loss(on: flow.data, loss: flow.loss), s.final.parameterVector)
        }
        switch benchCase.reference {
        case .euler(let eta):
            let r = EulerReference.extrapolated(flow, step: eta, time: benchCase.time)
            let second = try tight(1e-12)
            let gap = WorkPrecision.errors(loss: second.0, parameters: second.1, referenceLoss: r.loss,
                                           referenceParameters: r.parameters)
            let floor = max(gap.loss, gap.parameters)
            return (r.loss, r.parameters, floor,
                    "Richardson-extrapolated gradient descent, eta = \(eta), \(eta / 2); resolution "
                        + "\(formatNumber(floor, digits: 2)) (its distance to ReLUFlow rk8pd at rtol 1e-12)")
        case .tight(let rtol):
            let r = try tight(rtol)
            let second = try tight(rtol * 10)
            let gap = WorkPrecision.errors(loss: second.0, parameters: second.1, referenceLoss: r.0,
                                           referenceParameters: r.1)
            let floor = max(gap.loss, gap.parameters, 1e-15)
            return (r.0, r.1, floor,
                    "ReLUFlow rk8pd at rtol \(formatNumber(rtol)); resolution \(formatNumber(floor, digits: 2)) "
                        + "(its distance to rtol \(formatNumber(rtol * 10)))")
        case .peerGradientDescent:
            let finished = descents.compactMap { d -> (step: Double, loss: Double, parameters: [Double])? in
                guard case .finished(let report, _) = d.result, let p = d.parameters else { return nil }
                return (d.step, report.loss, p)
            }
            func extrapolated(_ k: Int) -> (step: Double, loss: Double, parameters: [Double])? {
                guard k + 1 < finished.count, abs(finished[k].step / finished[k + 1].step - 2) < 1e-9 else { return nil }
                let (coarse, fine) = (finished[k], finished[k + 1])
                return (coarse.step, 2 * fine.loss - coarse.loss, zip(fine.parameters, coarse.parameters).map { 2 * $0 - $1 })
            }
            guard let r = extrapolated(0) else {
                throw InputError(field: "gradientDescentSteps",
                                 value: gradientDescent == nil ? "no peer" : descents.map { "\($0.step)" }.joined(separator: ","),
                                 reason: "case \(benchCase.name) takes its reference from the gradient-descent peer's "
                                     + "runs at steps h and h/2, which must both finish")
            }
            let text = "Richardson-extrapolated numpy gradient descent, steps \(formatNumber(r.step)), "
                + formatNumber(r.step / 2)
            guard let second = extrapolated(1) else {
                return (r.loss, r.parameters, 0, text + "; resolution not measured (no run at step h/4)")
            }
            let gap = WorkPrecision.errors(loss: second.loss, parameters: second.parameters, referenceLoss: r.loss,
                                           referenceParameters: r.parameters)
            let floor = max(gap.loss, gap.parameters, 1e-15)
            return (r.loss, r.parameters, floor, text + "; resolution \(formatNumber(floor, digits: 2)) (its distance to "
                        + "the extrapolation from \(formatNumber(second.step)), \(formatNumber(second.step / 2)))")
        }
    }
}
