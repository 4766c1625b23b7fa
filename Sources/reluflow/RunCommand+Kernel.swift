import Foundation
import ReLUFlow

extension RunCommand {
    /// Linearised (`interval` nil) or iteratively linearised training up to T: one row per interval.
    func runLinearised(_ flow: FlowProblem, endTime: Double, interval: Double?) throws {
        let start = Date()
        let training = try IterativeLinearisation(problem: flow, endTime: endTime, interval: interval)
        let wall = Date().timeIntervalSince(start)
        print("n=\(flow.data.sampleCount) d=\(flow.data.dimension) m=\(flow.initial.width) loss=\(flow.loss.rawValue) "
              + "output scale=\(flow.outputScale) loss scale=\(flow.lossScale) T=\(endTime) "
              + "T_r=\(interval.map { "\($0)" } ?? "infinity (linearised)")")
        print(KernelReport.table(training))
        let change = TangentKernel(network: training.final, problem: flow)
            .relativeChange(from: TangentKernel(network: flow.initial, problem: flow))
        print("intervals=\(training.intervals.count) train_loss=\(formatNumber(training.intervals.last!.loss, digits: 6)) "
              + "max_gap=\(formatNumber(training.intervals.map(\.gap).max()!, digits: 4)) "
              + "final_kernel_change=\(formatNumber(change, digits: 4)) wall_s=\(formatNumber(wall, digits: 3))")
        try printTestLoss(training.final, flow)
        if let test = try problem.makeTestData(count: observers.testSamples) {
            let f = training.linearModelOutputs(on: test.inputs, outputScale: flow.outputScale)
            let value = zip(f, test.labels).map { flow.loss.value(output: $0, label: $1) }.reduce(0, +) / Double(f.count)
            print("test loss of the final linear model \(formatNumber(value, digits: 6))")
        }
        if let saveFinal = output.saveFinal { try training.final.write(csvPath: saveFinal, option: "--save-final") }
    }

    /// The tangent-kernel table along a solution's samples.
    func printKernel(_ flow: FlowProblem, _ solution: Solution) throws {
        let observations = try KernelObserver.observe(flow, samples: solution.samples)
        if let bad = observations.first(where: { !$0.relativeChange.isFinite }) {
            throw InputError(field: "--observe kernel", value: "relative change \(bad.relativeChange) at t = \(bad.time)",
                             reason: "||K_t - K_0|| / ||K_0|| is undefined: the tangent kernel K_0 at t = 0 is 0 (no sample is active)")
        }
        print(KernelReport.table(observations))
    }

    /// The loss of `network` on the held-out samples, when there are any.
    func printTestLoss(_ network: Network, _ flow: FlowProblem) throws {
        guard let test = try problem.makeTestData(count: observers.testSamples) else { return }
        let value = network.loss(on: test, loss: flow.loss, outputScale: flow.outputScale)
        print("test loss \(formatNumber(value, digits: 6)) on \(test.sampleCount) held-out samples")
    }
}
