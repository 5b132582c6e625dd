import EarlyYearsSchema

/// What the NDL tables count about one child in a period, after merges and splits. It never
/// leaves the hub: only counts of these do.
public struct ChildFacts: Sendable, Hashable {
    public enum AgeBand: String, Sendable, Hashable, CaseIterable {
        case under1 = "0"
        case one = "1"
        case two = "2"
        case three = "3"
        case four = "4"
        case fiveAndOver = "5+"
        case unknown

        /// Whole years at `end` (`yyyy-MM-dd`); unknown without a birth date, or for a child born after it.
        public init(birthDate: String?, at end: String) {
            guard let birthDate, birthDate.count == 10, birthDate <= end,
                  let born = Int(birthDate.prefix(4)), let year = Int(end.prefix(4)) else { self = .unknown; return }
            let years = year - born - (end.dropFirst(5) < birthDate.dropFirst(5) ? 1 : 0)
            self = switch years {
            case ..<1: .under1
            case 1: .one
            case 2: .two
            case 3: .three
            case 4: .four
            default: .fiveAndOver
            }
        }
    }

    /// A developmental review area's band as the source stated it (the hub never guesses one).
    public enum ReviewBand: String, Sendable, Hashable, CaseIterable {
        case belowCutoff = "below_cutoff"
        case monitoring
        case aboveCutoff = "above_cutoff"
        case notStated = "not_stated"

        init(_ band: DevelopmentalReviewPayload.Band?) {
            self = switch band {
            case .belowCutoff: .belowCutoff
            case .monitoring: .monitoring
            case .aboveCutoff: .aboveCutoff
            case nil: .notStated
            }
        }
    }

    public var localAuthority: String
    public var ageBand: AgeBand
    /// Each concern domain flagged in the period, with the services (source organisations) that flagged it.
    public var servicesFlagging: [ConcernPayload.Domain: Set<String>]
    /// The band of each area in the child's latest developmental review in the period.
    public var reviewBands: [DevelopmentalReviewPayload.Area: ReviewBand]

    public init(localAuthority: String, ageBand: AgeBand, servicesFlagging: [ConcernPayload.Domain: Set<String>] = [:],
                reviewBands: [DevelopmentalReviewPayload.Area: ReviewBand] = [:]) {
        self.localAuthority = localAuthority
        self.ageBand = ageBand
        self.servicesFlagging = servicesFlagging
        self.reviewBands = reviewBands
    }
}

/// Which concern domain a developmental finding belongs to.
public enum ConcernDomainMapping {
    public static func domain(of area: DevelopmentalReviewPayload.Area) -> ConcernPayload.Domain {
        switch area {
        case .communication: .speechLanguageCommunication
        case .grossMotor, .fineMotor: .physical
        case .problemSolving: .cognitive
        case .personalSocial, .socialEmotional: .socialEmotional
        }
    }

    public static func domain(of area: ProgressCheckTwoPayload.PrimeArea) -> ConcernPayload.Domain {
        switch area {
        case .communicationAndLanguage: .speechLanguageCommunication
        case .physicalDevelopment: .physical
        case .personalSocialEmotionalDevelopment: .socialEmotional
        }
    }
}
