import Foundation

extension TrajectoryPlot {
    /// The angle of a direction in the plane, atan2(u_2, u_1) in (-pi, pi].
    public static func planeAngle(_ u: [Double]) -> Double { atan2(u[1], u[0]) }

    /// The cosine of the unit vector u to the nearest extremal direction of sign s (the largest
    /// cosine), nil when G has none of that sign.
    public func cosineToNearestExtremal(_ u: [Double], sign s: Double) -> Double? {
        extremal.filter { $0.sign == s }.map { e in zip(e.direction, u).reduce(0) { $0 + $1.0 * $1.1 } }.max()
    }

    /// The value drawn for neuron j at sample k (nil: not drawn, e.g. no extremal direction of its
    /// sign).
    public func directionValue(neuron j: Int, sample k: Int) -> Double? {
        guard let measure = directionMeasure, let directions = trace.directions else { return nil }
        let u = directions[k].row(j)
        switch measure {
        case .planeAngle: return Self.planeAngle(u)
        case .cosineToExtremal: return cosineToNearestExtremal(u, sign: trace.signs[j])
        }
    }

    /// The arcs of the circle (angles in [-pi, pi]) where no input of a two-dimensional data set is
    /// active. Exact: the arcs' ends are among the angles perpendicular to an input, so the circle
    /// is cut there and each piece is tested at its midpoint; adjacent inactive pieces merge.
    public static func inactiveArcs(of objective: EarlyPhaseObjective) -> [ClosedRange<Double>] {
        let x = objective.data.inputs
        var cuts: [Double] = [-Double.pi, Double.pi]
        for i in 0..<x.rows where x[i, 0] != 0 || x[i, 1] != 0 {
            let phi = atan2(x[i, 1], x[i, 0])
            for end in [phi + Double.pi / 2, phi - Double.pi / 2] {
                cuts.append(end > Double.pi ? end - 2 * Double.pi : end < -Double.pi ? end + 2 * Double.pi : end)
            }
        }
        cuts.sort()
        var arcs: [ClosedRange<Double>] = []
        for (a, b) in zip(cuts, cuts.dropFirst()) where b > a {
            let mid = (a + b) / 2
            guard objective.isInactive([cos(mid), sin(mid)]) else { continue }
            if let last = arcs.last, last.upperBound == a {
                arcs[arcs.count - 1] = last.lowerBound...b
            } else {
                arcs.append(a...b)
            }
        }
        return arcs
    }
}
