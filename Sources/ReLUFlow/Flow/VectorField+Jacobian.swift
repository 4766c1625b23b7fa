extension VectorField {
    /// Forward-difference Jacobian of the field on the current pattern (row-major dfdy[i * P + j]
    /// = d f_i / d y_j) and dfdt = 0 (the flow is autonomous). P + 1 evaluations: for the
    /// implicit steppers on small problems.
    func finiteDifferenceJacobian(_ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
                                  _ dfdt: UnsafeMutablePointer<Double>) -> Bool {
        let size = stateSize
        let base = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let shifted = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let point = UnsafeMutablePointer<Double>.allocate(capacity: size)
        defer { base.deallocate(); shifted.deallocate(); point.deallocate() }
        guard evaluate(y, base) else { return false }
        point.update(from: y, count: size)
        for c in 0..<size {
            let step = (Double.ulpOfOne.squareRoot()) * max(abs(y[c]), 1e-8)
            point[c] = y[c] + step
            guard evaluate(point, shifted) else { return false }
            for r in 0..<size { dfdy[r * size + c] = (shifted[r] - base[r]) / step }
            point[c] = y[c]
        }
        for r in 0..<size { dfdt[r] = 0 }
        return true
    }
}
