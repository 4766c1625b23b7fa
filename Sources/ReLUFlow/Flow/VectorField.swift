import CFieldKernels
import Foundation

/// The gradient-flow vector field of f(x) = alpha sum_j a_j relu(<w_j, x>) on a fixed activation
/// pattern, in either parametrisation. On a fixed pattern the field is smooth (the active side
/// uses <w_j, x_i> itself, not relu of it, so it extends smoothly across the surface), which is
/// what the stepper and the event location need.
///
/// For a sliding pair the weight theta_l in [0, 1] of sample l is the one that keeps the neuron
/// on all its sliding surfaces: with z_l = theta_l l'(f_l, y_l), the conditions <D_j, x_k> = 0,
/// k in S_j, read K_SS z = -sum_{i active} l'_i K_{S,i} (K the Gram matrix of the inputs, of
/// which only the entries K_ab = <x_a, x_b> that a sliding set needs are formed: memory stays
/// O(nm + nd) however many samples there are).
final class VectorField {
    let samples: Int, dimension: Int, neurons: Int
    let outputScale: Double
    /// c * alpha: the factor of the gradient (theta' = -c grad L(alpha g)).
    let gradientScale: Double
    /// c: the loss scale (dL/dt = -||theta'||^2 / c along the flow).
    let lossScale: Double
    let loss: Loss
    let parametrisation: Parametrisation
    /// s_j = sign(a_j), fixed in the log-norm formulation.
    let signs: [Double]
    let inputs: UnsafeMutablePointer<Double>
    /// X^T (d x n), for <v, x_i> over every sample in one pass (`inputProducts`).
    private let transposedInputs: UnsafeMutablePointer<Double>
    /// Scratch for n such products.
    let sampleProducts: UnsafeMutablePointer<Double>
    let labels: [Double]
    let inputNorms: [Double]

    var pattern: ActivationPattern
    /// Cholesky factors of K_SS for each neuron's sliding set (nil when it slides on nothing).
    private(set) var slidingFactors: [[Double]?]
    /// |K_SS^-1| (k x k, entry q * k + c) for each neuron's sliding set, with its factor.
    private(set) var slidingInverseMagnitudes: [[Double]?]

    // Results of the latest evaluation.
    /// Pre-activations H = X V^T (n x m, index i * m + j).
    let preactivations: UnsafeMutablePointer<Double>
    /// Outputs f_i and loss derivatives l'(f_i, y_i).
    let outputs: UnsafeMutablePointer<Double>
    let lossDerivatives: UnsafeMutablePointer<Double>
    /// E = pattern weights times l' (n x m), with z_l = theta_l l'_l at sliding entries, for the
    /// BLAS path only (the row kernels sum E's rows as they form them): allocated on first use.
    private var blasWeightedDerivatives: UnsafeMutablePointer<Double>?
    /// z_l = theta_l l'_l for each sample l of each neuron's sliding set, at the latest evaluation.
    private(set) var slidingDerivatives: [[(sample: Int, z: Double)]]
    /// D_j (m x d).
    let descent: UnsafeMutablePointer<Double>
    /// Scratch in the row kernels' layout (d x m): V^T (or a velocity's, for the pre-activation
    /// rates) and D^T.
    let transposedWeights: UnsafeMutablePointer<Double>
    private let transposedDescent: UnsafeMutablePointer<Double>
    /// Whether the products run in the row kernels (`CFieldKernels`): at small d
    /// (<= `rowKernelLargestDimension`) while V^T and D^T, read for every row, stay in the cache
    /// (d m <= `rowKernelEntries`); else BLAS. Settable, so that both paths can be compared.
    var usesRowKernels: Bool
    /// Largest d for the row kernels: `reluflow bench --parts field` timed them at 1.19 times the
    /// speed of BLAS for d = 5 and 1.07 for d = 8 (n = m = 200), 0.87 for d = 10 (n = m = 100).
    static let rowKernelLargestDimension = 7
    /// Largest d m for the row kernels: V^T and D^T, 2 d m doubles (512 KB), are read for every row.
    static let rowKernelEntries = 32_768
    /// How the passes over the n x m pair arrays are shared among threads (one thread unless set).
    var partition = PairPartition(threads: 1, pairs: 0) {
        didSet { partialSums?.deallocate(); partialSums = nil }
    }
    /// Scratch for the partial sums of `forwardAndBackward` beyond the first (allocated on first use).
    private var partialSums: UnsafeMutablePointer<Double>?
    /// o_j of the forward pass (a_j, or s_j exp(2 rho_j) / ||u_j|| in log-norm).
    let outputCoefficients: UnsafeMutablePointer<Double>
    private let secondScalars: UnsafeMutablePointer<Double>
    /// ||u_j|| at the latest evaluation (log-norm only).
    let directionNorms: UnsafeMutablePointer<Double>
    /// Rounding levels of l'(f_i, y_i), valid for evaluation number `derivativeRoundingEvaluation`
    /// (see `derivativeRoundingLevels`), and per sliding neuron those of its z_l.
    let derivativeRounding: UnsafeMutablePointer<Double>
    var derivativeRoundingEvaluation = -1
    var slidingRoundingCache: [[Double]?]
    /// |<x_a, x_i>| for every sample i, per sample a that has slid (formed on first use, kept only
    /// while n <= `gramRowSamples`).
    var absoluteGramRows: [UnsafeMutablePointer<Double>?]
    /// Largest n for which `absoluteGramRows` are kept: at most n^2 doubles (8 MB).
    static let gramRowSamples = 1024

