import Foundation

/// The start of a small-initialization flow, neuron by neuron: while every output f(x_i) moves
/// far below the scale on which the loss derivatives l'(f_i, y_i) move, they are frozen for a
/// round at the values predicted for the round's middle, l'(f_i + (tau / 2) f_i', y_i), from the
/// outputs and their rates at the round's start. Each neuron then follows its own
/// piecewise-linear flow, in closed form between its events (`NeuronOrbit`), and an event costs
/// one neuron's work, O(nd), instead of a restart of the whole O(nmd) system.
///
/// Error control. Within a round the frozen derivative of sample i is off by about
/// c2_i g_i(s), g_i(s) = f_i(s) - (f_i + (tau / 2) f_i') (c2_i bounds the loss's curvature), so
/// neuron j's descent direction D_j is off by at most (c alpha / n) sum_i c2_i ||x_i|| |g_i(s)|.
/// What a neuron keeps of that is its integral over the round: the linear part of g_i, (s - tau/2)
/// f_i', integrates to 0, and what is left is second order in tau (the outputs' curvature, the
/// kinks of the crossings inside the round, and the neuron's own flow, which weighs the round's
/// halves differently). Each round's spend is measured after it (`spend`: the outputs at the
/// round's middle and end, Simpson's rule) and added to the accumulated perturbation, which
/// `FlowIntegrator` holds within half the relative tolerance (`SolverLimits.decoupledBudgetFraction`):
/// an estimate with a margin, as an embedded pair's, not a bound. Rounds are planned from the
/// latest measurement (`roundLength`); when the next round would be shorter than
/// `SolverLimits.minimumDecoupledRound` of the growth time 1 / K,
/// K = (c alpha / n) sum_i |l'_i| ||x_i|| (which bounds every ||D_j|| while the l'_i are frozen),
/// or when short rounds take too few crossings to pay for themselves (`roundsStillPay`), the
/// coupled integrator takes over from the exact state reached.
///
/// Under a risk stop the rounds also keep a bound: neuron j moves its outputs
/// a_j relu(<w_j, x_i>) at a rate of at most 2 ||x_i|| ||D_j|| N_j, with
/// N_j = (a_j^2 + ||w_j||^2) / 2, which grows at most like exp(2 ||D_j|| t), and ||D_j|| <= K; so
/// |f_i(t_r + s) - f_i(t_r)| <= alpha ||x_i|| sum_j N_j (exp(2 K s) - 1), and rounds end before
/// that could reach the stop.
final class DecoupledPhase {
    private let field: VectorField
    private let state: UnsafeMutablePointer<Double>
    /// The velocity of the evaluation at each round's start (for the outputs' rates).
    private let velocity: UnsafeMutablePointer<Double>
    private let endTime: Double
    /// The budget for the accumulated perturbation (a fraction of the relative tolerance).
    private let budget: Double
    /// K above (of the current round), and alpha max ||x_i|| (sup_i |f_i(t) - f_i(t_r)| <= that
    /// times sum_j N_j (exp(2 K s) - 1), for a risk stop's reach).
    private var growthRate: Double
    private let outputFactor: Double
    /// N_j at the current round's start as exp(top) times `relativeSizes[j]` (they may lie below
    /// the smallest double).
    private var sizeScale = 0.0
    private var relativeSizes: [Double] = []
    /// The largest sup|f| for which a risk stop cannot be reached (infinite without one).
    private let outputLimit: Double
    private var orbits: [NeuronOrbit] = []
    /// Start time of each orbit.
    private var starts: [Double] = []
    private var nextEvents: [(time: Double, sample: Int)?] = []
    private var used = 0.0
    /// The latest measured round's spend / tau^3 (nil before one), the sizes sum_j N_j when the
    /// latest round was planned, and its planned length (`roundLength`).
    private var cubicCoefficient: Double?
    private var plannedSize = 0.0
    private var lastRound = 0.0
    /// c2_i, and (c alpha / n): the perturbation of a D_j per unit deviation of l'_i, per ||x_i||.
    private let curvatures: [Double]
    private let derivativeScale: Double
    /// Pre-activation rates at a round's start (n x m), for the outputs' rates.
    private let preactivationRates: UnsafeMutablePointer<Double>
    /// The end of the current round: orbits are rebased at the next round's start, so only
    /// crossings before it are searched for.
    private var horizon: Double
    private var stalledEvents = 0
    /// <w_perp, x_i> and <e, x_i> of the orbit being searched, for every sample.
    private let orthogonalProducts: UnsafeMutablePointer<Double>
    private let directionProducts: UnsafeMutablePointer<Double>
    /// Where the phase has reached.
    private(set) var time = 0.0
    /// Crossings in each of the latest `SolverLimits.decoupledWindowRounds` rounds, and the
    /// average below which short rounds stop paying for themselves.
    private var recentCrossings: [Int] = []
    private let crossingsPerRound: Double

