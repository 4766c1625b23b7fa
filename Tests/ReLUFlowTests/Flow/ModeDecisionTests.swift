import Foundation
import Testing
@testable import ReLUFlow

/// The mode decision at an event (`decideModes`, `switchModes`) on one neuron built by hand:
/// weights formulation, square loss, alpha = c = 1, so on the surface samples f = 0 and
/// l' = f - y = -y, and the velocity of w is a D with D = -(1/n) sum_i E_i x_i.
@Suite struct ModeDecisionTests {
    /// One neuron (w, a) on the inputs `x`, with the pattern `active` and the field evaluated.
    final class Neuron {
        let field: VectorField
        let state: UnsafeMutablePointer<Double>
        let velocity: UnsafeMutablePointer<Double>

        init(x: [[Double]], y: [Double], w: [Double], a: Double, active: [Bool]) throws {
            let problem = try FlowProblem(data: makeData(x: x, y: y), initial: makeNetwork(a: [a], w: [w]))
            field = VectorField(problem: problem, parametrisation: .weights, signs: [1])
            state = .allocate(capacity: field.stateSize)
            state.initialize(from: w + [a], count: field.stateSize)
            velocity = .allocate(capacity: field.stateSize)
            for (i, on) in active.enumerated() { field.pattern.active[i] = on ? 1 : 0 }
            #expect(field.evaluate(state, nil))
        }

        deinit {
            state.deallocate()
            velocity.deallocate()
        }

        /// The velocity of w (a D) after re-evaluating the field on the current pattern.
        func hiddenVelocity() -> [Double] {
            #expect(field.evaluate(state, velocity))
            return (0..<field.dimension).map { velocity[$0] }
        }
    }

    /// x1 = (1, 0) on the surface of w = (0, 1) (a = 1, kappa = a = 1), x2 = (1, 1) active with
    /// f2 = 1. With y1 = -1, l'_1 = 1: kappa l'_1 > 0, the surface attracts. With l'_2 = 1 - y2,
    /// sliding keeps <D, x1> = 0 for D = -(1/2)(l'_2 x2 + theta l'_1 x1):
    /// theta = -l'_2 <x2, x1> / (l'_1 <x1, x1>) = y2 - 1.
    func attractingSurface(y2: Double) throws -> Neuron {
        try Neuron(x: [[1, 0], [1, 1]], y: [-1, y2], w: [0, 1], a: 1, active: [false, true])
    }

    /// y2 = 1.4: theta = 0.4 in (0, 1), so the pair slides with that weight, and then
    /// D = -(1/2)(-0.4 (1, 1) + 0.4 (1, 0)) = (0, 0.2): w moves along the surface.
    @Test func attractingSurfaceSlides() throws {
        let neuron = try attractingSurface(y2: 1.4)
        #expect(neuron.field.lossDerivatives[0] == 1)
        let changes = neuron.field.decideModes(neuron: 0, candidates: [0], crossing: (sample: 0, toActive: true),
                                               state: neuron.state)
        #expect(changes.slidingEntries == 1 && changes.switches == 0)
        #expect(neuron.field.pattern.isSliding(0, 0))
        let dw = neuron.hiddenVelocity()
        #expect(abs(neuron.field.slidingWeight(0, 0) - 0.4) < 1e-14)
        #expect(abs(dw[0]) < 1e-15)
        #expect(abs(dw[1] - 0.2) < 1e-15)
    }

    /// y2 = 2.5: theta = 1.5 > 1. The box minimum of ||l'_2 x2 + theta l'_1 x1||^2 (a parabola in
    /// theta with its vertex at 1.5) is theta = 1: the pair goes active, where
    /// D = -(1/2)((1, 0) - 1.5 (1, 1)) = (0.25, 0.75) and <D, x1> = 0.25 > 0 carries it into the
    /// active side. y2 = 0.5: theta = -0.5 < 0, the pair stays inactive, where
    /// D = -(1/2)(0.5 (1, 1)) and <D, x1> = -0.25 < 0 keeps it there.
    @Test func attractingSurfaceWithThetaOutsideTheBox() throws {
        for (y2, toActive, rate) in [(2.5, true, 0.25), (0.5, false, -0.25)] {
            let neuron = try attractingSurface(y2: y2)
            let changes = neuron.field.switchModes(at: .crossing(sample: 0, neuron: 0), state: neuron.state)
            #expect(!neuron.field.pattern.isSliding(0, 0))
            #expect(neuron.field.pattern.isActive(0, 0) == toActive)
            #expect(changes.switches == (toActive ? 1 : 0) && changes.slidingEntries == 0)
            #expect(abs(neuron.hiddenVelocity()[0] - rate) < 1e-15)
        }
    }

