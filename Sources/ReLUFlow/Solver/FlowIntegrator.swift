import CGSL

/// Integrates the gradient flow as a Filippov system: GSL steps the smooth field of the current
/// activation pattern; after each accepted step the events (crossings, sliding exits) are
/// checked, the earliest is located inside the step to near machine precision in t by
/// re-stepping from the step's start (Illinois regula falsi), the modes at that point are decided
/// (`decideModes`) and the stepper restarts there. With neuronwise handling steps end at the
/// forecast crossings, and a crossing near a step's end is taken there by a Taylor step
/// (`StepEndCrossing`) instead of located. A stopping rule is one more event, located with the
/// switches: whichever comes first in the step wins, and the stop ends the run.
final class FlowIntegrator {
    let options: SolverOptions
    let field: VectorField
    /// The step type of `options.method`, and the lower-order pair used while steps are cut short
    /// by events (nil when the options ask for none): there a step is as short as the gap to the
    /// next event whatever the order, and a low-order pair takes it with a fraction of the
    /// evaluations (rk2: 3 against rk8pd's 13).
    private let smoothStepper: Stepper
    private let eventStepper: Stepper?
    /// The stepper of the current step, and the low-order pair's reach: the length of its latest
    /// step that its error control ended (or the longest gap to a step's limit that it covered
    /// since); infinite until it has been measured.
    private var stepper: Stepper
    private var eventStepperReach = Double.infinity
    private let size: Int
    private let state: UnsafeMutablePointer<Double>
    private let stepStart: UnsafeMutablePointer<Double>
    private let trial: UnsafeMutablePointer<Double>
    private let bracketEnd: UnsafeMutablePointer<Double>
    private let velocity: UnsafeMutablePointer<Double>
    /// The velocity at the start of the current step.
    private let startVelocity: UnsafeMutablePointer<Double>
    /// <v_j, x_i> and its rate at the start of the current step, and the rate at its end (n x m).
    private let startValues: UnsafeMutablePointer<Double>
    private var startRates: UnsafeMutablePointer<Double>
    private var endRates: UnsafeMutablePointer<Double>
    /// Sliding-exit functions and their rates at the start of the current step.
    private var slidingStart = SlidingExitProfile()
    /// Length of the latest step (the scale of the finite differences for sliding-exit rates).
    private var lastSpan = 1e-3
    /// The latest step's change of velocity, max_c |v1_c - v0_c| / (span (atol + rtol |y_c|)): what
    /// an aimed step of a given length is expected to cost in error (`AimedStep.predictedRatio`).
    private var acceleration = Double.infinity
    /// Velocity at a trial point, for the gradient-norm stopping rule.
    private let trialVelocity: UnsafeMutablePointer<Double>
    /// Risk and ||theta'|| at the start of the current step (for `GradientNormDip`, kept only
    /// under the gradient-norm stopping rule).
    private var startRisk = 0.0
    private var startSpeed = 0.0
    private var watchesGradientNorm: Bool {
        if case .gradientNorm = options.stoppingRule { return true }
        return false
    }
    private var stopRecord: StopRecord?
    private var statistics = SolverStatistics()
    private var eventLog: [EventRecord] = []
    /// Events in a row that advanced time by less than 1e-12 relative (no real progress).
    private var stalledEvents = 0
    private var time = 0.0
    private let absoluteTolerance: Double

    init(problem: FlowProblem, options: SolverOptions) throws {
        self.options = options
        let parametrisation = options.parametrisation ?? .automatic(for: problem.initial)
        let (initialState, signs) = try parametrisation.state(of: problem.initial)
        field = VectorField(problem: problem, parametrisation: parametrisation, signs: signs)
        field.partition = PairPartition(threads: options.threads, pairs: field.samples * field.neurons,
                                        minimumPairs: options.sharedPassPairs)
        size = field.stateSize
        state = .allocate(capacity: size)
        state.initialize(from: initialState, count: size)
        stepStart = .allocate(capacity: size)
        trial = .allocate(capacity: size)
        bracketEnd = .allocate(capacity: size)
        velocity = .allocate(capacity: size)
        startVelocity = .allocate(capacity: size)
        trialVelocity = .allocate(capacity: size)
        let nm = field.samples * field.neurons
        startValues = .allocate(capacity: nm)
        startRates = .allocate(capacity: nm)
        endRates = .allocate(capacity: nm)
        let md = field.neurons * field.dimension
        let weightScale = parametrisation == .weights ? initialState[0..<md].reduce(0) { max($0, abs($1)) } : 1
        let atol = options.absoluteTolerance ?? options.relativeTolerance * (weightScale > 0 ? weightScale : 1)
        absoluteTolerance = atol
        smoothStepper = Stepper(type: options.method, field: field, relativeTolerance: options.relativeTolerance,
                                absoluteTolerance: atol)
        if let type = options.eventDenseMethod, type != options.method, type.isOneStep, options.method.isOneStep {
            eventStepper = Stepper(type: type, field: field, relativeTolerance: options.relativeTolerance,
                                   absoluteTolerance: atol)
        } else {
            eventStepper = nil
        }
        stepper = smoothStepper
        try classifyInitialPattern()
        try recordStepStart()
        if let rule = try options.stoppingRule?.validated() {
            let initial = try stopValue(at: state) + rule.threshold
            guard initial > rule.threshold else {
                throw InputError(field: rule.parameter, value: "\(rule.threshold)",
                                 reason: "must be below the initial value \(initial) of what it watches, "
                                 + "or the run would stop at t = 0")
            }
        }
    }

