/// A deterministic pseudo-random generator: xoshiro256** whose state is seeded through SplitMix64,
/// so that one seed always gives the same sequence (and so the same synthetic population) on
/// every machine and every run. Not for cryptography.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole sequence is fixed by `seed` (any value, zero included).
    public init(seed: UInt64) {
        var mixer = seed
        s0 = Self.splitMix64(&mixer)
        s1 = Self.splitMix64(&mixer)
        s2 = Self.splitMix64(&mixer)
        s3 = Self.splitMix64(&mixer)
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// One SplitMix64 step: advances `state` and returns a well-mixed value from it.
    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `value` rotated left by `count` bits.
    private func rotateLeft(_ value: UInt64, by count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

extension SyntheticPopulation {
    /// The draws the generator makes, on top of a `SeededGenerator`. Its own implementations (not
    /// the standard library's `random(in:using:)`) keep a seed's output the same across toolchains.
    struct Dice: Sendable {
        /// The underlying bit source.
        var source: SeededGenerator

        /// Dice seeded with `seed`.
        init(seed: UInt64) {
            source = SeededGenerator(seed: seed)
        }

        /// A uniform integer in `0..<bound` (`bound` > 0), by the multiply-high method.
        mutating func below(_ bound: Int) -> Int {
            precondition(bound > 0, "bound must be positive")
            let product = source.next().multipliedFullWidth(by: UInt64(bound))
            return Int(product.high)
        }

        /// A uniform integer in `low...high`.
        mutating func between(_ low: Int, _ high: Int) -> Int {
            low + below(high - low + 1)
        }

        /// A uniform double in `[0, 1)`.
        mutating func unit() -> Double {
            Double(source.next() >> 11) * 0x1.0p-53
        }

        /// True with probability `probability`.
        mutating func chance(_ probability: Double) -> Bool {
            unit() < probability
        }

        /// A uniformly chosen element of a non-empty array.
        mutating func pick<Element>(_ elements: [Element]) -> Element {
            elements[below(elements.count)]
        }

        /// Shuffles `elements` in place (Fisher–Yates).
        mutating func shuffle<Element>(_ elements: inout [Element]) {
            guard elements.count > 1 else { return }
            for i in stride(from: elements.count - 1, to: 0, by: -1) {
                let j = below(i + 1)
                if i != j { elements.swapAt(i, j) }
            }
        }
    }

    /// Values drawn with given weights, by binary search over cumulative weights.
    struct WeightedList<Value: Sendable>: Sendable {
        /// The values, in the order given.
        let values: [Value]
        /// Running totals of the weights.
        private let cumulative: [Double]

        /// A list of `(value, weight)` pairs; weights must be positive.
        init(_ pairs: [(Value, Double)]) {
            var running = 0.0
            var totals: [Double] = []
            totals.reserveCapacity(pairs.count)
            for pair in pairs {
                running += pair.1
                totals.append(running)
            }
            values = pairs.map(\.0)
            cumulative = totals
        }

        /// The sum of all weights.
        var totalWeight: Double { cumulative.last ?? 0 }

        /// The weight of the entry at `index`.
        func weight(at index: Int) -> Double {
            cumulative[index] - (index == 0 ? 0 : cumulative[index - 1])
        }

        /// The share of the total weight carried by the entries that satisfy `matches`.
        func share(where matches: (Value) -> Bool) -> Double {
            var sum = 0.0
            for index in values.indices where matches(values[index]) {
                sum += weight(at: index)
            }
            return sum / totalWeight
        }

        /// One value, drawn with probability proportional to its weight.
        func pick(_ dice: inout Dice) -> Value {
            let target = dice.unit() * totalWeight
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] > target { high = mid } else { low = mid + 1 }
            }
            return values[low]
        }
    }
}
