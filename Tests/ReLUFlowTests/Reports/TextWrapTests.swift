import Testing
@testable import ReLUFlow

/// Wrapping at spaces with hanging indentation.
@Suite struct TextWrapTests {
    @Test func linesFitAndKeepTheWordsInOrder() {
        let text = (1...40).map { String(repeating: "a", count: $0 % 13 + 1) }.joined(separator: " ")
        let lines = wrapped(text, lead: "  label  ", indent: "         ", width: 30)
        #expect(lines.count > 1)
        for line in lines { #expect(line.count <= 30, "\(line)") }
        #expect(lines[0].hasPrefix("  label  a"))
        for line in lines.dropFirst() { #expect(line.hasPrefix("         ") && line.dropFirst(9).first != " ") }
        #expect(lines.map { $0.dropFirst(9) }.joined(separator: " ") == text)
        // Each line is full: the next word would not have fitted.
        for (line, next) in zip(lines, lines.dropFirst()) {
            #expect(line.count + 1 + next.dropFirst(9).prefix { $0 != " " }.count > 30)
        }
    }

    @Test func overlongWordIsCut() {
        let lines = wrapped("short " + String(repeating: "x", count: 25), indent: "  ", width: 10)
        #expect(lines == ["short", "  xxxxxxxx", "  xxxxxxxx", "  xxxxxxxx", "  x"])
    }

    @Test func shortTextIsOneLine() {
        #expect(wrapped("a b  c", lead: "> ") == ["> a b c"])
        #expect(wrapped("", lead: "> ") == ["> "])
    }
}
