extension VectorField {
    /// Applies an event of neuron j at state y: decides the new modes of its pairs at or near their
    /// surfaces (`decideModes`) and puts the neuron exactly on the surfaces it slides on (and on any
    /// it sits a rounding error past). Needs the loss derivatives, column j of E and column j of the
    /// pre-activations current at y. After the start, modes change here, or in `switchCrossings` for
    /// pairs that a burst step found passing through their surfaces.
    func switchModes(at event: FlowEvent, state y: UnsafeMutablePointer<Double>) -> PatternChanges {
        guard let j = event.neuron else { return PatternChanges() }
        var candidates = Set(pattern.sliding[j]).union(pairsNearSurface(j, state: y))
        var crossing: (sample: Int, toActive: Bool)?
        switch event {
        case .crossing(let i, _):
            candidates.insert(i)
            crossing = (i, !pattern.isActive(i, j))
        case .slidingExit(let l, _, _):
            candidates.insert(l)
        case .stop:
            return PatternChanges()
        }
        let changes = decideModes(neuron: j, candidates: candidates.sorted(), crossing: crossing, state: y)
        let m = neurons
        let wrongSide = candidates.filter { i in
            !pattern.isSliding(i, j) && (pattern.isActive(i, j) ? 1.0 : -1.0) * preactivations[i * m + j] < 0
        }
        project(neuron: j, onto: pattern.sliding[j] + wrongSide.sorted(), state: y)
        return changes
    }

    /// Flips the modes of pairs that passed through their surfaces inside a burst step
    /// (`CrossingBurst`), on neurons that slide on nothing: where the flow passes through, the
    /// modes that `decideModes` takes at the event are the other side's. Flipping the same pairs
    /// again puts the modes back.
    func switchCrossings(_ pairs: [(sample: Int, neuron: Int)]) {
        for (i, j) in pairs {
            precondition(pattern.sliding[j].isEmpty, "a burst switches pairs of neurons that slide on nothing")
            pattern.active[i * neurons + j] = 1 - pattern.active[i * neurons + j]
        }
    }
}
