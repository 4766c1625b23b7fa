import Foundation

/// The start of a small-initialization flow, neuron by neuron: while every output f(x_i) is far
/// below the scale on which the loss derivatives l'(f_i, y_i) move, they are frozen at
/// l'(0, y_i). Each neuron then follows its own piecewise-linear flow, in closed form between its
/// events (`NeuronOrbit`), and an event costs one neuron's work, O(nd), instead of a restart of
/// the whole O(nmd) system.
///
/// Error bound. The frozen derivatives are off by at most c2 max_i |f_i| (c2 bounds the loss's
/// curvature), each neuron's descent direction by at most pi max|f|, pi = (c alpha / n) c2
/// sum_i ||x_i||: a relative perturbation of the neuron's velocity of at most pi max|f| per unit
/// time. Each round measures max|f| at its start and bounds its growth through
/// B = alpha max_i ||x_i|| sum_j (a_j^2 + ||w_j||^2) / 2, which grows at most like exp(2 K t),
/// K = (c alpha / n) sum_i |l'(0, y_i)| ||x_i|| (every D_j is at most K long). Rounds are planned
/// so that the accumulated bound, the integral of pi sup|f| dt, stays within the relative
/// tolerance; when the next round would be shorter than `SolverLimits.minimumDecoupledRound` of
/// the growth time 1 / K, the coupled integrator takes over from the exact state reached.
final class DecoupledPhase {
    private let field: VectorField
    private let state: UnsafeMutablePointer<Double>
    private let endTime: Double
    /// The budget for the accumulated relative perturbation (the relative tolerance).
    private let budget: Double
    /// pi and K above, and log(alpha max ||x_i|| / 2) (for B).
    private let perturbationRate: Double
    private let growthRate: Double
    private let logBoundFactor: Double
    /// The largest sup|f| for which a risk stop cannot be reached (infinite without one).
    private let outputLimit: Double
    private var orbits: [NeuronOrbit] = []
    /// Start time of each orbit.
    private var starts: [Double] = []
    private var nextEvents: [(time: Double, sample: Int)?] = []
    private var used = 0.0
    private var stalledEvents = 0
    /// Where the phase has reached.
    private(set) var time = 0.0

    /// - Parameter riskMargin: for a risk stop, the initial risk minus its target; nil without one.
    init(field: VectorField, state: UnsafeMutablePointer<Double>, endTime: Double, budget: Double,
         riskMargin: Double?) {
        self.field = field
        self.state = state
        self.endTime = endTime
        self.budget = budget
        let n = field.samples
        field.freezeLossDerivativesAtZeroOutput()
        let scale = abs(field.gradientScale) / Double(n)
        var curvature = 0.0, sumNorms = 0.0, growth = 0.0, meanSlope = 0.0
        for i in 0..<n {
            let g = field.lossDerivatives[i]
            curvature = max(curvature, field.loss.curvatureBound(label: field.labels[i]))
            sumNorms += field.inputNorms[i]
            growth += abs(g) * field.inputNorms[i]
            meanSlope += abs(g) / Double(n)
        }
        perturbationRate = scale * curvature * sumNorms
        growthRate = scale * growth
        logBoundFactor = log(abs(field.outputScale) * (field.inputNorms.max() ?? 0) / 2)
        if let riskMargin {
            // With sup|f| <= F, |L(t) - L(0)| <= mean|l'(0)| F + c2 F^2 / 2: keep it below half
            // the margin.
            let c = curvature / 2, b = meanSlope, target = riskMargin / 2
            outputLimit = c > 0 ? (-b + (b * b + 4 * c * target).squareRoot()) / (2 * c) : target / max(b, .leastNormalMagnitude)
        } else {
            outputLimit = .infinity
        }
    }

