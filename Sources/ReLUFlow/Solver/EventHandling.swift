/// How the integrator treats switches of the activation pattern.
public enum EventHandling: String, CaseIterable, Sendable {
    /// Every located event restarts the whole system (O(nmd) work per field evaluation).
    case full
    /// While the outputs are small enough that freezing the loss derivatives at l'(0, y) changes
    /// the flow by less than the relative tolerance (`DecoupledPhase`), the neurons move
    /// independently in closed form and an event is one neuron's work; then as `full`.
    case neuronwise
}
