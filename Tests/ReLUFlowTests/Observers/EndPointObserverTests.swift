import Foundation
import Testing
@testable import ReLUFlow

/// The OLS predictor against its defining normal equations and a closed form, and direction
/// clusters of constructed networks.
@Suite struct EndPointObserverTests {
    @Test func leastSquaresSatisfiesTheNormalEquations() throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 40, d: 4, noise: 0.3, seed: 5)
        let beta = LeastSquaresPredictor(data: data).coefficients
        let residual = zip(LeastSquaresPredictor(data: data).outputs(on: data), data.labels).map { $0 - $1 }
        // X^T (X beta - y) = 0: the residual is orthogonal to every input coordinate.
        for k in 0..<4 {
            let g = (0..<40).reduce(0) { $0 + data.inputs[$1, k] * residual[$1] }
            #expect(abs(g) < 1e-10)
        }
        #expect(abs(beta[0] - 1) < 0.2)  // beta* = e1 with noise 0.3 and n = 40
    }

    @Test func leastSquaresWithFewerSamplesIsTheMinimumNormInterpolator() throws {
        // n = 1: beta = x y / ||x||^2.
        let data = try makeData(x: [[3, 4]], y: [10])
        let beta = LeastSquaresPredictor(data: data).coefficients
        #expect(abs(beta[0] - 1.2) < 1e-12 && abs(beta[1] - 1.6) < 1e-12)
    }

    @Test func clustersGroupDirectionsByAngleAndIgnoreTinyMass() {
        let c = cos(0.05), s = sin(0.05)
        let rows: [[Double]] = [[1, 0], [c, s], [-1, 0], [0, 1], [c, -s]]
        let directions = Matrix(rows: 5, columns: 2, storage: rows.flatMap { $0 })
        // Two heavy groups (+e1 and -e1), one neuron near e2 holding 1e-4 of the mass.
        let masses: [Double] = [1, 1, 1.5, 3.5e-4, 1]
        let signs = [Double](repeating: 1, count: 5)
        let clusters = DirectionClusters(directions: directions, logWeights: masses.map(log), signs: signs, radius: 0.1)
            .significant(share: 0.01)
        #expect(clusters.count == 2)
        #expect(clusters[0].members.sorted() == [0, 1, 4])
        #expect(abs(clusters[0].share - 3 / (4.5 + 3.5e-4)) < 1e-12)
        #expect(clusters[1].centre == [-1, 0])
        let fine = DirectionClusters(directions: directions, logWeights: masses.map(log), signs: signs, radius: 0.01)
            .significant(share: 0.01)
        #expect(fine.count == 4)
    }

    @Test func clustersOfANetworkUseItsLogScale() throws {
        // Masses |a_j| ||w_j|| far below the smallest double still order and group correctly.
        var net = try makeNetwork(a: [1, 2, -1], w: [[1, 0], [2, 0], [-1, 0]])
        net.logScale = -2000
        let clusters = DirectionClusters(network: net).significant()
        #expect(clusters.count == 2)
        #expect(abs(clusters[0].share - 5.0 / 6.0) < 1e-12)
    }
}