    /// - Parameter riskMargin: for a risk stop, the initial risk minus its target; nil without one.
    /// - Parameter crossingsPerRound: see `roundsStillPay`.
    init(field: VectorField, state: UnsafeMutablePointer<Double>, endTime: Double, budget: Double,
         riskMargin: Double?, crossingsPerRound: Double) {
        self.field = field
        self.state = state
        velocity = .allocate(capacity: field.stateSize)
        orthogonalProducts = .allocate(capacity: field.samples)
        preactivationRates = .allocate(capacity: field.samples * field.neurons)
        directionProducts = .allocate(capacity: field.samples)
        self.endTime = endTime
        self.budget = budget
        self.crossingsPerRound = crossingsPerRound
        horizon = endTime
        let n = field.samples
        field.freezeLossDerivativesAtZeroOutput()
        curvatures = field.labels.map { field.loss.curvatureBound(label: $0) }
        derivativeScale = abs(field.gradientScale) / Double(n)
        let curvature = curvatures.max() ?? 0
        let meanSlope = (0..<n).reduce(0.0) { $0 + abs(field.lossDerivatives[$1]) } / Double(n)
        growthRate = field.descentBound()
        outputFactor = abs(field.outputScale) * (field.inputNorms.max() ?? 0)
        if let riskMargin {
            // With sup|f| <= F, |L(t) - L(0)| <= mean|l'(0)| F + c2 F^2 / 2: keep it below half
            // the margin.
            let c = curvature / 2, b = meanSlope, target = riskMargin / 2
            outputLimit = c > 0 ? (-b + (b * b + 4 * c * target).squareRoot()) / (2 * c) : target / max(b, .leastNormalMagnitude)
        } else {
            outputLimit = .infinity
        }
    }

    deinit { for p in [velocity, orthogonalProducts, directionProducts, preactivationRates] { p.deallocate() } }

