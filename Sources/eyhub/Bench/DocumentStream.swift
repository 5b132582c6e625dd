#if canImport(Glibc)
import Glibc
#endif

/// Reads one document after another from a corpus file through one reused window, as a
/// streaming reader does (jq reads its input so too), instead of holding the whole file in
/// memory: a 740 MB corpus read whole costs a page fault for every page of a fresh array.
struct DocumentStream: ~Copyable {
    private let descriptor: Int32
    private var window: [UInt8]
    /// The file offsets of `window[0]` and of the end of what it holds.
    private var windowStart = 0
    private var windowEnd = 0

    init(path: String, chunk: Int = 4 << 20) throws {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw MappingBenchmark.BenchmarkError(description: "cannot read \(path)") }
        window = [UInt8](repeating: 0, count: chunk)
    }

    deinit { close(descriptor) }

    /// The bytes at `range` of the file. Ranges are asked for in file order.
    mutating func document(_ range: Range<Int>) throws -> [UInt8] {
        precondition(range.lowerBound >= windowStart, "documents are read in file order")
        if range.upperBound > windowEnd {
            // Keep what is left from the document's start, and read on behind it.
            let kept = max(0, windowEnd - range.lowerBound)
            if window.count < range.count { window += [UInt8](repeating: 0, count: range.count - window.count) }
            let fileOffset = max(range.lowerBound, windowEnd)
            try window.withUnsafeMutableBytes { buffer in
                if kept > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + (range.lowerBound - windowStart), byteCount: kept) }
                var filled = kept
                while filled < range.count {
                    let read = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(fileOffset + filled - kept))
                    guard read > 0 else { throw MappingBenchmark.BenchmarkError(description: "the corpus file ends early") }
                    filled += read
                }
                windowStart = range.lowerBound
                windowEnd = range.lowerBound + filled
            }
        }
        return Array(window[(range.lowerBound - windowStart)..<(range.upperBound - windowStart)])
    }
}
