import Foundation
import Testing
@testable import ReLUFlow

/// Trajectory pictures of constructed traces whose angles, cosines and arcs are known by hand.
@Suite struct TrajectoryPlotTests {
    /// Two neurons in the plane at three times (t = 0 included): neuron 1 (a > 0) turns from angle
    /// 3 through pi to -3; neuron 2 (a = -0, a negative neuron whose a underflowed) sits at pi/2.
    func planeTrace() throws -> String {
        let rows = [(0.0, 0.5, 3.0, 0.0, 0.0), (1.0, 0.4, 3.1, 0.0, 0.0), (10.0, 0.01, -3.0, -1.0, -2.0)]
            .map { t, loss, theta, r1, r2 in
                "\(t),\(loss),0,0,0,0,0,1,-0,\(r1),\(r2),0,0,\(cos(theta)),\(sin(theta)),0,1"
            }
        let header = "t,loss,active_pairs,sliding_pairs,switches,sliding_entries,sliding_exits,a1,a2,"
            + "log_norm1,log_norm2,balance1,balance2,u1_1,u1_2,u2_1,u2_2"
        return try temporaryFile(([header] + rows).joined(separator: "\n") + "\n", name: "trace.csv")
    }

    @Test func readsTheTraceColumns() throws {
        let trace = try TrajectoryTrace(csvPath: planeTrace())
        #expect(trace.times == [0, 1, 10])
        #expect(trace.losses == [0.5, 0.4, 0.01])
        #expect(trace.signs == [1, -1])
        #expect(trace.logNorms[2] == [-1, -2])
        #expect(trace.dimension == 2)
        #expect(abs(trace.directions![1][0, 0] - cos(3.1)) < 1e-15)
    }

