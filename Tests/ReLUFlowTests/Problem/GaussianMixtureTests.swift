import Foundation
import Testing
@testable import ReLUFlow

/// The symmetric Gaussian mixture x = kappa y s + sigma z as a data source.
@Suite struct GaussianMixtureTests {
    /// E y x = kappa s and Cov(y x) = sigma^2 I, so the sample mean of y_i x_i is within
    /// 5 standard errors (sigma / sqrt(n) per coordinate) of kappa s in every coordinate.
    @Test func classMeanConvergesToKappaS() throws {
        let (n, d, kappa, sigma) = (20000, 4, 1.5, 2.0)
        let mixture = try GaussianMixture(kappa: kappa, sigma: sigma)
        let data = try Teacher.mixture(mixture).sample(n: n, d: d, noise: 0, seed: 3)
        let mean = GaussianMixture.classMean(of: data)
        let expected = mixture.signalDirection(dimension: d).map { kappa * $0 }
        for k in 0..<d { #expect(abs(mean[k] - expected[k]) < 5 * sigma / Double(n).squareRoot(), "coordinate \(k)") }
    }

    /// Labels are +-1, each with probability 1/2: the share of +1 is within 5 standard errors
    /// (1 / (2 sqrt n)) of 1/2, and each class's inputs have mean +-kappa s.
    @Test func classesAreBalanced() throws {
        let n = 20000
        let data = try Teacher.mixture(GaussianMixture(kappa: 1, sigma: 1)).sample(n: n, d: 3, noise: 0, seed: 5)
        #expect(data.labels.allSatisfy { $0 == 1 || $0 == -1 })
        let positives = data.labels.filter { $0 > 0 }.count
        #expect(abs(Double(positives) / Double(n) - 0.5) < 5 * 0.5 / Double(n).squareRoot())
        let firstCoordinate = (0..<n).filter { data.labels[$0] > 0 }.map { data.inputs[$0, 0] }
        #expect(abs(firstCoordinate.reduce(0, +) / Double(positives) - 1) < 5 / Double(positives).squareRoot())
    }

    @Test func sameSeedSameData() throws {
        let teacher = Teacher.mixture(try GaussianMixture(kappa: 2, sigma: 0.5))
        let first = try teacher.sample(n: 50, d: 6, noise: 0, seed: 11)
        #expect(first == (try teacher.sample(n: 50, d: 6, noise: 0, seed: 11)))
        #expect(first != (try teacher.sample(n: 50, d: 6, noise: 0, seed: 12)))
    }

    @Test(arguments: [("kappa", -1.0, 1.0), ("kappa", .nan, 1.0), ("kappa", .infinity, 1.0), ("sigma", 1.0, 0.0),
                      ("sigma", 1.0, -2.0), ("sigma", 1.0, .nan)])
    func badParametersNamed(field: String, kappa: Double, sigma: Double) {
        #expect(throws: InputError.self) { try GaussianMixture(kappa: kappa, sigma: sigma) }
        do {
            _ = try GaussianMixture(kappa: kappa, sigma: sigma)
        } catch let error as InputError {
            #expect(error.field == field)
            #expect(error.value == "\(field == "kappa" ? kappa : sigma)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The closed-form error Phi(-(kappa/sigma) cos angle(v, s)) of sign<v, x> against its Monte
    /// Carlo estimate on 10^5 fresh samples (within 5 binomial standard errors), for the signal
    /// direction itself (the Bayes error Phi(-kappa/sigma)) and a tilted direction.
    @Test(arguments: [[1.0, 0, 0], [0.6, 0.8, 0], [0.2, -0.5, 0.3]])
    func closedFormErrorMatchesMonteCarlo(direction v: [Double]) throws {
        let mixture = try GaussianMixture(kappa: 1.2, sigma: 1.5)
        let count = 100_000
        let data = try Teacher.mixture(mixture).sample(n: count, d: 3, noise: 0, seed: 7)
        let wrong = (0..<count).filter { i in data.labels[i] * dot(v, data.inputs.row(i)) <= 0 }.count
        let estimate = Double(wrong) / Double(count)
        let predicted = mixture.error(ofDirection: v)
        #expect(abs(estimate - predicted) < 5 * (predicted * (1 - predicted) / Double(count)).squareRoot(),
                "Monte Carlo \(estimate), closed form \(predicted)")
        if v == [1, 0, 0] { #expect(predicted == mixture.bayesError) }
    }

    /// Phi against known values: Phi(0) = 1/2, Phi(-1.959963984540054) = 0.025, Phi(1) = 0.8413447460685429.
    @Test func normalCDFKnownValues() {
        #expect(GaussianMixture.normalCDF(0) == 0.5)
        #expect(abs(GaussianMixture.normalCDF(-1.959963984540054) - 0.025) < 1e-15)
        #expect(abs(GaussianMixture.normalCDF(1) - 0.8413447460685429) < 1e-15)
    }
}
