import Foundation

/// The symmetric two-class Gaussian mixture x = kappa y s + sigma z: label y = +-1 with
/// probability 1/2 each, z ~ N(0, I_d), unit signal direction s = e_1 (the init and the noise are
/// isotropic, so any unit s gives the same statistics).
public struct GaussianMixture: Sendable, Equatable {
    /// Distance of each class mean from the origin.
    public let kappa: Double
    /// Standard deviation of the noise in every coordinate.
    public let sigma: Double

    /// - Throws: `InputError` naming `kappa` unless finite and >= 0, `sigma` unless finite and > 0.
    public init(kappa: Double, sigma: Double) throws {
        guard kappa.isFinite, kappa >= 0 else {
            throw InputError(field: "kappa", value: "\(kappa)", reason: "must be a finite number >= 0")
        }
        try InputError.requirePositive(sigma, "sigma")
        self.kappa = kappa
        self.sigma = sigma
    }

    /// The signal direction s = e_1 in dimension d.
    public func signalDirection(dimension d: Int) -> [Double] {
        (0..<d).map { $0 == 0 ? 1 : 0 }
    }

    /// Labels and inputs of n samples (one label, then d noise deviates, per sample).
    func draw(n: Int, d: Int, rng: inout SeededGenerator) -> (x: Matrix, y: [Double]) {
        var x = Matrix(rows: n, columns: d)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            y[i] = rng.sign()
            let z = rng.gaussianVector(d)
            for k in 0..<d { x[i, k] = sigma * z[k] + (k == 0 ? kappa * y[i] : 0) }
        }
        return (x, y)
    }

    /// Test error of the linear classifier sign(<v, x>), in closed form: <v, x> y = kappa <v, s>
    /// + sigma ||v|| g with g ~ N(0, 1), so the error is Phi(-(kappa / sigma) cos angle(v, s)).
    /// 1/2 for v = 0.
    public func error(ofDirection v: [Double]) -> Double {
        let norm = euclideanNorm(v)
        guard norm > 0 else { return 0.5 }
        return Self.normalCDF(-(kappa / sigma) * v[0] / norm)
    }

    /// The Bayes error Phi(-kappa / sigma): the error of sign(<s, x>), the optimal classifier.
    public var bayesError: Double { Self.normalCDF(-kappa / sigma) }

    /// The empirical class-mean direction mu_hat = (1/n) sum_i y_i x_i of a training set.
    public static func classMean(of data: Dataset) -> [Double] {
        let n = data.sampleCount
        return (0..<data.dimension).map { k in
            (0..<n).reduce(0.0) { $0 + data.labels[$1] * data.inputs[$1, k] } / Double(n)
        }
    }

    /// The standard normal distribution function Phi(x) = erfc(-x / sqrt 2) / 2.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