    deinit {
        for p in [state, stepStart, trial, bracketEnd, velocity, startVelocity, trialVelocity, startValues, startRates, endRates] { p.deallocate() }
    }

    /// Runs to the end time, sampling at the requested times.
    func run() throws -> Solution {
        var samples = [field.sample(at: 0, state: state, changes: statistics.changes)]
        var targets = options.allSampleTimes.filter { $0 > 0 }
        if let phase = try decoupledPhase() {
            time = try phase.run(targets: targets, sample: { t in samples.append(sample(at: t)) },
                                 event: { t, event, changes in
                                     time = t
                                     record(event, changes: changes)
                                     statistics.decoupledEvents += 1
                                 },
                                 progress: { t in
                                     try options.progress?(SolverProgress(time: t, steps: statistics.steps,
                                                                          events: statistics.events))
                                 })
            statistics.decoupledUntil = time
            targets.removeAll { $0 <= time }
            try recordStepStart()
            stepper.reset(startVelocity: velocity)
        }
        var h = stepper.initialStep(at: state, t: time, cap: min(SolverLimits.firstStepCap, options.endTime),
                                    relativeTolerance: options.relativeTolerance, absoluteTolerance: absoluteTolerance)
        for target in targets {
            while time < target, stopRecord == nil {
                try advance(towards: target, suggestedStep: &h)
                try options.progress?(SolverProgress(time: time, steps: statistics.steps, events: statistics.events))
            }
            samples.append(sample(at: time))
            if stopRecord != nil { break }
        }
        statistics.fieldEvaluations = field.evaluations
        statistics.nonFiniteRetries = smoothStepper.nonFiniteRetries + (eventStepper?.nonFiniteRetries ?? 0)
        statistics.unconvergedBoxSolves = field.unconvergedBoxSolves
        let final = field.parametrisation.network(from: UnsafeBufferPointer(start: state, count: size),
                                                  signs: field.signs, width: field.neurons, dimension: field.dimension)
        return Solution(parametrisation: field.parametrisation, samples: samples, final: final, statistics: statistics,
                        events: eventLog, stop: stopRecord)
    }

    /// The network at the current state as a sample at time t (log-norm: with the sphere drift counted).
    private func sample(at t: Double) -> Sample {
        if field.parametrisation == .logNorm {
            for j in 0..<field.neurons {
                statistics.sphereDrift = max(statistics.sphereDrift, abs(field.hiddenNorm(j, state) - 1))
            }
        }
        return field.sample(at: t, state: state, changes: statistics.changes)
    }

    /// The decoupled start, when the options ask for it and the stopping rule allows it (the
    /// gradient norm is not monotone along the flow, so it is watched by the coupled integrator
    /// from the start; a risk stop bounds how far the decoupled start may go).
    private func decoupledPhase() throws -> DecoupledPhase? {
        guard options.eventHandling == .neuronwise else { return nil }
        var riskMargin: Double?
        switch options.stoppingRule {
        case .gradientNorm: return nil
        case .risk: riskMargin = try stopValue(at: state)
        case nil: break
        }
        return DecoupledPhase(field: field, state: state, endTime: options.endTime,
                              budget: SolverLimits.decoupledBudgetFraction * options.decoupledBudgetScale * options.relativeTolerance,
                              riskMargin: riskMargin,
                              crossingsPerRound: options.decoupledCrossingsPerRound)
    }

