import Testing
@testable import ReLUFlow

/// Held-out samples continue the training draw: fresh rows, the same teacher.
@Suite struct HeldOutSamplesTests {
    @Test(arguments: [Teacher.linear(inputs: .gaussian), .linear(inputs: .sphere), .relu(neurons: 2), .clusters])
    func trainingRowsArePrefixAndTestRowsFollow(teacher: Teacher) throws {
        let (n, count, d, seed): (Int, Int, Int, UInt64) = (7, 5, 3, 11)
        let noise = teacher == .clusters ? 0.2 : 0.5
        let train = try teacher.sample(n: n, d: d, noise: noise, seed: seed)
        let whole = try teacher.sample(n: n + count, d: d, noise: 0, seed: seed)
        #expect(Array(whole.inputs.storage.prefix(n * d)) == train.inputs.storage)
        let test = try teacher.heldOut(count: count, after: n, d: d, noise: 0, seed: seed)
        #expect(test.sampleCount == count && test.dimension == d)
        #expect(test.inputs.storage == Array(whole.inputs.storage.suffix(count * d)))
        #expect(test.labels == Array(whole.labels.suffix(count)))
    }

    /// The linear teacher's noise-free held-out labels are <e1, x>: the teacher itself, not a copy
    /// of the training labels.
    @Test func noiseFreeLinearLabelsAreTheTeacher() throws {
        let test = try Teacher.linear(inputs: .gaussian).heldOut(count: 20, after: 10, d: 4, noise: 0, seed: 2)
        #expect((0..<20).allSatisfy { test.labels[$0] == test.inputs[$0, 0] })
    }

    @Test func badCountsAndRangesAreRefused() throws {
        let teacher = Teacher.linear(inputs: .gaussian)
        #expect(throws: InputError.self) { try teacher.heldOut(count: 0, after: 5, d: 2, noise: 0, seed: 1) }
        #expect(throws: InputError.self) { try teacher.heldOut(count: 5, after: 0, d: 2, noise: 0, seed: 1) }
        let data = try teacher.sample(n: 4, d: 2, noise: 0, seed: 1)
        #expect(throws: InputError.self) { try data.samples(2..<6) }
        #expect(throws: InputError.self) { try data.samples(2..<2) }
        #expect(try data.samples(1..<3).labels == Array(data.labels[1..<3]))
    }
}