    /// y1 = +1: l'_1 = -1 and kappa l'_1 < 0, the surface repels. Whatever theta the other samples
    /// would ask for, the pair goes to the side the crossing heads to: from inactive to active,
    /// and from active to inactive.
    @Test func repellingSurfaceIsCrossed() throws {
        for startsActive in [false, true] {
            let neuron = try Neuron(x: [[1, 0], [1, 1]], y: [1, 1.4], w: [0, 1], a: 1, active: [startsActive, true])
            #expect(neuron.field.lossDerivatives[0] == -1)
            let changes = neuron.field.switchModes(at: .crossing(sample: 0, neuron: 0), state: neuron.state)
            #expect(neuron.field.pattern.isActive(0, 0) == !startsActive)
            #expect(!neuron.field.pattern.isSliding(0, 0))
            #expect(changes.switches == 1 && changes.slidingEntries == 0)
        }
    }

    /// Two attracting surfaces of w = (0, 0, 1): x1 = (1, 0, 0), x2 = (0.25, 0.5, 0), with
    /// y1 = -1, y2 = -2 (l' = 1, 2), and x3 = (1, 1, 1) active with f3 = 1, y3 = 2.2 (l'_3 = -1.2).
    /// The Filippov weights minimise ||r||^2, r = l'_3 x3 + theta1 l'_1 x1 + theta2 l'_2 x2
    /// = (-1.2 + theta1 + 0.5 theta2, -1.2 + theta2, -1.2), over [0, 1]^2. Unconstrained the
    /// minimum is at theta2 = 1.2, so theta2 = 1; then theta1 = 1.2 - 0.5 = 0.7, and the
    /// derivative in theta2 there, r . (0.5, 1, 0) = -0.2 < 0, confirms the upper bound. So pair
    /// 1 slides with theta 0.7 and pair 2 goes active.
    ///
    /// Independently, a grid of spacing h = 1/500 on [0, 1]^2: its minimiser is within
    /// sqrt(lambda_max / lambda_min) h / 2 ~ 0.82 h of the true one (Q = [[1, 0.5], [0.5, 1.25]],
    /// eigenvalues 1.64 and 0.61; theta2* = 1 lies on the grid, and strong convexity bounds the
    /// distance by the value gap lambda_max (h/2)^2 / 2), so within h.
    @Test func twoAttractingSurfacesMatchBruteForce() throws {
        let x: [[Double]] = [[1, 0, 0], [0.25, 0.5, 0], [1, 1, 1]]
        let g: [Double] = [1, 2, -1.2]
        let neuron = try Neuron(x: x, y: [-1, -2, 2.2], w: [0, 0, 1], a: 1, active: [false, false, true])
        for i in 0..<3 { #expect(abs(neuron.field.lossDerivatives[i] - g[i]) < 1e-15) }
        let changes = neuron.field.decideModes(neuron: 0, candidates: [0, 1], crossing: nil, state: neuron.state)
        #expect(changes.slidingEntries == 1 && changes.switches == 1)
        #expect(neuron.field.pattern.isSliding(0, 0))
        #expect(neuron.field.pattern.isActive(1, 0) && !neuron.field.pattern.isSliding(1, 0))
        let dw = neuron.hiddenVelocity()
        let theta = [neuron.field.slidingWeight(0, 0), 1]
        #expect(abs(theta[0] - 0.7) < 1e-14)
        // Sliding on surface 1 only: <D, x1> = 0.
        #expect(abs(dw[0]) < 1e-15)

        func objective(_ t1: Double, _ t2: Double) -> Double {
            (0..<3).reduce(0.0) { sum, k in
                let r = g[2] * x[2][k] + t1 * g[0] * x[0][k] + t2 * g[1] * x[1][k]
                return sum + r * r
            }
        }
        let steps = 500
        var best = (value: Double.infinity, t1: 0.0, t2: 0.0)
        for a in 0...steps {
            for b in 0...steps {
                let t1 = Double(a) / Double(steps), t2 = Double(b) / Double(steps)
                let value = objective(t1, t2)
                if value < best.value { best = (value, t1, t2) }
            }
        }
        let h = 1 / Double(steps)
        #expect(hypot(theta[0] - best.t1, theta[1] - best.t2) <= h)
        #expect(objective(theta[0], theta[1]) <= best.value + 1e-15)
    }
}