    /// Runs rounds until the budget is spent or T is reached, calling `sample` at every
    /// target time reached (the state then holds the network at that time), `event` after each
    /// event and `progress` after each round. Returns the time reached.
    func run(targets: [Double], sample: (Double) throws -> Void,
             event: (Double, FlowEvent, PatternChanges) -> Void, progress: (Double) throws -> Void) throws -> Double {
        guard growthRate > 0, budget > 0 else { return 0 }
        for j in 0..<field.neurons { rebase(j, at: 0) }
        var pending = targets.filter { $0 > 0 }[...]
        var measured: MeasuredRound?
        while time < endTime {
            for j in 0..<field.neurons { write(j, at: time) }
            // One evaluation: the outputs, their loss derivatives, and every D_j.
            guard field.evaluate(state, velocity) else {
                throw SolverError(time: time, reason: field.failure ?? "a non-finite output")
            }
            if let round = measured {
                let spent = spend(of: round)
                used += spent
                cubicCoefficient = spent / (round.length * round.length * round.length)
                measured = nil
            }
            let largestOutput = (0..<field.samples).reduce(0.0) { max($0, abs(field.outputs[$1])) }
            growthRate = field.descentBound()
            guard growthRate > 0 else { break }
            setSizes()
            field.preactivationRates(velocity, into: preactivationRates)
            let rates = field.outputRates(preactivationRates: preactivationRates, velocity: velocity, state: state)
            let length = roundLength(largestOutput: largestOutput, outputRates: rates)
            guard length >= SolverLimits.minimumDecoupledRound / growthRate,
                  length * growthRate >= 1 || roundsStillPay else { break }
            let roundEnd = min(time + length, pending.first ?? endTime, endTime)
            horizon = roundEnd
            let start = time, tau = roundEnd - time
            var round = freezeAtMidpoint(length: tau, outputRates: rates)
            redecideSliding(event: event)
            for j in 0..<field.neurons { rebase(j, at: time) }
            var crossings = try runEvents(until: start + tau / 2, event: event)
            for j in 0..<field.neurons { write(j, at: start + tau / 2) }
            guard field.computeOutputs(state) else {
                throw SolverError(time: start + tau / 2, reason: field.failure ?? "a non-finite output")
            }
            round.middle = Array(UnsafeBufferPointer(start: field.outputs, count: field.samples))
            crossings += try runEvents(until: roundEnd, event: event)
            measured = round
            recentCrossings.append(crossings)
            if recentCrossings.count > SolverLimits.decoupledWindowRounds { recentCrossings.removeFirst() }
            time = roundEnd
            if roundEnd == pending.first {
                pending.removeFirst()
                for j in 0..<field.neurons { write(j, at: time) }
                try sample(time)
            }
            try progress(time)
        }
        for j in 0..<field.neurons { write(j, at: time) }
        return time
    }

    /// A round of length tau whose loss derivatives were frozen at l'(f_i + (tau / 2) f_i'): its
    /// start outputs f_i and rates f_i', and the outputs at its middle.
    private struct MeasuredRound {
        let length: Double
        let outputs: [Double]
        let rates: [Double]
        var middle: [Double] = []
    }

    /// Freezes the loss derivatives for a round of length tau at the outputs predicted for its
    /// middle, l'(f_i + (tau / 2) f_i'), from the evaluation at the round's start and the outputs'
    /// rates f_i' there: the frozen values then miss the true ones by a deviation whose linear
    /// part averages to 0 over the round (`spend`).
    private func freezeAtMidpoint(length tau: Double, outputRates rates: [Double]) -> MeasuredRound {
        let outputs = Array(UnsafeBufferPointer(start: field.outputs, count: field.samples))
        field.freezeLossDerivatives(atOutputs: zip(outputs, rates).map { $0 + tau / 2 * $1 })
        return MeasuredRound(length: tau, outputs: outputs, rates: rates)
    }

    /// The perturbation a measured round spent, from the outputs at its start, middle and end
    /// (the latest evaluation): (c alpha / n) sum_i c2_i ||x_i|| (|I_i| + K tau^3 |f_i'| / 12).
    /// I_i is the integral over the round of the frozen derivative's argument's deviation,
    /// g_i(s) = f_i(s) - (f_i + (tau / 2) f_i'), by Simpson's rule (its linear part cancels). The
    /// second term is the part that does not cancel: the neuron's own flow, at a rate of at most
    /// K, weighs the deviation's halves differently, int_0^tau K (tau - s) (s - tau / 2) ds.
    private func spend(of round: MeasuredRound) -> Double {
        let tau = round.length
        var sum = 0.0
        for i in 0..<field.samples {
            let slope = round.rates[i], centre = round.outputs[i] + tau / 2 * slope
            let integral = tau / 6 * (round.outputs[i] + 4 * round.middle[i] + field.outputs[i]) - tau * centre
            sum += curvatures[i] * field.inputNorms[i] * (abs(integral) + growthRate * tau * tau * tau * abs(slope) / 12)
        }
        return derivativeScale * sum
    }

