import Foundation
@testable import ReLUFlow

/// A one-hidden-layer network from plain arrays.
func makeNetwork(a: [Double], w: [[Double]]) throws -> Network {
    try Network(outputWeights: a, hiddenWeights: Matrix(rows: w.count, columns: w[0].count, storage: w.flatMap { $0 }))
}

/// A data set from plain arrays.
func makeData(x: [[Double]], y: [Double]) throws -> Dataset {
    try Dataset(inputs: Matrix(rows: x.count, columns: x[0].count, storage: x.flatMap { $0 }), labels: y)
}

/// A small random instance: linear teacher, Gaussian inputs, balanced init at scale lambda.
func randomProblem(n: Int, d: Int, m: Int, lambda: Double, seed: UInt64,
                   balance: Initialization.Balance = .balanced) throws -> FlowProblem {
    let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.5, seed: seed)
    let net = try Initialization(scale: lambda, balance: balance, seed: seed).network(width: m, dimension: d)
    return try FlowProblem(data: data, initial: net)
}

/// Solves with the weights formulation at relative tolerance `rtol`.
func solveWeights(_ problem: FlowProblem, time: Double, rtol: Double, at times: [Double] = [],
                  method: StepType = .rk8pd) throws -> Solution {
    try solve(problem, options: SolverOptions(endTime: time, method: method, relativeTolerance: rtol,
                                              parametrisation: .weights, sampleTimes: times, logSpacedSamples: 0))
}

/// A temporary file path with the given contents.
func temporaryFile(_ contents: String, name: String = "file.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reluflow-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

extension VectorField {
    /// sum_i c(i) x_i over the samples with c(i) != 0, each product rounded and added in the order
    /// of i: the plain loop that `columnCombinations` must reproduce bit for bit.
    func inputCombination(_ c: (Int) -> Double) -> [Double] {
        let d = dimension
        var v = [Double](repeating: 0, count: d)
        for i in 0..<samples {
            let ci = c(i)
            guard ci != 0 else { continue }
            for k in 0..<d { v[k] += ci * inputs[i * d + k] }
        }
        return v
    }
}