    /// One accepted step, cut back to the first event in it if there is one.
    private func advance(towards target: Double, suggestedStep h: inout Double) throws {
        guard statistics.steps < options.maxSteps else {
            throw SolverError(time: time, reason: "more than \(options.maxSteps) steps")
        }
        let t0 = time
        stepStart.update(from: state, count: size)
        startVelocity.update(from: velocity, count: size)
        var limit = min(target, t0 + slidingStart.stepCap(after: lastSpan))
        var aim: Int?
        if takesCrossingsAtStepEnds {
            let floor = SolverLimits.shortestAimedStep * h
            let forecast = crossingForecast(floor: floor)
            if options.takesCrossingBursts, aimsSteps {
                let span = min(limit - t0, options.aimedStepBudgetScale * h,
                               SolverLimits.burstStepFraction * (2 * options.aimedStepBudgetScale / acceleration).squareRoot())
                if forecast.offset < span,
                   try burstStep(span: span, floor: floor, from: t0) { return }
            }
            if t0 + forecast.offset <= limit { (limit, aim) = (t0 + forecast.offset, forecast.pair) }
        }
        chooseStepper(gap: limit - t0)
        var aimed = AimedOutcome.rejected
        // No longer than the step the error control proposes: the prediction alone would allow any
        // step where the velocity hardly changes, beyond an explicit step's stability.
        if aimsSteps, limit - t0 <= options.aimedStepBudgetScale * h,
           AimedStep.predictedRatio(span: limit - t0, acceleration: acceleration) <= options.aimedStepBudgetScale {
            aimed = try aimedStep(span: limit - t0, aim: aim, from: t0)
        }
        if case .rejected = aimed {
            let status = stepper.step(t: &time, limit: limit, h: &h, y: state)
            guard status == GSLStatus.success else { throw failure(status, at: t0) }
            if stepper === eventStepper {
                eventStepperReach = time < limit ? time - t0 : max(eventStepperReach, time - t0)
            }
            if stepper.reportsEndVelocity {
                velocity.update(from: stepper.endVelocity, count: size)
            } else {
                guard field.evaluate(state, velocity) else { throw failure(GSLStatus.badFunction, at: time) }
            }
        }
        statistics.steps += 1
        acceleration = AimedStep.acceleration(start: stepStart, startVelocity: startVelocity, endVelocity: velocity,
                                              count: size, span: time - t0,
                                              relativeTolerance: options.relativeTolerance,
                                              absoluteTolerance: absoluteTolerance)
        let (endRisk, endSpeed) = watchesGradientNorm ? (field.risk, field.gradientNorm(velocity: velocity, state: state)) : (0, 0)
        let span = time - t0
        var events = field.pendingEvents(state: state)
        var end = UnsafePointer(state)
        var locateSpan = span
        lastSpan = span
        // Dips (a pair through its surface and back inside the step, seen at neither end) are looked
        // for whether or not events are pending: the step is cut back to the earliest pending event,
        // and a dip before it would be stepped over.
        field.preactivationRates(velocity, into: endRates)
        let slidingEnd = slidingExitProfile(rates: endRates)
        let dips = field.excursions(startValues: startValues, startRates: startRates, endRates: endRates,
                                    span: span, state: state) + slidingEnd.dips(since: slidingStart, span: span)
        if let deepest = dips.min(by: { $0.fraction < $1.fraction }) {
            // Check the dip with real partial steps; locate inside it if it is there, with the
            // pending events already past there.
            let tau = try probe(deepest, t0: t0, span: span)
            let dipped = dips.map(\.event).filter { field.eventValue($0, state: trial) < 0 }
            if dipped.isEmpty {
                // No dip after all: the field back at the step's end.
                guard field.evaluate(state, nil) else { throw failure(GSLStatus.badFunction, at: time) }
            } else {
                events = dipped + events.filter { !dipped.contains($0) && field.eventValue($0, state: trial) < 0 }
                end = UnsafePointer(trial)
                locateSpan = tau
                statistics.excursions += 1
            }
        }
        if options.stoppingRule != nil {
            // The risk is non-increasing: a stop not reached at `end` is not inside [t0, end].
            if events.isEmpty, try stopValue(at: state) < 0 {
                events = [.stop]; end = UnsafePointer(state); locateSpan = span
            } else if events.isEmpty, case .gradientNorm(let eps) = options.stoppingRule,
                      let dip = GradientNormDip(v0: startSpeed, v1: endSpeed, riskDrop: startRisk - endRisk, span: span,
                                                lossScale: field.lossScale, threshold: eps) {
                // The norm may have dipped below eps inside the step: check with a real partial step.
                let tau = dip.fraction * span
                let status = stepper.advance(from: stepStart, at: t0, by: tau, into: trial)
                guard status == GSLStatus.success else { throw failure(status, at: t0 + tau) }
                if try stopValue(at: trial) < 0 {
                    events = [.stop]; end = UnsafePointer(trial); locateSpan = tau
                    statistics.excursions += 1
                } else {
                    guard field.evaluate(state, nil) else { throw failure(GSLStatus.badFunction, at: time) }
                }
            } else if !events.isEmpty, try stopValue(at: end) < 0 {
                events.append(.stop)
            }
        }
        if case .taken(let crossing?) = aimed, events.isEmpty, end == UnsafePointer(state),
           field.isOnSurface(crossing, state: state) {
            try takeAimed(crossing, span: span, from: t0)
            return
        }
        if takesCrossingsAtStepEnds, end == UnsafePointer(state), events.allSatisfy(\.isCrossing),
           !events.isEmpty || options.stoppingRule == nil,
           let (delta, event) = crossingWithinReach(crossed: events, span: span, target: target) {
            try take(event, after: delta, span: span, from: t0)
            return
        }
        if events.isEmpty {
            (startRisk, startSpeed) = (endRisk, endSpeed)
            slidingStart = slidingEnd
            projectDirections()
            keepStartValues()
            swap(&startRates, &endRates)
            return
        }
        let tau: Double, event: FlowEvent
        if options.locatesEvents {
            let estimates = end == UnsafePointer(state) ? crossingEstimates(events, span: span) : [:]
            (tau, event) = try locateFirst(of: events, from: t0, span: locateSpan, end: end, estimates: estimates)
        } else {
            (tau, event) = (locateSpan, events[0])
            bracketEnd.update(from: end, count: size)
        }
        try noteProgress(of: event, advancing: tau, from: t0)
        time = t0 + tau
        state.update(from: bracketEnd, count: size)
        projectDirections()
        if event == .stop, let rule = options.stoppingRule {
            stopRecord = StopRecord(rule: rule, time: time, value: try stopValue(at: state) + rule.threshold)
            return
        }
        try handle(event)
        try recordStepStart()
        stepper.reset(startVelocity: velocity)
    }

    /// Copies the latest evaluation's pre-activations into `startValues` (in the partition's blocks).
    private func keepStartValues() {
        field.partition.forEachBlock(of: field.samples * field.neurons) { block in
            (startValues + block.lowerBound).update(from: field.preactivations + block.lowerBound, count: block.count)
        }
    }