    /// N_j at the round's start (from their logarithms, relative to the largest: they may lie below
    /// the smallest double).
    private func setSizes() {
        let logSizes = (0..<field.neurons).map { j in
            let (w, a) = orbits[j].state(after: time - starts[j])
            let squared = a * a + w.reduce(0) { $0 + $1 * $1 }
            return squared > 0 ? 2 * orbits[j].logScale + log(squared / 2) : -Double.infinity
        }
        let top = logSizes.max() ?? -.infinity
        sizeScale = top > -.infinity ? exp(top) : 0
        relativeSizes = logSizes.map { top > -.infinity ? exp($0 - top) : 0 }
    }

    /// sum_j N_j for the round's N_j (0 when they underflow).
    private var totalSize: Double {
        sizeScale > 0 ? sizeScale * relativeSizes.reduce(0, +) : 0
    }

    /// The next round's length. Its spend is modelled as A tau^3 (the linear part of the frozen
    /// derivatives' deviation cancels), A the latest whole round's spend / tau^3 grown with the
    /// sizes sum_j N_j since. The round spends at the rate sigma = (budget left) K / c, the budget
    /// left spread over c = `SolverLimits.decoupledSpendGrowthTimes` growth times, with half of
    /// it as margin: tau = sqrt(sigma / (2 A)), at most twice the latest round (a short round's
    /// measurement extrapolates poorly, and the outputs grow like exp(2 K t) inside a round). The
    /// first round, with nothing measured, is `SolverLimits.minimumDecoupledRound` growth times
    /// long, and taken only when the first-order spend of derivatives frozen at its start,
    /// (c alpha / n) sum_i c2_i ||x_i|| |f_i'| tau^2 / 2, fits the same rate and margin (else the
    /// coupled integrator starts at once: the outputs are not small). Never past
    /// `SolverLimits.decoupledRoundGrowth` growth times while the sizes are representable (the
    /// model does not follow a round in which they grow far), the orbits' growth cap
    /// (`SolverLimits.largestOrbitGrowth`) or a risk stop's reach. The end
    /// time and the sample times cut it afterwards (`run`), so that the plan does not depend on
    /// them: a run to a hand-over time hands over there.
    private func roundLength(largestOutput: Double, outputRates rates: [Double]) -> Double {
        let remainingBudget = budget - used
        let bound = totalSize
        var upper = SolverLimits.largestOrbitGrowth / growthRate
        if outputLimit.isFinite {
            guard outputLimit > largestOutput else { return 0 }
            if bound > 0 {
                upper = min(upper, log1p((outputLimit - largestOutput) / (outputFactor * bound)) / (2 * growthRate))
            }
        }
        guard upper > 0, remainingBudget > 0 else { return 0 }
        guard bound > 0 else { return upper }
        upper = min(upper, SolverLimits.decoupledRoundGrowth / growthRate)
        let rate = remainingBudget * growthRate / SolverLimits.decoupledSpendGrowthTimes
        let planned: Double
        if let coefficient = cubicCoefficient, lastRound > 0, plannedSize > 0 {
            let predicted = coefficient * bound / plannedSize
            planned = predicted > 0 ? min(2 * lastRound, (rate / (2 * predicted)).squareRoot()) : 2 * lastRound
        } else {
            // The first round is the shortest worth taking, when its first-order spend fits.
            var firstOrder = 0.0
            for i in 0..<field.samples { firstOrder += curvatures[i] * field.inputNorms[i] * abs(rates[i]) }
            planned = SolverLimits.minimumDecoupledRound / growthRate
            guard derivativeScale * firstOrder / 2 * planned <= rate / 2 else { return 0 }
        }
        (plannedSize, lastRound) = (bound, min(upper, planned))
        return lastRound
    }

