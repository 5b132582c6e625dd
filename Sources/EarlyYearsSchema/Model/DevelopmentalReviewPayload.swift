/// An Ages and Stages Questionnaire: ASQ-3 (a score of 0–60 in each of five areas) or
/// ASQ:SE-2 (one social-emotional total, where higher means more concern).
public struct DevelopmentalReviewPayload: Sendable, Hashable, Codable {
    public enum Instrument: String, Sendable, Hashable, Codable, CaseIterable {
        case asq3 = "asq_3"
        case asqSE2 = "asq_se_2"
    }

    public enum Area: String, Sendable, Hashable, Codable, CaseIterable {
        case communication
        case grossMotor = "gross_motor"
        case fineMotor = "fine_motor"
        case problemSolving = "problem_solving"
        case personalSocial = "personal_social"
        case socialEmotional = "social_emotional"
    }

    public enum Band: String, Sendable, Hashable, Codable, CaseIterable {
        case belowCutoff = "below_cutoff"
        case monitoring
        case aboveCutoff = "above_cutoff"
    }

    public struct AreaScore: Sendable, Hashable, Codable {
        public var area: Area
        public var score: Double
        /// As the source states it; `nil` when the source records only the score (the hub never
        /// guesses a band).
        public var band: Band?
        public var cutoff: Double?

        public init(area: Area, score: Double, band: Band?, cutoff: Double? = nil) {
            self.area = area
            self.score = score
            self.band = band
            self.cutoff = cutoff
        }
    }

    public var instrument: Instrument
    /// The questionnaire interval, e.g. 27 for the 27-month ASQ-3.
    public var intervalMonths: Int
    public var completedOn: String
    public var areas: [AreaScore]
    /// E.g. SNOMED CT 716619000 (ASQ-3 score).
    public var sourceCode: Coding?

    public init(instrument: Instrument, intervalMonths: Int, completedOn: String, areas: [AreaScore], sourceCode: Coding? = nil) {
        self.instrument = instrument
        self.intervalMonths = intervalMonths
        self.completedOn = completedOn
        self.areas = areas
        self.sourceCode = sourceCode
    }

    enum CodingKeys: String, CodingKey {
        case instrument
        case intervalMonths = "interval_months"
        case completedOn = "completed_on"
        case areas
        case sourceCode = "source_code"
    }
}

extension DevelopmentalReviewPayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.range(intervalMonths, 1...72, at: "interval_months")
        check.date(completedOn, at: "completed_on")
        let maximum: Double = instrument == .asq3 ? 60 : 400
        for (index, area) in areas.enumerated() {
            let path = "areas[\(index)]"
            check.range(area.score, 0...maximum, at: "\(path).score")
            if let cutoff = area.cutoff { check.range(cutoff, 0...maximum, at: "\(path).cutoff") }
            if (instrument == .asq3) == (area.area == .socialEmotional) {
                check.fail(at: "\(path).area", rule: "instrument_area", message: "area is not scored by this instrument")
            }
        }
    }
}
