import Foundation

/// The start of a small-initialization flow, neuron by neuron: while every output f(x_i) moves
/// far below the scale on which the loss derivatives l'(f_i, y_i) move, they are frozen for a
/// round at their values at the round's start, l'(f_i(t_r), y_i). Each neuron then follows its
/// own piecewise-linear flow, in closed form between its events (`NeuronOrbit`), and an event
/// costs one neuron's work, O(nd), instead of a restart of the whole O(nmd) system.
///
/// Error bound. Within a round the frozen derivatives of sample i are off by at most
/// c2_i |f_i(t) - f_i(t_r)| (c2_i bounds the loss's curvature), so each neuron's descent direction
/// is off by at most (c alpha / n) sum_i c2_i ||x_i|| |f_i(t) - f_i(t_r)|: a relative perturbation
/// of the neuron's velocity. Neuron j moves its outputs a_j relu(<w_j, x_i>) at a rate of at most
/// 2 ||x_i|| ||D_j|| N_j, with N_j = (a_j^2 + ||w_j||^2) / 2, and N_j grows at most like
/// exp(2 ||D_j|| t); so while ||D_j|| <= kappa_j, |f_i(t_r + s) - f_i(t_r)| <= alpha ||x_i||
/// sum_j N_j (exp(2 kappa_j s) - 1), and a round of length tau adds at most
/// pi sum_j N_j (expm1(2 kappa_j tau) / (2 kappa_j) - tau), pi = (c alpha^2 / n) sum_i c2_i ||x_i||^2,
/// to the accumulated relative perturbation. The rate caps kappa_j are set at the round's start
/// from the neurons' rates there (`SolverLimits.decoupledRateMargin`), never above
/// K = (c alpha / n) sum_i |l'_i| ||x_i||, which bounds every ||D_j|| while the l'_i are frozen;
/// a neuron whose rate passes its cap at an event ends the round there. Rounds are planned so that
/// the perturbation stays within the relative tolerance (`roundLength`); when the next round would
/// be shorter than `SolverLimits.minimumDecoupledRound` of the growth time 1 / K, or when short
/// rounds take too few crossings to pay for themselves (`roundsStillPay`), the coupled integrator
/// takes over from the exact state reached.
final class DecoupledPhase {
    private let field: VectorField
    private let state: UnsafeMutablePointer<Double>
    /// The velocity of the evaluation at each round's start (only its D_j are used).
    private let velocity: UnsafeMutablePointer<Double>
    private let endTime: Double
    /// The budget for the accumulated relative perturbation (the relative tolerance).
    private let budget: Double
    /// pi and K above (K of the current round), and alpha max ||x_i|| (sup_i |f_i(t) - f_i(t_r)| <=
    /// that times sum_j N_j (exp(2 kappa_j s) - 1), for a risk stop's reach).
    private let perturbationRate: Double
    private var growthRate: Double
    private let outputFactor: Double
    /// N_j at the current round's start as exp(top) times `relativeSizes[j]` (they may lie below
    /// the smallest double), and the rate caps kappa_j.
    private var sizeScale = 0.0
    private var relativeSizes: [Double] = []
    private var rateCaps: [Double] = []
    /// The largest sup|f| for which a risk stop cannot be reached (infinite without one).
    private let outputLimit: Double
    private var orbits: [NeuronOrbit] = []
    /// Start time of each orbit.
    private var starts: [Double] = []
    private var nextEvents: [(time: Double, sample: Int)?] = []
    private var used = 0.0
    /// The end of the current round: orbits are rebased at the next round's start, so only
    /// crossings before it are searched for.
    private var horizon: Double
    private var stalledEvents = 0
    /// <w_perp, x_i> and <e, x_i> of the orbit being searched, for every sample.
    private let orthogonalProducts: UnsafeMutablePointer<Double>
    private let directionProducts: UnsafeMutablePointer<Double>
    /// Where the phase has reached.
    private(set) var time = 0.0
    /// Rounds ended early by a neuron whose rate passed its cap.
    private(set) var roundsCut = 0
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
        directionProducts = .allocate(capacity: field.samples)
        self.endTime = endTime
        self.budget = budget
        self.crossingsPerRound = crossingsPerRound
        horizon = endTime
        let n = field.samples
        field.freezeLossDerivativesAtZeroOutput()
        let scale = abs(field.gradientScale) / Double(n)
        var curvature = 0.0, weightedSquares = 0.0, meanSlope = 0.0
        for i in 0..<n {
            let c2 = field.loss.curvatureBound(label: field.labels[i])
            curvature = max(curvature, c2)
            weightedSquares += c2 * field.inputNorms[i] * field.inputNorms[i]
            meanSlope += abs(field.lossDerivatives[i]) / Double(n)
        }
        perturbationRate = scale * abs(field.outputScale) * weightedSquares
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