    /// A burst step of length `span` (`CrossingBurst`): the Heun step on the start's pattern, every
    /// crossing inside it moving its own neuron by its jump, the field evaluated at the end on the
    /// new pattern. The first crossing that needs its modes decided at the event (its neuron
    /// slides, or crossed already in this step, or the flow does not clearly pass through) ends
    /// the step on its surface, where it is taken as an aimed step's (`takeAimed`), if it is not
    /// closer than `floor` (`SolverLimits.shortestAimedStep` of the proposed step, as for an aimed
    /// step: a neuron sliding past two surfaces would otherwise chatter between them in ever
    /// shorter steps; closer, the step goes to the other paths). Taken (true)
    /// when its first-order error is within the tolerance as an aimed step's, the end velocity is
    /// within `SolverLimits.burstEndBudget` of the tolerance of the predicted one (over half the
    /// step), and at the end no other
    /// pair is past its surface, dips through it or leaves a sliding surface. Else (false) the
    /// state and the modes are as at the step's start.
    private func burstStep(span: Double, floor: Double, from t0: Double) throws -> Bool {
        let n = field.samples, m = field.neurons, d = field.dimension
        let startDerivatives = Array(UnsafeBufferPointer(start: field.lossDerivatives, count: n))
        for c in 0..<size { trial[c] = stepStart[c] + span * startVelocity[c] }
        guard field.evaluate(trial, trialVelocity) else { throw failure(GSLStatus.badFunction, at: t0 + span) }
        field.preactivationRates(trialVelocity, into: endRates)
        let levels = field.pairLevels(state: stepStart)
        guard let found = field.pattern.active.withUnsafeBufferPointer({ active in
            CrossingBurst.crossings(values: startValues, startRates: startRates, trialRates: endRates,
                                    active: active.baseAddress!, rows: n, columns: m, levels: levels, span: span,
                                    isSliding: { field.pattern.isSliding($0 / m, $0 % m) })
        }) else { return rejectBurst() }
        var crossed: [(sample: Int, neuron: Int, offset: Double)] = []
        var jumps: [(start: [Double], trial: [Double])] = []
        var length = span, decided: FlowEvent?
        for crossing in found {
            let p = crossing.pair, i = p / m, j = p % m, tau = crossing.offset
            let toActive = !field.pattern.isActive(i, j)
            var passes = false
            if field.pattern.sliding[j].isEmpty, !crossed.contains(where: { $0.neuron == j }) {
                let side: Double = toActive ? -1 : 1
                let start = field.switchJump(sample: i, neuron: j, toActive: toActive,
                                             lossDerivative: startDerivatives[i], preactivation: startValues[p],
                                             state: stepStart)
                let end = field.switchJump(sample: i, neuron: j, toActive: toActive,
                                           lossDerivative: field.lossDerivatives[i],
                                           preactivation: field.preactivations[p], state: trial)
                let before = side * (startRates[p] + tau / span * (endRates[p] - startRates[p]))
                let there = CrossingBurst.jump(start: start, trial: end, at: tau, span: span)
                let after = before + side * field.inputProduct(Array(there[0..<d]), i)
                passes = CrossingBurst.passesThrough(rateBefore: before, rateAfter: after)
                if passes { jumps.append((start, end)) }
            }
            guard passes else {
                guard tau >= floor else { return rejectBurst() }
                (length, decided) = (tau, .crossing(sample: i, neuron: j))
                break
            }
            crossed.append((i, j, tau))
        }
        let budget = options.aimedStepBudgetScale, rtol = options.relativeTolerance
        guard AimedStep.errorRatio(start: stepStart, startVelocity: startVelocity, trialVelocity: trialVelocity,
                                   count: size, span: span, at: length, relativeTolerance: rtol,
                                   absoluteTolerance: absoluteTolerance) <= budget else { return rejectBurst() }
        AimedStep.extend(start: stepStart, startVelocity: startVelocity, trialVelocity: trialVelocity, count: size,
                         span: span, to: length, into: state)
        // The end velocity that the step predicts, v0 + length / H (v* - v0) with the crossed
        // neurons' jumps there (in bracketEnd).
        for c in 0..<size { bracketEnd[c] = startVelocity[c] + length / span * (trialVelocity[c] - startVelocity[c]) }
        for (crossing, jump) in zip(crossed, jumps) {
            let j = crossing.neuron
            let shift = CrossingBurst.jumpIntegral(start: jump.start, trial: jump.trial, from: crossing.offset,
                                                   to: length, span: span).map { options.burstJumpScale * $0 }
            let there = CrossingBurst.jump(start: jump.start, trial: jump.trial, at: length, span: span)
            for c in 0..<d {
                state[j * d + c] += shift[c]
                bracketEnd[j * d + c] += there[c]
            }
            state[m * d + j] += shift[d]
            bracketEnd[m * d + j] += there[d]
        }
        projectDirections()
        let pairs = crossed.map { (sample: $0.sample, neuron: $0.neuron) }
        field.switchCrossings(pairs)
        guard field.evaluate(state, velocity) else { throw failure(GSLStatus.badFunction, at: t0 + length) }
        let endError = AimedStep.errorRatio(start: stepStart, startVelocity: bracketEnd, trialVelocity: velocity,
                                            count: size, span: length, at: length, relativeTolerance: rtol,
                                            absoluteTolerance: absoluteTolerance)
        field.preactivationRates(velocity, into: endRates)
        let slidingEnd = slidingExitProfile(rates: endRates)
        let pending = field.pendingEvents(state: state)
        guard endError <= SolverLimits.burstEndBudget * budget, pending.isEmpty || pending == [decided],
              decided.map({ field.isOnSurface($0, state: state) }) ?? true,
              field.excursions(startValues: startValues, startRates: startRates, endRates: endRates, span: length,
                               state: state).isEmpty,
              slidingEnd.dips(since: slidingStart, span: length).isEmpty else {
            field.switchCrossings(pairs)
            state.update(from: stepStart, count: size)
            return rejectBurst()
        }
        var switched = PatternChanges()
        switched.switches = 1
        for crossing in crossed {
            time = t0 + crossing.offset
            record(.crossing(sample: crossing.sample, neuron: crossing.neuron), changes: switched)
        }
        time = t0 + length
        stalledEvents = 0
        statistics.steps += 1
        statistics.burstSteps += 1
        statistics.burstCrossings += crossed.count
        acceleration = AimedStep.acceleration(start: stepStart, startVelocity: startVelocity,
                                              endVelocity: trialVelocity, count: size, span: span,
                                              relativeTolerance: rtol, absoluteTolerance: absoluteTolerance)
        lastSpan = length
        if let decided {
            try takeAimed(decided, span: length, from: t0)
            return true
        }
        keepStartValues()
        swap(&startRates, &endRates)
        slidingStart = slidingEnd
        stepper.reset(startVelocity: velocity)
        return true
    }

