import CGSL

/// A gsl_odeiv2 driver (stepper, step-size control D = atol + rtol |y|, evolution) for a
/// `VectorField`. Owns the C objects; the field is retained for the driver's lifetime.
final class Stepper {
    let type: StepType
    private let system: UnsafeMutablePointer<gsl_odeiv2_system>
    private let driver: OpaquePointer
    private let fieldReference: Unmanaged<VectorField>
    private let errorBuffer: UnsafeMutablePointer<Double>
    /// The state before a step, to retry it with a shorter step.
    private let retryStart: UnsafeMutablePointer<Double>
    private let dimension: Int
    /// For multistep methods: a one-step rk8pd driver to re-integrate part of a step.
    private let partialStepper: Stepper?
    /// Whether the step type ends a step by evaluating the field at the step's end (the explicit
    /// pairs, whose `gives_exact_dydt_out` derivative is that evaluation): the field's latest
    /// evaluation is then at the new state, and `endVelocity` is the velocity there.
    let reportsEndVelocity: Bool
    /// Whether a step starts from a given velocity (GSL's `can_use_dydt_in`, explicit pairs).
    private let startsFromVelocity: Bool

    init(type: StepType, field: VectorField, relativeTolerance: Double, absoluteTolerance: Double) {
        gsl_set_error_handler_off()
        BLAS.setThreads(1)
        self.type = type
        dimension = field.stateSize
        fieldReference = Unmanaged.passRetained(field)
        system = .allocate(capacity: 1)
        system.initialize(to: gsl_odeiv2_system(
            function: { _, y, dydt, params in
                let field = Unmanaged<VectorField>.fromOpaque(params!).takeUnretainedValue()
                return field.evaluate(y!, dydt!) ? GSLStatus.success : GSLStatus.badFunction
            },
            jacobian: type.needsJacobian ? { _, y, dfdy, dfdt, params in
                let field = Unmanaged<VectorField>.fromOpaque(params!).takeUnretainedValue()
                return field.finiteDifferenceJacobian(y!, dfdy!, dfdt!) ? GSLStatus.success : GSLStatus.badFunction
            } : nil,
            dimension: field.stateSize,
            params: fieldReference.toOpaque()))
        driver = OpaquePointer(gsl_odeiv2_driver_alloc_y_new(system, type.gslType, 1e-3, absoluteTolerance,
                                                              relativeTolerance)!)
        errorBuffer = .allocate(capacity: field.stateSize)
        retryStart = .allocate(capacity: field.stateSize)
        let stepType = type.gslType.pointee
        reportsEndVelocity = type.isExplicit && stepType.gives_exact_dydt_out != 0
        startsFromVelocity = type.isExplicit && stepType.can_use_dydt_in != 0
        partialStepper = type.isOneStep ? nil
            : Stepper(type: .rk8pd, field: field, relativeTolerance: relativeTolerance,
                      absoluteTolerance: absoluteTolerance)
    }

    deinit {
        gsl_odeiv2_driver_free(UnsafeMutablePointer(driver))
        system.deallocate()
        errorBuffer.deallocate()
        retryStart.deallocate()
        fieldReference.release()
    }

    private var parts: gsl_odeiv2_driver { UnsafeMutablePointer<gsl_odeiv2_driver>(driver).pointee }

    /// One adaptive step from t towards `limit` (never past it), updating t, the suggested step h and y.
    ///
    /// A trial step whose stages leave the finite doubles (a step far too long for a fast field,
    /// e.g. exp(2 rho) overflowing at a large initialization) is a rejected step, not a failure:
    /// it is retried from the same state with h / 16, up to `SolverLimits.nonFiniteRetries` times.
    /// A field that is not finite at the step's start is reported at once.
    func step(t: inout Double, limit: Double, h: inout Double, y: UnsafeMutablePointer<Double>) -> Int32 {
        let p = parts
        let t0 = t
        retryStart.update(from: y, count: dimension)
        var status = gsl_odeiv2_evolve_apply(p.e, p.c, p.s, system, &t, limit, &h, y)
        var retries = 0
        while status == GSLStatus.badFunction, retries < SolverLimits.nonFiniteRetries,
              fieldIsFinite(at: retryStart, t: t0) {
            retries += 1
            nonFiniteRetries += 1
            t = t0
            h /= 16
            y.update(from: retryStart, count: dimension)
            gsl_odeiv2_driver_reset(UnsafeMutablePointer(driver))
            status = gsl_odeiv2_evolve_apply(p.e, p.c, p.s, system, &t, limit, &h, y)
        }
        return status
    }

    /// Steps retried because a trial stage was not finite (see `step`).
    private(set) var nonFiniteRetries = 0

    private func fieldIsFinite(at y: UnsafePointer<Double>, t: Double) -> Bool {
        system.pointee.function(t, y, errorBuffer, system.pointee.params) == GSLStatus.success
    }

    /// A first step for the field at y: 1e-2 of the time over which y changes by its own
    /// tolerance-weighted size (Hairer, Norsett and Wanner's h0 = 0.01 d0 / d1), at most `cap`.
    func initialStep(at y: UnsafePointer<Double>, t: Double, cap: Double,
                     relativeTolerance: Double, absoluteTolerance: Double) -> Double {
        guard system.pointee.function(t, y, errorBuffer, system.pointee.params) == GSLStatus.success else { return cap }
        var d0 = 0.0, d1 = 0.0
        for c in 0..<dimension {
            let scale = absoluteTolerance + relativeTolerance * abs(y[c])
            d0 = max(d0, abs(y[c]) / scale)
            d1 = max(d1, abs(errorBuffer[c]) / scale)
        }
        guard d0 > 1e-5, d1 > 1e-5 else { return cap }
        return min(cap, 0.01 * d0 / d1)
    }

    /// y(t0 + tau) from y(t0) = y0 by a step of exactly tau (one-step methods) or by adaptive
    /// rk8pd steps (multistep methods, whose history is not for a different step).
    func advance(from y0: UnsafePointer<Double>, at t0: Double, by tau: Double,
                 into out: UnsafeMutablePointer<Double>) -> Int32 {
        out.update(from: y0, count: dimension)
        if let partialStepper {
            partialStepper.reset()
            var t = t0, h = tau
            while t < t0 + tau {
                let status = partialStepper.step(t: &t, limit: t0 + tau, h: &h, y: out)
                if status != GSLStatus.success { return status }
            }
            return GSLStatus.success
        }
        let p = parts
        gsl_odeiv2_step_reset(p.s)
        return gsl_odeiv2_step_apply(p.s, t0, tau, out, errorBuffer, nil, nil, system)
    }

    /// The velocity at the end of the latest `step` (when `reportsEndVelocity`).
    var endVelocity: UnsafePointer<Double> { UnsafePointer(parts.e.pointee.dydt_out) }

    /// Forgets step history (after the state or the field's pattern was changed).
    func reset() {
        gsl_odeiv2_driver_reset(UnsafeMutablePointer(driver))
    }

    /// Forgets step history; the next step takes `startVelocity` as the velocity at its start
    /// instead of evaluating the field there again (GSL's evolution copies the latest step's
    /// end velocity into the next step's start once it has stepped).
    func reset(startVelocity: UnsafePointer<Double>) {
        reset()
        guard startsFromVelocity else { return }
        let evolution = parts.e!
        evolution.pointee.dydt_out.update(from: startVelocity, count: dimension)
        evolution.pointee.count = 1
    }
}
