/// Crossings taken where a step ends instead of located by re-steps.
///
/// A pair (i, j) whose pre-activation h = <v_j, x_i> moves towards its surface at rate h' reaches
/// it, to first order, after h / -h'. The integrator ends each step at the earliest such time
/// (`forecast`), so that a crossing usually lands close to a step's end, on either side. There
/// the state is moved to the surface by a first-order Taylor step y + delta y'(t1): its
/// remainder |y''| delta^2 / 2 is kept below a fraction of the step's own tolerance in every
/// component (`reach`), and a crossing farther than that is located by re-steps as before.
enum StepEndCrossing {
    /// The largest |delta| for which y + delta y'(t1) stays within `budget` (atol + rtol |y_c|)
    /// of the flow in every component c, with y''_c estimated by the change of the velocity over
    /// the step, (y'_c(t1) - y'_c(t0)) / span. Infinite when the velocity did not change.
    static func reach(state y: UnsafePointer<Double>, startVelocity: UnsafePointer<Double>,
                      endVelocity: UnsafePointer<Double>, count: Int, span: Double,
                      relativeTolerance: Double, absoluteTolerance: Double, budget: Double) -> Double {
        var reachSquared = Double.infinity
        for c in 0..<count {
            let acceleration = abs(endVelocity[c] - startVelocity[c]) / span
            guard acceleration > 0 else { continue }
            let allowed = budget * (absoluteTolerance + relativeTolerance * abs(y[c]))
            reachSquared = min(reachSquared, 2 * allowed / acceleration)
        }
        return reachSquared.squareRoot()
    }

    /// Time from now until a pre-activation reaches its surface at its present rate: `value`
    /// and `rate` signed so that the pair's own side is positive (a crossed pair has a negative
    /// value and a negative time). Nil when the pair does not move towards its surface.
    static func offset(value: Double, rate: Double) -> Double? {
        rate < 0 ? value / -rate : nil
    }

    /// Rounding levels of the pairs p = i * columns + j as products rows[i] * columns[j] (for the
    /// pre-activations: 4 (d + 4) ulp ||x_i|| times ||v_j||, `VectorField.roundingLevel`).
    struct Levels {
        let rows: [Double]
        let columns: [Double]
    }

    /// The earliest `offset` over the pairs p = i * columns + j moving towards their surface,
    /// farther from it than their `levels` when given, that `admits(p)` (values and rates
    /// signed by their side: + where `active[p]` = 1, - where it is 0), and which pair it is; nil
    /// when there is none. On ties the first pair wins. A row is first scanned branch-free, without
    /// divisions, for a pair that may come before the earliest so far (`PairRows.anyBefore`);
    /// only such a row is looked at pair by pair, and `admits` is asked only of a pair that would
    /// be the earliest so far.
    /// With a `partition`, its blocks of rows are scanned concurrently and their earliest pairs
    /// compared in the order of the blocks: the same answer.
    static func earliest(values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                         active: UnsafePointer<Double>, rows: Int, columns: Int, levels: Levels? = nil,
                         partition: PairPartition? = nil, admits: (Int) -> Bool) -> (offset: Double, pair: Int)? {
        // Without levels every pair qualifies: level -infinity = -infinity * 1.
        let unit = [Double](repeating: 1, count: levels == nil ? columns : 0)
        let found = (levels?.columns ?? unit).withUnsafeBufferPointer { columnLevels in
            func scan(_ block: Range<Int>) -> (offset: Double, pair: Int)? {
                earliest(in: block, values: values, rates: rates, active: active, columns: columns,
                         rowLevels: levels?.rows, columnLevels: columnLevels.baseAddress!, admits: admits)
            }
            return partition?.mapBlocks(of: rows, scan) ?? [scan(0..<rows)]
        }
        return found.reduce(nil) { best, next in
            guard let next else { return best }
            return next.offset < best?.offset ?? .infinity ? next : best
        }
    }

    /// `earliest` over the rows of `block`.
    private static func earliest(in block: Range<Int>, values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                                 active: UnsafePointer<Double>, columns: Int, rowLevels: [Double]?,
                                 columnLevels c: UnsafePointer<Double>,
                                 admits: (Int) -> Bool) -> (offset: Double, pair: Int)? {
        var first = Double.infinity, pair = -1
        for i in block {
            let base = i * columns, rowLevel = rowLevels?[i] ?? -.infinity
            let v = values + base, r = rates + base, a = active + base
            guard PairRows.anyBefore(first, values: v, rates: r, active: a, levels: c, rowLevel: rowLevel,
                                     count: columns) else { continue }
            for j in 0..<columns {
                let s = 2 * a[j] - 1, value = s * v[j], rate = s * r[j]
                guard rate < 0, value > rowLevel * c[j] else { continue }
                let t = value / -rate
                if t < first, admits(base + j) { (first, pair) = (t, base + j) }
            }
        }
        return pair < 0 ? nil : (first, pair)
    }

    /// The earliest `offset` over pairs p farther than their `levels` on their side (pairs on their
    /// surface within rounding, and sliding pairs, excluded), at least `floor` (infinite when no
    /// pair moves towards its surface), and which pair it is (nil when none does).
    static func forecast(values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                         active: UnsafePointer<Double>, rows: Int, columns: Int, levels: Levels,
                         partition: PairPartition? = nil, isSliding: (Int) -> Bool,
                         floor: Double) -> (offset: Double, pair: Int?) {
        let first = earliest(values: values, rates: rates, active: active, rows: rows, columns: columns,
                             levels: levels, partition: partition) { !isSliding($0) }
        return (max(first?.offset ?? .infinity, floor), first?.pair)
    }
}
