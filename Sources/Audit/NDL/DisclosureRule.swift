/// The ONS "10-5 rule" as parameters: counts from 1 to `threshold − 1` are suppressed (GSS symbol
/// `c`), every other count is rounded to the nearest `roundingBase` (halves up). A true zero is
/// published as `0`: it says nothing about any one child, and never suppressing it lets the
/// protection below assume that every suppressed cell is at least 1 (what an attacker knows too).
public struct DisclosureRule: Sendable, Hashable, Codable {
    /// GSS symbol for a suppressed (confidential) cell.
    public static let suppressedSymbol = "c"
    /// GSS symbol for a cell that cannot exist (not applicable).
    public static let notApplicableSymbol = "z"

    public var threshold: Int
    public var roundingBase: Int
    /// Off only to show, in tests, what an attacker recovers without it.
    public var secondarySuppression: Bool

    public init(threshold: Int = 10, roundingBase: Int = 5, secondarySuppression: Bool = true) {
        self.threshold = max(1, threshold)
        self.roundingBase = max(1, roundingBase)
        self.secondarySuppression = secondarySuppression
    }

    /// Whether a true count is suppressed in its own right.
    public func isPrimary(_ count: Int) -> Bool { count > 0 && count < threshold }

    /// A published count: rounded to the nearest `roundingBase`, halves up.
    public func rounded(_ count: Int) -> Int {
        guard roundingBase > 1 else { return count }
        return (count + roundingBase / 2) / roundingBase * roundingBase
    }

    enum CodingKeys: String, CodingKey {
        case threshold
        case roundingBase = "rounding_base"
        case secondarySuppression = "secondary_suppression"
    }
}
