import Foundation

/// A seeded, platform-independent random number generator (SplitMix64), so that the same seed
/// gives the same data and initialization everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareGaussian: Double?

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal deviate (Box-Muller; the second deviate of each pair is kept for the next call).
    public mutating func gaussian() -> Double {
        if let g = spareGaussian {
            spareGaussian = nil
            return g
        }
        var u1 = uniform()
        while u1 == 0 { u1 = uniform() }
        let u2 = uniform()
        let radius = (-2 * log(u1)).squareRoot()
        spareGaussian = radius * sin(2 * Double.pi * u2)
        return radius * cos(2 * Double.pi * u2)
    }

    /// A random sign, +1 or -1, each with probability 1/2.
    public mutating func sign() -> Double { next() & 1 == 0 ? 1 : -1 }

    /// A vector of `count` independent N(0, variance) deviates.
    public mutating func gaussianVector(_ count: Int, variance: Double = 1) -> [Double] {
        let s = variance.squareRoot()
        return (0..<count).map { _ in s * gaussian() }
    }
}
