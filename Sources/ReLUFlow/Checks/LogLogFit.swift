import Foundation

/// The least-squares line log y = slope log x + intercept through points (x, y), x, y > 0, with
/// its RMS residual in log y (natural log): what a power-law check prints next to its verdict.
public struct LogLogFit: Sendable {
    public let x: [Double]
    public let y: [Double]
    public let slope: Double
    public let intercept: Double
    /// sqrt(mean((log y - fit)^2)).
    public let residual: Double

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && x.count >= 2, "a fit needs two or more points")
        self.x = x
        self.y = y
        let lx = x.map { log($0) }, ly = y.map { log($0) }
        let n = Double(x.count)
        let mx = lx.reduce(0, +) / n, my = ly.reduce(0, +) / n
        let sxy = zip(lx, ly).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = lx.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        slope = sxy / sxx
        intercept = my - slope * mx
        let s = slope, c = intercept
        residual = (zip(lx, ly).map { pow($1 - (s * $0 + c), 2) }.reduce(0, +) / n).squareRoot()
    }

    /// "slope s (residual r) over points (x1, y1) ...".
    public var summary: String {
        let points = zip(x, y).map { "(\(formatNumber($0, digits: 3)), \(formatNumber($1, digits: 4)))" }
        return "slope \(formatNumber(slope, digits: 4)), intercept \(formatNumber(intercept, digits: 4)), "
            + "rms log-residual \(formatNumber(residual, digits: 2)); points \(points.joined(separator: " "))"
    }
}
