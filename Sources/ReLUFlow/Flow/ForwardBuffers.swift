/// Pre-activations (n x m), outputs and loss derivatives (n), output coefficients and direction
/// norms (m) of one forward pass, apart from the field's latest evaluation.
final class ForwardBuffers {
    let preactivations: UnsafeMutablePointer<Double>
    let outputs: UnsafeMutablePointer<Double>
    let lossDerivatives: UnsafeMutablePointer<Double>
    let coefficients: UnsafeMutablePointer<Double>
    let norms: UnsafeMutablePointer<Double>

    init(samples n: Int, neurons m: Int) {
        preactivations = .allocate(capacity: n * m)
        outputs = .allocate(capacity: n)
        lossDerivatives = .allocate(capacity: n)
        coefficients = .allocate(capacity: m)
        norms = .allocate(capacity: m)
    }

    deinit {
        for p in [preactivations, outputs, lossDerivatives, coefficients, norms] { p.deallocate() }
    }
}
