/// String similarity measures used by the linkage comparisons (as in Splink): Jaro, Jaro–Winkler
/// and the optimal-string-alignment Damerau–Levenshtein distance.
///
/// All three compare Unicode scalars, so "é" written precomposed and "e" + combining accent are
/// different; callers compare normalised values, where that cannot happen for names.
///
/// These run millions of times in batch linkage. Each measure therefore works on a buffer of
/// code units: the strings' own UTF-8 bytes when both are ASCII (no copy at all for native
/// strings), otherwise the scalar values of both decoded into one buffer. All scratch space
/// comes from `withUnsafeTemporaryAllocation`, which is on the stack for the lengths names and
/// dates have, so a comparison does not touch the heap. Edit distance on ASCII uses Hyyrö's
/// bit-parallel algorithm. No Foundation.
public enum StringSimilarity {
    /// Jaro similarity in 0...1 over Unicode scalars (1 for two equal strings, including two
    /// empty strings; 0 when exactly one is empty).
    public static func jaro(_ a: String, _ b: String) -> Double {
        withCodeUnits(a, b, ascii: { jaroKernel($0, $1) }, unicode: { jaroKernel($0, $1) })
    }

    /// Jaro–Winkler with prefix scale 0.1 and a maximum prefix of 4 (the standard definition;
    /// boost applied whatever the Jaro value).
    ///
    /// `jaro + prefix * 0.1 * (1 - jaro)`, where `prefix` is the length of the common prefix,
    /// at most 4: agreement at the start of a name counts for more, because typing errors are
    /// rarer there.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        withCodeUnits(a, b, ascii: { jaroWinklerKernel($0, $1) }, unicode: { jaroWinklerKernel($0, $1) })
    }

    /// Damerau–Levenshtein (optimal string alignment) distance over Unicode scalars: insertions,
    /// deletions, substitutions and adjacent transpositions each cost 1.
    ///
    /// Optimal string alignment edits no substring more than once, so "ca" -> "abc" costs 3
    /// (not 2 as in unrestricted Damerau–Levenshtein). A transposed pair of digits in a date
    /// ("19870213" / "19870231") costs 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        withCodeUnits(a, b, ascii: { editDistanceASCII($0, $1) }, unicode: { editDistanceKernel($0, $1) })
    }

    // MARK: - Code units

    /// Calls `ascii` with both strings' UTF-8 bytes when both are ASCII (one byte is then one
    /// scalar), otherwise `unicode` with both strings' scalar values.
    ///
    /// Two closures rather than one generic one because Swift closures cannot be generic; each
    /// call site passes the same kernel twice and the compiler specialises it for `UInt8` and
    /// for `UInt32`.
    @inline(__always)
    static func withCodeUnits<R>(
        _ a: String,
        _ b: String,
        ascii: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R,
        unicode: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>) -> R
    ) -> R {
        // `withUTF8` is a no-op for native strings; it copies only a bridged or lazy one.
        var a = a
        var b = b
        let asciiResult: R? = a.withUTF8 { bytesA in
            b.withUTF8 { bytesB in
                isASCII(bytesA) && isASCII(bytesB) ? ascii(bytesA, bytesB) : nil
            }
        }
        if let asciiResult { return asciiResult }
        return withScalarValues(a, b, unicode)
    }

    /// Calls `body` with both strings' Unicode scalar values, decoded into one scratch buffer
    /// (a string has no more scalars than UTF-8 bytes).
    @inline(__always)
    static func withScalarValues<R>(
        _ a: String,
        _ b: String,
        _ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: a.utf8.count + b.utf8.count + 1) { scratch in
            var count = 0
            for scalar in a.unicodeScalars {
                scratch[count] = scalar.value
                count += 1
            }
            let countA = count
            for scalar in b.unicodeScalars {
                scratch[count] = scalar.value
                count += 1
            }
            return body(
                UnsafeBufferPointer(rebasing: scratch[0..<countA]),
                UnsafeBufferPointer(rebasing: scratch[countA..<count])
            )
        }
    }

    /// Whether every byte is ASCII, checked eight bytes at a time.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if base[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    // MARK: - Jaro

    /// Jaro similarity of two code-unit buffers.
    ///
    /// Characters match when equal and no further apart than `max(|a|, |b|) / 2 - 1`; each
    /// character of `b` matches at most once, taken left to right. With `m` matches and `t`
    /// half the number of matched characters that are out of order,
    /// jaro = (m/|a| + m/|b| + (m - t)/m) / 3.
    static func jaroKernel<T: FixedWidthInteger>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Double {
        let countA = a.count
        let countB = b.count
        if countA == 0 && countB == 0 { return 1 }
        if countA == 0 || countB == 0 { return 0 }
        if countA == countB && a.elementsEqual(b) { return 1 }
        let window = max(0, max(countA, countB) / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: countA + countB) { flags in
            flags.initialize(repeating: false)
            let matchedA = UnsafeMutableBufferPointer(rebasing: flags[0..<countA])
            let matchedB = UnsafeMutableBufferPointer(rebasing: flags[countA...])
            let matches = markMatches(a, b, window: window, matchedA: matchedA, matchedB: matchedB)
            guard matches > 0 else { return 0 }
            let transpositions = countTranspositions(a, b, matchedA: matchedA, matchedB: matchedB) / 2
            let m = Double(matches)
            return (m / Double(countA) + m / Double(countB) + (m - Double(transpositions)) / m) / 3
        }
    }

    /// Finds the Jaro matches, flagging matched positions in both strings; returns their number.
    @inline(__always)
    static func markMatches<T: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<T>,
        _ b: UnsafeBufferPointer<T>,
        window: Int,
        matchedA: UnsafeMutableBufferPointer<Bool>,
        matchedB: UnsafeMutableBufferPointer<Bool>
    ) -> Int {
        var matches = 0
        let lastB = b.count - 1
        for i in 0..<a.count {
            let low = max(0, i - window)
            let high = min(lastB, i + window)
            guard low <= high else { continue }
            let unit = a[i]
            for j in low...high where !matchedB[j] && b[j] == unit {
                matchedA[i] = true
                matchedB[j] = true
                matches += 1
                break
            }
        }
        return matches
    }

    /// The number of matched characters that differ when the matches of both strings are read
    /// in order (twice the Jaro transposition count).
    @inline(__always)
    static func countTranspositions<T: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<T>,
        _ b: UnsafeBufferPointer<T>,
        matchedA: UnsafeMutableBufferPointer<Bool>,
        matchedB: UnsafeMutableBufferPointer<Bool>
    ) -> Int {
        var outOfOrder = 0
        var j = 0
        for i in 0..<a.count where matchedA[i] {
            while !matchedB[j] { j += 1 }
            if a[i] != b[j] { outOfOrder += 1 }
            j += 1
        }
        return outOfOrder
    }

    // MARK: - Jaro–Winkler

    /// The Winkler prefix scale.
    static let prefixScale = 0.1
    /// The longest common prefix that earns the Winkler boost.
    static let maximumPrefix = 4

    /// Jaro–Winkler similarity of two code-unit buffers.
    static func jaroWinklerKernel<T: FixedWidthInteger>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Double {
        let similarity = jaroKernel(a, b)
        let limit = min(maximumPrefix, a.count, b.count)
        var prefix = 0
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        return similarity + Double(prefix) * prefixScale * (1 - similarity)
    }

    // MARK: - Edit distance

    /// Optimal-string-alignment distance of two code-unit buffers.
    ///
    /// A common prefix and suffix are removed first (they never change the distance), then the
    /// classic dynamic programme runs with three rows (the transposition needs the row two back)
    /// over the shorter string.
    static func editDistanceKernel<T: FixedWidthInteger>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Int {
        let (coreA, coreB) = trimmingCommonAffixes(a, b)
        if coreA.isEmpty { return coreB.count }
        if coreB.isEmpty { return coreA.count }
        // Rows over the shorter string keep the scratch space small.
        return coreA.count >= coreB.count ? osaDistance(coreA, coreB) : osaDistance(coreB, coreA)
    }

    /// `editDistanceKernel` for ASCII: when the shorter string (after trimming the common prefix
    /// and suffix) has at most 64 characters, which is every name and date, the bit-parallel
    /// algorithm does one row of the programme in a handful of word operations.
    static func editDistanceASCII(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let (coreA, coreB) = trimmingCommonAffixes(a, b)
        if coreA.isEmpty { return coreB.count }
        if coreB.isEmpty { return coreA.count }
        let (pattern, text) = coreA.count <= coreB.count ? (coreA, coreB) : (coreB, coreA)
        guard pattern.count <= 64 else { return osaDistance(text, pattern) }
        return osaDistanceBitParallel(pattern: pattern, text: text)
    }

    /// The two buffers without their longest common prefix and, after that, their longest common
    /// suffix.
    @inline(__always)
    static func trimmingCommonAffixes<T: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<T>,
        _ b: UnsafeBufferPointer<T>
    ) -> (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>) {
        var startA = 0, endA = a.count, startB = 0, endB = b.count
        while startA < endA && startB < endB && a[startA] == b[startB] {
            startA += 1
            startB += 1
        }
        while startA < endA && startB < endB && a[endA - 1] == b[endB - 1] {
            endA -= 1
            endB -= 1
        }
        return (UnsafeBufferPointer(rebasing: a[startA..<endA]), UnsafeBufferPointer(rebasing: b[startB..<endB]))
    }

    /// Hyyrö's bit-parallel optimal-string-alignment distance (H. Hyyrö, "A bit-vector algorithm
    /// for computing Levenshtein and Damerau edit distances", 2003), as in RapidFuzz.
    ///
    /// Bit `j` of the vectors describes column `j` of the dynamic programme (`pattern[j]`);
    /// each character of `text` advances one row. `pattern` has 1...64 ASCII characters.
    static func osaDistanceBitParallel(pattern: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>) -> Int {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 128) { matchVectors in
            // Only the entries of characters that occur are ever read, so only those are cleared.
            for unit in text { matchVectors[Int(unit & 0x7F)] = 0 }
            for unit in pattern { matchVectors[Int(unit & 0x7F)] = 0 }
            for (position, unit) in pattern.enumerated() {
                matchVectors[Int(unit & 0x7F)] |= 1 &<< UInt64(position)
            }
            let lastBit: UInt64 = 1 &<< UInt64(pattern.count - 1)
            var distance = pattern.count
            var positive: UInt64 = ~0   // VP: vertical +1 deltas
            var negative: UInt64 = 0    // VN: vertical -1 deltas
            var diagonalZero: UInt64 = 0
            var previousMatches: UInt64 = 0
            for unit in text {
                let matches = matchVectors[Int(unit & 0x7F)]
                let transpositions = (((~diagonalZero) & matches) &<< 1) & previousMatches
                diagonalZero = (((matches & positive) &+ positive) ^ positive) | matches | negative | transpositions
                var horizontalPositive = negative | ~(diagonalZero | positive)
                var horizontalNegative = diagonalZero & positive
                if horizontalPositive & lastBit != 0 { distance += 1 }
                if horizontalNegative & lastBit != 0 { distance -= 1 }
                horizontalPositive = (horizontalPositive &<< 1) | 1
                horizontalNegative = horizontalNegative &<< 1
                positive = horizontalNegative | ~(diagonalZero | horizontalPositive)
                negative = horizontalPositive & diagonalZero
                previousMatches = matches
            }
            return distance
        }
    }

    /// The optimal-string-alignment dynamic programme; `columns` should be the shorter string.
    static func osaDistance<T: FixedWidthInteger>(_ rows: UnsafeBufferPointer<T>, _ columns: UnsafeBufferPointer<T>) -> Int {
        let width = columns.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { scratch in
            guard let base = scratch.baseAddress else { return max(rows.count, columns.count) }
            var twoBack = base
            var previous = base + width
            var current = base + 2 * width
            for j in 0..<width { previous[j] = j }
            var lastUnit = rows[0]
            for i in 1...rows.count {
                let unit = rows[i - 1]
                current[0] = i
                var left = i
                var previousColumn = columns[0]
                for j in 1..<width {
                    let column = columns[j - 1]
                    let substitution = previous[j - 1] + (unit == column ? 0 : 1)
                    var best = min(min(previous[j], left) + 1, substitution)
                    if j > 1 && i > 1 && unit == previousColumn && lastUnit == column {
                        best = min(best, twoBack[j - 2] + 1)
                    }
                    current[j] = best
                    left = best
                    previousColumn = column
                }
                lastUnit = unit
                (twoBack, previous, current) = (previous, current, twoBack)
            }
            return previous[width - 1]
        }
    }
}
