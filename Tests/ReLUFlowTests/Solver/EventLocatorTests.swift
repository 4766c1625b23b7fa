import Foundation
import Testing
@testable import ReLUFlow

/// The event locator on closed-form event functions: where each root is known exactly, the
/// located offset must be past it by at most the bracket the locator stops at (4 ulps of t).
@Suite struct EventLocatorTests {
    /// Runs the locator on `f` (event values at an offset) and records its probes: the largest
    /// offset probed where every value was still >= 0 (the bracket's start) and the offset of the
    /// probe last kept as the bracket's end.
    final class Recorder {
        let f: (Double) -> [Double]
        var probes: [Double] = []
        var lastClear = 0.0
        var kept: Double?
        init(_ f: @escaping (Double) -> [Double]) { self.f = f }

        func locate(_ locator: EventLocator, bands: [Double]? = nil) -> EventLocator.Location {
            let start = f(0), end = f(locator.span)
            return locator.locate(start: start, end: end, probe: { tau in
                probes.append(tau)
                let values = f(tau)
                if values.allSatisfy({ $0 >= 0 }) { lastClear = max(lastClear, tau) }
                return EventLocator.Probe(values: values, bands: bands ?? values.map { _ in 0 })
            }, keepBracketEnd: { kept = probes.last })
        }
    }

    /// The bracket the locator stops at: 4 ulps of t (t0 = 0 here, so of the offset).
    func bracket(_ offset: Double) -> Double { 4 * Double.ulpOfOne * offset }

    /// cos on [0, 2]: one root, pi/2 (the double nearest pi/2 is below it, where cos is still
    /// positive). The result is a point past the root, at most a bracket from the last point
    /// before it, and the state kept is that of the result.
    @Test func rootOfCosine() {
        let recorder = Recorder { [cos($0)] }
        let location = recorder.locate(EventLocator(startTime: 0, span: 2, acceptsEitherSide: [false],
                                                    relativeAcceptance: 0))
        #expect(location.converged)
        #expect(location.event == 0)
        #expect(cos(location.offset) < 0)
        #expect(location.offset >= Double.pi / 2 && location.offset - Double.pi / 2 <= bracket(location.offset))
        #expect(location.offset - recorder.lastClear <= bracket(location.offset))
        #expect(recorder.kept == location.offset)
    }

