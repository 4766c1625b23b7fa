import ArgumentParser
import Foundation
import ReLUFlow

struct FLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fls",
        abstract: "Test error against feature-learning strength, training stopped at a target risk.",
        discussion: """
        Logistic loss on a noisy classification task (x ~ N(0, I_d), labels sign of a k-neuron
        ReLU teacher minus its median, training labels flipped with probability --flip, clean test
        labels). Balanced init at each scale s of --scales (FLS = 1/s^2), gradient flow stopped at
        the first time the training risk reaches --eps (or run to --time with --no-stop). Prints
        per s the mean +- standard error over seeds of test and train 0-1 error, their gap, the
        effective rank of the normalised first layer, direction clusters, share of neurons aligned
        with the top cluster and the stopping time; then the located optimum.

        Example:
          reluflow fls --n 100 --d 10 --m 100 --scales 1e-3,1e-2,1e-1,1,10 --seeds 5
        """)

    @Option(help: "Training samples.") var n: Int = 100
    @Option(help: "Test samples.") var nTest: Int = 2000
    @Option(help: "Input dimension.") var d: Int = 10
    @Option(help: "Neurons.") var m: Int = 100
    @Option(help: "Neurons of the teacher.") var teacherNeurons: Int = 2
    @Option(help: "Probability of flipping a training label.") var flip: Double = 0.1
    @Option(help: "Target training risk.") var eps: Double = 0.1
    @Option(help: "Init scales s, comma-separated, increasing.") var scales: String = "1e-3,1e-2,1e-1,1,10"
    @Option(help: "Seeds 1...k (data and init).") var seeds: Int = 5
    @Option(help: "Relative tolerance.") var rtol: Double = 1e-8
    @Option(help: "End time for runs that do not reach --eps.") var time: Double = 5000
    @Flag(help: "Run to --time instead of stopping at --eps (control).") var noStop = false
    @Option(help: "Cells run at once.") var workers: Int = 2
    @Flag(help: "Print one line per finished cell on stderr.") var verbose = false

    func run() throws {
        do {
            var e = FLSExperiment()
            (e.n, e.nTest, e.d, e.m, e.teacherNeurons, e.flip) = (n, nTest, d, m, teacherNeurons, flip)
            e.eps = eps
            e.scales = try scales.split(separator: ",").map { text in
                guard let s = Double(text.trimmingCharacters(in: .whitespaces)), s.isFinite, s > 0 else {
                    throw InputError(field: "--scales", value: String(text), reason: "each scale must be a number > 0")
                }
                return s
            }
            guard e.scales.count >= 3, zip(e.scales, e.scales.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw InputError(field: "--scales", value: scales, reason: "give at least 3 increasing scales")
            }
            (e.seeds, e.relativeTolerance, e.endTime, e.stops, e.workers) = (seeds, rtol, time, !noStop, workers)
            if verbose { e.progress = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } }
            let rows = try e.run()
            print("n=\(n) n_test=\(nTest) d=\(d) m=\(m) teacher_neurons=\(teacherNeurons) flip=\(flip) "
                  + (noStop ? "no stop, T=\(time)" : "eps=\(eps)") + " seeds=\(seeds) rtol=\(rtol)")
            print(FLSReport.table(rows))
            print(FLSReport.optimumLine(rows))
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        }
    }
}
