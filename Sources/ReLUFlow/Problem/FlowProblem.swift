/// A gradient-flow problem: data, initial network, loss and output scale alpha, for the model
/// f(x) = alpha * sum_j a_j relu(<w_j, x>) with relu'(0) = 0.
public struct FlowProblem: Sendable {
    public var data: Dataset
    public var initial: Network
    public var loss: Loss
    /// alpha in f = alpha * sum_j a_j relu(<w_j, x>).
    public var outputScale: Double

    /// - Throws: when the data and network dimensions differ, or alpha is not finite and > 0,
    ///   or the logistic loss meets labels other than +-1.
    public init(data: Dataset, initial: Network, loss: Loss = .square, outputScale: Double = 1) throws {
        guard data.dimension == initial.dimension else {
            throw InputError(field: "init dimension", value: "\(initial.dimension)",
                             reason: "the network's weights have \(initial.dimension) coordinates but the inputs have d = \(data.dimension) (with a bias, the init needs one more column)")
        }
        try InputError.requirePositive(outputScale, "alpha (output scale)")
        if loss == .logistic, let bad = data.labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw InputError(field: "y of sample \(bad + 1)", value: "\(data.labels[bad])",
                             reason: "the logistic loss needs labels +1 or -1")
        }
        self.data = data
        self.initial = initial
        self.loss = loss
        self.outputScale = outputScale
    }
}