    /// c(t) = (0.3 - t)(1 + t^2) on [0, 1], root 0.3, with and without its cubic Hermite estimate
    /// (exact for a cubic, so the first probe is at the root to rounding).
    @Test func rootOfACubic() throws {
        func c(_ t: Double) -> Double { (0.3 - t) * (1 + t * t) }
        func dc(_ t: Double) -> Double { -(1 + t * t) + (0.3 - t) * 2 * t }
        let estimate = CrossingEstimate(start: c(0), end: c(1), startSlope: dc(0), endSlope: dc(1), span: 1)
        for estimates in [[:], [0: estimate]] {
            let recorder = Recorder { [c($0)] }
            var locator = EventLocator(startTime: 0, span: 1, acceptsEitherSide: [false], relativeAcceptance: 0)
            locator.estimates = estimates
            let location = recorder.locate(locator)
            #expect(location.converged)
            #expect(c(location.offset) < 0)
            #expect(location.offset >= 0.3 && location.offset - 0.3 <= bracket(location.offset))
            #expect(location.offset - recorder.lastClear <= bracket(location.offset))
            if !estimates.isEmpty { #expect(abs(try #require(recorder.probes.first) - 0.3) < 1e-12) }
        }
    }

    /// a(t) = 0.5 - t (root 0.5) and b(t) = (0.3 - t)(1 - 0.9 t) (root 0.3, the other root 1/0.9
    /// beyond the step) on [0, 1]. Linear interpolation of the end values puts a first
    /// (0.5 / 1 = 0.5 against 0.3 / 0.37 ~ 0.81), so a is probed first, at its root; b is already
    /// negative there (-0.2 * 0.55), so the location turns to b and ends at 0.3.
    @Test func earliestEventWinsOverTheFirstGuess() {
        let recorder = Recorder { t in [0.5 - t, (0.3 - t) * (1 - 0.9 * t)] }
        let location = recorder.locate(EventLocator(startTime: 0, span: 1, acceptsEitherSide: [false, false],
                                                    relativeAcceptance: 0))
        #expect(recorder.probes.first == 0.5)
        #expect(location.converged)
        #expect(location.event == 1)
        #expect(location.offset >= 0.3 && location.offset - 0.3 <= bracket(location.offset))
        #expect(recorder.kept == location.offset)
    }

    /// An event already past its root at the start is located at offset 0 without a probe.
    @Test func eventNegativeAtTheStart() {
        let recorder = Recorder { t in [1 - t, -1e-3 - t] }
        let location = recorder.locate(EventLocator(startTime: 3, span: 2, acceptsEitherSide: [true, true],
                                                    relativeAcceptance: 0))
        #expect(location == EventLocator.Location(offset: 0, event: 1, converged: true))
        #expect(recorder.probes.isEmpty)
    }

    /// A step from +1 to -1 at t = 0.37: no root, but a sign change. Illinois regula falsi still
    /// shrinks the bracket onto the jump (the halved end value moves the secant point towards it
    /// at least every other iteration), so it converges within the default limit; cut to 5
    /// iterations it reports no convergence, and still returns a point past the jump.
    @Test func discontinuousEventFunction() {
        let jump = 0.37
        func step(_ t: Double) -> [Double] { [t < jump ? 1 : -1] }
        let recorder = Recorder(step)
        var locator = EventLocator(startTime: 0, span: 1, acceptsEitherSide: [false], relativeAcceptance: 0)
        let location = recorder.locate(locator)
        #expect(location.converged)
        #expect(location.offset >= jump && location.offset - recorder.lastClear <= bracket(location.offset))
        #expect(recorder.lastClear < jump)

        locator.iterationLimit = 5
        let cut = Recorder(step)
        let short = cut.locate(locator)
        #expect(!short.converged)
        #expect(cut.probes.count == 5)
        #expect(short.offset >= jump && step(short.offset)[0] < 0)
        #expect(cut.kept == short.offset)
    }

    /// f(t) = (0.5 - t)(1 + t) on [0, 1]: f(0) = 0.5, f(1) = -1, so the first regula-falsi point is
    /// t = 1 - 1 / 1.5 = 1/3, where f = (1/6)(4/3) = 2/9, before the root 0.5. With a band of
    /// 0.25 (> 2/9), or a relative acceptance 0.2 (0.2 (0.5 + 1) = 0.3 > 2/9), an event that
    /// accepts either side stops there; one that accepts only points past the root goes on to
    /// 0.5.
    @Test func acceptanceOnEitherSide() {
        func f(_ t: Double) -> [Double] { [(0.5 - t) * (1 + t)] }
        let eitherSide = EventLocator(startTime: 0, span: 1, acceptsEitherSide: [true], relativeAcceptance: 0)
        let byBand = Recorder(f).locate(eitherSide, bands: [0.25])
        #expect(byBand.converged && abs(byBand.offset - 1.0 / 3) < 1e-15)
        let byRelative = Recorder(f).locate(EventLocator(startTime: 0, span: 1, acceptsEitherSide: [true],
                                                         relativeAcceptance: 0.2))
        #expect(byRelative.converged && abs(byRelative.offset - 1.0 / 3) < 1e-15)
        // A band of 0.2 (< 2/9) does not stop it at 1/3; the next point, 1 - (-1)(2/3)/(-1 - 2/9)
        // = 5/11 with f = (1/22)(16/11) = 8/121 < 0.2, is taken.
        let narrow = Recorder(f).locate(eitherSide, bands: [0.2])
        #expect(narrow.converged && abs(narrow.offset - 5.0 / 11) < 1e-15)

        let pastRootOnly = [(relativeAcceptance: 0.2, band: 0.0), (relativeAcceptance: 0, band: 0.25)]
        for (relativeAcceptance, band) in pastRootOnly {
            let locator = EventLocator(startTime: 0, span: 1, acceptsEitherSide: [false],
                                       relativeAcceptance: relativeAcceptance)
            let recorder = Recorder(f)
            let pastRoot = recorder.locate(locator, bands: [band])
            #expect(pastRoot.converged)
            #expect(pastRoot.offset >= 0.5 && pastRoot.offset - 0.5 <= bracket(pastRoot.offset))
            #expect(f(pastRoot.offset)[0] < 0)
        }
    }
}
