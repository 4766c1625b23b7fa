import Foundation
import Testing
@testable import ReLUFlow

@Suite struct LossTests {
    /// log(1 + exp(-m)) for margins m = +-1e6: exp(-1e6) underflows and exp(1e6) overflows in a
    /// naive form; the softplus form gives 0 (to within 1e-300) and 1e6.
    @Test func logisticLossAtHugeMargins() {
        #expect(Loss.logistic.value(output: 1e6, label: 1) == 0)
        #expect(Loss.logistic.value(output: -1e6, label: 1) == 1e6)
        #expect(Loss.logistic.derivative(output: -1e6, label: 1) == -1)
        #expect(Loss.logistic.derivative(output: 1e6, label: 1) == 0)
        // Moderate margin against the direct formula.
        let direct = log(1 + exp(-0.3))
        #expect(abs(Loss.logistic.value(output: 0.3, label: 1) - direct) <= 1e-15)
    }

    /// The derivative is the loss's slope (central differences away from any kink).
    @Test(arguments: [Loss.square, .logistic])
    func derivativeMatchesFiniteDifferences(loss: Loss) {
        for f in [-2.0, -0.3, 0.1, 1.7] {
            let h = 1e-6
            let slope = (loss.value(output: f + h, label: 1) - loss.value(output: f - h, label: 1)) / (2 * h)
            #expect(abs(slope - loss.derivative(output: f, label: 1)) <= 1e-8)
        }
    }
}
