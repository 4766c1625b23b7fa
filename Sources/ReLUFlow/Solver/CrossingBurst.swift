/// Several crossings inside one aimed Heun step, each changing only its own neuron's velocity.
///
/// Over a step of length H from y0 the Heun extension y(s) = y0 + s v0 + s^2 / (2 H) (v* - v0)
/// (`AimedStep`) is taken on the start's pattern. A pair (i, j) whose pre-activation on it,
///
///     e(s) = e0 + s r0 + s^2 (r* - r0) / (2 H),
///
/// reaches its surface at tau < H switches there, and from then on neuron j's velocity is the
/// start pattern's plus the jump J(s) = F_new,j(y(s)) - F_old,j(y(s)) of its own rows
/// (`VectorField.switchJump`). With J linear between its values at y0 and at the Euler point
/// y* (as Heun takes the velocity to be), neuron j is moved by
///
///     int_tau^H J(s) ds = (H - tau) J0 + (H^2 - tau^2) / (2 H) (J* - J0)
///
/// at the step's end (`jumpIntegral`; to the end of a step cut short, likewise). The pair crosses when the flow passes through its
/// surface: its rate keeps its sign across the jump (`passesThrough`); else it would slide, and
/// the step is left to the paths that decide modes at the event. The other neurons see the
/// switch only through the output f(x_i), which stays continuous and kinks: that error, second
/// order in H - tau, is part of what the step's end check reads (the field evaluated at y(H) on
/// the new pattern against v* + J*).
enum CrossingBurst {
    /// A pair's crossing inside the step: its offset from the step's start and the pair
    /// p = i * columns + j.
    struct Crossing: Equatable {
        let offset: Double
        let pair: Int
    }

    /// The crossings in (0, span] of the pairs' quadratics e(s) (values and rates signed by their
    /// side: + where `active[p]` = 1, - where it is 0; sliding pairs skipped), earliest first.
    /// Nil when a pair's quadratic goes through its surface and back inside the step, or a pair
    /// within its rounding `levels` of the surface heads in: those are for the located paths.
    static func crossings(values: UnsafePointer<Double>, startRates: UnsafePointer<Double>,
                          trialRates: UnsafePointer<Double>, active: UnsafePointer<Double>, rows: Int, columns: Int,
                          levels: StepEndCrossing.Levels, span: Double, isSliding: (Int) -> Bool) -> [Crossing]? {
        var found: [Crossing] = []
        for i in 0..<rows {
            let base = i * columns, rowLevel = levels.rows[i]
            let reaching = levels.columns.withUnsafeBufferPointer { c in
                PairRows.anyReaching(span: span, values: values + base, startRates: startRates + base,
                                     endRates: trialRates + base, active: active + base, levels: c.baseAddress!,
                                     rowLevel: rowLevel, count: columns)
            }
            guard reaching else { continue }
            for j in 0..<columns {
                let p = base + j
                let side = 2 * active[p] - 1
                let r0 = side * startRates[p], r1 = side * trialRates[p]
                let value = side * values[p], level = rowLevel * levels.columns[j]
                guard min(r0, r1) < 0, value + span * min(r0, r1) <= level, !isSliding(p) else { continue }
                if value <= level, r0 < 0 { return nil }
                guard let tau = AimedStep.root(value: value, startRate: r0, trialRate: r1, span: span, reach: 1)
                else { continue }
                guard value + span * (r0 + r1) / 2 <= 0 else { return nil }
                found.append(Crossing(offset: tau, pair: p))
            }
        }
        return found.sorted { ($0.offset, $0.pair) < ($1.offset, $1.pair) }
    }

    /// J(tau) = J0 + tau / H (J* - J0).
    static func jump(start: [Double], trial: [Double], at tau: Double, span: Double) -> [Double] {
        zip(start, trial).map { $0 + tau / span * ($1 - $0) }
    }

    /// int_tau^end J(s) ds for J linear from `start` (s = 0) to `trial` (s = H = `span`).
    static func jumpIntegral(start: [Double], trial: [Double], from tau: Double, to end: Double,
                             span: Double) -> [Double] {
        let constant = end - tau, linear = (end * end - tau * tau) / (2 * span)
        return zip(start, trial).map { constant * $0 + linear * ($1 - $0) }
    }

    /// Whether the flow passes through a surface that a pair reaches at rate `rateBefore` (signed
    /// by its side, so negative) and leaves at `rateAfter` once switched: the rate keeps its sign
    /// by at least `SolverLimits.burstPassage` of its size. Else the surface holds the pair
    /// (sliding) or nearly does, and the modes are decided at the event instead.
    static func passesThrough(rateBefore: Double, rateAfter: Double) -> Bool {
        rateBefore < 0 && rateAfter <= SolverLimits.burstPassage * rateBefore
    }
}