    /// Field evaluations so far.
    var evaluations = 0
    /// Box least-squares solves (Filippov weights at events) that hit their sweep limit.
    var unconvergedBoxSolves = 0
    /// Why the latest evaluation failed, if it did.
    var failure: String?

    var stateSize: Int { neurons * dimension + neurons }

    init(problem: FlowProblem, parametrisation: Parametrisation, signs: [Double]) {
        let data = problem.data
        samples = data.sampleCount
        dimension = data.dimension
        neurons = problem.initial.width
        outputScale = problem.outputScale
        gradientScale = problem.outputScale * problem.lossScale
        lossScale = problem.lossScale
        loss = problem.loss
        self.parametrisation = parametrisation
        self.signs = signs
        labels = data.labels
        let n = data.sampleCount, d = data.dimension
        let x = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
        x.initialize(from: data.inputs.storage, count: n * d)
        inputs = x
        transposedInputs = .allocate(capacity: n * d)
        sampleProducts = .allocate(capacity: n)
        for i in 0..<n {
            for k in 0..<d { transposedInputs[k * n + i] = x[i * d + k] }
        }
        inputNorms = (0..<samples).map { euclideanNorm(data.inputs.row($0)) }
        pattern = ActivationPattern(samples: samples, neurons: neurons)
        slidingFactors = Array(repeating: nil, count: neurons)
        slidingInverseMagnitudes = Array(repeating: nil, count: neurons)
        slidingRoundingCache = Array(repeating: nil, count: neurons)
        absoluteGramRows = Array(repeating: nil, count: samples <= Self.gramRowSamples ? samples : 0)
        slidingDerivatives = Array(repeating: [], count: neurons)
        preactivations = .allocate(capacity: samples * neurons)
        outputs = .allocate(capacity: samples)
        lossDerivatives = .allocate(capacity: samples)
        descent = .allocate(capacity: neurons * dimension)
        transposedWeights = .allocate(capacity: neurons * dimension)
        transposedDescent = .allocate(capacity: neurons * dimension)
        usesRowKernels = dimension <= VectorField.rowKernelLargestDimension
            && neurons * dimension <= VectorField.rowKernelEntries
        outputCoefficients = .allocate(capacity: neurons)
        secondScalars = .allocate(capacity: neurons)
        directionNorms = .allocate(capacity: neurons)
        directionNorms.initialize(repeating: 1, count: neurons)
        derivativeRounding = .allocate(capacity: samples)
    }

    deinit {
        blasWeightedDerivatives?.deallocate()
        partialSums?.deallocate()
        for p in [inputs, transposedInputs, sampleProducts, preactivations, outputs, lossDerivatives, descent,
                  transposedWeights, transposedDescent, outputCoefficients, secondScalars, directionNorms,
                  derivativeRounding] { p.deallocate() }
        for row in absoluteGramRows { row?.deallocate() }
    }

