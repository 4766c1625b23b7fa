import Foundation

/// Which parameters train: the tangent kernel is taken with respect to those.
public enum TrainableLayers: String, Sendable {
    /// w and a.
    case both
    /// a only (the first layer frozen): the model is then linear in its parameters.
    case outputLayer = "output-layer"
}

/// The Jacobian J = dF/dtheta of the outputs F_i = alpha sum_j a_j relu(<w_j, x_i>) on the inputs,
/// with theta = (w_1, ..., w_m, a) (the order of `Network.parameterVector`, P = m(d + 1)), and the
/// empirical tangent kernel Theta = J J^T (n x n, symmetric positive semi-definite).
///
/// For ReLU, J is piecewise constant in the activation pattern and exact (relu'(0) = 0):
/// dF_i/dw_j = alpha a_j 1[<w_j, x_i> > 0] x_i and dF_i/da_j = alpha relu(<w_j, x_i>).
public struct TangentKernel: Sendable {
    /// J (n x P, row-major); columns of frozen parameters are 0.
    public let jacobian: Matrix
    /// Theta = J J^T (n x n), exactly symmetric.
    public let matrix: Matrix
    /// F(x_i).
    public let outputs: [Double]

    public init(network: Network, inputs x: Matrix, outputScale alpha: Double, trainable: TrainableLayers = .both) {
        let net = network.materialised()
        let n = x.rows, d = x.columns, m = net.width, p = m * (d + 1)
        var j = [Double](repeating: 0, count: n * p)
        var f = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var fi = 0.0
            for q in 0..<m {
                var h = 0.0
                for k in 0..<d { h += net.hiddenWeights.storage[q * d + k] * x.storage[i * d + k] }
                guard h > 0 else { continue }
                let a = net.outputWeights[q]
                fi += a * h
                j[i * p + m * d + q] = alpha * h
                if trainable == .both {
                    for k in 0..<d { j[i * p + q * d + k] = alpha * a * x.storage[i * d + k] }
                }
            }
            f[i] = alpha * fi
        }
        var theta = [Double](repeating: 0, count: n * n)
        j.withUnsafeBufferPointer { jp in
            theta.withUnsafeMutableBufferPointer { tp in
                BLAS.gemm(transposeA: false, transposeB: true, rows: n, cols: n, inner: p, alpha: 1,
                          jp.baseAddress!, lda: p, jp.baseAddress!, ldb: p, beta: 0, tp.baseAddress!, ldc: n)
            }
        }
        for i in 0..<n {
            for k in (i + 1)..<max(i + 1, n) {
                let s = 0.5 * (theta[i * n + k] + theta[k * n + i])
                theta[i * n + k] = s
                theta[k * n + i] = s
            }
        }
        jacobian = Matrix(rows: n, columns: p, storage: j)
        matrix = Matrix(rows: n, columns: n, storage: theta)
        outputs = f
    }

    /// The kernel at the network's parameters for a problem's inputs and output scale.
    public init(network: Network, problem: FlowProblem, trainable: TrainableLayers = .both) {
        self.init(network: network, inputs: problem.data.inputs, outputScale: problem.outputScale, trainable: trainable)
    }

    /// ||Theta - other||_F / ||other||_F.
    public func relativeChange(from other: TangentKernel) -> Double {
        var num = 0.0, den = 0.0
        for (a, b) in zip(matrix.storage, other.matrix.storage) {
            num += (a - b) * (a - b)
            den += b * b
        }
        return (num / den).squareRoot()
    }

    /// J^T v (P): the parameter direction of an output-space vector v.
    public func transposeTimes(_ v: [Double]) -> [Double] { jacobianTimes(v, transpose: true) }

    /// J v (n) for a parameter-space vector v.
    public func times(_ v: [Double]) -> [Double] { jacobianTimes(v, transpose: false) }

    /// J v or J^T v through BLAS gemv.
    private func jacobianTimes(_ v: [Double], transpose: Bool) -> [Double] {
        let n = jacobian.rows, p = jacobian.columns
        var out = [Double](repeating: 0, count: transpose ? p : n)
        jacobian.storage.withUnsafeBufferPointer { jp in
            v.withUnsafeBufferPointer { vp in
                out.withUnsafeMutableBufferPointer { op in
                    BLAS.gemv(transpose: transpose, rows: n, cols: p, alpha: 1, jp.baseAddress!, vp.baseAddress!,
                              beta: 0, op.baseAddress!)
                }
            }
        }
        return out
    }
}
