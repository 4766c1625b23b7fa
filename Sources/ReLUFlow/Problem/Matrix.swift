/// A dense row-major matrix of doubles: the storage of data sets and weights.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major entries, `rows * columns` of them.
    public var storage: [Double]

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "matrix storage does not match its shape")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, storage: Array(repeating: value, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(storage[(i * columns)..<((i + 1) * columns)]) }

    /// The rows `order[0], order[1], ...` in that order.
    public func permutingRows(_ order: [Int]) -> Matrix {
        Matrix(rows: order.count, columns: columns, storage: order.flatMap { row($0) })
    }
}

/// Euclidean norm of a vector.
@inlinable
public func euclideanNorm<C: Collection>(_ v: C) -> Double where C.Element == Double {
    var scale = 0.0
    for x in v { scale = max(scale, abs(x)) }
    guard scale > 0, scale.isFinite else { return scale }
    var sum = 0.0
    for x in v { let s = x / scale; sum += s * s }
    return scale * sum.squareRoot()
}

/// Dot product of two equally long vectors.
@inlinable
public func dot(_ u: [Double], _ v: [Double]) -> Double {
    var s = 0.0
    for k in u.indices { s += u[k] * v[k] }
    return s
}