    /// Counts a burst step sent back to the other paths; the velocity is the step start's again.
    private func rejectBurst() -> Bool {
        statistics.burstsRejected += 1
        velocity.update(from: startVelocity, count: size)
        return false
    }

    /// Whether steps end at forecast crossings, taken there when within Taylor reach
    /// (`StepEndCrossing`); the full path locates every crossing by re-steps.
    private var takesCrossingsAtStepEnds: Bool {
        options.eventHandling == .neuronwise && options.locatesEvents
    }

    /// Whether steps cut short by events may be aimed Heun steps (`AimedStep`): with crossings
    /// taken at step ends, a low-order pair for such steps, and no stopping rule (whose location
    /// re-steps with GSL's pairs).
    private var aimsSteps: Bool {
        options.aimsSteps && takesCrossingsAtStepEnds && eventStepper != nil && options.stoppingRule == nil
    }

    /// The earliest time from the step's start at which a pair off its surface (beyond the
    /// rounding level) reaches it at its present rate, at least `floor`, and which pair it is
    /// (nil when none moves towards its surface).
    private func crossingForecast(floor: Double) -> (offset: Double, pair: Int?) {
        let m = field.neurons
        return field.pattern.active.withUnsafeBufferPointer { active in
            StepEndCrossing.forecast(values: startValues, rates: startRates, active: active.baseAddress!,
                                     rows: field.samples, columns: m, levels: field.pairLevels(state: state),
                                     partition: field.partition, isSliding: { field.pattern.isSliding($0 / m, $0 % m) }, floor: floor)
        }
    }

    /// What an aimed step did: nothing (the step is taken by GSL's pair instead), or it reached
    /// its end, on the surface of `crossing` when it was aimed at one and reached it.
    private enum AimedOutcome {
        case rejected
        case taken(crossing: FlowEvent?)
    }

    /// An aimed Heun step of at most `span` (`AimedStep`): evaluates the Euler point; when the
    /// step's error is within the tolerance, puts the state at the end of its continuous
    /// extension (where pair `aim` reaches its surface, if it does within `aimedStepReach`
    /// of the span, else at the span), evaluates the field there and restarts the stepper from
    /// that velocity. On rejection the state is left at the step's start.
    private func aimedStep(span: Double, aim: Int?, from t0: Double) throws -> AimedOutcome {
        for c in 0..<size { trial[c] = stepStart[c] + span * startVelocity[c] }
        guard field.evaluate(trial, trialVelocity) else { throw failure(GSLStatus.badFunction, at: t0 + span) }
        var length = span, crossing: FlowEvent?
        if let p = aim {
            let m = field.neurons, i = p / m, j = p % m
            let side: Double = field.pattern.isActive(i, j) ? 1 : -1
            if let s = AimedStep.root(value: side * startValues[p], startRate: side * startRates[p],
                                      trialRate: side * field.inputProduct(trialVelocity + j * field.dimension, i),
                                      span: span, reach: SolverLimits.aimedStepReach) {
                (length, crossing) = (s, .crossing(sample: i, neuron: j))
            }
        }
        let ratio = AimedStep.errorRatio(start: stepStart, startVelocity: startVelocity, trialVelocity: trialVelocity,
                                         count: size, span: span, at: length,
                                         relativeTolerance: options.relativeTolerance,
                                         absoluteTolerance: absoluteTolerance)
        guard ratio <= options.aimedStepBudgetScale else {
            statistics.aimedStepsRejected += 1
            return .rejected
        }
        AimedStep.extend(start: stepStart, startVelocity: startVelocity, trialVelocity: trialVelocity, count: size,
                         span: span, to: length, into: state)
        projectDirections()
        time = t0 + length
        guard field.evaluate(state, velocity) else { throw failure(GSLStatus.badFunction, at: time) }
        statistics.aimedSteps += 1
        stepper.reset(startVelocity: velocity)
        return .taken(crossing: crossing)
    }

    /// Handles the crossing that an aimed step ended on: the field's evaluation at the step's end
    /// is the event's, so the modes are decided from it and only the crossing neuron's velocity,
    /// pre-activations and rates are formed again (O(nd), `VectorField.refreshVelocity`); the
    /// other neurons' are those of the evaluation (the crossing pair's relu is 0 on either side).
    private func takeAimed(_ event: FlowEvent, span: Double, from t0: Double) throws {
        guard let j = event.neuron else { return }
        try noteProgress(of: event, advancing: span, from: t0)
        switchModes(at: event)
        statistics.stepEndCrossings += 1
        field.refreshPreactivations(of: j, state: state)
        field.refreshVelocity(of: j, state: state, into: velocity)
        let m = field.neurons, d = field.dimension
        for i in 0..<field.samples { endRates[i * m + j] = field.inputProduct(velocity + j * d, i) }
        keepStartValues()
        swap(&startRates, &endRates)
        slidingStart = slidingExitProfile(rates: startRates)
        stepper.reset(startVelocity: velocity)
    }

