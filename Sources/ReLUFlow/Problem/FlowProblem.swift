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
    ///   or the logistic loss meets labels other than +-1, or a label's loss overflows.
    public init(data: Dataset, initial: Network, loss: Loss = .square, outputScale: Double = 1,
                lossScale: Double = 1) throws {
        guard data.dimension == initial.dimension else {
            throw InputError(field: "init dimension", value: "\(initial.dimension)",
                             reason: "the network's weights have \(initial.dimension) coordinates but the inputs have d = \(data.dimension) (with a bias, the init needs one more column)")
        }
        try InputError.requirePositive(outputScale, "alpha")
        try InputError.requirePositive(lossScale, "loss scale")
        if loss == .logistic, let bad = data.labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw InputError(field: "y of sample \(bad + 1)", value: "\(data.labels[bad])",
                             reason: "the logistic loss needs labels +1 or -1")
        }
        if let i = data.labels.indices.first(where: { !loss.value(output: 0, label: data.labels[$0]).isFinite }) {
            throw InputError(field: "y of sample \(i + 1)", value: "\(data.labels[i])",
                             reason: "the \(loss.rawValue) loss of this label overflows to infinity; rescale the labels")
        }
        self.data = data
        self.initial = initial
        self.loss = loss
        self.outputScale = outputScale
        self.lossScale = lossScale
    }
}
