import COpenBLAS

/// Row-major matrix products through CBLAS.
enum BLAS {
    /// C (rows x cols) = alpha * op(A) op(B) + beta * C with op = transpose when the flag is set;
    /// `inner` is the shared dimension, `lda`/`ldb` the row lengths as stored.
    @inline(__always)
    static func gemm(transposeA: Bool, transposeB: Bool, rows: Int, cols: Int, inner: Int, alpha: Double,
                     _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                     beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(rows), blasint(cols), blasint(inner), alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }

    /// y = alpha * op(A) x + beta * y for a row-major A (rows x cols).
    @inline(__always)
    static func gemv(transpose: Bool, rows: Int, cols: Int, alpha: Double, _ a: UnsafePointer<Double>,
                     _ x: UnsafePointer<Double>, beta: Double, _ y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasint(rows), blasint(cols), alpha,
                    a, blasint(cols), x, 1, beta, y, 1)
    }

    /// Sets the number of threads OpenBLAS may use (1 keeps runs independent under parallel sweeps).
    static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}
