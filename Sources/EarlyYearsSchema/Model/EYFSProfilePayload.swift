/// The EYFS Profile at the end of reception: each of the 17 early learning goals, expected or emerging.
public struct EYFSProfilePayload: Sendable, Hashable, Codable {
    public enum Goal: String, Sendable, Hashable, Codable, CaseIterable {
        case listeningAttentionUnderstanding = "listening_attention_understanding"
        case speaking
        case selfRegulation = "self_regulation"
        case managingSelf = "managing_self"
        case buildingRelationships = "building_relationships"
        case grossMotorSkills = "gross_motor_skills"
        case fineMotorSkills = "fine_motor_skills"
        case comprehension
        case wordReading = "word_reading"
        case writing
        case number
        case numericalPatterns = "numerical_patterns"
        case pastAndPresent = "past_and_present"
        case peopleCultureCommunities = "people_culture_communities"
        case theNaturalWorld = "the_natural_world"
        case creatingWithMaterials = "creating_with_materials"
        case beingImaginativeExpressive = "being_imaginative_expressive"
    }

    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case expected
        case emerging
    }

    public struct GoalOutcome: Sendable, Hashable, Codable {
        public var goal: Goal
        public var outcome: Outcome

        public init(goal: Goal, outcome: Outcome) {
            self.goal = goal
            self.outcome = outcome
        }
    }

    public var assessedOn: String
    public var goals: [GoalOutcome]
    public var goodLevelOfDevelopment: Bool

    public init(assessedOn: String, goals: [GoalOutcome], goodLevelOfDevelopment: Bool) {
        self.assessedOn = assessedOn
        self.goals = goals
        self.goodLevelOfDevelopment = goodLevelOfDevelopment
    }

    enum CodingKeys: String, CodingKey {
        case assessedOn = "assessed_on"
        case goals
        case goodLevelOfDevelopment = "good_level_of_development"
    }
}

extension EYFSProfilePayload: PayloadValidating {
    func validate(into check: inout SchemaChecker) {
        check.date(assessedOn, at: "assessed_on")
    }
}
