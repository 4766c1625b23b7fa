import Foundation

extension ProblemOptions {
    /// Says on stderr which generator options the command line gives that a data or init file
    /// makes meaningless (they would otherwise be ignored without a word).
    func warnAboutIgnoredOptions(initPath: String?, arguments: [String] = CommandLine.arguments) {
        func given(_ names: [String]) -> [String] {
            names.filter { name in arguments.contains { $0 == name || $0.hasPrefix(name + "=") } }
        }
        let dataOptions = data == nil ? [] : given(["--n", "--d", "--teacher", "--teacher-neurons", "--noise"])
        let initOptions = initPath == nil ? [] : given(["--m", "--lambda", "--log-lambda", "--balance"])
        if !dataOptions.isEmpty {
            FileHandle.standardError.write(Data("warning: \(dataOptions.joined(separator: ", ")) ignored: the data come from --data \(data!)\n".utf8))
        }
        if !initOptions.isEmpty {
            FileHandle.standardError.write(Data("warning: \(initOptions.joined(separator: ", ")) ignored: the network comes from --init \(initPath!)\n".utf8))
        }
    }
}
