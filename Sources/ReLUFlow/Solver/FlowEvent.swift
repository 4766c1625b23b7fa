/// Something that ends a smooth stretch of the flow: a pair reaching its switching surface, a
/// sliding pair whose Filippov weight theta leaves [0, 1], or the run's stopping rule.
enum FlowEvent: Hashable {
    case crossing(sample: Int, neuron: Int)
    case slidingExit(sample: Int, neuron: Int, upper: Bool)
    case stop

    /// Whether location may stop at a point just before the root (within tolerance): yes for a
    /// crossing, whose new mode follows from its direction; no for a sliding exit, whose mode is
    /// re-decided from the state (theta still inside (0, 1) there would keep the pair sliding and
    /// the exit would recur at once), nor for the stop (the watched value must have reached eps).
    var acceptsEitherSide: Bool { isCrossing }

    var isCrossing: Bool {
        if case .crossing = self { return true }
        return false
    }

    /// The neuron whose modes the event changes (none for the stop).
    var neuron: Int? {
        switch self {
        case .crossing(_, let j), .slidingExit(_, let j, _): return j
        case .stop: return nil
        }
    }
}

extension VectorField {
    /// Allowance beyond [0, 1] for theta before a sliding exit is declared (`slidingBounds`).
    static let slidingAllowance = 1e-12

    /// The event function at the latest evaluation (state y): smooth on the current pattern, >= 0
    /// until the event happens. Crossings are declared beyond the rounding level of <v_j, x_i>,
    /// sliding exits beyond those of z_l and l'_l (theta = z_l / l'_l leaves [0, 1] by more than
    /// its rounding, `slidingRounding`).
    func eventValue(_ event: FlowEvent, state y: UnsafePointer<Double>) -> Double {
        switch event {
        case .crossing(let i, let j):
            let side: Double = pattern.isActive(i, j) ? 1 : -1
            return side * preactivations[i * neurons + j] + roundingLevel(i, norm: hiddenNorm(j, y))
        case .slidingExit(let l, let j, let upper):
            let bounds = slidingBounds(l, j)
            let level = slidingRounding(l, j, state: y)
            return upper ? bounds.upper + level.z + level.derivative : bounds.lower + level.z
        case .stop:
            preconditionFailure("the stopping rule's value is computed by the integrator")
        }
    }

    /// Events that have happened by the latest evaluation (state y): neuron by neuron, its
    /// crossings (by sample), then its sliding exits. Each row of pairs is first checked without
    /// branches (`PairRows`); only a row with a crossing is looked at pair by pair.
    func pendingEvents(state y: UnsafePointer<Double>) -> [FlowEvent] {
        let m = neurons, levels = pairLevels(state: y)
        var crossed = pattern.active.withUnsafeBufferPointer { active in
            levels.columns.withUnsafeBufferPointer { c in
                partition.mapBlocks(of: samples) { rows in
                    var found: [(neuron: Int, sample: Int)] = []
                    for i in rows {
                        let base = i * m, rowLevel = levels.rows[i]
                        let a = active.baseAddress! + base, h = preactivations + base
                        guard PairRows.anyPast(values: h, active: a, levels: c.baseAddress!, rowLevel: rowLevel,
                                               count: m) else { continue }
                        for j in 0..<m where (2 * a[j] - 1) * h[j] < -(rowLevel * c[j]) && !pattern.isSliding(i, j) {
                            found.append((j, i))
                        }
                    }
                    return found
                }.flatMap { $0 }
            }
        }
        crossed.sort { ($0.neuron, $0.sample) < ($1.neuron, $1.sample) }
        var events: [FlowEvent] = []
        var k = 0
        for j in 0..<m {
            while k < crossed.count, crossed[k].neuron == j {
                events.append(.crossing(sample: crossed[k].sample, neuron: j))
                k += 1
            }
            for l in pattern.sliding[j] {
                for upper in [false, true] where eventValue(.slidingExit(sample: l, neuron: j, upper: upper), state: y) < 0 {
                    events.append(.slidingExit(sample: l, neuron: j, upper: upper))
                }
            }
        }
        return events
    }

    /// Pairs of neuron j within twice the rounding level of their surface (state of the latest evaluation).
    func pairsNearSurface(_ j: Int, state y: UnsafePointer<Double>) -> [Int] {
        let norm = hiddenNorm(j, y)
        return (0..<samples).filter { abs(preactivations[$0 * neurons + j]) <= 2 * roundingLevel($0, norm: norm) }
    }

    /// Whether a crossing's pair is within twice the rounding level of its surface (state of the
    /// latest evaluation), as `pairsNearSurface` counts it.
    func isOnSurface(_ event: FlowEvent, state y: UnsafePointer<Double>) -> Bool {
        guard case .crossing(let i, let j) = event else { return false }
        return abs(preactivations[i * neurons + j]) <= 2 * roundingLevel(i, norm: hiddenNorm(j, y))
    }
}
