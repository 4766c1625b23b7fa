import CFieldKernels

extension NeuronOrbit {
    /// The earliest crossing of the orbit over n samples: the smallest `crossingFactor` E and its
    /// sample (the first on ties), nil when no pair crosses. Sample i has b_i = `b[i]`,
    /// q_i = `q[i]`, side +1 when `active[i * stride] != 0` (else -1) and rounding level
    /// `norms[i] * levelFactor`; the samples in `skipping` (increasing) are passed over, and with
    /// `horizonValue` p(horizon) so is every pair still on its side there (p(t) is monotone up to
    /// the horizon). One pass in C (`rf_orbit_first_crossing`) with `crossingFactor`'s operations.
    func firstCrossing(b: UnsafePointer<Double>, q: UnsafePointer<Double>, active: UnsafePointer<Double>, stride: Int,
                       norms: [Double], levelFactor: Double, skipping: [Int], horizonValue: Double?)
        -> (factor: Double, sample: Int)? {
        guard rate > 0 else { return nil }
        var factor = Double.infinity
        let skip = skipping.map { CLong($0) }
        let sample = skip.withUnsafeBufferPointer { s in
            norms.withUnsafeBufferPointer { norm in
                rf_orbit_first_crossing(norm.count, b, q, active, stride, norm.baseAddress!, levelFactor,
                                        s.baseAddress, s.count, horizonValue == nil ? 0 : 1, horizonValue ?? 0,
                                        sum, difference, &factor)
            }
        }
        return sample >= 0 ? (factor, sample) : nil
    }
}