    /// The earliest crossing that a first-order Taylor step from the step's end reaches within
    /// `SolverLimits.stepEndCrossingBudget` of the tolerance, and the step's offset delta to it:
    /// among `crossed` (delta < 0) when the step crossed surfaces, else among the pairs moving
    /// towards theirs (delta > 0, not past `target`). Nil when that crossing is out of reach (or
    /// a crossed pair is turning back), and the located path takes over. The field is evaluated
    /// at the step's end, its velocity in `velocity` (and, when nothing crossed, its pre-activation
    /// rates in `endRates`).
    private func crossingWithinReach(crossed: [FlowEvent], span: Double, target: Double) -> (Double, FlowEvent)? {
        let m = field.neurons, d = field.dimension
        var earliest: (delta: Double, event: FlowEvent)?
        if crossed.isEmpty {
            let first = field.pattern.active.withUnsafeBufferPointer { active in
                StepEndCrossing.earliest(values: field.preactivations, rates: endRates, active: active.baseAddress!,
                                         rows: field.samples, columns: m, partition: field.partition) {
                    !field.pattern.isSliding($0 / m, $0 % m)
                }
            }
            if let first { earliest = (first.offset, .crossing(sample: first.pair / m, neuron: first.pair % m)) }
        } else {
            for event in crossed {
                guard case .crossing(let i, let j) = event else { return nil }
                let p = i * m + j, s: Double = field.pattern.isActive(i, j) ? 1 : -1
                guard let delta = StepEndCrossing.offset(value: s * field.preactivations[p],
                                                         rate: s * field.inputProduct(velocity + j * d, i))
                else { return nil }
                if delta < earliest?.delta ?? .infinity { earliest = (delta, event) }
            }
        }
        guard let earliest, -earliest.delta <= span, time + earliest.delta <= target else { return nil }
        let reach = StepEndCrossing.reach(state: state, startVelocity: startVelocity, endVelocity: velocity,
                                          count: size, span: span, relativeTolerance: options.relativeTolerance,
                                          absoluteTolerance: absoluteTolerance,
                                          budget: SolverLimits.stepEndCrossingBudget * options.stepEndBudgetScale)
        return abs(earliest.delta) <= reach ? earliest : nil
    }

    /// Moves the state from the step's end to the crossing delta away along the velocity there,
    /// handles the crossing and restarts the stepper. The modes are decided from the step end's
    /// evaluation with the crossing neuron's pre-activations refreshed (O(nd)): the loss
    /// derivatives there are within |delta f'| of the crossing's, far below what decides a side
    /// except at a tangency, where either side is within the tolerance.
    private func take(_ event: FlowEvent, after delta: Double, span: Double, from t0: Double) throws {
        for c in 0..<size { state[c] += delta * velocity[c] }
        time += delta
        try noteProgress(of: event, advancing: span + delta, from: t0)
        projectDirections()
        if let j = event.neuron { field.refreshPreactivations(of: j, state: state) }
        switchModes(at: event)
        statistics.stepEndCrossings += 1
        try recordStepStart()
        stepper.reset(startVelocity: velocity)
    }

    /// Counts events in a row that advance time by less than `SolverLimits.stalledAdvance` and
    /// ends the run, naming the event, once `SolverLimits.stalledEventLimit` of them have passed.
    private func noteProgress(of event: FlowEvent, advancing advance: Double, from t0: Double) throws {
        stalledEvents = advance > SolverLimits.stalledAdvance * max(1, abs(t0)) ? 0 : stalledEvents + 1
        guard stalledEvents < SolverLimits.stalledEventLimit else {
            throw SolverError(time: t0, reason: "no progress: \(event) recurs at the same time "
                              + "(a degenerate point of the switching surfaces, e.g. a neuron at w = 0)")
        }
    }

    /// The low-order pair when it reaches the step's limit, `gap` away, in fewer evaluations than
    /// one step of the options' method: within `SolverLimits.lowOrderReachSteps` of its measured
    /// reach. Where events cut the steps short that is the low-order pair; where accuracy limits
    /// them, the high order.
    private func chooseStepper(gap: Double) {
        guard let eventStepper else { return }
        let next = gap <= SolverLimits.lowOrderReachSteps * eventStepperReach ? eventStepper : smoothStepper
        if next !== stepper {
            stepper = next
            stepper.reset(startVelocity: velocity)
        }
    }

