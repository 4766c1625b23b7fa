import ArgumentParser
import Foundation
import ReLUFlow

struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Print the extremal directions of the early-phase objective G of a data set.",
        usage: "reluflow align [<problem options>] [--starts <k>]",
        discussion: """
        G(u) = (1/n) sum_i y_i relu(<u, x_i>) on the unit sphere. \
        While the output is ~0 (small initialization), a neuron with a_j > 0 climbs G and one with \
        a_j < 0 descends it; they align with the stationary points u = s D(u)/||D(u)||. \
        This finds them by projected ascent and descent from --starts random directions, merges end \
        points closer than 1e-3 rad, and prints each with its G value and the share of starts that \
        ended there.

        Examples:
          reluflow align --data D.csv
          reluflow align --n 3 --d 1 --bias --teacher orthogonal --starts 1000
        """)

    @OptionGroup(title: "Problem") var problem: ProblemOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Random starting directions for each sign.", valueName: "k"))
    var starts: Int = 200

    func validate() throws {
        guard starts > 0 else { throw ValidationError("--starts = \(starts): must be a whole number > 0") }
    }

    func run() throws {
        let data = try problem.makeData()
        let objective = EarlyPhaseObjective(data: data)
        print("n=\(data.sampleCount) d=\(data.dimension) starts=\(starts) seed=\(problem.seed) "
              + "C=(1/n)sum|y_i||x_i|=\(formatNumber(objective.correlationBound))")
        let line = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
        let start = Date()
        var lastDraw = 0.0
        let extremal = objective.extremalDirections(starts: starts, seed: problem.seed) { done, total in
            let elapsed = Date().timeIntervalSince(start)
            guard elapsed - lastDraw >= 0.5 || done == total, elapsed >= 1 else { return }
            lastDraw = elapsed
            line.show(text: "climbs \(done)/\(total)  elapsed \(ProgressLine.clock(elapsed))  ETA "
                      + ProgressLine.clock(elapsed * Double(total - done) / Double(done)))
        }
        line.finish()
        print(AlignmentReport.extremalTable(extremal))
    }
}
