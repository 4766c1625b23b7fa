import Foundation

/// Checks, before anything is allocated, that arrays of a requested size fit in this machine's
/// memory: a product of counts that overflows, or that needs more than half the physical memory,
/// is refused naming the option and the memory it would need.
public enum MemoryBudget {
    /// The bytes a single command may plan to hold: half the physical memory.
    public static var limit: UInt64 { ProcessInfo.processInfo.physicalMemory / 2 }

    /// Throws unless `copies` arrays of the product of `factors` doubles fit in `limit`.
    /// - Parameters:
    ///   - factors: the counts multiplied (`("m", m), ("d", d)`); each must be >= 0.
    ///   - field: the option blamed (`--m`).
    ///   - what: what the arrays hold (`the hidden weights`).
    public static func require(_ factors: [(name: String, value: Int)], copies: Int = 1, field: String,
                               what: String) throws {
        let formula = factors.map(\.name).joined(separator: " x ")
        let values = factors.map { "\($0.value)" }.joined(separator: " x ")
        var doubles = copies
        var overflow = false
        for (_, value) in factors {
            guard value >= 0 else { return }  // negative counts are refused by their own checks
            let (product, o) = doubles.multipliedReportingOverflow(by: value)
            overflow = overflow || o
            doubles = product
        }
        let (bytes, o) = doubles.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        if overflow || o {
            throw InputError(field: field, value: values, reason:
                "\(what) (\(formula) numbers) would need more memory than any machine has (the count overflows)")
        }
        guard UInt64(bytes) <= limit else {
            throw InputError(field: field, value: values, reason:
                "\(what) (\(copies > 1 ? "\(copies) x " : "")\(formula) numbers) would need \(format(bytes)) of memory; "
                + "this machine has \(format(Int(clamping: ProcessInfo.processInfo.physicalMemory)))")
        }
    }

    /// Bytes as a short text: 6.0 GB, 512 MB, 40 kB.
    static func format(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (size, unit) in units where Double(bytes) >= size {
            return String(format: "%.1f %@", Double(bytes) / size, unit)
        }
        return "\(bytes) bytes"
    }
}

extension FlowProblem {
    /// Throws unless one integration of this problem with `options` fits in memory: the state and
    /// the solver's work vectors (about 40 copies of m (d + 1) numbers), the preactivations and
    /// patterns (a few n x m tables) and one sample of the network per sample time.
    public func requireMemory(for options: SolverOptions) throws {
        let n = data.sampleCount, m = initial.width, d = data.dimension
        try MemoryBudget.require([("m", m), ("d + 1", d + 1)], copies: 40, field: "width", what: "the solver's state vectors")
        try MemoryBudget.require([("n", n), ("m", m)], copies: 4, field: "--n and --m",
                                 what: "the preactivations <w_j, x_i> and their patterns")
        let sampleTimes = options.logSpacedSamples + options.sampleTimes.count + 2
        try MemoryBudget.require([("samples", sampleTimes), ("m", m), ("d + 5", d + 5)], field: "logSpacedSamples",
                                 what: "the network recorded at each sample time")
    }
}
