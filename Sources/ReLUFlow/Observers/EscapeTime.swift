/// The end of the early phase: the first time the loss has fallen by `fraction` of L(0), linearly
/// interpolated between samples (nil when it never does).
public func escapeTime(_ samples: [Sample], fraction: Double = 0.01) -> Double? {
    guard let first = samples.first else { return nil }
    let target = (1 - fraction) * first.loss
    for (a, b) in zip(samples, samples.dropFirst()) where b.loss <= target {
        return a.time + (b.time - a.time) * (a.loss - target) / (a.loss - b.loss)
    }
    return nil
}
