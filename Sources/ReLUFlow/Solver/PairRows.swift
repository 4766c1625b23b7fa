import CFieldKernels

/// Branch-free passes over one row of the n x m pair arrays (sample i, every neuron j): they find
/// the few rows that need a closer look pair by pair. The passes run in `CFieldKernels`
/// (vectorized, also for AVX2); each tests every pair of the row.
enum PairRows {
    /// Whether some j has rate < 0, value > rowLevel * levels[j] and value / -rate < bound, with
    /// value = s_j values[j], rate = s_j rates[j], s_j = 2 active[j] - 1: a pair moving towards its
    /// surface that may reach it before `bound`. Tested as value < bound' * -rate, without a
    /// division, with bound' = bound (1 + 8 ulp): a pair whose quotient is below `bound` is never
    /// missed, and one a few ulp above it may be let through.
    static func anyBefore(_ bound: Double, values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                          active: UnsafePointer<Double>, levels: UnsafePointer<Double>, rowLevel: Double,
                          count: Int) -> Bool {
        rf_any_before(count, bound, values, rates, active, levels, rowLevel) != 0
    }

    /// Whether some j has s_j values[j] < -rowLevel * levels[j] (s_j = 2 active[j] - 1): a pair
    /// past its surface by more than its rounding level.
    static func anyPast(values: UnsafePointer<Double>, active: UnsafePointer<Double>,
                        levels: UnsafePointer<Double>, rowLevel: Double, count: Int) -> Bool {
        rf_any_past(count, values, active, levels, rowLevel) != 0
    }

    /// Whether some j has s_j startRates[j] < 0 < s_j endRates[j] (s_j = 2 active[j] - 1): a pair
    /// that heads to its surface at a step's start and away from it at its end.
    static func anyTurning(startRates: UnsafePointer<Double>, endRates: UnsafePointer<Double>,
                           active: UnsafePointer<Double>, count: Int) -> Bool {
        rf_any_turning(count, startRates, endRates, active) != 0
    }

    /// Whether some j has value + span min(0, startRate, endRate) <= rowLevel * levels[j] (value
    /// and rates signed by s_j = 2 active[j] - 1): a pair that a step of length `span`, its rate
    /// between the two, may bring within its rounding level of its surface.
    static func anyReaching(span: Double, values: UnsafePointer<Double>, startRates: UnsafePointer<Double>,
                            endRates: UnsafePointer<Double>, active: UnsafePointer<Double>,
                            levels: UnsafePointer<Double>, rowLevel: Double, count: Int) -> Bool {
        rf_any_reaching(count, span, values, startRates, endRates, active, levels, rowLevel) != 0
    }
}
