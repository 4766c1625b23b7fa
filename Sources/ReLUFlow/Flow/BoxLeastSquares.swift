/// Minimises q(theta) = 1/2 theta^T Q theta + p^T theta over the box [0, 1]^k for a symmetric
/// positive semi-definite Q (k x k, row-major), by projected Gauss-Seidel from `start`.
///
/// Each sweep minimises q exactly in one coordinate and clips to the box, so q never increases;
/// for positive semi-definite Q the iterates converge to a minimiser (Luo and Tseng 1992). The
/// sweeps stop when no coordinate moves by more than `tolerance` (converged), or after `maxSweeps`
/// (not converged: the caller counts it).
func minimiseOnUnitBox(q: [Double], p: [Double], start: [Double], tolerance: Double = SolverLimits.boxTolerance,
                       maxSweeps: Int = SolverLimits.boxSweeps) -> (theta: [Double], converged: Bool) {
    let k = p.count
    var theta = start.map { min(1, max(0, $0)) }
    for _ in 0..<maxSweeps {
        var largestMove = 0.0
        for l in 0..<k {
            let curvature = q[l * k + l]
            guard curvature > 0 else {
                // q is linear in theta_l: go to the bound that decreases it.
                var slope = p[l]
                for c in 0..<k { slope += q[l * k + c] * theta[c] }
                let target: Double = slope > 0 ? 0 : (slope < 0 ? 1 : theta[l])
                largestMove = max(largestMove, abs(target - theta[l]))
                theta[l] = target
                continue
            }
            var gradient = p[l]
            for c in 0..<k { gradient += q[l * k + c] * theta[c] }
            let updated = min(1, max(0, theta[l] - gradient / curvature))
            largestMove = max(largestMove, abs(updated - theta[l]))
            theta[l] = updated
        }
        if largestMove <= tolerance { return (theta, true) }
    }
    return (theta, false)
}

/// Cholesky factor L (lower, row-major) of a symmetric positive definite k x k matrix,
/// or nil when it is not numerically positive definite.
func choleskyFactor(_ a: [Double], size k: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: k * k)
    for r in 0..<k {
        for c in 0...r {
            var s = a[r * k + c]
            for t in 0..<c { s -= l[r * k + t] * l[c * k + t] }
            if r == c {
                guard s > 1e-13 * max(1, abs(a[r * k + r])) else { return nil }
                l[r * k + r] = s.squareRoot()
            } else {
                l[r * k + c] = s / l[c * k + c]
            }
        }
    }
    return l
}

/// Solves L L^T x = b in place for a Cholesky factor from `choleskyFactor`.
func choleskySolve(_ l: [Double], size k: Int, _ b: inout [Double]) {
    for r in 0..<k {
        var s = b[r]
        for t in 0..<r { s -= l[r * k + t] * b[t] }
        b[r] = s / l[r * k + r]
    }
    for r in stride(from: k - 1, through: 0, by: -1) {
        var s = b[r]
        for t in (r + 1)..<k { s -= l[t * k + r] * b[t] }
        b[r] = s / l[r * k + r]
    }
}
