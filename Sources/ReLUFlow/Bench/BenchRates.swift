import Foundation

/// The bench's parts beyond the work-precision table, as text: the field's cost on both paths,
/// worker scaling and the plateau's cost. `quick` picks the small settings.
public enum BenchRates {
    public static func fieldThroughput(quick: Bool) throws -> String {
        var table = TextTable(header: ["n", "d", "m", "row kernels us", "BLAS us", "BLAS/kernels", "solver",
                                       "2 dgemm us", "field GFLOP/s"])
        let shapes = quick ? [(6, 3, 4), (200, 5, 200)]
                           : [(6, 3, 4), (200, 5, 200), (200, 8, 200), (100, 10, 100), (500, 50, 500), (1000, 5, 1000)]
        for (n, d, m) in shapes {
            let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.25, seed: 3)
            let net = try Initialization(scale: 1e-4, seed: 3).network(width: m, dimension: d)
            let t = try FieldThroughput.measure(FlowProblem(data: data, initial: net), seconds: quick ? 0.5 : 3)
            table.append(["\(n)", "\(d)", "\(m)", formatNumber(t.rowKernelSeconds * 1e6, digits: 4),
                          formatNumber(t.blasFieldSeconds * 1e6, digits: 4), formatNumber(t.rowKernelSpeedup, digits: 3),
                          t.solverUsesRowKernels ? "kernels" : "BLAS", formatNumber(t.gemmSeconds * 1e6, digits: 4),
                          formatNumber(t.fieldGFlops, digits: 3)])
        }
        return "== one field evaluation: row kernels, BLAS, and 2 dgemms of its shapes (4 n m d flops, 1 thread)\n"
            + table.render()
    }

    public static func workerScaling(quick: Bool) throws -> String {
        let (size, time) = quick ? ((20, 5, 20), 50.0) : ((100, 10, 100), 1.0)
        let count = 8
        let problems = try WorkerScaling.problems(n: size.0, d: size.1, m: size.2, lambda: 1e-4, count: count)
        let options = try SolverOptions(endTime: time, logSpacedSamples: 0)
        let one = WorkerScaling.wallSeconds(problems, options: options, workers: 1)
        let two = WorkerScaling.wallSeconds(problems, options: options, workers: 2)
        return "== \(count) independent solves (n=\(size.0) d=\(size.1) m=\(size.2) lambda=1e-4 T=\(formatNumber(time)) "
            + "rk8pd rtol 1e-8, seeds 1..\(count)) with 1 and 2 concurrent workers\n"
            + "1 worker \(formatNumber(one, digits: 4)) s, 2 workers \(formatNumber(two, digits: 4)) s, "
            + "speedup \(formatNumber(one / two, digits: 3)) (\(ProcessInfo.processInfo.activeProcessorCount) cores)"
    }

    public static func plateauCost(quick: Bool) throws -> String {
        let (size, time): ((Int, Int, Int), Double) = quick ? ((6, 3, 4), 50) : ((100, 10, 100), 400)
        let r = try PlateauCost.measure(n: size.0, d: size.1, m: size.2, seed: 3, logLambdas: (log(1e-4), -2000),
                                        time: time, rtol: 1e-8)
        var table = TextTable(header: ["lambda", "T", "field evals", "wall s", "final loss"])
        table.append(["1e-4", formatNumber(r.times.0), "\(r.evaluations.0)", formatNumber(r.walls.0, digits: 4),
                      formatNumber(r.losses.0, digits: 10)])
        table.append(["exp(-2000)", formatNumber(r.times.1), "\(r.evaluations.1)", formatNumber(r.walls.1, digits: 4),
                      formatNumber(r.losses.1, digits: 10)])
        return "== plateau cost, log-norm, rk8pd rtol 1e-8 (n=\(size.0) d=\(size.1) m=\(size.2) seed 3, "
            + "G = \(formatNumber(r.rate, digits: 4)); the small init runs log(1e-4 / exp(-2000)) / G longer)\n"
            + table.render() + "\nevaluation ratio exp(-2000) / 1e-4: "
            + formatNumber(Double(r.evaluations.1) / Double(r.evaluations.0), digits: 3)
    }
}
