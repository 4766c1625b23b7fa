import Foundation

/// The ordinary least-squares linear predictor of a data set, x -> <beta, x>: beta minimises
/// sum_i (<beta, x_i> - y_i)^2 (the minimum-norm minimiser when n < d or X is rank-deficient).
/// With a bias input the predictor is affine. Its training loss 1/(2n) ||X beta - y||^2 is the
/// smallest any linear predictor reaches; for y = <beta*, x> + sigma eps with Gaussian x it is
/// sigma^2 (n - d) / (2n) in expectation, and its excess risk E(<beta - beta*, x>)^2 is
/// sigma^2 d / (n - d - 1).
public struct LeastSquaresPredictor: Sendable {
    public let coefficients: [Double]

    public init(data: Dataset) {
        let n = data.sampleCount, d = data.dimension
        let x = data.inputs, y = data.labels
        if n >= d {
            // Normal equations X^T X beta = X^T y.
            var gram = Matrix(rows: d, columns: d)
            var rhs = [Double](repeating: 0, count: d)
            for i in 0..<n {
                for k in 0..<d {
                    rhs[k] += x[i, k] * y[i]
                    for l in 0...k { gram[k, l] += x[i, k] * x[i, l] }
                }
            }
            for k in 0..<d { for l in 0..<k { gram[l, k] = gram[k, l] } }
            coefficients = Self.solvePositive(gram, rhs)
        } else {
            // Minimum norm: beta = X^T (X X^T)^{-1} y.
            var gram = Matrix(rows: n, columns: n)
            for i in 0..<n { for l in 0..<n { gram[i, l] = dot(x.row(i), x.row(l)) } }
            let c = Self.solvePositive(gram, y)
            coefficients = (0..<d).map { k in (0..<n).reduce(0) { $0 + x[$1, k] * c[$1] } }
        }
    }

    /// <beta, x_i> for every sample of `data`.
    public func outputs(on data: Dataset) -> [Double] {
        (0..<data.sampleCount).map { dot(data.inputs.row($0), coefficients) }
    }

    /// Solves A z = b for symmetric positive semi-definite A by Cholesky, adding a ridge of
    /// 1e-13 trace(A) / size when A is singular to rounding.
    private static func solvePositive(_ a: Matrix, _ b: [Double]) -> [Double] {
        let size = a.rows
        let trace = (0..<size).reduce(0) { $0 + a[$1, $1] }
        var ridge = 0.0
        while true {
            var l = Matrix(rows: size, columns: size)
            var ok = true
            for k in 0..<size where ok {
                for c in 0...k {
                    var s = a[k, c] + (k == c ? ridge : 0)
                    for p in 0..<c { s -= l[k, p] * l[c, p] }
                    if k == c {
                        if s <= 1e-14 * max(trace, 1e-300) / Double(size) { ok = false; break }
                        l[k, k] = s.squareRoot()
                    } else {
                        l[k, c] = s / l[c, c]
                    }
                }
            }
            if ok {
                var z = b
                for k in 0..<size {
                    for p in 0..<k { z[k] -= l[k, p] * z[p] }
                    z[k] /= l[k, k]
                }
                for k in stride(from: size - 1, through: 0, by: -1) {
                    for p in (k + 1)..<size { z[k] -= l[p, k] * z[p] }
                    z[k] /= l[k, k]
                }
                return z
            }
            ridge = ridge == 0 ? 1e-13 * trace / Double(size) : ridge * 100
        }
    }
}
