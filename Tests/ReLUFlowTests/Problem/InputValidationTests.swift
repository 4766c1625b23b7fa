import Foundation
import Testing
@testable import ReLUFlow

/// Bad input gets an error that names the field and the value.
@Suite struct InputValidationTests {
    func expectError(field: String, value: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an InputError for \(field)")
        } catch let error as InputError {
            #expect(error.field.contains(field), "field: \(error.field)")
            #expect(error.value.contains(value), "value: \(error.value)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func raggedCSVRow() throws {
        let path = try temporaryFile("x1,x2,y\n1,2,3\n4,5\n")
        expectError(field: "row 2 column y", value: "''") { _ = try Dataset(csvPath: path) }
    }

    @Test func nonNumericCell() throws {
        let path = try temporaryFile("x1,y\n1,abc\n")
        expectError(field: "column y", value: "abc") { _ = try Dataset(csvPath: path) }
    }

    @Test(arguments: ["nan", "inf", "-inf"])
    func nonFiniteCell(cell: String) throws {
        let path = try temporaryFile("a,w1\n\(cell),1\n")
        expectError(field: "column a", value: cell) { _ = try Network(csvPath: path) }
    }

    @Test func missingFile() {
        expectError(field: "dataset", value: "/nonexistent/data.csv") { _ = try Dataset(csvPath: "/nonexistent/data.csv") }
    }

    @Test func headerOnly() throws {
        let path = try temporaryFile("x1,y\n")
        expectError(field: "dataset", value: path) { _ = try Dataset(csvPath: path) }
    }

    @Test func dataAndInitOfDifferentDimensions() throws {
        let data = try makeData(x: [[1, 2]], y: [1])
        let net = try makeNetwork(a: [1], w: [[1, 2, 3]])
        expectError(field: "init dimension", value: "3") { _ = try FlowProblem(data: data, initial: net) }
    }

    @Test func nonPositiveSizes() {
        expectError(field: "n", value: "0") { _ = try Teacher.linear(inputs: .gaussian).sample(n: 0, d: 2, noise: 0, seed: 1) }
        expectError(field: "d", value: "-1") { _ = try Teacher.linear(inputs: .gaussian).sample(n: 3, d: -1, noise: 0, seed: 1) }
        expectError(field: "width", value: "0") { _ = try Initialization(scale: 1, seed: 1).network(width: 0, dimension: 2) }
    }

    @Test(arguments: [0.0, -1e-3, Double.nan, Double.infinity])
    func badLambda(lambda: Double) {
        expectError(field: "lambda", value: "\(lambda)") { _ = try Initialization(scale: lambda, seed: 1) }
    }

    @Test func nonFiniteLogLambda() {
        expectError(field: "logScale", value: "nan") { _ = try Initialization(logScale: .nan, seed: 1) }
    }

    @Test func unknownStepType() {
        expectError(field: "method", value: "euler") { _ = try StepType(named: "euler") }
    }

    @Test func badSolverOptions() {
        expectError(field: "endTime", value: "-1.0") { _ = try SolverOptions(endTime: -1) }
        expectError(field: "relativeTolerance", value: "0.0") { _ = try SolverOptions(endTime: 1, relativeTolerance: 0) }
        expectError(field: "absoluteTolerance", value: "nan") { _ = try SolverOptions(endTime: 1, absoluteTolerance: .nan) }
    }

    @Test func logisticLossNeedsSignLabels() throws {
        let data = try makeData(x: [[1.0]], y: [0.5])
        expectError(field: "y of sample 1", value: "0.5") {
            _ = try FlowProblem(data: data, initial: makeNetwork(a: [1], w: [[1]]), loss: .logistic)
        }
    }

    /// A field that overflows stops the integration with the time and the quantity, not a NaN.
    @Test func overflowStopsWithTimeAndQuantity() throws {
        let data = try makeData(x: [[1.0, 0.0]], y: [1])
        let problem = try FlowProblem(data: data, initial: makeNetwork(a: [1e200], w: [[1e200, 0]]))
        do {
            _ = try solveWeights(problem, time: 1, rtol: 1e-8)
            Issue.record("expected a SolverError")
        } catch let error as SolverError {
            #expect(error.time == 0)
            #expect(error.reason.contains("f(x_1)"))
        }
    }

    /// --save-final writes 17 significant digits: reading it back gives the same doubles.
    @Test func savedNetworkRoundTrips() throws {
        let net = try Initialization(scale: 0.37, balance: .unbalanced, seed: 9).network(width: 5, dimension: 3)
        let path = try temporaryFile("", name: "net.csv")
        try net.write(csvPath: path)
        #expect(try Network(csvPath: path) == net)
    }
}
