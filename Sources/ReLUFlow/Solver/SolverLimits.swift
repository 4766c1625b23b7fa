/// The solver's fixed tolerances and iteration limits, each with the reason for its value. The
/// user's tolerance (`SolverOptions.relativeTolerance`) sets the accuracy; these only decide when
/// an inner iteration has done enough, and when the integration has stopped making progress.
enum SolverLimits {
    /// The first step is at most this long (then `Stepper.initialStep` scales it to the field).
    static let firstStepCap = 1e-3
    /// A trial step that produced a non-finite stage is retried this many times with h / 16
    /// (16^-20 ~ 1e-24 of the step: a field that overflows on that scale is a failure).
    static let nonFiniteRetries = 20
    /// A located event is accepted once its event function is below this fraction of the
    /// relative tolerance times the bracket's values: the event is then within ~1e-3 rtol of
    /// the step in time, and its error in the state far below the step's own.
    static let locationAcceptance = 1e-3
    /// Iterations of the event locator before it reports no convergence (regula falsi with
    /// the Illinois modification halves the bracket at least every other iteration on a smooth
    /// function, so 200 is far beyond what a bracket of doubles needs).
    static let locatorIterations = 200
    /// The locator stops when the bracket is this many ulps of t wide.
    static let locatorBracketUlps = 4.0
    /// An event that advances time by less than this (relative to max(1, |t|)) makes no progress;
    /// `stalledEventLimit` of those in a row end the run with a message naming the event (a
    /// degenerate point of the switching surfaces, e.g. a neuron at w = 0).
    static let stalledAdvance = 1e-12
    static let stalledEventLimit = 1000
    /// Sliding-exit rates are forward differences along the velocity over this fraction of the
    /// latest step: small against the step (so the difference is local), large against rounding.
    static let slidingRateProbe = 1e-6
    /// While a pair slides, the step is capped at this multiple of the exit time its rate
    /// predicts, so that a long step does not hold several roots of the exit function.
    static let slidingStepCapFactor = 1.5
    /// Box least-squares (the Filippov weights at an event): projected Gauss-Seidel stops when no
    /// coordinate moves by more than this, or after `boxSweeps` sweeps (reported as not converged).
    static let boxTolerance = 1e-15
    static let boxSweeps = 100_000
    /// The decoupled start of a small-initialization flow (`DecoupledPhase`) hands over to the
    /// coupled integrator when its next round would be shorter than this fraction of the growth
    /// time 1 / K: rounds shrink as the outputs grow, and each costs an evaluation and a rebase of
    /// every orbit. On the bench's scale case (n = m = 200) 2e-3 ran 1.14 times faster than 4e-3
    /// (`farm-bench -n 3`), and 4e-3 faster than 1e-3 and 1e-2.
    static let minimumDecoupledRound = 2e-3
    /// The decoupled start spends at most this fraction of the relative tolerance
    /// (`DecoupledPhase`: its spend is an estimate, the rest its margin). The hand-over state of 20
    /// random instances (n = 24, d = 3, m = 10, lambda = 1e-6), at rtol 1e-8, against an rtol
    /// 1e-13 run: before rounds were capped (`decoupledRoundGrowth`), up to 1.26 rtol with the
    /// whole tolerance (0.2 typically) and up to 0.24 with half; with half and the cap, up to 0.07
    /// (also at rtol 1e-10).
    static let decoupledBudgetFraction = 0.5
    /// The decoupled start spends the budget left over this many growth times 1 / K
    /// (`DecoupledPhase.roundLength`): geometrically, so that the plan does not depend on the end
    /// time. On the bench's medium-t3 case 8 ran the whole start in 0.046 s (2 and 32: 0.040 and
    /// 0.073 s), and on the scale case 4 to 32 handed over between t = 11.1 and 11.6 (2: at 6.1).
    static let decoupledSpendGrowthTimes = 8.0
    /// A decoupled round lasts at most this many growth times 1 / K while the sizes N_j are
    /// representable: the outputs then grow by at most exp(2 K tau) = e inside it, so the spend
    /// model A tau^3, measured on the round before, still holds (with sizes below the smallest
    /// double the outputs are 0 and rounds run to `largestOrbitGrowth`).
    static let decoupledRoundGrowth = 0.5
    /// The decoupled start hands over once its latest `decoupledWindowRounds` rounds handled
    /// fewer than `decoupledCrossingsPerRound` crossings each on average: a round (an evaluation
    /// and a rebase of every orbit) then costs more than the coupled integrator's few evaluations
    /// per crossing.
    static let decoupledWindowRounds = 16
    static let decoupledCrossingsPerRound = 1.0
    /// `SolverOptions.eventDenseMethod` takes a step when the step's limit (the forecast crossing,
    /// a cap, a sample time) is within this many of its own accuracy-limited steps: rk2's 3
    /// evaluations a step, 4 times, cost about one rk8pd step (13).
    static let lowOrderReachSteps = 4.0
    /// A pre-activation that turns inside a step is checked with a real partial step when the cubic
    /// Hermite interpolant of its end values and rates comes within this fraction of its rate's
    /// swing (r1 - r0, per step) of the surface. The cubic misses the truth by about
    /// (L / tau)^2 / 48 of the swing for a step L on the time scale tau of the turn, under 1e-2 for
    /// the steps (L / tau < 0.7) that the (4, 5) and (8, 9) pairs take at tolerances <= 1e-6: a
    /// grazing contact shallower than the cubic resolves is probed, not stepped over.
    static let dipUncertainty = 1e-2
    /// Real partial steps spent on one turning pair before it is declared clear of its surface:
    /// each narrows the interval of the turn (the cubic's error falls like the interval's fourth
    /// power), so a few suffice.
    static let dipProbes = 6
    /// A round of the decoupled start lasts at most this many growth times 1 / K: an orbit's
    /// scaled state grows by at most exp(40) ~ 2e17 before it is rescaled, far from overflow,
    /// however small the initialization (log-norm states below the smallest double included).
    static let largestOrbitGrowth = 40.0
    /// A located crossing is also accepted once the pre-activation is within this fraction of
    /// rtol ||v_j|| ||x_i|| of its surface: the projection onto the surface that follows moves the
    /// neuron by at most this fraction of its tolerance.
    static let crossingAcceptance = 1e-2
    /// A crossing is taken at a step's end by a first-order Taylor step when its remainder
    /// |y''| delta^2 / 2 is below this fraction of the step's tolerance in every component: as
    /// for `crossingAcceptance`, the event then adds 1e-2 of a step's error at most.
    static let stepEndCrossingBudget = 1e-2
    /// A step aimed at a forecast crossing is at least this fraction of the step the error control
    /// proposes (a crossing closer than that is located inside the step). Pairs within rounding of
    /// their surface are not forecast, so an aimed step either reaches its pair's surface or leaves
    /// it a second-order remainder away: a pair does not hold the steps at this floor for long.
    static let shortestAimedStep = 1e-6
    /// An aimed step (`AimedStep`) ends at its pair's surface when its continuous extension reaches
    /// it within this multiple of the step: beyond the Euler point the quadratic extrapolates, and
    /// its error ratio, checked at the end, grows like the square of the multiple.
    static let aimedStepReach = 1.25
    /// A crossing inside a burst step (`CrossingBurst`) is taken when the pair leaves its surface
    /// at least this fraction of the rate at which it arrived: its rates come from the step's
    /// quadratic and the jump's linear interpolant, second-order estimates, and a pair that leaves
    /// much slower than it came is close to sliding; its modes are then decided at the event.
    static let burstPassage = 0.05
    /// A burst step's end check (the field at its end against the velocity it predicts, over half
    /// the step) is held within this fraction of the tolerance. It reads what the first-order
    /// check does not bound: the kink that every other neuron sees through the output of a pair
    /// that switched inside the step. On the bench's scale case a tenth halved the distance to an
    /// rtol 1e-11 run (1.8e-10 against 3.8e-10 at rtol 1e-8) at no cost in time.
    static let burstEndBudget = 0.1
    /// A burst step is at most this fraction of the longest step that the latest acceleration
    /// lets an aimed step take (`AimedStep.predictedRatio` = the budget), so that its own error
    /// check, on the acceleration it meets, rarely turns it back.
    static let burstStepFraction = 0.9
}
