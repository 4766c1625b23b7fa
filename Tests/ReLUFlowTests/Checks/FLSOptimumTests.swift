import Foundation
import Testing
@testable import ReLUFlow

/// The pieces of the fls-optimum check, against closed forms, and its quick run.
@Suite struct FLSOptimumTests {
    /// A row of one cell per (test error, effective rank) pair; other measures 0.
    static func row(_ s: Double, error: [Double], rank: [Double]? = nil) -> FLSExperiment.Row {
        let rank = rank ?? error.map { _ in 1 }
        let cells = zip(error, rank).map { e, r in
            try! FLSCellMeasures(fields: ["\(e)", "0", "\(e)", "\(r)", "1", "0", "1", "1", "0", "0", "0", "1", "1", "0"])
        }
        return FLSExperiment.Row(scale: s, cells: cells)
    }

    /// Mean and standard error of {1, 2, 3, 6}: 3 and sqrt(14/3 / 4).
    @Test func estimate() {
        let e = FLSExperiment.Estimate([1, 2, 3, 6])
        #expect(e.mean == 3)
        #expect(abs(e.standardError - (14.0 / 3 / 4).squareRoot()) <= 1e-15)
    }

    /// Errors 0.3 - 0.1 q + 0.02 q^2 in q = log s (a parabola): the interpolated optimum is its
    /// vertex q* = 2.5 and the margins are the differences over sqrt(2) s.e.
    @Test func optimumIsTheParabolaVertex() {
        func err(_ q: Double) -> Double { 0.3 - 0.1 * q + 0.02 * q * q }
        let rows = [0.0, 1, 2, 3, 4, 5].map { q in Self.row(exp(q), error: [err(q) - 0.01, err(q) + 0.01]) }
        let o = FLSExperiment.optimum(rows)
        #expect(o.index == 2 || o.index == 3)
        #expect(abs(log(o.scale) - 2.5) <= 1e-12)
        let se = 0.01 * 2.0.squareRoot()
        #expect(abs(o.marginToSmallest - (err(0) - err(Double(o.index))) / se) <= 1e-9)
        #expect(FLSOptimumCheck.hasInteriorOptimum(rows))
        // The minimum at an end is not interior.
        let monotone = [0.0, 1, 2].map { q in Self.row(exp(q), error: [q - 0.01, q + 0.01]) }
        #expect(!FLSOptimumCheck.hasInteriorOptimum(monotone))
    }

    /// Paired margins: seeds of spread 0.2 whose end errors sit 0.01, 0.012, 0.008 above the best
    /// one's: unpaired the ends are within noise (margin < 0.1), paired the mean difference 0.01
    /// over its standard error 0.002 / sqrt(3) gives 5 sqrt(3).
    @Test func pairedMarginsCancelTheSeedSpread() {
        let base = [0.1, 0.3, 0.5]
        let best = Self.row(1, error: base)
        let end = Self.row(0.1, error: zip(base, [0.01, 0.012, 0.008]).map { $0 + $1 })
        let other = Self.row(10, error: zip(base, [0.01, 0.012, 0.008]).map { $0 + $1 })
        let o = FLSExperiment.optimum([end, best, other])
        #expect(o.index == 1)
        #expect(o.marginToSmallest < 0.1)
        #expect(abs(o.pairedMarginToSmallest - 5 * 3.0.squareRoot()) <= 1e-9)
        #expect(abs(o.pairedMarginToLargest - 5 * 3.0.squareRoot()) <= 1e-9)
    }

    /// Alignment criterion: ranks rising with s pass; a fall by more than 2 s.e. fails.
    @Test func alignmentCriterion() {
        let rising = [1.0, 2, 3].map { Self.row($0, error: [0, 0], rank: [$0 - 0.1, $0 + 0.1]) }
        #expect(FLSOptimumCheck.alignmentGrowsWithFLS(rising))
        let falling = [1.0, 2, 3].map { Self.row($0, error: [0, 0], rank: [4 - $0 - 0.1, 4 - $0 + 0.1]) }
        #expect(!FLSOptimumCheck.alignmentGrowsWithFLS(falling))
    }

    /// Participation ratio of the rows' singular values: 1 for one repeated direction (either
    /// sign), d for an orthonormal basis, 4/(1 + 1 + 2c^2) for two unit rows at cosine c.
    @Test func effectiveRank() throws {
        #expect(StopMeasures.participationRatio(Matrix(rows: 3, columns: 2, storage: [1, 0, -1, 0, 1, 0])) == 1)
        #expect(StopMeasures.participationRatio(Matrix(rows: 3, columns: 3, storage: [1, 0, 0, 0, 1, 0, 0, 0, 1])) == 3)
        let c = 0.6
        let pair = Matrix(rows: 2, columns: 2, storage: [1, 0, c, (1 - c * c).squareRoot()])
        #expect(abs(StopMeasures.participationRatio(pair) - 4 / (2 + 2 * c * c)) <= 1e-14)
    }

    /// The task: training flips near the requested rate (4 s.d.), clean labels balanced by the median.
    @Test func classificationTask() throws {
        let a = try ClassificationTask(n: 4000, nTest: 4000, d: 5, teacherNeurons: 2, flip: 0.1, seed: 1)
        let clean = try ClassificationTask(n: 4000, nTest: 4000, d: 5, teacherNeurons: 2, flip: 0, seed: 1)
        let flipped = zip(a.train.labels, clean.train.labels).filter { $0 != $1 }.count
        let rate = Double(flipped) / 4000, spread = (0.09 / 4000.0).squareRoot()
        #expect(abs(rate - 0.1) <= 4 * spread)
        // The median splits the pooled clean labels (train + test) exactly in half.
        let pooledSum: Double = clean.train.labels.reduce(0, +) + clean.test.labels.reduce(0, +)
        #expect(pooledSum == 0)
        #expect(throws: InputError.self) { try ClassificationTask(n: 10, nTest: 10, d: 2, teacherNeurons: 1, flip: 0.5, seed: 1) }
    }

    /// The quick run completes and reports both grids (a measurement: whether it passes is
    /// what it found, see proofs-notes/fls-optimum.md).
    @Test func quickRunReports() throws {
        let outcome = try FLSOptimumCheck().run(level: .quick, seed: 1)
        #expect(outcome.measured.contains("best s="))
        #expect(outcome.control.hasPrefix("no early stopping"))
    }

    /// Seeds for a standard error of a third of the difference, by hand: best errors {0.1, 0.3}
    /// (sd sqrt(0.02)), end errors {0.2, 0.42} (sd sqrt(0.0242)), difference D = 0.11. Unpaired
    /// sd^2 = 0.0442, k = ceil(9 * 0.0442 / 0.0121) = ceil(32.88) = 33; paired differences
    /// {0.1, 0.12} have sd sqrt(0.0002), k = ceil(9 * 0.0002 / 0.0121) = 1, raised to 2.
    @Test func seedsForAThirdOfTheDifference() {
        let rows = [Self.row(1, error: [0.1, 0.3]), Self.row(2, error: [0.15, 0.35]), Self.row(3, error: [0.2, 0.42])]
        let p = FLSExperiment.power(rows, best: 0, end: 2)
        #expect(abs(p.difference - 0.11) < 1e-15)
        #expect(p.unpairedSeeds == 33)
        #expect(p.pairedSeeds == 2)
        #expect(FLSExperiment.power(rows, best: 2, end: 0).unpairedSeeds == nil)
        #expect(FLSReport.powerLine(rows).count <= 100)
    }
}