    /// Refactors the Gram block of neuron j's sliding set after the set changed, and drops its
    /// sliding weights, which belonged to the old set (the next solve forms them on the new one).
    /// - Returns: false when the sliding surfaces are linearly dependent.
    func refactorSliding(_ j: Int) -> Bool {
        derivativeRoundingEvaluation = -1
        slidingDerivatives[j] = []
        let set = pattern.sliding[j]
        guard !set.isEmpty else { (slidingFactors[j], slidingInverseMagnitudes[j]) = (nil, nil); return true }
        let k = set.count
        var block = [Double](repeating: 0, count: k * k)
        for (r, a) in set.enumerated() { for (c, b) in set.enumerated() { block[r * k + c] = inputProduct(a, b) } }
        guard let factor = choleskyFactor(block, size: k) else { return false }
        slidingFactors[j] = factor
        var inverse = [Double](repeating: 0, count: k * k)
        for c in 0..<k {
            var column = [Double](repeating: 0, count: k)
            column[c] = 1
            choleskySolve(factor, size: k, &column)
            for q in 0..<k { inverse[q * k + c] = abs(column[q]) }
        }
        slidingInverseMagnitudes[j] = inverse
        return true
    }

    /// The velocity factor kappa_j: d<v_j, x_i>/dt = kappa_j <D_j, x_i> on a surface of neuron j.
    func velocityFactor(_ j: Int, state y: UnsafePointer<Double>) -> Double {
        switch parametrisation {
        case .weights: y[neurons * dimension + j]
        case .logNorm: signs[j] * euclideanNorm(UnsafeBufferPointer(start: y + j * dimension, count: dimension))
        }
    }

    /// Evaluates the field at `y` into `dydt`. Without `dydt` only what the events and the mode
    /// decisions read is computed: pre-activations, outputs, loss derivatives and the sliding
    /// weights (not D, unless the sliding weights need its columns). Returns false (with `failure`
    /// set) on a non-finite value.
    @discardableResult
    func evaluate(_ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>?) -> Bool {
        evaluations += 1
        let n = samples, d = dimension, m = neurons
        let tail = y + m * d
        let slidingNeurons = (0..<m).filter { !pattern.sliding[$0].isEmpty }
        // da_j = sum_i l'_i A_ij H_ij (weights formulation), scaled below.
        let outputDescent = dydt != nil && parametrisation == .weights ? dydt! + m * d : nil
        if usesRowKernels, dydt != nil || !slidingNeurons.isEmpty {
            // D^T = X^T (A l') with the outputs: its columns are also the sliding neurons' sums.
            guard forwardAndBackward(y, outputDescent: outputDescent) else { return false }
        } else {
            guard computeOutputs(y) else { return false }
            for i in 0..<n { lossDerivatives[i] = loss.derivative(output: outputs[i], label: labels[i]) }
        }
        let scale = -gradientScale / Double(n)
        if usesRowKernels {
            for j in slidingNeurons {
                solveSliding(j, activeSum: (0..<d).map { transposedDescent[$0 * m + j] })
            }
            if dydt != nil {
                // D = -(c alpha / n) (X^T E)^T, the sliding entries of E added.
                for j in 0..<m {
                    for k in 0..<d { descent[j * d + k] = scale * transposedDescent[k * m + j] }
                }
                for j in slidingNeurons {
                    for (l, z) in slidingDerivatives[j] {
                        let x = inputs + l * d
                        for k in 0..<d { descent[j * d + k] += scale * z * x[k] }
                    }
                }
            }
        } else {
            let weightedDerivatives = blasWeightedDerivatives ?? .allocate(capacity: n * m)
            blasWeightedDerivatives = weightedDerivatives
            outputDescent?.initialize(repeating: 0, count: m)
            pattern.active.withUnsafeBufferPointer { act in
                partition.forEachBlock(of: m, alignment: 8) { columns in
                    let j = columns.lowerBound
                    rf_backward(n, columns.count, m, d, inputs, act.baseAddress! + j, lossDerivatives,
                                preactivations + j, weightedDerivatives + j, nil, outputDescent.map { $0 + j })
                }
            }
            if !slidingNeurons.isEmpty {
                let sums = columnCombinations(weightedDerivatives, columns: slidingNeurons)
                for (c, j) in slidingNeurons.enumerated() {
                    solveSliding(j, activeSum: sums[c])
                    for (l, z) in slidingDerivatives[j] { weightedDerivatives[l * m + j] = z }
                }
            }
            if dydt != nil {
                BLAS.gemm(transposeA: true, transposeB: false, rows: m, cols: d, inner: n, alpha: scale,
                          weightedDerivatives, lda: m, inputs, ldb: d, beta: 0, descent, ldc: d)
            }
        }
        guard let dydt else { return true }
        switch parametrisation {
        case .weights:
            // da_j = -(c alpha/n) sum_i l'_i A_ij H_ij
            for j in 0..<m {
                let a = tail[j]
                for k in 0..<d { dydt[j * d + k] = a * descent[j * d + k] }
                dydt[m * d + j] *= scale
            }
        case .logNorm:
            // Homogeneous of degree 1 in u_j and tangent to the sphere of radius r_j = ||u_j||:
            // u_j / r_j follows the flow exactly whatever r_j, which the exact flow conserves.
            for j in 0..<m {
                var p = 0.0
                for k in 0..<d { p += descent[j * d + k] * y[j * d + k] }
                let s = signs[j], r = directionNorms[j]
                for k in 0..<d { dydt[j * d + k] = s * (r * descent[j * d + k] - p / r * y[j * d + k]) }
                dydt[m * d + j] = s * p / r
            }
        }
        for c in 0..<stateSize where !dydt[c].isFinite {
            failure = "the velocity of state component \(c + 1) (\(componentName(c))) is \(dydt[c])"
            return false
        }
        return true
    }

