import Foundation

/// The early-phase objective of a data set: G(u) = (1/n) sum_i y_i relu(<u, x_i>) on the unit
/// sphere, with D(u) = (1/n) sum_i y_i 1[<u, x_i> > 0] x_i, so G(u) = <u, D(u)>. While f ~ 0, a
/// balanced neuron's direction climbs G (a > 0) or descends it (a < 0) and its norm grows at
/// rate s G(u): d log||w||/dt = s G(u).
public struct EarlyPhaseObjective: Sendable {
    public let data: Dataset

    public init(data: Dataset) { self.data = data }

    /// D(u).
    public func correlation(_ u: [Double]) -> [Double] {
        var v = [Double](repeating: 0, count: data.dimension)
        for i in 0..<data.sampleCount {
            let x = data.inputs.row(i)
            if dot(u, x) > 0 { for k in v.indices { v[k] += data.labels[i] * x[k] } }
        }
        return v.map { $0 / Double(data.sampleCount) }
    }

    /// G(u).
    public func value(_ u: [Double]) -> Double { dot(u, correlation(u)) }

    /// C = (1/n) sum_i |y_i| ||x_i||, a bound on ||D(u)|| for every u, hence on the early-phase
    /// growth rate of every log-norm.
    public var correlationBound: Double {
        (0..<data.sampleCount).map { abs(data.labels[$0]) * euclideanNorm(data.inputs.row($0)) }.reduce(0, +)
            / Double(data.sampleCount)
    }

    /// Whether no input is active at u (<u, x_i> <= 0 for all i): D = 0 there and a neuron stops.
    public func isInactive(_ u: [Double]) -> Bool {
        (0..<data.sampleCount).allSatisfy { dot(u, data.inputs.row($0)) <= 0 }
    }

    /// A stationary point of s G on the sphere reached from `start` by projected ascent (s = +1)
    /// or descent (s = -1), polished by the fixed point u = s D(u)/||D(u)|| (where its activation
    /// pattern is stable, G is exactly s ||D(u)|| there). The polish moves only while s G does not
    /// decrease: iterated across patterns, the map can wander off the point the ascent reached (on
    /// a circle, n = 8, it once turned the minimum -0.5148 into -0.4709).
    public func climb(from start: [Double], sign s: Double, iterations: Int = 3000) -> [Double] {
        var u = normalised(start)
        for it in 0..<iterations {
            let d = correlation(u)
            let g = dot(d, u)
            let step = 0.2 * (1 - Double(it) / Double(iterations)) + 1e-3
            u = normalised(zip(u, d).map { $0 + s * step * ($1 - g * $0) })
        }
        for _ in 0..<50 {
            let d = correlation(u)
            let r = euclideanNorm(d)
            guard r > 0 else { break }
            let candidate = d.map { s * $0 / r }
            guard s * value(candidate) >= s * value(u) else { break }
            let stable = samePattern(candidate, u)
            u = candidate
            if stable { break }
        }
        return u
    }

    /// The largest and the smallest value of G found from `starts` random starts (seeded).
    public func extremes(starts: Int = 200, seed: UInt64 = 1) -> (max: Double, argmax: [Double], min: Double, argmin: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var best = (max: -Double.infinity, argmax: [Double](), min: Double.infinity, argmin: [Double]())
        for _ in 0..<starts {
            let start = rng.gaussianVector(data.dimension)
            let up = climb(from: start, sign: 1), down = climb(from: start, sign: -1)
            let gUp = value(up), gDown = value(down)
            if gUp > best.max { best.max = gUp; best.argmax = up }
            if gDown < best.min { best.min = gDown; best.argmin = down }
        }
        return best
    }

    private func samePattern(_ u: [Double], _ v: [Double]) -> Bool {
        (0..<data.sampleCount).allSatisfy { i in
            let x = data.inputs.row(i)
            return (dot(u, x) > 0) == (dot(v, x) > 0)
        }
    }

    private func normalised(_ v: [Double]) -> [Double] {
        let r = euclideanNorm(v)
        return v.map { $0 / r }
    }
}
