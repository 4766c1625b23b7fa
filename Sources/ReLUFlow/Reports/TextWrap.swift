/// Width of a terminal that text output must fit.
public let terminalWidth = 100

/// `text` broken at spaces into lines of at most `width` characters: the first line starts with
/// `lead`, the others with `indent` (hanging indentation). A word longer than a line is cut.
public func wrapped(_ text: String, lead: String = "", indent: String = "", width: Int = terminalWidth) -> [String] {
    var lines: [String] = []
    var line = lead, lineHasWord = false
    func room(_ prefix: String) -> Int { max(1, width - prefix.count) }
    for var word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
        if lineHasWord && line.count + 1 + word.count > width {
            lines.append(line)
            (line, lineHasWord) = (indent, false)
        }
        while !lineHasWord && !word.isEmpty && line.count + word.count > width {
            let cut = word.index(word.startIndex, offsetBy: room(line))
            lines.append(line + word[..<cut])
            word = String(word[cut...])
            line = indent
        }
        line += (lineHasWord ? " " : "") + word
        lineHasWord = true
    }
    lines.append(line)
    return lines
}