    /// Runs rounds until the bound's budget is spent or T is reached, calling `sample` at every
    /// target time reached (the state then holds the network at that time), `event` after each
    /// event and `progress` after each round. Returns the time reached.
    func run(targets: [Double], sample: (Double) throws -> Void,
             event: (Double, FlowEvent, PatternChanges) -> Void, progress: (Double) throws -> Void) throws -> Double {
        guard growthRate > 0, budget > 0 else { return 0 }
        for j in 0..<field.neurons { rebase(j, at: 0) }
        var pending = targets.filter { $0 > 0 }[...]
        while time < endTime {
            for j in 0..<field.neurons { write(j, at: time) }
            guard field.computeOutputs(state) else {
                throw SolverError(time: time, reason: field.failure ?? "a non-finite output")
            }
            let largestOutput = (0..<field.samples).reduce(0.0) { max($0, abs(field.outputs[$1])) }
            let bound = exp(currentLogBound())
            let length = roundLength(largestOutput: largestOutput, bound: bound)
            guard length >= SolverLimits.minimumDecoupledRound / growthRate else { break }
            let roundEnd = min(time + length, pending.first ?? endTime, endTime)
            try runEvents(until: roundEnd, event: event)
            used += cost(of: roundEnd - time, largestOutput: largestOutput, bound: bound)
            time = roundEnd
            if roundEnd == pending.first {
                pending.removeFirst()
                for j in 0..<field.neurons { write(j, at: time) }
                try sample(time)
                field.freezeLossDerivativesAtZeroOutput()
                for j in 0..<field.neurons { rebase(j, at: time) }
            }
            try progress(time)
        }
        for j in 0..<field.neurons { write(j, at: time) }
        return time
    }

    /// The bound on the accumulated relative perturbation over a round of length tau from outputs
    /// at most `largestOutput` and the bound B: pi tau sup|f|, with
    /// sup|f| <= max|f(t0)| + B (exp(2 K tau) - 1) (each |d(a_j relu<w_j, x_i>)/dt| is at most
    /// ||D_j|| (a_j^2 + ||w_j||^2) ||x_i||, and a_j^2 + ||w_j||^2 grows at most like exp(2 K t)).
    private func cost(of tau: Double, largestOutput: Double, bound: Double) -> Double {
        perturbationRate * tau * (largestOutput + bound * expm1(2 * growthRate * tau))
    }

    /// The next round's length: short enough that the bound at most doubles the measured outputs
    /// (outputs are re-measured every round, so the budget is spent on |f|, not on the bound),
    /// within the remaining budget; or, when the bound lets a longer round spend at most half of
    /// what is left, that one (a start far below the outputs' rounding). Never past the end, the
    /// orbits' growth cap (`SolverLimits.largestOrbitGrowth`), or a risk stop's reach.
    private func roundLength(largestOutput: Double, bound: Double) -> Double {
        let remainingBudget = budget - used
        var upper = min(endTime - time, SolverLimits.largestOrbitGrowth / growthRate)
        if outputLimit.isFinite {
            guard outputLimit > largestOutput else { return 0 }
            if bound > 0 { upper = min(upper, log1p((outputLimit - largestOutput) / bound) / (2 * growthRate)) }
        }
        guard upper > 0, remainingBudget > 0 else { return 0 }
        func longest(within limit: Double, spending allowance: Double) -> Double {
            if cost(of: limit, largestOutput: largestOutput, bound: bound) <= allowance { return limit }
            var low = 0.0, high = limit
            for _ in 0..<100 {
                let mid = 0.5 * (low + high)
                if cost(of: mid, largestOutput: largestOutput, bound: bound) <= allowance { low = mid } else { high = mid }
            }
            return low
        }
        let doubling = bound > 0 ? min(upper, log1p(largestOutput / bound) / (2 * growthRate)) : upper
        return max(longest(within: doubling, spending: remainingBudget),
                   longest(within: upper, spending: remainingBudget / 2))
    }

