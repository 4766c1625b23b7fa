import CGSL

/// The eigendecomposition A = V diag(lambda) V^T of a real symmetric matrix (GSL's
/// gsl_eigen_symmv, Householder tridiagonalisation and implicit QL): eigenvalues ascending,
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
        var v = [Double](repeating: 0, count: n * n)
        a.withUnsafeMutableBufferPointer { ap in
            eigenvalues.withUnsafeMutableBufferPointer { ep in
                v.withUnsafeMutableBufferPointer { vp in
                    var av = gsl_matrix_view_array(ap.baseAddress, n, n)
                    var ev = gsl_vector_view_array(ep.baseAddress, n)
                    var vv = gsl_matrix_view_array(vp.baseAddress, n, n)
                    let work = gsl_eigen_symmv_alloc(n)
                    gsl_eigen_symmv(&av.matrix, &ev.vector, &vv.matrix, work)
                    gsl_eigen_symmv_free(work)
                    gsl_eigen_symmv_sort(&ev.vector, &vv.matrix, GSL_EIGEN_SORT_VAL_ASC)
                }
            }
        }
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