    /// Re-decides the modes of every sliding neuron from the loss derivatives just frozen: its
    /// Filippov weights move with them, and one that leaves [0, 1] ends the pair's sliding (the
    /// event is recorded as the exit of the first pair that stopped sliding).
    private func redecideSliding(event: (Double, FlowEvent, PatternChanges) -> Void) {
        for j in 0..<field.neurons {
            let before = field.pattern.sliding[j]
            guard let first = before.first else { continue }
            field.refreshPreactivations(of: j, state: state)
            let changes = field.switchModes(at: .slidingExit(sample: first, neuron: j, upper: false), state: state)
            guard changes != PatternChanges() else { continue }
            let left = before.first { !field.pattern.isSliding($0, j) } ?? first
            let upper = field.pattern.isActive(left, j)
            event(time, .slidingExit(sample: left, neuron: j, upper: upper), changes)
        }
    }

    /// Whether rounds still handle enough crossings to be worth their cost: a round costs an
    /// evaluation and a rebase of every orbit, about what the coupled integrator spends on one
    /// crossing, so once the budget makes rounds shorter than the growth time 1 / K the start
    /// hands over when the latest `SolverLimits.decoupledWindowRounds` rounds took fewer than
    /// `crossingsPerRound` crossings each on average (`SolverLimits.decoupledCrossingsPerRound`).
    private var roundsStillPay: Bool {
        let window = SolverLimits.decoupledWindowRounds
        guard recentCrossings.count == window else { return true }
        return Double(recentCrossings.reduce(0, +)) >= crossingsPerRound * Double(window)
    }

    /// Handles, in time order, every event up to `end` (and the orbits' renewals, sample -1), and
    /// returns how many crossings it handled.
    private func runEvents(until end: Double, event: (Double, FlowEvent, PatternChanges) -> Void) throws -> Int {
        var crossings = 0
        while true {
            var earliest: (j: Int, time: Double, sample: Int)?
            for (j, next) in nextEvents.enumerated() {
                guard let next, next.time <= end, next.time < earliest?.time ?? .infinity else { continue }
                earliest = (j, next.time, next.sample)
            }
            guard let (j, t, i) = earliest else { return crossings }
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
            crossings += 1
            rebase(j, at: t)
        }
    }

    /// Restarts neuron j's orbit at time t from the state held in `state` (put back on its sliding
    /// surfaces): its descent direction on its current modes from the frozen loss derivatives,
    /// the crossing data of its pairs and its next crossing.
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
        // Up to the horizon, p(t) is monotone unless a(t) changes sign (at E^2 = Q / S); then a
        // pair still on its side at the horizon does not cross before it, and the quadratic is
        // solved only for the others.
        let window = max(0, horizon - t)
        let horizonFactor = exp(orbit.rate * window)
        let turn = orbit.sum != 0 ? orbit.difference / orbit.sum : 0
        let screens = horizonFactor.isFinite && !(turn > 1 && turn < horizonFactor * horizonFactor)
        let pAtHorizon = screens ? orbit.coordinates(after: window).p : 0
        var earliest: (factor: Double, sample: Int)?
        if orbit.rate > 0 {
            // <w(t), x_i> = b_i + p(t) q_i with b_i = <w_perp, x_i>, q_i = <e, x_i>.
            orbit.orthogonal.withUnsafeBufferPointer { field.inputProducts($0.baseAddress!, into: orthogonalProducts) }
            orbit.direction.withUnsafeBufferPointer { field.inputProducts($0.baseAddress!, into: directionProducts) }
            earliest = field.pattern.active.withUnsafeBufferPointer { active in
                orbit.firstCrossing(b: orthogonalProducts, q: directionProducts, active: active.baseAddress! + j,
                                    stride: m, norms: field.inputNorms,
                                    levelFactor: field.neuronRoundingFactor(norm: norm),
                                    skipping: field.pattern.sliding[j], horizonValue: screens ? pAtHorizon : nil)
            }
        }
        var next: (time: Double, sample: Int)?
        if let earliest {
            let tau = log(earliest.factor) / orbit.rate
            if tau > 0, tau <= endTime - t { next = (tau, earliest.sample) }
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
