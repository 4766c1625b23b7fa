import Foundation
import Testing
@testable import ReLUFlow

/// The closed-form orbit of one neuron with a constant descent direction, against an independent
/// numerical solution of dw/dt = a D, da/dt = <D, w> and a brute-force search for crossings.
struct NeuronOrbitTests {
    let w0 = [0.3, -0.8, 0.2], a0 = -0.45, descent = [0.7, 0.4, -1.1]

    /// Classical RK4 with a small fixed step (error ~ h^4 ~ 1e-16 relative here).
    func rk4(until t: Double, steps: Int = 20_000) -> (w: [Double], a: Double) {
        var y = w0 + [a0]
        let h = t / Double(steps)
        func f(_ y: [Double]) -> [Double] {
            let a = y[3], w = Array(y[0..<3])
            return descent.map { a * $0 } + [zip(descent, w).reduce(0) { $0 + $1.0 * $1.1 }]
        }
        for _ in 0..<steps {
            let k1 = f(y), k2 = f(zip(y, k1).map { $0 + h / 2 * $1 })
            let k3 = f(zip(y, k2).map { $0 + h / 2 * $1 }), k4 = f(zip(y, k3).map { $0 + h * $1 })
            for c in 0..<4 { y[c] += h / 6 * (k1[c] + 2 * k2[c] + 2 * k3[c] + k4[c]) }
        }
        return (Array(y[0..<3]), y[3])
    }

