import Foundation
import Testing
@testable import ReLUFlow

/// The mixture measures of a trained network: the weighted angles and the closed-form errors.
@Suite struct MixtureAlignmentTests {
    /// A sample with the given directions (rows), output weights and log magnitudes.
    func sample(_ directions: [[Double]], a: [Double], logMagnitudes: [Double]) throws -> Sample {
        let m = directions.count, d = directions[0].count
        return Sample(time: 0, loss: 0, logNorms: logMagnitudes.map { $0 / 2 }, outputWeights: a,
                      directions: Matrix(rows: m, columns: d, storage: directions.flatMap { $0 }),
                      logMagnitudes: logMagnitudes, balance: Array(repeating: 0, count: m), activePairs: 0,
                      slidingPairs: 0, changes: PatternChanges())
    }

    /// A negative neuron counts by sign(a_j) w_j; angles are averaged with weights |a_j| ||w_j||:
    /// neurons at angles 0 (weight 3, positive, along v), 0 (weight 1, negative, along -v) and
    /// pi/2 (weight 4) average to (3*0 + 1*0 + 4*pi/2) / 8 = pi/4.
    @Test func weightedMeanOfSignedAngles() throws {
        let v = [0.6, 0.8, 0]
        let s = try sample([[0.6, 0.8, 0], [-0.6, -0.8, 0], [0, 0, 1]], a: [1, -1, 2],
                           logMagnitudes: [log(3.0), 0, log(4.0)])
        #expect(abs(MixtureAlignment.weightedAngle(s, to: v) - Double.pi / 4) < 1e-15)
        // Magnitudes far below the smallest double still weigh (log-norm formulation).
        let tiny = try sample([[0.6, 0.8, 0], [0, 0, 1]], a: [0, 0], logMagnitudes: [-2000 + log(3.0), -2000])
        #expect(abs(MixtureAlignment.weightedAngle(tiny, to: v) - Double.pi / 8) < 1e-12)
    }

    /// The class-mean error is the closed form of sign<mu_hat, x> on the training set's mu_hat,
    /// and the Bayes error Phi(-kappa/sigma); a network whose neurons all lie on +-mu_hat is at
    /// angle 0 to it.
    @Test func referencesOfATrainingSet() throws {
        let mixture = try GaussianMixture(kappa: 1, sigma: 2)
        let train = try Teacher.mixture(mixture).sample(n: 30, d: 4, noise: 0, seed: 2)
        let mean = GaussianMixture.classMean(of: train)
        let unit = mean.map { $0 / euclideanNorm(mean) }
        let s = try sample([unit, unit.map { -$0 }], a: [1, -1], logMagnitudes: [0, 0])
        let measures = MixtureAlignment(sample: s, train: train, mixture: mixture)
        #expect(measures.angleToClassMean < 1e-7)
        #expect(abs(measures.angleToSignal - acos(unit[0])) < 1e-7)
        #expect(measures.classMeanError == GaussianMixture.normalCDF(-0.5 * unit[0]))
        #expect(measures.bayesError == GaussianMixture.normalCDF(-0.5))
        #expect(measures.classMeanError > measures.bayesError)
    }
}
