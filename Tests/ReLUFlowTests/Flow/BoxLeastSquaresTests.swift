import Foundation
import Testing
@testable import ReLUFlow

/// The box least-squares solver behind the Filippov weights, against the optimality (KKT)
/// conditions of min 1/2 theta^T Q theta + p^T theta on [0, 1]^k and, in two dimensions, against
/// a brute-force grid.
@Suite struct BoxLeastSquaresTests {
    /// A random positive semi-definite Q = B B^T (rank `rank`) and p.
    func problem(k: Int, rank: Int, seed: UInt64) -> (q: [Double], p: [Double]) {
        var rng = SeededGenerator(seed: seed)
        let b = (0..<(k * rank)).map { _ in rng.gaussian() }
        var q = [Double](repeating: 0, count: k * k)
        for r in 0..<k { for c in 0..<k { for t in 0..<rank { q[r * k + c] += b[r * rank + t] * b[c * rank + t] } } }
        return (q, (0..<k).map { _ in 2 * rng.gaussian() })
    }

    func objective(_ q: [Double], _ p: [Double], _ theta: [Double]) -> Double {
        let k = p.count
        var value = 0.0
        for r in 0..<k {
            value += p[r] * theta[r]
            for c in 0..<k { value += 0.5 * theta[r] * q[r * k + c] * theta[c] }
        }
        return value
    }

    @Test(arguments: 1...5)
    func satisfiesTheOptimalityConditions(k: Int) {
        for seed in UInt64(1)...40 {
            let (q, p) = problem(k: k, rank: max(1, k - Int(seed % 2)), seed: seed)
            let (theta, converged) = minimiseOnUnitBox(q: q, p: p, start: Array(repeating: 0.5, count: k))
            #expect(converged)
            let scale = max(1, q.map(abs).max()!, p.map(abs).max()!)
            for r in 0..<k {
                var gradient = p[r]
                for c in 0..<k { gradient += q[r * k + c] * theta[c] }
                // Interior: gradient 0; at 0: gradient >= 0; at 1: gradient <= 0.
                if theta[r] > 0 && theta[r] < 1 { #expect(abs(gradient) <= 1e-9 * scale) }
                if theta[r] == 0 { #expect(gradient >= -1e-9 * scale) }
                if theta[r] == 1 { #expect(gradient <= 1e-9 * scale) }
            }
        }
    }

    @Test func matchesABruteForceGridInTwoDimensions() {
        for seed in UInt64(1)...20 {
            let (q, p) = problem(k: 2, rank: 2, seed: seed)
            let (theta, _) = minimiseOnUnitBox(q: q, p: p, start: [0, 0])
            var best = Double.infinity
            for a in 0...400 { for b in 0...400 { best = min(best, objective(q, p, [Double(a) / 400, Double(b) / 400])) } }
            // The grid's minimum is within (grid step)^2 * ||Q|| of the true one, and never below it.
            #expect(objective(q, p, theta) <= best + 1e-12)
            #expect(objective(q, p, theta) >= best - 1e-4 * max(1, q.map(abs).max()!))
        }
    }

    /// A solve cut short is reported as not converged (and then counted by the solver). Q is
    /// ill-conditioned and the minimiser (0.5, 0.5) interior: Gauss-Seidel contracts by ~0.998 a sweep.
    @Test func aSolveCutShortSaysSo() {
        let q = [1, 0.999, 0.999, 1.0], p = [-0.9995, -0.9995]
        #expect(minimiseOnUnitBox(q: q, p: p, start: [0, 0], maxSweeps: 2).converged == false)
        let full = minimiseOnUnitBox(q: q, p: p, start: [0, 0])
        #expect(full.converged)
        #expect(abs(full.theta[0] - 0.5) < 1e-9 && abs(full.theta[1] - 0.5) < 1e-9)
    }

    @Test func choleskySolvesAPositiveDefiniteSystem() {
        let a = [4.0, 2, 0.6, 2, 5, 1, 0.6, 1, 3], x = [1.0, -2, 0.5]
        var b = (0..<3).map { r in (0..<3).reduce(0.0) { $0 + a[r * 3 + $1] * x[$1] } }
        let factor = choleskyFactor(a, size: 3)!
        choleskySolve(factor, size: 3, &b)
        for r in 0..<3 { #expect(abs(b[r] - x[r]) < 1e-14) }
        #expect(choleskyFactor([1, 1, 1, 1], size: 2) == nil)
    }
}