    /// The forward pass at `y`: pre-activations H = X V^T and the outputs
    /// f = alpha (A o H) o (o_j = a_j, or s_j exp(2 rho_j) / ||u_j|| in log-norm), nothing else.
    /// Returns false (with `failure` set) on a non-finite output.
    func computeOutputs(_ y: UnsafePointer<Double>) -> Bool {
        prepareForward(y)
        forward(weights: usesRowKernels ? transposedWeights : nil, coefficients: outputCoefficients,
                preactivations: preactivations, into: outputs)
        return outputsAreFinite()
    }

    /// What the forward pass at y reads: the coefficients o_j, and V^T for the row kernels (else
    /// H = X V^T by BLAS).
    private func prepareForward(_ y: UnsafePointer<Double>) {
        let n = samples, d = dimension, m = neurons
        let tail = y + m * d
        switch parametrisation {
        case .weights:
            for j in 0..<m { outputCoefficients[j] = tail[j] }
        case .logNorm:
            for j in 0..<m {
                directionNorms[j] = euclideanNorm(UnsafeBufferPointer(start: y + j * d, count: d))
                outputCoefficients[j] = signs[j] * exp(2 * tail[j]) / directionNorms[j]
            }
        }
        if usesRowKernels {
            transpose(y, into: transposedWeights)
        } else {
            BLAS.gemm(transposeA: false, transposeB: true, rows: n, cols: m, inner: d, alpha: 1, inputs, lda: d,
                      y, ldb: d, beta: 0, preactivations, ldc: m)
        }
    }

    /// Whether every output is finite (else `failure` names the first that is not).
    private func outputsAreFinite() -> Bool {
        for i in 0..<samples where !outputs[i].isFinite {
            failure = "the output f(x_\(i + 1)) = \(outputs[i]) is not finite"
            return false
        }
        return true
    }

