import Foundation
import Testing

/// The Slurm path for real: a one-node cluster on this machine runs the job-array script that
/// `reluflow sweep --emit-sbatch` writes; the merged results equal the sweep run locally.
/// Skipped (and says so) where slurm-wlm and munge are not installed.
@Suite(.serialized) struct SlurmTests {
    @Test(.enabled(if: SlurmCluster.installed, "slurm-wlm and munge are not installed (scripts/setup installs them)"))
    func emittedJobArrayRunsTheShardsAndMerges() throws {
        let bin = try reluflowExecutable()
        let cluster = try SlurmCluster()
        defer { cluster.stop() }
        let dir = cluster.directory
        let emit = try runProcess(bin, ["sweep"] + SweepCommandTests.sweep
                                  + ["--out", dir + "/results.csv", "--emit-sbatch", dir + "/sweep.sbatch", "--shards", "4", "--workers", "1"])
        #expect(emit.status == 0, "\(emit.stderr)")
        let script = try String(contentsOfFile: dir + "/sweep.sbatch", encoding: .utf8)
        #expect(script.contains("#SBATCH --array=1-4"))
        let job = try cluster.submit(dir + "/sweep.sbatch")
        try cluster.wait(for: job)
        let logs = (1...4).map { k in (try? String(contentsOfFile: "\(dir)/results.csv.slurm-\(job)_\(k).log", encoding: .utf8)) ?? "" }
        for k in 1...4 {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/results.csv.shard-\(k)-of-4"), "shard \(k): \(logs[k - 1])")
        }
        #expect(logs.contains { $0.contains("merged 4 files: 12 of 12 cells") }, "\(logs)")
        let local = dir + "/local.csv"
        #expect(try runProcess(bin, ["sweep"] + SweepCommandTests.sweep + ["--out", local]).status == 0)
        #expect(try resultRows(dir + "/results.csv") == resultRows(local))
    }
}
