/// A gradient-flow problem: data, initial network, loss, output scale alpha and loss scale c, for
/// the model f(x) = alpha * sum_j a_j relu(<w_j, x>) with relu'(0) = 0, trained by the flow
/// theta' = -c grad L(f). The lazy-training convention (model alpha g trained on L(alpha g) / alpha^2)
/// is c = 1 / alpha^2; `FlowProblem(data:initial:loss:scaling:)` builds it.
public struct FlowProblem: Sendable {
    public var data: Dataset
    public var initial: Network
    public var loss: Loss
    /// alpha in f = alpha * sum_j a_j relu(<w_j, x>).
    public var outputScale: Double
    /// c in theta' = -c grad L: a constant time change of the flow (time t here is time c t
    /// of the flow on L itself).
    public var lossScale: Double

    /// - Throws: when the data and network dimensions differ, or alpha or c is not finite and > 0,
    ///   or the logistic loss meets labels other than +-1, or the initial loss is not finite.
    public init(data: Dataset, initial: Network, loss: Loss = .square, outputScale: Double = 1,
                lossScale: Double = 1) throws {
        guard data.dimension == initial.dimension else {
            throw InputError(field: "init dimension", value: "\(initial.dimension)",
                             reason: "the network's weights have \(initial.dimension) coordinates but the inputs have d = \(data.dimension) (with a bias, the init needs one more column)")
        }
        try InputError.requirePositive(outputScale, "alpha (output scale)")
        try InputError.requirePositive(lossScale, "loss scale")
        if loss == .logistic, let bad = data.labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw InputError(field: "y of sample \(bad + 1)", value: "\(data.labels[bad])",
                             reason: "the logistic loss needs labels +1 or -1")
        }
        let initialLoss = initial.loss(on: data, loss: loss, outputScale: outputScale)
        guard initialLoss.isFinite else {
            let (i, y) = data.labels.enumerated().max { abs($0.element) < abs($1.element) }!
            throw InputError(field: "initial loss", value: "\(initialLoss)", reason: """
                is not a finite number: the data or the network hold values too large for doubles \
                (largest |y| = \(abs(y)) at sample \(i + 1)); rescale them
                """)
        }
        self.data = data
        self.initial = initial
        self.loss = loss
        self.outputScale = outputScale
        self.lossScale = lossScale
    }
}