    /// The forward pass, the loss derivatives and the backward pass of the row kernels in one
    /// sweep: each block of `cachedPairs` pairs is formed (H, f), its l'(f_i, y_i) taken and added
    /// into D^T = X^T (A l') and da_j = sum_i l'_i A_ij H_ij while it is in the cache. The sums over
    /// the samples are formed in `partition.partials` partial sums over consecutive samples, added
    /// in their order. Returns false (with `failure` set) on a non-finite output.
    private func forwardAndBackward(_ y: UnsafePointer<Double>, outputDescent: UnsafeMutablePointer<Double>?) -> Bool {
        prepareForward(y)
        let n = samples, m = neurons, d = dimension, partials = partition.partials
        let sums = partialSums ?? .allocate(capacity: (partials - 1) * (d * m + m))
        partialSums = sums
        let chunk = max(1, Self.cachedPairs / m)
        pattern.active.withUnsafeBufferPointer { act in
            let mask = act.baseAddress!
            partition.forEachBlock(of: partials) { block in
                for b in block {
                    let dt = b == 0 ? transposedDescent : sums + (b - 1) * (d * m + m)
                    let da = b == 0 ? outputDescent : outputDescent.map { _ in dt + d * m }
                    dt.initialize(repeating: 0, count: d * m)
                    da?.initialize(repeating: 0, count: m)
                    var i = n * b / partials
                    let end = n * (b + 1) / partials
                    while i < end {
                        let rows = min(chunk, end - i)
                        rf_outputs(rows, m, d, inputs + i * d, transposedWeights, mask + i * m, outputCoefficients,
                                   outputScale, preactivations + i * m, outputs + i)
                        for r in i..<(i + rows) { lossDerivatives[r] = loss.derivative(output: outputs[r], label: labels[r]) }
                        rf_backward(rows, m, m, d, inputs + i * d, mask + i * m, lossDerivatives + i,
                                    preactivations + i * m, nil, dt, da)
                        i += rows
                    }
                }
            }
        }
        for b in 1..<partials {
            let dt = sums + (b - 1) * (d * m + m)
            for p in 0..<(d * m) { transposedDescent[p] += dt[p] }
            if let outputDescent { for j in 0..<m { outputDescent[j] += dt[d * m + j] } }
        }
        return outputsAreFinite()
    }

    /// Pairs per block of `forwardAndBackward`: the block's rows of H and of the mask (512 KB)
    /// stay in a core's L2 cache between the forward and the backward pass.
    static let cachedPairs = 32_768

    /// f_i = alpha sum_j A_ij H_ij o_j for every sample (`rf_outputs`, in blocks of rows), with
    /// H = X V^T formed first into `preactivations` when `weights` (V^T, d x m) is given.
    func forward(weights: UnsafePointer<Double>?, coefficients: UnsafePointer<Double>,
                 preactivations h: UnsafeMutablePointer<Double>, into f: UnsafeMutablePointer<Double>) {
        let m = neurons, d = dimension
        pattern.active.withUnsafeBufferPointer { act in
            partition.forEachBlock(of: samples) { rows in
                let i = rows.lowerBound
                rf_outputs(rows.count, m, d, inputs + i * d, weights, act.baseAddress! + i * m, coefficients,
                           outputScale, h + i * m, f + i)
            }
        }
    }

    /// The m x d block at the start of `rows` (v_j, one row each), transposed into `columns` (d x m).
    func transpose(_ rows: UnsafePointer<Double>, into columns: UnsafeMutablePointer<Double>) {
        let d = dimension, m = neurons
        for j in 0..<m {
            for k in 0..<d { columns[k * m + j] = rows[j * d + k] }
        }
    }

    /// Neuron j's sliding weights z = theta * l' (into `slidingDerivatives`), given `activeSum`,
    /// the d-vector sum_i A_ij l'_i x_i over its active pairs.
    func solveSliding(_ j: Int, activeSum: [Double]) {
        slidingDerivatives[j] = slidingSolution(j, activeSum: activeSum)
    }

    /// z_l for neuron j's sliding set from sum_i A_ij l'_i x_i: K_SS z = -(<that sum, x_l>)_l.
    func slidingSolution(_ j: Int, activeSum: [Double]) -> [(sample: Int, z: Double)] {
        let set = pattern.sliding[j]
        guard let factor = slidingFactors[j] else { return [] }
        var rhs = set.map { l in -inputProduct(activeSum, l) }
        choleskySolve(factor, size: set.count, &rhs)
        return zip(set, rhs).map { (sample: $0, z: $1) }
    }

    /// z_l of sliding pair (l, j) at the latest evaluation (0 when l is not in its sliding set).
    func slidingDerivative(_ l: Int, _ j: Int) -> Double {
        slidingDerivatives[j].first { $0.sample == l }?.z ?? 0
    }

