import CGSL

/// Integrates a smooth autonomous ODE y' = field(y) with GSL's adaptive rk8pd driver
/// (step control D = atol + rtol |y|), for the linear-model flows, whose fields have no switches.
struct SmoothODE {
    typealias Field = (_ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>) -> Void

    private final class Box {
        let field: Field
        init(_ field: @escaping Field) { self.field = field }
    }

    let dimension: Int
    let relativeTolerance: Double
    let absoluteTolerance: Double
    let field: Field

    /// y at each of `times` (ascending, >= 0), starting from y(0) = y0.
    /// - Throws: `SolverError` when GSL fails or the state stops being finite.
    func solve(from y0: [Double], at times: [Double]) throws -> [[Double]] {
        gsl_set_error_handler_off()
        let box = Unmanaged.passRetained(Box(field))
        defer { box.release() }
        var system = gsl_odeiv2_system(
            function: { _, y, dydt, params in
                Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().field(y!, dydt!)
                return GSLStatus.success
            },
            jacobian: nil, dimension: dimension, params: box.toOpaque())
        let driver = gsl_odeiv2_driver_alloc_y_new(&system, reluflow_step_rk8pd(), 1e-3, absoluteTolerance,
                                                    relativeTolerance)!
        defer { gsl_odeiv2_driver_free(driver) }
        var y = y0, t = 0.0
        var out: [[Double]] = []
        for target in times {
            if target > t {
                let status = y.withUnsafeMutableBufferPointer { gsl_odeiv2_driver_apply(driver, &t, target, $0.baseAddress!) }
                guard status == GSLStatus.success, y.allSatisfy(\.isFinite) else {
                    throw SolverError(time: t, reason: "the linear-model flow failed (GSL status \(status))")
                }
            }
            out.append(y)
        }
        return out
    }
}