    /// Handles, in time order, every event up to `end` (and the orbits' renewals, sample -1).
    private func runEvents(until end: Double, event: (Double, FlowEvent, PatternChanges) -> Void) throws {
        while true {
            var earliest: (j: Int, time: Double, sample: Int)?
            for (j, next) in nextEvents.enumerated() {
                guard let next, next.time <= end, next.time < earliest?.time ?? .infinity else { continue }
                earliest = (j, next.time, next.sample)
            }
            guard let (j, t, i) = earliest else { return }
            guard i >= 0 else {
                // The orbit's renewal: restarted from its own state, no mode changes.
                write(j, at: t)
                rebase(j, at: t)
                continue
            }
            stalledEvents = t - starts[j] > SolverLimits.stalledAdvance * max(1, abs(t)) ? 0 : stalledEvents + 1
            guard stalledEvents < SolverLimits.stalledEventLimit else {
                throw SolverError(time: t, reason: "no progress: the crossing of sample \(i + 1) by neuron \(j + 1) "
                                  + "recurs at the same time (a degenerate point of the switching surfaces)")
            }
            write(j, at: t)
            field.refreshPreactivations(of: j, state: state)
            let crossing = FlowEvent.crossing(sample: i, neuron: j)
            event(t, crossing, field.switchModes(at: crossing, state: state))
            rebase(j, at: t)
        }
    }

    /// log B at the current time (every orbit evaluated there).
    private func currentLogBound() -> Double {
        var terms: [Double] = []
        for j in 0..<field.neurons {
            let (w, a) = orbits[j].state(after: time - starts[j])
            let squared = a * a + w.reduce(0) { $0 + $1 * $1 }
            if squared > 0 { terms.append(2 * orbits[j].logScale + log(squared)) }
        }
        guard let top = terms.max() else { return -.infinity }
        return logBoundFactor + top + log(terms.reduce(0) { $0 + exp($1 - top) })
    }

    /// Restarts neuron j's orbit at time t from the state held in `state` (put back on its sliding
    /// surfaces): its descent direction
    /// on its current modes, the crossing data of its pairs and its next crossing.
    private func rebase(_ j: Int, at t: Double) {
        let d = field.dimension, m = field.neurons
        // Back onto the surfaces it slides on (the closed form moves it off them by rounding only).
        field.project(neuron: j, onto: field.pattern.sliding[j], state: state)
        let v = Array(UnsafeBufferPointer(start: state + j * d, count: d))
        let (a, logScale): (Double, Double) = switch field.parametrisation {
        case .weights: (state[m * d + j], 0)
        case .logNorm: (field.signs[j] * euclideanNorm(v), state[m * d + j])
        }
        let orbit = NeuronOrbit(w: v, a: a, logScale: logScale, descent: field.neuronDescent(j))
        if orbits.count == m {
            orbits[j] = orbit; starts[j] = t
        } else {
            orbits.append(orbit); starts.append(t); nextEvents.append(nil)
        }
        let norm = euclideanNorm(v)
        var next: (time: Double, sample: Int)?
        for i in 0..<field.samples where !field.pattern.isSliding(i, j) {
            let side: Double = field.pattern.isActive(i, j) ? 1 : -1
            let level = field.roundingLevel(i, norm: norm)
            // <w(t), x_i> = b + p(t) q with b = <w_perp, x_i>, q = <e, x_i>.
            let b = field.inputProduct(orbit.orthogonal, i), q = field.inputProduct(orbit.direction, i)
            guard let tau = orbit.crossingTime(b: b, q: q, side: side, level: level,
                                               limit: endTime - t),
                  tau < next?.time ?? .infinity else { continue }
            next = (tau, i)
        }
        // Renewed after a growth of exp(largestOrbitGrowth): a time of its own, not of the rounds,
        // so that a change of the initialization's scale changes no rounding of the directions.
        let renewal = orbit.rate > 0 ? SolverLimits.largestOrbitGrowth / orbit.rate : .infinity
        if renewal < next?.time ?? .infinity, t + renewal < endTime { next = (renewal, -1) }
        nextEvents[j] = next.map { (t + $0.time, $0.sample) }
    }

    /// Writes neuron j at time t into `state`, in the field's parametrisation.
    private func write(_ j: Int, at t: Double) {
        let d = field.dimension, m = field.neurons
        let orbit = orbits[j]
        let (w, a) = orbit.state(after: t - starts[j])
        switch field.parametrisation {
        case .weights:
            for k in 0..<d { state[j * d + k] = w[k] }
            state[m * d + j] = a
        case .logNorm:
            let r = euclideanNorm(w)
            for k in 0..<d { state[j * d + k] = w[k] / r }
            state[m * d + j] = orbit.logScale + log(r)
        }
    }
}
