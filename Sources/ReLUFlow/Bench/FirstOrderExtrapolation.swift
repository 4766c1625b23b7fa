import Foundation

/// How small a step a first-order method (gradient descent) needs for a given accuracy, from
/// its errors at a few steps: error(h) ~ C h, C taken from the smallest measured step.
public struct FirstOrderExtrapolation: Sendable, Equatable {
    /// The step at which the error would be the target.
    public var step: Double
    /// The wall seconds at that step: the smallest step's wall time scaled by the step ratio
    /// (the cost of a run is proportional to its number of steps).
    public var wallSeconds: Double
    /// log2(error(h) / error(h/2)) for each pair of consecutive measured steps that halve
    /// (1 at first order), so a reader sees whether the assumption holds.
    public var observedOrders: [Double]

    /// - Parameter runs: (step, error, wall seconds) of each run, any order; errors must be > 0.
    /// - Returns: nil with fewer than one usable run or a target that is not > 0.
    public init?(runs: [(step: Double, error: Double, wallSeconds: Double)], target: Double) {
        let usable = runs.filter { $0.step > 0 && $0.error > 0 && $0.error.isFinite }.sorted { $0.step > $1.step }
        guard let finest = usable.last, target > 0 else { return nil }
        step = target / (finest.error / finest.step)
        wallSeconds = finest.wallSeconds * finest.step / step
        observedOrders = zip(usable, usable.dropFirst()).compactMap { coarse, fine in
            abs(coarse.step / fine.step - 2) < 1e-9 ? log2(coarse.error / fine.error) : nil
        }
    }
}
