/// How the integrator treats switches of the activation pattern.
public enum EventHandling: String, CaseIterable, Sendable {
    /// Every located event restarts the whole system (O(nmd) work per field evaluation).
    case full
    /// While the outputs are small enough that freezing the loss derivatives at l'(0, y) changes
    /// the flow by less than the relative tolerance (`DecoupledPhase`), the neurons move
    /// independently in closed form and an event is one neuron's work; then steps end at
    /// forecast crossings, taken there by a Taylor step within reach (`StepEndCrossing`), and
    /// other events restart the whole system as in `full`.
    case neuronwise
}
