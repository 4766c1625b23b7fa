/// Branch-free passes over one row of the n x m pair arrays (sample i, every neuron j), four
/// pairs at a time: they find the few rows that need a closer look pair by pair.
enum PairRows {
    /// The four doubles at `p`.
    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    /// Whether any lane of `mask` is set.
    @inline(__always)
    static func anyLane(_ mask: SIMDMask<SIMD4<Int64>>) -> Bool {
        SIMD4<Int64>(repeating: 1).replacing(with: 0, where: .!mask).wrappedSum() > 0
    }

    /// Whether some j has rate < 0, value > rowLevel * levels[j] and value / -rate < bound, with
    /// value = s_j values[j], rate = s_j rates[j], s_j = 2 active[j] - 1: a pair moving towards its
    /// surface that may reach it before `bound`. Tested as value < bound' * -rate, without a
    /// division, with bound' = bound (1 + 8 ulp): a pair whose quotient is below `bound` is never
    /// missed, and one a few ulp above it may be let through.
    static func anyBefore(_ bound: Double, values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                          active: UnsafePointer<Double>, levels: UnsafePointer<Double>, rowLevel: Double,
                          count: Int) -> Bool {
        let widened = bound * (1 + 8 * Double.ulpOfOne)
        var any = SIMDMask<SIMD4<Int64>>(repeating: false)
        var j = 0
        while j + 4 <= count {
            let s = 2 * load(active + j) - 1
            let value = s * load(values + j), rate = s * load(rates + j)
            any = any .| ((rate .< 0) .& (value .> rowLevel * load(levels + j)) .& (value .< widened * -rate))
            j += 4
        }
        if anyLane(any) { return true }
        while j < count {
            let s = 2 * active[j] - 1, value = s * values[j], rate = s * rates[j]
            if rate < 0, value > rowLevel * levels[j], value < widened * -rate { return true }
            j += 1
        }
        return false
    }

    /// Whether some j has s_j values[j] < -rowLevel * levels[j] (s_j = 2 active[j] - 1): a pair
    /// past its surface by more than its rounding level.
    static func anyPast(values: UnsafePointer<Double>, active: UnsafePointer<Double>,
                        levels: UnsafePointer<Double>, rowLevel: Double, count: Int) -> Bool {
        var any = SIMDMask<SIMD4<Int64>>(repeating: false)
        var j = 0
        while j + 4 <= count {
            let s = 2 * load(active + j) - 1
            any = any .| (s * load(values + j) .< -(rowLevel * load(levels + j)))
            j += 4
        }
        if anyLane(any) { return true }
        while j < count {
            if (2 * active[j] - 1) * values[j] < -(rowLevel * levels[j]) { return true }
            j += 1
        }
        return false
    }

    /// Whether some j has s_j startRates[j] < 0 < s_j endRates[j] (s_j = 2 active[j] - 1): a pair
    /// that heads to its surface at a step's start and away from it at its end.
    static func anyTurning(startRates: UnsafePointer<Double>, endRates: UnsafePointer<Double>,
                           active: UnsafePointer<Double>, count: Int) -> Bool {
        var any = SIMDMask<SIMD4<Int64>>(repeating: false)
        var j = 0
        while j + 4 <= count {
            let s = 2 * load(active + j) - 1
            any = any .| ((s * load(startRates + j) .< 0) .& (s * load(endRates + j) .> 0))
            j += 4
        }
        if anyLane(any) { return true }
        while j < count {
            let s = 2 * active[j] - 1
            if s * startRates[j] < 0, s * endRates[j] > 0 { return true }
            j += 1
        }
        return false
    }
}
