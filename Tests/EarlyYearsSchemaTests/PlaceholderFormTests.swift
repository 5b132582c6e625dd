import Foundation
@testable import EarlyYearsSchema
import Testing

@Suite("Placeholder names compared in one form")
struct PlaceholderFormTests {
    @Test("given names in ASCII take the form Foundation gives them, over 20,000 generated lists of spaces, tabs, control characters, letters and marks")
    func asciiAsFoundation() {
        let pieces = [" ", "\t", "  ", "\u{0B}", "\r", "\n", "Baby", "BABY", "of", "Of", "INFANT", "unnamed", "Ní", "x", "Z", "@", "[", "`", "{", "9", "-"]
        var generator = SystemRandomNumberGenerator()
        var ascii = 0
        for _ in 0..<20_000 {
            let names = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            let foundation = names.joined(separator: " ").lowercased().trimmingCharacters(in: .whitespaces)
            #expect(SubjectChecks.placeholderForm(names) == foundation, "\(names.map { Array($0.unicodeScalars.map(\.value)) })")
            if names.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) { ascii += 1 }
        }
        // Both ways were taken.
        #expect(ascii > 5_000 && ascii < 19_000, "\(ascii) lists in ASCII")
    }
}