    @Test func planeAnglesBreakAtTheCut() throws {
        let plot = try TrajectoryPlot(trace: TrajectoryTrace(csvPath: planeTrace()))
        #expect(plot.directionMeasure == .planeAngle)
        #expect(plot.pictures == [.loss, .norms, .directions])
        // The log axis drops t = 0; the jump from 3.1 to -3 (through pi) starts a new segment.
        let blue = 0x0072B2, orange = 0xD55E00
        let lines = plot.data(.directions).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 8)
        func point(_ line: String) -> [Double] { line.split(separator: " ").map { Double($0)! } }
        #expect(point(lines[0])[0] == 1 && abs(point(lines[0])[1] - 3.1) < 1e-9 && Int(point(lines[0])[2]) == blue)
        #expect(lines[1].isEmpty)
        #expect(point(lines[2])[0] == 10 && abs(point(lines[2])[1] + 3) < 1e-9)
        #expect(lines[3].isEmpty)
        #expect(abs(point(lines[4])[1] - Double.pi / 2) < 1e-9 && Int(point(lines[4])[2]) == orange)
        #expect(plot.data(.loss) == "1 0.4\n10 0.01\n")
        #expect(plot.data(.norms) == "1 0 \(blue)\n10 -1 \(blue)\n\n1 0 \(orange)\n10 -2 \(orange)\n\n")
    }

    /// d = 3: a positive neuron is measured against the positive extremal directions only, a
    /// negative one against the negative ones.
    @Test func cosinesToTheNearestExtremalDirectionOfTheSign() throws {
        let u = Matrix(rows: 2, columns: 3, storage: [0.6, 0.8, 0, 0.8, 0, 0.6])
        let trace = try TrajectoryTrace(times: [1], losses: [1], signs: [1, -1], logNorms: [[0, 0]], directions: [u])
        let extremal = [ExtremalDirection(sign: 1, direction: [1, 0, 0], value: 1, basinShare: 0.5, isInactive: false),
                        ExtremalDirection(sign: 1, direction: [0, 1, 0], value: 0.5, basinShare: 0.5, isInactive: false),
                        ExtremalDirection(sign: -1, direction: [0, 0, 1], value: -1, basinShare: 0.5, isInactive: false),
                        ExtremalDirection(sign: -1, direction: [0, 0, -1], value: 0, basinShare: 0.5, isInactive: true)]
        let plot = try TrajectoryPlot(trace: trace, extremal: extremal)
        #expect(plot.directionMeasure == .cosineToExtremal)
        #expect(plot.extremal.count == 3)
        #expect(abs(plot.directionValue(neuron: 0, sample: 0)! - 0.8) < 1e-15)
        #expect(abs(plot.directionValue(neuron: 1, sample: 0)! - 0.6) < 1e-15)
        // Without extremal directions there is nothing to measure against.
        #expect(try TrajectoryPlot(trace: trace).pictures == [.loss, .norms])
    }

    /// Three points with a bias, x = (-0.75, 1), (-0.5, 1), (0.125, 1): u = (cos t, sin t) is
    /// inactive where x cos t + sin t <= 0 for all three. Input x is inactive on the half circle
    /// between its roots tan t = -x that holds t = -pi/2: (atan(3/4) - pi, atan(3/4)),
    /// (atan(1/2) - pi, atan(1/2)) and (-pi - atan(1/8), -atan(1/8)) mod 2 pi. Their intersection is
    /// [atan(3/4) - pi, -atan(1/8)].
    @Test func inactiveArcOfTheThreePoints() throws {
        let data = try makeData(x: [[-0.75], [-0.5], [0.125]], y: [1.1, 0.1, 0.8]).appendingBiasInput()
        let arcs = TrajectoryPlot.inactiveArcs(of: EarlyPhaseObjective(data: data))
        #expect(arcs.count == 1)
        #expect(abs(arcs[0].lowerBound - (atan(0.75) - Double.pi)) < 1e-12)
        #expect(abs(arcs[0].upperBound + atan(0.125)) < 1e-12)
        // One input: the half circle opposite it, split at -pi and merged into one arc per side.
        let single = TrajectoryPlot.inactiveArcs(of: EarlyPhaseObjective(data: try makeData(x: [[1, 0]], y: [1])))
        #expect(single.count == 2)
        #expect(abs(single[0].upperBound + Double.pi / 2) < 1e-15 && abs(single[1].lowerBound - Double.pi / 2) < 1e-15)
    }

    @Test func refusesBadShapes() throws {
        #expect(throws: InputError.self) { try TrajectoryTrace(times: [1, 1], losses: [1, 1], signs: [1], logNorms: [[0], [0]], directions: nil) }
        let path = try temporaryFile("t,loss,a1\n0,1,1\n", name: "not-a-trace.csv")
        #expect(throws: InputError.self) { try TrajectoryTrace(csvPath: path) }
        let trace = try TrajectoryTrace(csvPath: planeTrace())
        #expect(throws: InputError.self) { try TrajectoryPlot(trace: trace, neuronLimit: 0) }
        let wrongDimension = EarlyPhaseObjective(data: try makeData(x: [[1]], y: [1]))
        #expect(throws: InputError.self) { try TrajectoryPlot(trace: trace, objective: wrongDimension) }
    }

    @Test func evenlySpacedNeuronsWhenTooMany() throws {
        let trace = try TrajectoryTrace(times: [1], losses: [1], signs: Array(repeating: 1, count: 10),
                                        logNorms: [Array(repeating: 0, count: 10)], directions: nil)
        #expect(try TrajectoryPlot(trace: trace, neuronLimit: 4).neurons == [0, 2, 5, 7])
        #expect(try TrajectoryPlot(trace: trace, neuronLimit: 20).neurons == Array(0..<10))
    }

    /// The scripts, data and (when gnuplot is installed) the SVG, PNG and a text plot that fits
    /// 100 columns.
    @Test func scriptsRenderWithGnuplot() throws {
        let data = try makeData(x: [[-0.75], [-0.5], [0.125]], y: [1.1, 0.1, 0.8]).appendingBiasInput()
        let objective = EarlyPhaseObjective(data: data)
        let plot = try TrajectoryPlot(trace: TrajectoryTrace(csvPath: planeTrace()), objective: objective,
                                      extremal: objective.extremalDirections(starts: 50))
        let directory = (try temporaryFile("", name: "placeholder") as NSString).deletingLastPathComponent
        let gnuplot = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/gnuplot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        for picture in plot.pictures {
            let name = "trace-\(picture.rawValue)"
            try plot.data(picture).write(toFile: "\(directory)/\(name).dat", atomically: true, encoding: .utf8)
            let image = plot.script(picture, dataFile: name + ".dat", terminal: "svg", output: name + ".svg")
                + plot.script(picture, dataFile: name + ".dat", terminal: "png", output: name + ".png")
            #expect(image.contains("set logscale x"))
            try image.write(toFile: "\(directory)/\(name).gp", atomically: true, encoding: .utf8)
            let text = plot.textScript(picture, dataFile: name + ".dat")
            try text.write(toFile: "\(directory)/\(name)-text.gp", atomically: true, encoding: .utf8)
            guard let gnuplot else { continue }  // CI installs gnuplot; the check runs there.
            #expect(try runGnuplot(gnuplot, script: name + ".gp", in: directory).status == 0)
            for ext in ["svg", "png"] {
                let size = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(name).\(ext)")[.size] as? Int
                #expect((size ?? 0) > 1000)
            }
            let rendered = try runGnuplot(gnuplot, script: name + "-text.gp", in: directory)
            #expect(rendered.status == 0)
            #expect(rendered.output.split(separator: "\n").count >= 20)
            // Past the form feed gnuplot starts a page with, every line fits 100 columns.
            #expect(rendered.output.drop { $0 == "\u{0C}" }.split(separator: "\n").allSatisfy { $0.count <= 100 })
        }
        // The maximiser of G is marked at its angle: u* ~ (-0.36132, 0.93244) from `reluflow align`.
        let script = plot.script(.directions, dataFile: "d.dat", terminal: "svg", output: "d.svg")
        let mark = try #require(plot.extremal.first { $0.sign > 0 })
        #expect(abs(TrajectoryPlot.planeAngle(mark.direction) - atan2(0.93244, -0.36132)) < 1e-4)
        #expect(script.contains("first \(TrajectoryPlot.number(TrajectoryPlot.planeAngle(mark.direction))) nohead"))
    }

    private func runGnuplot(_ path: String, script: String, in directory: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
