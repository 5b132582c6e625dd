/// The period an NDL export describes: a quarter (`2026-Q2`), a half year (`2026-H1`) or a year
/// (`2026`), as inclusive `yyyy-MM-dd` dates.
public struct ReportingPeriod: Sendable, Hashable {
    public var label: String
    public var start: String
    public var end: String

    public init?(_ label: String) {
        let parts = label.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), parts.count <= 2 else { return nil }
        let months: (Int, Int)
        switch parts.count == 2 ? String(parts[1]) : "" {
        case "": months = (1, 12)
        case "Q1": months = (1, 3)
        case "Q2": months = (4, 6)
        case "Q3": months = (7, 9)
        case "Q4": months = (10, 12)
        case "H1": months = (1, 6)
        case "H2": months = (7, 12)
        default: return nil
        }
        let lastDay = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][months.1 - 1]
        self.label = label.uppercased()
        start = Self.date(year, months.0, 1)
        end = Self.date(year, months.1, lastDay)
    }

    /// Whether a `yyyy-MM-dd` date (or the date part of an RFC 3339 time) falls in the period.
    public func contains(_ date: String) -> Bool {
        let day = String(date.prefix(10))
        return day.count == 10 && day >= start && day <= end
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}
