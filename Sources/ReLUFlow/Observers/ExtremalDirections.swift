import Foundation

/// A stationary direction of the early-phase objective G on the sphere (u = s D(u)/||D(u)||), or
/// the inactive region where no input is active (D = 0, G = 0), with the share of random starts
/// whose projected ascent (s = +1) or descent (s = -1) ended there.
public struct ExtremalDirection: Sendable {
    /// +1: reached by ascent (where positive neurons go); -1: by descent (negative neurons).
    public let sign: Double
    /// A unit vector (for the inactive region: one point of it).
    public let direction: [Double]
    /// G at the direction.
    public let value: Double
    /// Share of the starts of this sign that ended here (the basin's share of the sphere).
    public let basinShare: Double
    /// The inactive region rather than a point.
    public let isInactive: Bool
}

extension EarlyPhaseObjective {
    /// The distinct end points of projected ascent and descent of G from `starts` random starts
    /// (seeded), each with its basin share; ascent ends first, each sign sorted by s G descending.
    /// End points closer than `separation` radians are the same point.
    public func extremalDirections(starts: Int = 200, seed: UInt64 = 1, separation: Double = 1e-3,
                                   progress: ((_ done: Int, _ total: Int) -> Void)? = nil) -> [ExtremalDirection] {
        var rng = SeededGenerator(seed: seed)
        let startPoints = (0..<starts).map { _ in rng.gaussianVector(data.dimension) }
        return [1.0, -1.0].flatMap { s -> [ExtremalDirection] in
            var found: [(direction: [Double], count: Int, inactive: Bool)] = []
            for (k, start) in startPoints.enumerated() {
                let end = climb(from: start, sign: s)
                progress?((s > 0 ? 0 : starts) + k + 1, 2 * starts)
                let inactive = isInactive(end)
                if let k = found.firstIndex(where: {
                    inactive ? $0.inactive : (!$0.inactive && angle(between: $0.direction, end) < separation)
                }) {
                    found[k].count += 1
                } else {
                    found.append((end, 1, inactive))
                }
            }
            return found.map { ExtremalDirection(sign: s, direction: $0.direction, value: $0.inactive ? 0 : value($0.direction),
                                                 basinShare: Double($0.count) / Double(starts), isInactive: $0.inactive) }
                .sorted { s * $0.value > s * $1.value }
        }
    }
}

/// The angle between two nonzero vectors, in [0, pi] (atan2 form: accurate near 0 and pi).
public func angle(between u: [Double], _ v: [Double]) -> Double {
    var cross = 0.0
    let nu = euclideanNorm(u), nv = euclideanNorm(v)
    for k in u.indices {
        let e = u[k] * nv - v[k] * nu
        cross += e * e
    }
    // ||u nv - v nu|| = 2 nu nv sin(theta/2); ||u nv + v nu|| = 2 nu nv cos(theta/2).
    var sum = 0.0
    for k in u.indices {
        let e = u[k] * nv + v[k] * nu
        sum += e * e
    }
    return 2 * atan2(cross.squareRoot(), sum.squareRoot())
}
