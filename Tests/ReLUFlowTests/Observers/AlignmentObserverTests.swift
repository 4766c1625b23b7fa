import Foundation
import Testing
@testable import ReLUFlow

/// The early-alignment observers against closed forms.
@Suite struct AlignmentObserverTests {
    /// Orthonormal inputs e_k: G(u) = (1/n) sum_k y_k relu(u_k) is largest at w+/||w+||,
    /// w+ = sum_{y_k > 0} y_k e_k, with value ||w+||/n (Cauchy-Schwarz), and smallest at
    /// w-/||w-||, w- = sum_{y_k < 0} |y_k| e_k, with value -||w-||/n.
    @Test func orthogonalDataExtremes() throws {
        let y = [1.2, -1.5, 1.9, -1.1, 1.4]
        var x = Matrix(rows: 5, columns: 5)
        for k in 0..<5 { x[k, k] = 1 }
        let objective = EarlyPhaseObjective(data: try Dataset(inputs: x, labels: y))
        let found = objective.extremalDirections(starts: 300, seed: 3)
        let plus = y.map { max($0, 0) }, minus = y.map { max(-$0, 0) }
        let top = try #require(found.first { $0.sign > 0 })
        let bottom = try #require(found.first { $0.sign < 0 })
        #expect(abs(top.value - euclideanNorm(plus) / 5) <= 1e-12)
        #expect(angle(between: top.direction, plus) <= 1e-9)
        #expect(abs(bottom.value + euclideanNorm(minus) / 5) <= 1e-12)
        #expect(angle(between: bottom.direction, minus) <= 1e-9)
        for sign in [1.0, -1.0] {
            let shares = found.filter { $0.sign == sign }.map(\.basinShare).reduce(0, +)
            #expect(abs(shares - 1) <= 1e-12)
        }
    }

    /// On a circle (d = 2) the extremes of G are found against a grid of 200,000 angles (G is
    /// Lipschitz with constant at most C, so the grid is within C * pi / 200,000 of them). On
    /// this instance the fixed-point polish once wandered from the descent's minimum -0.5148 to
    /// -0.4709; the escape-time property test then found neurons growing faster than "the" largest
    /// rate.
    @Test func extremesOnACircleMatchAGrid() throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 8, d: 2, noise: 0.5, seed: 569499)
        let objective = EarlyPhaseObjective(data: data)
        var top = -Double.infinity, bottom = Double.infinity
        for k in 0..<200_000 {
            let t = 2 * Double.pi * Double(k) / 200_000
            let g = objective.value([cos(t), sin(t)])
            (top, bottom) = (max(top, g), min(bottom, g))
        }
        let resolution = objective.correlationBound * Double.pi / 200_000
        let found = objective.extremes(starts: 200, seed: 569499)
        #expect(abs(found.max - top) <= resolution)
        #expect(abs(found.min - bottom) <= resolution)
        #expect(bottom < -0.5)
    }

    /// The angle formula is accurate at 0, pi/2 and pi and for tiny angles (where acos is not).
    @Test func angleIsAccurate() {
        #expect(angle(between: [1, 0], [2, 0]) == 0)
        #expect(abs(angle(between: [1, 0], [0, 3]) - .pi / 2) <= 1e-15)
        #expect(abs(angle(between: [1, 0], [-1, 0]) - .pi) <= 1e-15)
        #expect(abs(angle(between: [1, 0], [cos(1e-10), sin(1e-10)]) - 1e-10) <= 1e-24)
    }

    /// Two tight groups of directions and one stray neuron: three clusters whose shares are the
    /// groups' weights over the total; opposite signs never merge.
    @Test func clustersOfAKnownConfiguration() throws {
        let rows: [[Double]] = [[1, 0], [cos(0.01), sin(0.01)], [0, 1], [cos(1.56), sin(1.56)], [1, 0]]
        let directions = Matrix(rows: 5, columns: 2, storage: rows.flatMap { $0 })
        let weights = [3.0, 1.0, 2.0, 2.0, 2.0]
        let signs = [1.0, 1.0, 1.0, 1.0, -1.0]
        let clusters = DirectionClusters(directions: directions, logWeights: weights.map { log($0) }, signs: signs)
        #expect(clusters.clusters.count == 3)
        let shares = clusters.clusters.map(\.share)
        #expect(abs(shares[0] - 0.4) <= 1e-12 && abs(shares[1] - 0.4) <= 1e-12 && abs(shares[2] - 0.2) <= 1e-12)
        #expect(Set(clusters.clusters[0].members) == [0, 1])
        #expect(clusters.significant(share: 0.3).count == 2)
    }

    /// The escape time interpolates linearly between the samples around the 1% drop.
    @Test func escapeTimeInterpolates() throws {
        let problem = try randomProblem(n: 6, d: 3, m: 4, lambda: 1e-4, seed: 5)
        let solution = try solve(problem, options: SolverOptions(endTime: 60, logSpacedSamples: 50))
        let t = try #require(escapeTime(solution.samples))
        let target = 0.99 * solution.samples[0].loss
        let after = try #require(solution.samples.firstIndex { $0.loss <= target })
        #expect(solution.samples[after - 1].time <= t && t <= solution.samples[after].time)
    }
}
