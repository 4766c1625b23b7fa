import Foundation

/// A network trained on a Gaussian mixture, measured against the mixture: how close its neurons
/// are to the empirical class-mean direction mu_hat = (1/n) sum_i y_i x_i and to the signal
/// direction s, and the closed-form errors the excess test error is split by
/// (proofs-notes/fls-mixture.md).
///
/// A neuron's angle is that of sign(a_j) w_j (a negative neuron serves the class y = -1, whose
/// mean is -mu_hat); the mean over neurons is weighted by |a_j| ||w_j||, each neuron's size in f.
public struct MixtureAlignment: Sendable, Equatable {
    /// Weighted mean angle (radians) of sign(a_j) w_j to mu_hat.
    public let angleToClassMean: Double
    /// Weighted mean angle (radians) of sign(a_j) w_j to s.
    public let angleToSignal: Double
    /// Test error of the class-mean classifier sign(<mu_hat, x>): Phi(-(kappa/sigma) cos angle(mu_hat, s)).
    public let classMeanError: Double
    /// Phi(-kappa / sigma).
    public let bayesError: Double

    /// - Parameters: sample: the flow's state at the stop; train: the training set it was trained on.
    public init(sample: Sample, train: Dataset, mixture: GaussianMixture) {
        let classMean = GaussianMixture.classMean(of: train)
        angleToClassMean = Self.weightedAngle(sample, to: classMean)
        angleToSignal = Self.weightedAngle(sample, to: mixture.signalDirection(dimension: train.dimension))
        classMeanError = mixture.error(ofDirection: classMean)
        bayesError = mixture.bayesError
    }

    public init(angleToClassMean: Double, angleToSignal: Double, classMeanError: Double, bayesError: Double) {
        (self.angleToClassMean, self.angleToSignal) = (angleToClassMean, angleToSignal)
        (self.classMeanError, self.bayesError) = (classMeanError, bayesError)
    }

    /// sum_j |a_j| ||w_j|| angle(sign(a_j) u_j, v) / sum_j |a_j| ||w_j|| (weights from the log
    /// magnitudes, so norms below the smallest double still weigh; nan when every a_j is 0).
    public static func weightedAngle(_ sample: Sample, to v: [Double]) -> Double {
        let top = sample.logMagnitudes.filter(\.isFinite).max() ?? -.infinity
        guard top.isFinite else { return .nan }
        var total = 0.0, weighted = 0.0
        for j in sample.logMagnitudes.indices where sample.logMagnitudes[j].isFinite {
            let weight = exp(sample.logMagnitudes[j] - top)
            let sign: Double = sample.outputWeights[j].sign == .minus ? -1 : 1
            weighted += weight * angle(between: sample.directions.row(j).map { sign * $0 }, v)
            total += weight
        }
        return weighted / total
    }
}