    deinit { for p in [velocity, orthogonalProducts, directionProducts] { p.deallocate() } }

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
            // One evaluation: the outputs, the loss derivatives frozen at them, and every D_j.
            guard field.evaluate(state, velocity) else {
                throw SolverError(time: time, reason: field.failure ?? "a non-finite output")
            }
            let evaluated = (0..<field.neurons).map { field.pattern.sliding[$0].isEmpty }
            let largestOutput = (0..<field.samples).reduce(0.0) { max($0, abs(field.outputs[$1])) }
            growthRate = field.descentBound()
            guard growthRate > 0 else { break }
            setRoundBounds(evaluated: evaluated)
            let length = roundLength(largestOutput: largestOutput)
            guard length >= SolverLimits.minimumDecoupledRound / growthRate,
                  length * growthRate >= 1 || roundsStillPay else { break }
            let roundEnd = min(time + length, pending.first ?? endTime, endTime)
            horizon = roundEnd
            redecideSliding(event: event)
            for j in 0..<field.neurons { rebase(j, at: time, descentEvaluated: evaluated[j]) }
            let (reached, crossings) = try runEvents(until: roundEnd, event: event)
            if reached < roundEnd { roundsCut += 1 }
            recentCrossings.append(crossings)
            if recentCrossings.count > SolverLimits.decoupledWindowRounds { recentCrossings.removeFirst() }
            used += cost(of: reached - time)
            time = reached
            if reached == pending.first {
                pending.removeFirst()
                for j in 0..<field.neurons { write(j, at: time) }
                try sample(time)
            }
            try progress(time)
        }
        for j in 0..<field.neurons { write(j, at: time) }
        return time
    }

    /// N_j at the round's start (from their logarithms, relative to the largest: they may lie below
    /// the smallest double) and the rate caps: kappa_j = min(K, max(margin ||D_j||, floor K)) from the evaluated D_j (`evaluated`:
    /// the neurons that slide on nothing), K for a sliding neuron.
    private func setRoundBounds(evaluated: [Bool]) {
        let d = field.dimension, margin = SolverLimits.decoupledRateMargin
        let floor = SolverLimits.decoupledRateFloor * growthRate
        let logSizes = (0..<field.neurons).map { j in
            let (w, a) = orbits[j].state(after: time - starts[j])
            let squared = a * a + w.reduce(0) { $0 + $1 * $1 }
            return squared > 0 ? 2 * orbits[j].logScale + log(squared / 2) : -Double.infinity
        }
        let top = logSizes.max() ?? -.infinity
        sizeScale = top > -.infinity ? exp(top) : 0
        relativeSizes = logSizes.map { top > -.infinity ? exp($0 - top) : 0 }
        rateCaps = (0..<field.neurons).map { j in
            guard evaluated[j] else { return growthRate }
            let rate = euclideanNorm(UnsafeBufferPointer(start: field.descent + j * d, count: d))
            return min(growthRate, max(margin * rate, floor))
        }
    }

    /// sum_j N_j g(kappa_j) for the round's N_j (0 when they underflow).
    private func sizeWeightedSum(_ g: (Double) -> Double) -> Double {
        guard sizeScale > 0 else { return 0 }
        var sum = 0.0
        for (size, cap) in zip(relativeSizes, rateCaps) where size > 0 { sum += size * g(cap) }
        return sizeScale * sum
    }

    /// The bound on the accumulated relative perturbation over a round of length tau:
    /// pi sum_j N_j (expm1(2 kappa_j tau) / (2 kappa_j) - tau), the integral over the round of
    /// pi sum_j N_j (exp(2 kappa_j s) - 1).
    private func cost(of tau: Double) -> Double {
        perturbationRate * sizeWeightedSum { kappa in kappa > 0 ? expm1(2 * kappa * tau) / (2 * kappa) - tau : 0 }
    }

    /// The next round's length. With kappa the largest cap and B = sum_j N_j, a round of length
    /// tau costs at most about pi B kappa tau^2, so for a given spend the fewest rounds have
    /// tau = u / sqrt(pi kappa B) for one constant u (Lagrange). With B growing like
    /// exp(2 kappa t), such rounds reach the shortest worth taking,
    /// tau_min = `SolverLimits.minimumDecoupledRound` / K, after a spend of
    /// (2 / (gamma tau_min)) u^2 - (2 sqrt(pi kappa B) / gamma) u (gamma = 2 kappa): u is chosen so
    /// that this is the budget left, and the plan is remade every round. The round is then cut to
    /// spend at most what the plan gives it (and what is left), never past the orbits' growth cap
    /// (`SolverLimits.largestOrbitGrowth`) or a risk stop's reach. The end time and the sample
    /// times cut it afterwards (`run`), so that the plan does not depend on them: a run to a
    /// hand-over time hands over there.
    private func roundLength(largestOutput: Double) -> Double {
        let remainingBudget = budget - used
        let fastest = rateCaps.max() ?? growthRate
        let bound = sizeWeightedSum { _ in 1 }
        var upper = SolverLimits.largestOrbitGrowth / fastest
        if outputLimit.isFinite {
            guard outputLimit > largestOutput else { return 0 }
            if bound > 0 {
                upper = min(upper, log1p((outputLimit - largestOutput) / (outputFactor * bound)) / (2 * fastest))
            }
        }
        guard upper > 0, remainingBudget > 0 else { return 0 }
        guard bound > 0 else { return upper }
        let gamma = 2 * fastest, shortest = SolverLimits.minimumDecoupledRound / growthRate
        let quadratic = 2 / (gamma * shortest), linear = 2 * (perturbationRate * fastest * bound).squareRoot() / gamma
        let u = (linear + (linear * linear + 4 * quadratic * remainingBudget).squareRoot()) / (2 * quadratic)
        // The plan's round, tau = u / sqrt(pi kappa B), costs about pi B kappa tau^2 = u^2.
        let allowance = min(u * u, remainingBudget)
        // expm1(2 kappa tau) / (2 kappa) - tau >= kappa tau^2: the round whose quadratic part alone
        // spends the allowance is at least as long as the round that spends it.
        let quadraticRound = (allowance / (perturbationRate * sizeWeightedSum { $0 })).squareRoot()
        let longest = min(upper, quadraticRound)
        if cost(of: longest) <= allowance { return longest }
        var low = 0.0, high = longest
        while high - low > SolverLimits.decoupledRoundPrecision * high {
            let mid = 0.5 * (low + high)
            if cost(of: mid) <= allowance { low = mid } else { high = mid }
        }
        return low
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
    /// returns where the round ends (`end`, or the first event after which the neuron's rate is
    /// above its cap) and how many crossings it handled.
    private func runEvents(until end: Double, event: (Double, FlowEvent, PatternChanges) -> Void) throws
        -> (end: Double, crossings: Int) {
        var crossings = 0
        while true {
            var earliest: (j: Int, time: Double, sample: Int)?
            for (j, next) in nextEvents.enumerated() {
                guard let next, next.time <= end, next.time < earliest?.time ?? .infinity else { continue }
                earliest = (j, next.time, next.sample)
            }
            guard let (j, t, i) = earliest else { return (end, crossings) }
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
            if orbits[j].rate > rateCaps[j] { return (t, crossings) }
        }
    }

    /// Restarts neuron j's orbit at time t from the state held in `state` (put back on its sliding
    /// surfaces): its descent direction on its current modes (the latest evaluation's D_j when
    /// `descentEvaluated`, a neuron with no sliding pairs then), the crossing data of its pairs and
    /// its next crossing.
    private func rebase(_ j: Int, at t: Double, descentEvaluated: Bool = false) {
        let d = field.dimension, m = field.neurons
        // Back onto the surfaces it slides on (the closed form moves it off them by rounding only).
        field.project(neuron: j, onto: field.pattern.sliding[j], state: state)
        let v = Array(UnsafeBufferPointer(start: state + j * d, count: d))
        let (a, logScale): (Double, Double) = switch field.parametrisation {
        case .weights: (state[m * d + j], 0)
        case .logNorm: (field.signs[j] * euclideanNorm(v), state[m * d + j])
        }
        let descent = descentEvaluated ? Array(UnsafeBufferPointer(start: field.descent + j * d, count: d))
                                       : field.neuronDescent(j)
        let orbit = NeuronOrbit(w: v, a: a, logScale: logScale, descent: descent)
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