    /// <x_a, x_b>.
    func inputProduct(_ a: Int, _ b: Int) -> Double {
        let d = dimension, xa = inputs + a * d, xb = inputs + b * d
        var s = 0.0
        for k in 0..<d { s += xa[k] * xb[k] }
        return s
    }

    /// <v, x_l> for a d-vector v.
    func inputProduct(_ v: [Double], _ l: Int) -> Double {
        v.withUnsafeBufferPointer { inputProduct($0.baseAddress!, l) }
    }

    /// <v, x_i> for every sample i, into `out` (n values).
    func inputProducts(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        rf_input_products(samples, dimension, transposedInputs, v, out)
    }

    /// <v, x_l> for the d-vector at `v` (a row of a state or a velocity).
    func inputProduct(_ v: UnsafePointer<Double>, _ l: Int) -> Double {
        let x = inputs + l * dimension
        var s = 0.0
        for k in 0..<dimension { s += v[k] * x[k] }
        return s
    }

    /// For each listed column j of the n x m matrix `matrix`, the d-vector sum_i w_i M_ij x_i
    /// (w_i = 1 without `weights`): one pass over the rows (`rf_column_combinations`), whatever
    /// the number of columns, each product rounded and added in the order of i (no fused
    /// multiply-add), so that every column's sum has the same bits however many are formed.
    func columnCombinations(_ matrix: UnsafePointer<Double>, weights: UnsafePointer<Double>? = nil,
                            columns: [Int]) -> [[Double]] {
        let d = dimension
        var sums = [Double](repeating: 0, count: columns.count * d)
        sums.withUnsafeMutableBufferPointer { out in
            columns.withUnsafeBufferPointer { cols in
                rf_column_combinations(samples, neurons, d, inputs, matrix, weights, cols.baseAddress, cols.count,
                                       out.baseAddress!)
            }
        }
        return (0..<columns.count).map { c in Array(sums[(c * d)..<((c + 1) * d)]) }
    }

    /// theta of sliding pair (l, j) at the latest evaluation (infinite when l' = 0 and z != 0).
    func slidingWeight(_ l: Int, _ j: Int) -> Double {
        let z = slidingDerivative(l, j), g = lossDerivatives[l]
        return g == 0 ? (z == 0 ? 0 : .infinity) : z / g
    }

    /// The sliding-exit functions of pair (l, j) at the latest evaluation, without their rounding
    /// levels: L = s (z + eps g) and U = s ((1 + eps) g - z), with s = `attractionSign(j)` and
    /// eps = `slidingAllowance`. The pair slides while its surface attracts (s g > 0) and
    /// theta = z / g is in [0, 1] (to eps); both hold exactly when L >= 0 and U >= 0, and
    /// L + U = (1 + 2 eps) s g. So an exit through theta = 0 or 1 is a simple root of L or U, and
    /// so is the loss of attraction where l'_l = g passes through 0: sliding does not go on along a
    /// repelling surface, where theta stays in [0, 1] (its numerator z and denominator g vanish
    /// together there) and which a mode decision never enters.
    func slidingBounds(_ l: Int, _ j: Int) -> (lower: Double, upper: Double) {
        let z = slidingDerivative(l, j), g = lossDerivatives[l], s = attractionSign(j), eps = Self.slidingAllowance
        return (s * (z + eps * g), s * ((1 + eps) * g - z))
    }

    /// The sign s_j of neuron j's velocity factor (`velocityFactor`): that of a_j at the latest
    /// evaluation, or the neuron's sign in the log-norm formulation. Surface l attracts the neuron
    /// where s_j l'_l > 0, as the mode decisions read it.
    func attractionSign(_ j: Int) -> Double {
        switch parametrisation {
        case .weights: outputCoefficients[j] < 0 ? -1 : 1
        case .logNorm: signs[j]
        }
    }

    /// A name for state component c, for error messages.
    func componentName(_ c: Int) -> String {
        let md = neurons * dimension
        if c < md {
            let what = parametrisation == .weights ? "w" : "u"
            return "\(what)\(c % dimension + 1) of neuron \(c / dimension + 1)"
        }
        return (parametrisation == .weights ? "a" : "rho") + " of neuron \(c - md + 1)"
    }
}
