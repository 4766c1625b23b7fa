import Foundation
import Testing
@testable import ReLUFlow

@Suite struct TangentKernelTests {
    /// A random unbalanced network on relu-teacher data, so that a and w both matter.
    func instance(seed: UInt64, n: Int = 7, d: Int = 4, m: Int = 6) throws -> (Network, Dataset) {
        let data = try Teacher.relu(neurons: 2).sample(n: n, d: d, noise: 0.1, seed: seed)
        let net = try Initialization(scale: 0.8, balance: .unbalanced, seed: seed).network(width: m, dimension: d)
        return (net, data)
    }

    /// Central differences of the outputs agree with the analytic Jacobian to O(h^2) (here the
    /// model is piecewise quadratic, so exactly up to rounding) when no pre-activation is near 0.
    @Test(arguments: [UInt64(1), 2, 3])
    func jacobianMatchesFiniteDifferences(seed: UInt64) throws {
        let (net, data) = try instance(seed: seed)
        let alpha = 1.7, h = 1e-6
        let kernel = TangentKernel(network: net, inputs: data.inputs, outputScale: alpha)
        let theta = net.parameterVector
        let minimumMargin = (0..<data.sampleCount).flatMap { i in
            (0..<net.width).map { j in abs(zip(data.inputs.row(i), net.hiddenWeights.row(j)).map(*).reduce(0, +)) }
        }.min()!
        try #require(minimumMargin > 1e-3, "a pre-activation is within the finite-difference step of a kink")
        let p = theta.count
        var worst = 0.0
        for c in 0..<p {
            var up = theta, down = theta
            up[c] += h
            down[c] -= h
            let fu = EulerReference.network(up, like: net).outputs(on: data, outputScale: alpha)
            let fd = EulerReference.network(down, like: net).outputs(on: data, outputScale: alpha)
            for i in 0..<data.sampleCount {
                worst = max(worst, abs((fu[i] - fd[i]) / (2 * h) - kernel.jacobian[i, c]))
            }
        }
        #expect(worst < 1e-8)
        #expect(kernel.outputs == net.outputs(on: data, outputScale: alpha))
    }

    /// Theta = J J^T is exactly symmetric and positive semi-definite (eigenvalues >= -rounding).
    @Test(arguments: [UInt64(4), 5])
    func kernelIsSymmetricPositiveSemidefinite(seed: UInt64) throws {
        let (net, data) = try instance(seed: seed, n: 12, m: 5)
        let kernel = TangentKernel(network: net, inputs: data.inputs, outputScale: 1)
        let n = data.sampleCount
        for i in 0..<n { for k in 0..<n { #expect(kernel.matrix[i, k] == kernel.matrix[k, i]) } }
        let spectrum = SymmetricEigen(kernel.matrix)
        #expect(spectrum.values.first! >= -1e-12 * spectrum.values.last!)
        // rank <= P = m (d + 1) = 25 > n here; with n = 12 the values reconstruct the trace
        let trace = (0..<n).map { kernel.matrix[$0, $0] }.reduce(0, +)
        #expect(abs(spectrum.values.reduce(0, +) - trace) <= 1e-12 * trace)
    }

    /// The eigendecomposition reproduces the matrix: V diag(lambda) V^T e_k = A e_k.
    @Test func eigendecompositionReconstructs() throws {
        let (net, data) = try instance(seed: 6, n: 9)
        let a = TangentKernel(network: net, inputs: data.inputs, outputScale: 1).matrix
        let spectrum = SymmetricEigen(a)
        for k in 0..<a.rows {
            var e = [Double](repeating: 0, count: a.rows)
            e[k] = 1
            let column = spectrum.apply({ $0 }, to: e)
            for i in 0..<a.rows { #expect(abs(column[i] - a[i, k]) <= 1e-12 * spectrum.values.last!) }
        }
    }

    /// A centred init is the zero function, and with the first layer frozen Theta = alpha^2 R R^T.
    @Test func centredInitIsZeroAndFrozenKernel() throws {
        let data = try Teacher.relu(neurons: 2).sample(n: 8, d: 3, noise: 0, seed: 2)
        let net = try Initialization(scale: 1, seed: 2, centred: true).network(width: 10, dimension: 3)
        #expect(net.outputs(on: data).allSatisfy { $0 == 0 })
        let frozen = TangentKernel(network: net, inputs: data.inputs, outputScale: 2, trainable: .outputLayer)
        for i in 0..<8 {
            for k in 0..<8 {
                var s = 0.0
                for j in 0..<10 {
                    let hi = max(0, zip(data.inputs.row(i), net.hiddenWeights.row(j)).map(*).reduce(0, +))
                    let hk = max(0, zip(data.inputs.row(k), net.hiddenWeights.row(j)).map(*).reduce(0, +))
                    s += 4 * hi * hk
                }
                #expect(abs(frozen.matrix[i, k] - s) <= 1e-12 * max(1, abs(s)))
            }
        }
    }
}
