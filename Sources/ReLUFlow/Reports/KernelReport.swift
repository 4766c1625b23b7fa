import Foundation

/// Tables of the tangent-kernel observer and of iterative linearisation.
public enum KernelReport {
    /// One row per sample: relative kernel change, extreme eigenvalues of c Theta, distance travelled
    /// and distance to the linearised flow.
    public static func table(_ observations: [KernelObservation]) -> String {
        var table = TextTable(header: ["t", "|dTheta|/|Theta0|", "eig_min(cTheta)", "eig_max(cTheta)", "|theta-theta0|",
                                       "rms(F-F_lin)", "|theta-theta_lin|"])
        for o in observations {
            table.append([formatNumber(o.time, digits: 5), formatNumber(o.relativeChange, digits: 4),
                          formatNumber(o.eigenvalues.first ?? .nan, digits: 4),
                          formatNumber(o.eigenvalues.last ?? .nan, digits: 4),
                          formatNumber(o.parameterDistance, digits: 4), formatNumber(o.linearisedOutputGap, digits: 4),
                          formatNumber(o.linearisedParameterGap, digits: 4)])
        }
        return table.render()
    }

    /// One row per relinearisation interval (at most `limit` rows, evenly thinned, first and last kept).
    public static func table(_ training: IterativeLinearisation, limit: Int = 30) -> String {
        var table = TextTable(header: ["k", "t_k", "t_k+1", "loss_lin", "loss", "rms(F-F_lin)",
                                       "|dTheta_k|/|Theta0|", "|theta_k+1-theta_k|"])
        let count = training.intervals.count
        let shown = count <= limit ? Array(0..<count)
            : Array(Set((0..<limit).map { $0 * (count - 1) / (limit - 1) })).sorted()
        for k in shown {
            let r = training.intervals[k]
            table.append(["\(k)", formatNumber(r.start, digits: 5), formatNumber(r.end, digits: 5),
                          formatNumber(r.linearLoss, digits: 5), formatNumber(r.loss, digits: 5),
                          formatNumber(r.gap, digits: 4), formatNumber(r.kernelChange, digits: 4),
                          formatNumber(r.parameterStep, digits: 4)])
        }
        return table.render()
    }
}
