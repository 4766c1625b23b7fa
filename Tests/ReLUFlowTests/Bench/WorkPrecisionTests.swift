import Testing
@testable import ReLUFlow

@Suite("Work-precision bookkeeping")
struct WorkPrecisionTests {
    private func row(_ solver: String, _ wall: Double, _ lossError: Double, _ parameterError: Double,
                     outcome: WorkPrecisionRow.Outcome = .finished) -> WorkPrecisionRow {
        WorkPrecisionRow(solver: solver, method: "m\(wall)", relativeTolerance: 1e-8, outcome: outcome,
                         wallSeconds: wall, lossError: lossError, parameterError: parameterError)
    }

    @Test func errorsAreRelativeToTheReference() {
        // |0.9 - 1| / 1 and max(|2.1 - 2|, |-4.2 + 4|) / 4 by hand.
        let e = WorkPrecision.errors(loss: 0.9, parameters: [2.1, -4.2], referenceLoss: 1, referenceParameters: [2, -4])
        #expect(abs(e.loss - 0.1) < 1e-15)
        #expect(abs(e.parameters - 0.05) < 1e-15)
        #expect(WorkPrecision.errors(loss: 1, parameters: [1], referenceLoss: 1, referenceParameters: [1, 2]).parameters
                == .infinity)
    }

    @Test func ratioUsesTheFastestRunThatIsAsAccurate() throws {
        let candidates = [row("R", 1.0, 1e-9, 1e-9), row("R", 0.1, 1e-5, 1e-5), row("R", 0.5, 1e-7, 2e-7)]
        // The peer's accuracy is 1e-6: the 0.1 s run (1e-5) is not as accurate, the 0.5 s one is.
        let r = try #require(WorkPrecision.speedRatio(peer: row("P", 5, 1e-6, 1e-7), candidates: candidates, floor: 0))
        #expect(r.ratio == 10)
        #expect(!r.isLowerBound)
        #expect(r.candidate.wallSeconds == 0.5)
        // A peer more accurate than every candidate has no ratio.
        #expect(WorkPrecision.speedRatio(peer: row("P", 5, 1e-12, 1e-12), candidates: candidates, floor: 0) == nil)
    }

    @Test func errorsBelowTheReferenceResolutionTie() throws {
        let candidates = [row("R", 2, 1e-9, 1e-9), row("R", 4, 1e-12, 1e-12)]
        // Without a floor only the 4 s run matches a 1e-11 peer; with floor 1e-8 both tie and the 2 s run wins.
        #expect(try #require(WorkPrecision.speedRatio(peer: row("P", 8, 1e-11, 1e-11), candidates: candidates,
                                                      floor: 0)).ratio == 2)
        #expect(try #require(WorkPrecision.speedRatio(peer: row("P", 8, 1e-11, 1e-11), candidates: candidates,
                                                      floor: 1e-8)).ratio == 4)
    }

    @Test func cappedPeersGiveLowerBoundsAndFailedOnesNone() throws {
        let candidates = [row("R", 3, 1e-9, 1e-9), row("R", 30, 1e-12, 1e-12),
                          row("R", 0.01, .nan, .nan, outcome: .failed("x"))]
        let capped = WorkPrecisionRow(solver: "P", method: "DOP853", relativeTolerance: 1e-8,
                                      outcome: .capped(seconds: 600), wallSeconds: 600)
        let r = try #require(WorkPrecision.speedRatio(peer: capped, candidates: candidates, floor: 0))
        #expect(r.isLowerBound)
        #expect(r.ratio == 200)
        let failed = WorkPrecisionRow(solver: "P", method: "RK45", relativeTolerance: 1e-8, outcome: .failed("status -1"),
                                      wallSeconds: 1)
        #expect(WorkPrecision.speedRatio(peer: failed, candidates: candidates, floor: 0) == nil)
    }

    @Test func peerReportParsesThePeersLine() throws {
        // The format printed by gf_scipy.py (its last print statement).
        let text = "some warning\npeer=scipy-DOP853 rtol=1e-08 atol=1e-10 status=0 wall_s=2.5990 nfev=46346 loss=5.058562556276504e-01\n"
        let report = try PeerReport(output: text)
        #expect(report.method == "DOP853")
        #expect(report.relativeTolerance == 1e-8 && report.absoluteTolerance == 1e-10)
        #expect(report.status == 0 && report.fieldEvaluations == 46346)
        #expect(report.wallSeconds == 2.599 && report.loss == 0.5058562556276504)
        #expect(report.tool == "scipy" && report.step == nil)
        #expect(throws: InputError.self) { try PeerReport(output: "no report here") }
        #expect(throws: InputError.self) {
            try PeerReport(output: "peer=scipy-RK45 rtol=1e-08 atol=1e-10 status=0 wall_s=1 nfev=many loss=0.5")
        }
    }

    @Test func peerReportParsesGradientDescentsLine() throws {
        // The format printed by gd_numpy.py: a step instead of tolerances.
        let report = try PeerReport(output: "peer=numpy-GD step=0.001 steps=50000 status=0 wall_s=3.25 nfev=50000 "
                                        + "loss=4.9e-01\n")
        #expect(report.tool == "numpy" && report.method == "GD")
        #expect(report.step == 0.001 && report.relativeTolerance == nil && report.absoluteTolerance == nil)
        #expect(report.fieldEvaluations == 50000 && report.wallSeconds == 3.25 && report.loss == 0.49)
        #expect(throws: InputError.self) {
            try PeerReport(output: "peer=numpy-GD step=fast status=0 wall_s=1 nfev=1 loss=0.5")
        }
    }
}