    /// Puts `trial` at the state of a real partial step to where `dip` is deepest, with the field
    /// evaluated there, and returns the step's length. For a crossing the search narrows: while the
    /// pair is still on its side, the cubic Hermite interpolant is rebuilt on the part of the step
    /// where its rate turns (the probe's value and rate at one end), for up to
    /// `SolverLimits.dipProbes` probes, until it shows no dip within its uncertainty.
    private func probe(_ dip: (event: FlowEvent, fraction: Double), t0: Double, span: Double) throws -> Double {
        var tau = dip.fraction * span
        guard case .crossing(let i, let j) = dip.event else {
            try partialStep(t0: t0, tau: tau, velocity: nil)
            return tau
        }
        let p = i * field.neurons + j
        let side: Double = field.pattern.isActive(i, j) ? 1 : -1
        var (low, high) = (0.0, span)
        var (lowValue, lowRate) = (side * startValues[p], side * startRates[p])
        var (highValue, highRate) = (side * field.preactivations[p], side * endRates[p])
        let level = field.roundingLevel(i, norm: field.hiddenNorm(j, state))
        for _ in 0..<SolverLimits.dipProbes {
            try partialStep(t0: t0, tau: tau, velocity: trialVelocity)
            let value = side * field.preactivations[p]
            if value + level < 0 { break }
            let rate = side * field.inputProduct(trialVelocity + j * field.dimension, i)
            if rate < 0 { (low, lowValue, lowRate) = (tau, value, rate) } else { (high, highValue, highRate) = (tau, value, rate) }
            let width = high - low
            guard let next = hermiteMinimum(lowValue, lowRate * width, highValue, highRate * width),
                  next.value + level < SolverLimits.dipUncertainty * (highRate - lowRate) * width else { break }
            tau = low + next.fraction * width
        }
        return tau
    }

    /// `trial` = the state a partial step of length tau from the step's start reaches; the field
    /// evaluated there (its velocity into `velocity` when given).
    private func partialStep(t0: Double, tau: Double, velocity: UnsafeMutablePointer<Double>?) throws {
        let status = stepper.advance(from: stepStart, at: t0, by: tau, into: trial)
        guard status == GSLStatus.success else { throw failure(status, at: t0 + tau) }
        guard field.evaluate(trial, velocity) else { throw failure(GSLStatus.badFunction, at: t0 + tau) }
    }

    /// Log-norm formulation: puts every u_j back on the unit sphere after a step (the field does
    /// not see ||u_j||, so this changes no direction) and records the largest correction.
    private func projectDirections() {
        guard field.parametrisation == .logNorm else { return }
        for j in 0..<field.neurons {
            statistics.radialCorrection = max(statistics.radialCorrection, field.normaliseDirection(j, state))
        }
    }

    /// Values and rates of the pre-activations at the current state, as the next step's start.
    private func recordStepStart() throws {
        guard field.evaluate(state, velocity) else { throw failure(GSLStatus.badFunction, at: time) }
        if watchesGradientNorm {
            (startRisk, startSpeed) = (field.risk, field.gradientNorm(velocity: velocity, state: state))
        }
        keepStartValues()
        field.preactivationRates(velocity, into: startRates)
        slidingStart = slidingExitProfile(rates: startRates)
    }

    /// The earliest of `events` in [t0, t0 + span] (the latest evaluation is at `end`, the state at
    /// t0 + span), located by `EventLocator` on real re-steps from the step's start: its time
    /// offset (the end of a bracket of width ~ 4 ulp(t) past the root, or a crossing's point within
    /// acceptance) and which it is, with the state there in `bracketEnd`.
    private func locateFirst(of events: [FlowEvent], from t0: Double, span: Double, end: UnsafePointer<Double>,
                             estimates: [FlowEvent: CrossingEstimate]) throws -> (Double, FlowEvent) {
        let valuesAtEnd = try eventValues(events, at: end)
        bracketEnd.update(from: end, count: size)
        guard field.evaluate(stepStart, nil) else { throw failure(GSLStatus.badFunction, at: t0) }
        let valuesAtStart = try eventValues(events, at: stepStart)
        // A value within `locationAcceptance` rtol of the bracket's values puts the event within
        // ~1e-3 rtol of the step in time: its error in the state is far below the step's own.
        // Crossings accept a point on either side (the mode is decided by the crossing's
        // direction, and the neuron is put on the surface); sliding exits and the stop only a
        // point past the root (see `acceptsEitherSide`).
        var locator = EventLocator(startTime: t0, span: span, acceptsEitherSide: events.map(\.acceptsEitherSide),
                                   relativeAcceptance: SolverLimits.locationAcceptance * options.relativeTolerance)
        for (k, event) in events.enumerated() { locator.estimates[k] = estimates[event] }
        let location = try locator.locate(start: valuesAtStart, end: valuesAtEnd, probe: { tau in
            let status = stepper.advance(from: stepStart, at: t0, by: tau, into: trial)
            guard status == GSLStatus.success else { throw failure(status, at: t0 + tau) }
            guard field.evaluate(trial, nil) else { throw failure(GSLStatus.badFunction, at: t0 + tau) }
            return EventLocator.Probe(values: try eventValues(events, at: trial), bands: events.map(crossingAcceptance))
        }, keepBracketEnd: { bracketEnd.update(from: trial, count: size) })
        if location.offset == 0 { bracketEnd.update(from: stepStart, count: size) }
        if !location.converged { statistics.unconvergedLocations += 1 }
        return (location.offset, events[location.event])
    }

    /// For a crossing of pair (i, j): the distance from the surface, |<v_j, x_i>|, at which the
    /// located point is taken: putting the neuron on the surface then moves v_j by at most
    /// `SolverLimits.crossingAcceptance` rtol ||v_j|| (0 for other events).
    private func crossingAcceptance(_ event: FlowEvent) -> Double {
        guard case .crossing(let i, let j) = event else { return 0 }
        return SolverLimits.crossingAcceptance * options.relativeTolerance * field.hiddenNorm(j, trial)
            * field.inputNorms[i]
    }

