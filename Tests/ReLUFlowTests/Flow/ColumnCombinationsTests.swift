import Testing
@testable import ReLUFlow

/// The sums of several columns in one pass over the rows (`columnCombinations`) against each
/// column summed alone (`inputCombination`), and against the sums in extended precision.
struct ColumnCombinationsTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func oneRowPassEqualsEachColumnAlone(seed: UInt64) throws {
        let problem = try randomProblem(n: 30, d: 4, m: 7, lambda: 0.5, seed: seed)
        let (_, signs) = try Parametrisation.logNorm.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: .logNorm, signs: signs)
        let n = field.samples, m = field.neurons, d = field.dimension
        var generator = SeededGenerator(seed: seed)
        // A matrix with a third of its entries 0, as E is where pairs are inactive.
        let matrix = (0..<(n * m)).map { _ in
            Int.random(in: 0..<3, using: &generator) == 0 ? 0 : Double.random(in: -1...1, using: &generator)
        }
        let columns = [5, 0, 3]
        let sums = matrix.withUnsafeBufferPointer { field.columnCombinations($0.baseAddress!, columns: columns) }
        for (c, j) in columns.enumerated() {
            let alone = field.inputCombination { i in matrix[i * m + j] }
            #expect(sums[c] == alone, "column \(j)")
            for k in 0..<d {
                // Recursive summation of n products: error at most (n + 1) ulp sum_i |M_ij x_ik|.
                var exact: Float80 = 0, magnitude = 0.0
                for i in 0..<n {
                    exact += Float80(matrix[i * m + j]) * Float80(field.inputs[i * d + k])
                    magnitude += abs(matrix[i * m + j] * field.inputs[i * d + k])
                }
                #expect(abs(Float80(sums[c][k]) - exact) <= Float80(Double(n + 1) * Double.ulpOfOne * magnitude))
            }
        }
        // With weights w_i: the sums of w_i M_ij x_i, to the bit those of each column alone.
        let weights = (0..<n).map { _ in Double.random(in: -2...2, using: &generator) }
        let weighted = matrix.withUnsafeBufferPointer { mb in
            weights.withUnsafeBufferPointer { field.columnCombinations(mb.baseAddress!, weights: $0.baseAddress!, columns: columns) }
        }
        for (c, j) in columns.enumerated() {
            #expect(weighted[c] == field.inputCombination { i in matrix[i * m + j] * weights[i] }, "column \(j)")
        }
        // Control: the columns' sums differ, so the comparison above is not between equal vectors
        // whatever the column.
        #expect(sums[0] != sums[1] && sums[1] != sums[2])
    }
}
