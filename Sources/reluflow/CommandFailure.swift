/// An error the CLI reports as `Error: <message>` (no usage text: the input was well-formed).
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
