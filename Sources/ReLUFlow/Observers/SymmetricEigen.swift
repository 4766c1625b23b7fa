import COpenBLAS

/// The eigendecomposition A = V diag(lambda) V^T of a real symmetric matrix (LAPACK's dsyev from
/// OpenBLAS: Householder tridiagonalisation and implicit QL/QR): eigenvalues ascending,
/// eigenvectors orthonormal, in the columns of V.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues, ascending.
    public let values: [Double]
    /// V (n x n, row-major): column k is the unit eigenvector of values[k].
    public let vectors: Matrix

    /// Decomposes `matrix` (square), symmetrised first as (A + A^T) / 2 so that rounding
    /// asymmetry does not matter.
    public init(_ matrix: Matrix) {
        precondition(matrix.rows == matrix.columns, "the eigendecomposition needs a square matrix")
        let n = matrix.rows
        var a = matrix.storage
        for i in 0..<n {
            for k in (i + 1)..<max(i + 1, n) {
                let s = 0.5 * (a[i * n + k] + a[k * n + i])
                a[i * n + k] = s
                a[k * n + i] = s
            }
        }
        var eigenvalues = [Double](repeating: 0, count: n)
        var info: Int32 = 0
        var size = Int32(n), lwork: Int32 = -1
        var query = 0.0
        // a is symmetric, so its row-major storage is also its column-major storage.
        dsyev_("V", "U", &size, &a, &size, &eigenvalues, &query, &lwork, &info, 1, 1)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        dsyev_("V", "U", &size, &a, &size, &eigenvalues, &work, &lwork, &info, 1, 1)
        precondition(info == 0, "LAPACK dsyev failed (info \(info)) on a \(n) x \(n) symmetric matrix")
        // a now holds the eigenvectors column-major: entry (i, k) of V is a[k * n + i].
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for k in 0..<n { v[i * n + k] = a[k * n + i] } }
        values = eigenvalues
        vectors = Matrix(rows: n, columns: n, storage: v)
    }

    /// V diag(g(lambda)) V^T b for a vector b: a spectral function of A applied to b.
    public func apply(_ g: (Double) -> Double, to b: [Double]) -> [Double] {
        let n = values.count
        var coefficients = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let bi = b[i]
            for k in 0..<n { coefficients[k] += vectors.storage[i * n + k] * bi }
        }
        for k in 0..<n { coefficients[k] *= g(values[k]) }
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for k in 0..<n { s += vectors.storage[i * n + k] * coefficients[k] }
            out[i] = s
        }
        return out
    }
}
