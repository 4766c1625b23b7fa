import Foundation
import ReLUFlow

/// Runs one benchmark case: the reference, ReLUFlow's runs and the peer's runs on the same
/// data and init files, and turns each final state into errors against the reference.
struct BenchRunner {
    let methods: [StepType]
    let peerMethods: [String]
    let rtols: [Double]
    let peer: PeerProcess?
    let peerCap: Double
    let directory: String
    let log: (String) -> Void

    struct CaseResult {
        let benchCase: BenchCase
        let referenceText: String
        /// Relative resolution of the reference (errors below it are not resolved).
        let floor: Double
        let rows: [WorkPrecisionRow]
        /// Final loss of each row (nil when it has none), in row order.
        let losses: [Double?]
        /// Largest relative difference between the peer's printed loss and ReLUFlow's loss of the
        /// peer's final network (the two loss conventions agree when this is ~1e-15).
        let conventionCheck: Double?
    }

    func run(_ benchCase: BenchCase) throws -> CaseResult {
        let problem = try benchCase.problem()
        let dataPath = "\(directory)/\(benchCase.name)-data.csv"
        let initPath = "\(directory)/\(benchCase.name)-init.csv"
        try problem.data.write(csvPath: dataPath)
        try problem.initial.write(csvPath: initPath)
        // Both solvers read the files, so both integrate exactly the same (written, rounded) problem.
        let flow = try FlowProblem(data: Dataset(csvPath: dataPath), initial: Network(csvPath: initPath))
        log("case \(benchCase.name): \(benchCase.setting)")

        let (referenceLoss, referenceParameters, floor, referenceText) = try reference(benchCase, flow)
        log("  reference: \(referenceText)")
        var rows: [WorkPrecisionRow] = [], losses: [Double?] = []
        func record(_ row: WorkPrecisionRow, loss: Double?) {
            rows.append(row)
            losses.append(loss)
            log("  " + describe(row))
        }
        for method in methods {
            for rtol in rtols {
                let options = try SolverOptions(endTime: benchCase.time, method: method, relativeTolerance: rtol,
                                                logSpacedSamples: 0)
                let start = Date()
                do {
                    let solution = try solve(flow, options: options)
                    let wall = Date().timeIntervalSince(start)
                    let loss = solution.final.loss(on: flow.data, loss: flow.loss)
                    let e = WorkPrecision.errors(loss: loss, parameters: solution.final.parameterVector,
                                                 referenceLoss: referenceLoss, referenceParameters: referenceParameters)
                    let st = solution.statistics
                    record(WorkPrecisionRow(solver: "ReLUFlow", method: method.rawValue, relativeTolerance: rtol,
                                            outcome: .finished, wallSeconds: wall, fieldEvaluations: st.fieldEvaluations,
                                            events: st.changes, lossError: e.loss, parameterError: e.parameters),
                           loss: loss)
                } catch {
                    record(WorkPrecisionRow(solver: "ReLUFlow", method: method.rawValue, relativeTolerance: rtol,
                                            outcome: .failed("\(error)"), wallSeconds: Date().timeIntervalSince(start)),
                           loss: nil)
                }
            }
        }
        var convention: Double?
        if let peer {
            let weightScale = flow.initial.materialised().hiddenWeights.storage.reduce(0) { max($0, abs($1)) }
            for method in peerMethods {
                for rtol in rtols {
                    let atol = benchCase.matchedPeerAtol ? rtol * weightScale : 1e-10
                    let finalPath = "\(directory)/\(benchCase.name)-peer-\(method)-\(rtol).csv"
                    var row = WorkPrecisionRow(solver: "scipy", method: method, relativeTolerance: rtol,
                                               outcome: .finished, wallSeconds: 0)
                    var loss: Double?
                    switch peer.run(data: dataPath, initial: initPath, time: benchCase.time, method: method, rtol: rtol,
                                    atol: atol, finalPath: finalPath, cap: peerCap) {
                    case .capped(let seconds):
                        row.outcome = .capped(seconds: seconds)
                        row.wallSeconds = seconds
                    case .failed(let reason):
                        row.outcome = .failed(reason)
                    case .finished(let report, let path):
                        row.wallSeconds = report.wallSeconds
                        row.fieldEvaluations = report.fieldEvaluations
                        do {
                            let final = try Network(csvPath: path)
                            let ours = final.loss(on: flow.data, loss: flow.loss)
                            let gap = abs(ours - report.loss) / max(abs(ours), .leastNormalMagnitude)
                            convention = max(convention ?? 0, gap)
                            let e = WorkPrecision.errors(loss: report.loss, parameters: final.parameterVector,
                                                         referenceLoss: referenceLoss,
                                                         referenceParameters: referenceParameters)
                            (row.lossError, row.parameterError, loss) = (e.loss, e.parameters, report.loss)
                        } catch {
                            row.outcome = .failed("final state unreadable: \(error)")
                        }
                    }
                    record(row, loss: loss)
                }
            }
        }
        return CaseResult(benchCase: benchCase, referenceText: referenceText, floor: floor, rows: rows, losses: losses,
                          conventionCheck: convention)
    }

    /// The reference's final loss and parameters, its resolution (measured against a second,
    /// independent reference), and a description.
    private func reference(_ benchCase: BenchCase, _ flow: FlowProblem) throws
        -> (Double, [Double], Double, String) {
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
        }
    }

    private func describe(_ row: WorkPrecisionRow) -> String {
        "\(row.solver) \(row.method) rtol=\(formatNumber(row.relativeTolerance)): "
            + BenchTable.outcomeText(row) + " wall=\(formatNumber(row.wallSeconds, digits: 4)) s"
    }
}
