import Foundation

/// A Slurm batch script that runs a sweep as a job array: task k of N runs shard k/N into its
/// own results file, then tries to merge all N; the merge succeeds only once every shard file
/// is complete, so the last task to finish writes the merged file (a merge is written whole and
/// renamed into place, so two tasks merging at once both write the same file).
public struct SbatchScript: Sendable {
    /// Absolute path of the reluflow executable the tasks run.
    public var executable: String
    /// Directory the tasks run in.
    public var directory: String
    /// The sweep's arguments, without --out, --shard, --workers or --emit-sbatch.
    public var sweepArguments: [String]
    /// The merged results file.
    public var output: String
    public var shards: Int
    public var workersPerTask: Int
    public var jobName: String = "reluflow-sweep"

    public init(executable: String, directory: String, sweepArguments: [String], output: String, shards: Int,
                workersPerTask: Int) throws {
        try InputError.requirePositive(shards, "shards")
        try InputError.requirePositive(workersPerTask, "workersPerTask")
        self.executable = executable
        self.directory = directory
        self.sweepArguments = sweepArguments
        self.output = output
        self.shards = shards
        self.workersPerTask = workersPerTask
    }

    /// The results file of shard k.
    public func shardFile(_ k: String) -> String { "\(output).shard-\(k)-of-\(shards)" }

    public var text: String {
        let args = sweepArguments.map(Self.quote).joined(separator: " ")
        let shardFiles = (1...shards).map { Self.quote(shardFile("\($0)")) }.joined(separator: " ")
        return """
        #!/bin/bash
        #SBATCH --job-name=\(jobName)
        #SBATCH --array=1-\(shards)
        #SBATCH --ntasks=1
        #SBATCH --cpus-per-task=\(workersPerTask)
        #SBATCH --output=\(output).slurm-%A_%a.log
        # Runs shard SLURM_ARRAY_TASK_ID of \(shards) of the sweep, then merges the shards into
        # \(output) once all are complete. Submit with: sbatch <this file>
        set -euo pipefail
        cd \(Self.quote(directory))
        k="${SLURM_ARRAY_TASK_ID:?run this script with sbatch (a job array)}"
        \(Self.quote(executable)) sweep \(args) --workers \(workersPerTask) --shard "$k/\(shards)" --out \(Self.quote(output)).shard-"$k"-of-\(shards)
        \(Self.quote(executable)) sweep merge --if-complete --out \(Self.quote(output)) \(shardFiles)

        """
    }

    /// Single-quotes `s` for the shell.
    static func quote(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
