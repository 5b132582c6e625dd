/// Sessions a child was expected at, and attended, over a period.
public struct AttendanceSummaryPayload: Sendable, Hashable, Codable {
    public var periodStart: String
    public var periodEnd: String
    public var sessionsExpected: Int
    public var sessionsAttended: Int

    public init(periodStart: String, periodEnd: String, sessionsExpected: Int, sessionsAttended: Int) {
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.sessionsExpected = sessionsExpected
        self.sessionsAttended = sessionsAttended
    }

    enum CodingKeys: String, CodingKey {
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case sessionsExpected = "sessions_expected"
        case sessionsAttended = "sessions_attended"
    }
}

extension AttendanceSummaryPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(periodStart, at: "period_start")
        check.date(periodEnd, at: "period_end")
        check.minimum(sessionsExpected, 0, at: "sessions_expected")
        check.minimum(sessionsAttended, 0, at: "sessions_attended")
    }
}