    @Test func closedFormMatchesNumericalIntegration() {
        let orbit = NeuronOrbit(w: w0, a: a0, logScale: 0, descent: descent)
        for t in [0.1, 0.9, 2.3] {
            let exact = orbit.state(after: t), numeric = rk4(until: t)
            let scale = max(abs(numeric.a), euclideanNorm(numeric.w))
            #expect(abs(exact.a - numeric.a) / scale < 1e-12)
            for k in 0..<3 { #expect(abs(exact.w[k] - numeric.w[k]) / scale < 1e-12) }
            // ||w||^2 - a^2 is conserved by the flow.
            let balance = exact.w.reduce(0) { $0 + $1 * $1 } - exact.a * exact.a
            #expect(abs(balance - (w0.reduce(0) { $0 + $1 * $1 } - a0 * a0)) < 1e-12 * scale * scale)
        }
    }

    /// The earliest falling zero of side * <w(t), x> + level on a fine grid, refined by bisection.
    func bruteForceCrossing(_ orbit: NeuronOrbit, x: [Double], side: Double, level: Double,
                            limit: Double) -> Double? {
        func value(_ t: Double) -> Double {
            side * zip(orbit.state(after: t).w, x).reduce(0) { $0 + $1.0 * $1.1 } + level
        }
        let grid = 20_000
        var previous = value(0)
        for k in 1...grid {
            let t = limit * Double(k) / Double(grid)
            let current = value(t)
            if previous > 0, current <= 0 {
                var low = limit * Double(k - 1) / Double(grid), high = t
                for _ in 0..<100 { let mid = (low + high) / 2; if value(mid) > 0 { low = mid } else { high = mid } }
                return high
            }
            previous = current
        }
        return nil
    }

    /// The crossing time log(E) / k of the orbit's crossing factor E, when it is at most `limit`.
    func crossingTime(_ orbit: NeuronOrbit, b: Double, q: Double, side: Double, level: Double,
                      limit: Double) -> Double? {
        guard let e = orbit.crossingFactor(b: b, q: q, side: side, level: level) else { return nil }
        let t = log(e) / orbit.rate
        return t <= limit ? t : nil
    }

    @Test func crossingTimesMatchBruteForce() {
        var generator = SeededGenerator(seed: 7)
        var found = 0
        for _ in 0..<200 {
            let w = (0..<3).map { _ in Double.random(in: -1...1, using: &generator) }
            let a = Double.random(in: -1...1, using: &generator)
            let d = (0..<3).map { _ in Double.random(in: -1...1, using: &generator) }
            let x = (0..<3).map { _ in Double.random(in: -1...1, using: &generator) }
            let orbit = NeuronOrbit(w: w, a: a, logScale: 0, descent: d)
            let h0 = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
            let side: Double = h0 > 0 ? 1 : -1
            let b = orbit.orthogonal.enumerated().reduce(0) { $0 + $1.element * x[$1.offset] }
            let q = orbit.direction.enumerated().reduce(0) { $0 + $1.element * x[$1.offset] }
            let closed = crossingTime(orbit, b: b, q: q, side: side, level: 0, limit: 3)
            let brute = bruteForceCrossing(orbit, x: x, side: side, level: 0, limit: 3)
            #expect((closed == nil) == (brute == nil))
            if let closed, let brute {
                found += 1
                #expect(abs(closed - brute) < 1e-9)
            }
        }
        #expect(found > 20)
    }

    /// The one-pass search over samples (`firstCrossing`, in C) against `crossingFactor` taken
    /// pair by pair, with skipped samples, a horizon screen and pairs on both sides; its earliest
    /// crossing time also against the brute-force search.
    @Test func firstCrossingIsTheEarliestPairwiseFactor() {
        var generator = SeededGenerator(seed: 19)
        func symmetric() -> Double { Double.random(in: -1...1, using: &generator) }
        let n = 40, stride = 3, column = 1
        var found = 0
        for trial in 0..<300 {
            let w = (0..<3).map { _ in symmetric() }, a = symmetric(), descent = (0..<3).map { _ in symmetric() }
            let orbit = NeuronOrbit(w: w, a: a, logScale: 0, descent: descent)
            let x = (0..<n).map { _ in (0..<3).map { _ in symmetric() } }
            func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
            let b = x.map { dot(orbit.orthogonal, $0) }, q = x.map { dot(orbit.direction, $0) }
            var active = [Double](repeating: 0, count: n * stride)
            for i in 0..<n where dot(w, x[i]) > 0 { active[i * stride + column] = 1 }
            let norms = x.map(euclideanNorm), levelFactor = trial % 3 == 0 ? 1e-3 : 1e-14
            let skipping = (0..<n).filter { _ in Double.random(in: 0...1, using: &generator) < 0.1 }
            let horizon = 1.5, screens = trial % 2 == 0
            let pHorizon = orbit.coordinates(after: horizon).p
            var expected: (factor: Double, sample: Int)?
            for i in 0..<n where !skipping.contains(i) {
                let side: Double = active[i * stride + column] != 0 ? 1 : -1
                let level = norms[i] * levelFactor
                if screens, side * (b[i] + pHorizon * q[i]) + level >= 0 { continue }
                guard let e = orbit.crossingFactor(b: b[i], q: q[i], side: side, level: level),
                      e < expected?.factor ?? .infinity else { continue }
                expected = (e, i)
            }
            let first = active.withUnsafeBufferPointer { act in
                orbit.firstCrossing(b: b, q: q, active: act.baseAddress! + column, stride: stride, norms: norms,
                                    levelFactor: levelFactor, skipping: skipping,
                                    horizonValue: screens ? pHorizon : nil)
            }
            #expect(first?.sample == expected?.sample && first?.factor == expected?.factor, "trial \(trial)")
            guard let first, !screens, levelFactor < 1e-10 else { continue }
            // The earliest time over the samples, against the grid search of each pair.
            let t = log(first.factor) / orbit.rate
            guard t <= 3 else { continue }
            let brute = bruteForceCrossing(orbit, x: x[first.sample], side: active[first.sample * stride + column] != 0 ? 1 : -1,
                                           level: norms[first.sample] * levelFactor, limit: 3)
            #expect(brute.map { abs($0 - t) < 1e-9 } == true, "trial \(trial)")
            found += 1
        }
        #expect(found > 20)
    }

    @Test func aPairLeavingItsSurfaceIsNotACrossing() {
        // <w(t), x> starts at 0 and rises on the active side: no event.
        let orbit = NeuronOrbit(w: [0, 1], a: 1, logScale: 0, descent: [1, 0])
        #expect(orbit.crossingFactor(b: 0, q: 1, side: 1, level: 0) == nil)
        // Seen from the inactive side, the same rise is a crossing into the active side, at
        // sinh(t) = level.
        let t = crossingTime(orbit, b: 0, q: 1, side: -1, level: 1e-3, limit: 10)
        #expect(t.map { abs($0 - asinh(1e-3)) < 1e-15 } == true)
    }
}

/// The decoupled start's error bound rests on two facts about one neuron with ||D|| <= k
/// (`DecoupledPhase`): N = (a^2 + ||w||^2) / 2 grows at most like exp(2 k t), and its output
/// a relu(<w, x>) moves by at most ||x|| N(0) (exp(2 k t) - 1). Checked on random orbits, with
/// the direction's rate changed at a random time (a crossing changes D), against the closed form.
struct DecoupledBoundTests {
    /// The largest ratio, over random two-segment orbits and times, of each fact's left side to
    /// its right side with the rate k scaled by `rateFactor` (the bound holds when both are <= 1).
    func worstRatios(rateFactor: Double) -> (growth: Double, output: Double) {
        var generator = SeededGenerator(seed: 11)
        func symmetric() -> Double { Double.random(in: -1...1, using: &generator) }
        var worst = (growth: 0.0, output: 0.0)
        for _ in 0..<2000 {
            let d = 3
            let w0 = (0..<d).map { _ in symmetric() }, a0 = symmetric(), x = (0..<d).map { _ in 2 * symmetric() }
            let first = (0..<d).map { _ in symmetric() }, second = (0..<d).map { _ in symmetric() }
            let k = max(euclideanNorm(first), euclideanNorm(second)) * rateFactor
            let switchTime = Double.random(in: 0...1.5, using: &generator)
            let n0 = (a0 * a0 + w0.reduce(0) { $0 + $1 * $1 }) / 2
            let f0 = a0 * max(0, zip(w0, x).reduce(0) { $0 + $1.0 * $1.1 })
            let orbit = NeuronOrbit(w: w0, a: a0, logScale: 0, descent: first)
            let (wSwitch, aSwitch) = orbit.state(after: switchTime)
            let later = NeuronOrbit(w: wSwitch, a: aSwitch, logScale: 0, descent: second)
            for t in stride(from: 0.05, through: 3.0, by: 0.05) {
                let (w, a) = t <= switchTime ? orbit.state(after: t) : later.state(after: t - switchTime)
                let n = (a * a + w.reduce(0) { $0 + $1 * $1 }) / 2
                let f = a * max(0, zip(w, x).reduce(0) { $0 + $1.0 * $1.1 })
                let growth = exp(2 * k * t)
                worst.growth = max(worst.growth, n / (n0 * growth))
                worst.output = max(worst.output, abs(f - f0) / (euclideanNorm(x) * n0 * (growth - 1)))
            }
        }
        return worst
    }

    @Test func normsAndOutputsStayWithinTheBound() {
        let worst = worstRatios(rateFactor: 1)
        #expect(worst.growth <= 1 + 1e-12)
        #expect(worst.output <= 1 + 1e-12)
    }

    /// Negative control: with half the rate both facts fail on some orbit, so the check can fail.
    @Test func halfTheRateIsNotABound() {
        let worst = worstRatios(rateFactor: 0.5)
        #expect(worst.growth > 1)
        #expect(worst.output > 1)
    }
}
