import CFieldKernels

extension VectorField {
    /// d<v_j, x_i>/dt for every pair (n x m) from the velocity `velocity` of the state.
    func preactivationRates(_ velocity: UnsafePointer<Double>, into rates: UnsafeMutablePointer<Double>) {
        if usesRowKernels {
            transpose(velocity, into: transposedWeights)
            let m = neurons, d = dimension
            partition.forEachBlock(of: samples) { rows in
                let i = rows.lowerBound
                rf_preactivations(rows.count, m, d, inputs + i * d, transposedWeights, rates + i * m)
            }
        } else {
            BLAS.gemm(transposeA: false, transposeB: true, rows: samples, cols: neurons, inner: dimension, alpha: 1,
                      inputs, lda: dimension, velocity, ldb: dimension, beta: 0, rates, ldc: neurons)
        }
    }

    /// df_i/dt = alpha sum_j A_ij (o_j' H_ij + o_j H_ij') at the latest evaluation (state y), from
    /// the pre-activation rates H' of `velocity` (`preactivationRates`): o_j' = a_j', or in
    /// log-norm o_j (2 rho_j' - <u_j, u_j'> / ||u_j||^2). Two O(nm) passes.
    func outputRates(preactivationRates rates: UnsafePointer<Double>, velocity: UnsafePointer<Double>,
                     state y: UnsafePointer<Double>) -> [Double] {
        let n = samples, m = neurons, d = dimension
        var coefficientRates = [Double](repeating: 0, count: m)
        for j in 0..<m {
            switch parametrisation {
            case .weights:
                coefficientRates[j] = velocity[m * d + j]
            case .logNorm:
                var p = 0.0
                for k in 0..<d { p += y[j * d + k] * velocity[j * d + k] }
                let r = directionNorms[j]
                coefficientRates[j] = outputCoefficients[j] * (2 * velocity[m * d + j] - p / (r * r))
            }
        }
        var fromCoefficients = [Double](repeating: 0, count: n), fromPreactivations = [Double](repeating: 0, count: n)
        fromCoefficients.withUnsafeMutableBufferPointer { f in
            forward(weights: nil, coefficients: coefficientRates, preactivations: preactivations, into: f.baseAddress!)
        }
        fromPreactivations.withUnsafeMutableBufferPointer { f in
            forward(weights: nil, coefficients: outputCoefficients, preactivations: UnsafeMutablePointer(mutating: rates),
                    into: f.baseAddress!)
        }
        return zip(fromCoefficients, fromPreactivations).map(+)
    }

    /// Pairs that may have crossed their surface and come back inside one step, invisible at its
    /// ends: where <v_j, x_i> moves towards the surface at the start and away at the end, the cubic
    /// Hermite interpolant of its values and rates is checked for a dip past the rounding level, or
    /// one that comes within the interpolant's own uncertainty of it
    /// (`SolverLimits.dipUncertainty` of the rate's swing: a grazing contact that the cubic does not
    /// resolve). Returns each such pair with the fraction of the step where the dip is deepest; the
    /// integrator checks them with a real partial step there.
    func excursions(startValues: UnsafePointer<Double>, startRates: UnsafePointer<Double>,
                    endRates: UnsafePointer<Double>, span: Double, state y: UnsafePointer<Double>)
        -> [(event: FlowEvent, fraction: Double)] {
        let m = neurons
        return pattern.active.withUnsafeBufferPointer { active in
            partition.mapBlocks(of: samples) { rows in
                var found: [(event: FlowEvent, fraction: Double)] = []
                for i in rows {
                    // Towards the surface at the start and away at the end (rows checked without branches).
                    let base = i * m
                    guard PairRows.anyTurning(startRates: startRates + base, endRates: endRates + base,
                                              active: active.baseAddress! + base, count: m) else { continue }
                    for j in 0..<m {
                        let p = base + j
                        let side = 2 * active[p] - 1
                        let r0 = side * startRates[p] * span, r1 = side * endRates[p] * span
                        guard r0 < 0, r1 > 0, !pattern.isSliding(i, j) else { continue }
                        let e0 = side * startValues[p], e1 = side * preactivations[p]
                        guard let dip = hermiteMinimum(e0, r0, e1, r1) else { continue }
                        if dip.value + roundingLevel(i, norm: hiddenNorm(j, y))
                            < SolverLimits.dipUncertainty * (r1 - r0) {
                            found.append((.crossing(sample: i, neuron: j), dip.fraction))
                        }
                    }
                }
                return found
            }.flatMap { $0 }
        }
    }
}

/// The lowest interior point of the cubic Hermite interpolant on s in [0, 1] of end values e0, e1
/// and end slopes r0, r1 (per unit s), when it heads down at the start (r0 < 0) and up at the end
/// (r1 > 0): its fraction s and value.
func hermiteMinimum(_ e0: Double, _ r0: Double, _ e1: Double, _ r1: Double) -> (fraction: Double, value: Double)? {
    guard r0 < 0, r1 > 0 else { return nil }
    // p'(s) = a s^2 + b s + c.
    let a = 6 * e0 + 3 * r0 - 6 * e1 + 3 * r1
    let b = -6 * e0 - 4 * r0 + 6 * e1 - 2 * r1
    let c = r0
    var roots: [Double] = []
    if abs(a) < 1e-300 {
        if b != 0 { roots = [-c / b] }
    } else {
        let disc = b * b - 4 * a * c
        if disc >= 0 {
            let q = -0.5 * (b + (b >= 0 ? 1 : -1) * disc.squareRoot())
            roots = [q / a] + (q != 0 ? [c / q] : [])
        }
    }
    var best: (fraction: Double, value: Double)?
    for s in roots where s > 0 && s < 1 {
        let s2 = s * s, s3 = s2 * s
        let value = (2 * s3 - 3 * s2 + 1) * e0 + (s3 - 2 * s2 + s) * r0 + (-2 * s3 + 3 * s2) * e1 + (s3 - s2) * r1
        if best == nil || value < best!.value { best = (s, value) }
    }
    return best
}