    /// The sliding-exit functions at the current state (where the field was last evaluated, into
    /// `velocity`, with pre-activation rates `rates`) and their rates: the forward difference of
    /// the functions without their rounding levels (`VectorField.slidingExitChanges`, formed from
    /// the change itself) over 1e-6 of the latest step, with the outputs moved by that much of
    /// their rate (`outputRates`, exact to first order: the sliding weights depend on the state
    /// through the outputs only), the field's evaluation left at the state. Empty when nothing
    /// slides.
    private func slidingExitProfile(rates: UnsafePointer<Double>) -> SlidingExitProfile {
        guard field.pattern.slidingCount > 0 else { return SlidingExitProfile() }
        let (lower, upper) = field.slidingExitValues(state: state)
        let delta = SolverLimits.slidingRateProbe * lastSpan
        let shift = field.outputRates(preactivationRates: rates, velocity: velocity, state: state).map { delta * $0 }
        let change = field.slidingExitChanges(outputShift: shift)
        return SlidingExitProfile(pairs: field.slidingPairs(), lower: lower, upper: upper,
                                  lowerRates: change.lower.map { $0 / delta }, upperRates: change.upper.map { $0 / delta })
    }

    /// Hermite estimates for the crossings among `events`, from the step's start values and rates
    /// and the end of the step (where the field was last evaluated; its pre-activation rates in
    /// `endRates`, formed after every step for the dip check).
    private func crossingEstimates(_ events: [FlowEvent], span: Double) -> [FlowEvent: CrossingEstimate] {
        let crossings = events.filter { if case .crossing = $0 { true } else { false } }
        guard !crossings.isEmpty else { return [:] }
        var estimates: [FlowEvent: CrossingEstimate] = [:]
        for event in crossings {
            guard case .crossing(let i, let j) = event else { continue }
            let p = i * field.neurons + j
            let side: Double = field.pattern.isActive(i, j) ? 1 : -1
            let level = field.eventValue(event, state: state) - side * field.preactivations[p]
            estimates[event] = CrossingEstimate(start: side * startValues[p] + level,
                                                end: side * field.preactivations[p] + level,
                                                startSlope: side * startRates[p] * span,
                                                endSlope: side * endRates[p] * span, span: span)
        }
        return estimates
    }

    /// The event functions at y, where the field was last evaluated.
    private func eventValues(_ events: [FlowEvent], at y: UnsafePointer<Double>) throws -> [Double] {
        var values = events.map { $0 == .stop ? 0 : field.eventValue($0, state: y) }
        if let k = events.firstIndex(of: .stop) { values[k] = try stopValue(at: y) }
        return values
    }

    /// The stopping rule's event function at y: the watched quantity minus its target (>= 0
    /// before the stop). Re-evaluates the field at y.
    private func stopValue(at y: UnsafePointer<Double>) throws -> Double {
        guard let rule = options.stoppingRule else { return 1 }
        switch rule {
        case .risk(let eps):
            guard field.evaluate(y, nil) else { throw failure(GSLStatus.badFunction, at: time) }
            return field.risk - eps
        case .gradientNorm(let eps):
            guard field.evaluate(y, trialVelocity) else { throw failure(GSLStatus.badFunction, at: time) }
            return field.gradientNorm(velocity: trialVelocity, state: y) - eps
        }
    }

    /// Applies the event at the current state, with the field evaluated there first.
    private func handle(_ event: FlowEvent) throws {
        guard field.evaluate(state, nil) else { throw failure(GSLStatus.badFunction, at: time) }
        switchModes(at: event)
    }

    /// Applies the event at the current state (see `VectorField.switchModes`, which reads the
    /// latest evaluation) and counts it.
    private func switchModes(at event: FlowEvent) {
        guard event.neuron != nil else { return }
        record(event, changes: field.switchModes(at: event, state: state))
    }

    /// Counts a handled event and keeps it in the log while the log has room.
    private func record(_ event: FlowEvent, changes: PatternChanges) {
        statistics.changes += changes
        statistics.events += 1
        if eventLog.count < options.eventLogLimit {
            eventLog.append(EventRecord(time: time, event: event, changes: changes))
        }
    }

    /// Initial modes: clear signs decide; pairs within rounding of their surface are decided as at an event.
    private func classifyInitialPattern() throws {
        guard field.evaluate(state, nil) else { throw failure(GSLStatus.badFunction, at: 0) }
        let n = field.samples, m = field.neurons
        var undecided: [Int: [Int]] = [:]
        for j in 0..<m {
            let norm = field.hiddenNorm(j, state)
            for i in 0..<n {
                let h = field.preactivations[i * m + j]
                if abs(h) <= field.roundingLevel(i, norm: norm) {
                    undecided[j, default: []].append(i)
                } else {
                    field.pattern.active[i * m + j] = h > 0 ? 1 : 0
                }
            }
        }
        guard !undecided.isEmpty else { return }
        guard field.evaluate(state, nil) else { throw failure(GSLStatus.badFunction, at: 0) }
        for (j, pairs) in undecided.sorted(by: { $0.key < $1.key }) {
            _ = field.decideModes(neuron: j, candidates: pairs, crossing: nil, state: state)
            field.project(neuron: j, onto: field.pattern.sliding[j], state: state)
        }
    }

    private func failure(_ status: Int32, at t: Double) -> SolverError {
        if status == GSLStatus.badFunction, let reason = field.failure {
            return SolverError(time: t, reason: reason)
        }
        return SolverError(time: t, reason: "GSL error \(status): \(String(cString: gsl_strerror(status)))")
    }
}

/// Integrates the gradient flow of `problem` as specified by `options`.
/// See <doc:SwitchesAndSliding> for how switches and sliding are treated.
public func solve(_ problem: FlowProblem, options: SolverOptions) throws -> Solution {
    try FlowIntegrator(problem: problem, options: options).run()
}
