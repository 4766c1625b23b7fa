import Foundation

/// A one-node Slurm cluster brought up for a test, without systemd: a fresh munge key and
/// `munged` on a private socket, and `slurmctld` and `slurmd` on a slurm.conf in a temporary
/// directory (node named after `hostname -s`, proctrack/linuxproc, task/none, no accounting,
/// random ports). `stop()` ends exactly the daemons it started, by their pid files.
final class SlurmCluster {
    static let daemons = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"]

    /// The executables, or nil when Slurm or munge is not installed.
    static func executables() -> [String: String]? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let directories = path + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        var found: [String: String] = [:]
        for name in daemons {
            guard let full = directories.map({ "\($0)/\(name)" }).first(where: FileManager.default.isExecutableFile) else {
                return nil
            }
            found[name] = full
        }
        return found
    }

    static var installed: Bool { executables() != nil }

    let directory: String
    let tools: [String: String]
    var environment: [String: String] { ["SLURM_CONF": directory + "/slurm.conf"] }

    init() throws {
        guard let tools = Self.executables() else { throw CommandLineTestError(message: "slurm-wlm and munge are not installed") }
        self.tools = tools
        directory = try temporaryDirectory()
        chmod(directory, 0o700)
        try start()
    }

    private func start() throws {
        let d = directory
        for sub in ["state", "spool"] { try FileManager.default.createDirectory(atPath: "\(d)/\(sub)", withIntermediateDirectories: true) }
        var key = [UInt8](repeating: 0, count: 1024)
        let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        key = [UInt8](random.readData(ofLength: 1024))
        try random.close()
        FileManager.default.createFile(atPath: "\(d)/munge.key", contents: Data(key), attributes: [.posixPermissions: 0o600])
        try daemon("munged", ["-f", "--socket=\(d)/munge.sock", "--key-file=\(d)/munge.key", "--pid-file=\(d)/munged.pid",
                              "--log-file=\(d)/munged.log", "--seed-file=\(d)/munged.seed"])
        let host = try runProcess("/bin/hostname", ["-s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let port = 20000 + Int(getpid() % 10000) * 2
        let config = """
            ClusterName=reluflowtest
            SlurmctldHost=\(host)
            SlurmUser=\(user)
            SlurmdUser=\(user)
            SlurmctldPort=\(port)
            SlurmdPort=\(port + 1)
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket=\(d)/munge.sock
            StateSaveLocation=\(d)/state
            SlurmdSpoolDir=\(d)/spool
            SlurmctldPidFile=\(d)/slurmctld.pid
            SlurmdPidFile=\(d)/slurmd.pid
            SlurmctldLogFile=\(d)/slurmctld.log
            SlurmdLogFile=\(d)/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SchedulerType=sched/backfill
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            ReturnToService=2
            MpiDefault=none
            NodeName=\(host) CPUs=\(ProcessInfo.processInfo.activeProcessorCount) State=UNKNOWN
            PartitionName=test Nodes=\(host) Default=YES MaxTime=INFINITE State=UP

            """
        try config.write(toFile: "\(d)/slurm.conf", atomically: true, encoding: .utf8)
        try daemon("slurmctld", ["-f", "\(d)/slurm.conf"])
        try daemon("slurmd", ["-f", "\(d)/slurm.conf"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let state = try runProcess(tools["sinfo"]!, ["-h", "-o", "%t"], environment: environment, timeout: 20)
            if state.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "idle" { return }
            usleep(200_000)
        }
        throw CommandLineTestError(message: "the Slurm node did not become idle in 60 s; logs:\n\(logs)")
    }

    /// Starts a daemon that forks into the background and waits for the foreground process to
    /// return (posix_spawn + waitpid: the daemon keeps no pipe of ours open).
    private func daemon(_ name: String, _ arguments: [String]) throws {
        let path = tools[name]!
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let env = (ProcessInfo.processInfo.environment.merging(environment) { $1 }).map { strdup("\($0)=\($1)") } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0) }
        // A clean signal mask and default dispositions: the test runner's threads block signals,
        // and a daemon inheriting that mask would ignore the SIGTERM that stops it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, &attributes, argv, env) == 0 else {
            throw CommandLineTestError(message: "cannot start \(name)")
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else {
            throw CommandLineTestError(message: "\(name) did not start (status \(status))\n\(logs)")
        }
    }

    /// Submits a batch script; returns the job id.
    func submit(_ script: String) throws -> String {
        let result = try runProcess(tools["sbatch"]!, ["--parsable", script], in: directory, environment: environment)
        guard result.status == 0 else { throw CommandLineTestError(message: "sbatch failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
    }

    /// Waits until no task of `job` is queued or running.
    func wait(for job: String, timeout: Double = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let queue = try runProcess(tools["squeue"]!, ["-h", "-j", job], environment: environment, timeout: 20)
            if queue.status == 0 && queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            usleep(200_000)
        }
        throw CommandLineTestError(message: "job \(job) still queued after \(timeout) s\n\(logs)")
    }

    /// Stops the daemons this cluster started (by their pid files) and waits for them to exit.
    func stop() {
        for name in ["slurmd", "slurmctld", "munged"] {
            guard let text = try? String(contentsOfFile: "\(directory)/\(name).pid", encoding: .utf8),
                  let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while kill(pid, 0) == 0 && !isZombie(pid) && Date() < deadline { usleep(50_000) }
        }
    }

    private func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    var logs: String {
        ["munged.log", "slurmctld.log", "slurmd.log"].map { name in
            let text = (try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)) ?? "(none)"
            return "== \(name)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
