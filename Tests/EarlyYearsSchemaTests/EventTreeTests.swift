import EarlyYearsSchema
import Foundation
import Testing

/// ``EarlyYearsEvent/tree()`` writes the event's own parts member by member instead of through
/// `encode(to:)`; these tests hold it, through ``EarlyYearsEvent/canonicalJSON()``, to what
/// `JSONEncoder` writes from `encode(to:)`, with every optional member present and absent.
@Suite("Event trees")
struct EventTreeTests {
    /// Every event type, and variants with every optional member of the event's own parts filled
    /// in or left out.
    static func events() -> [EarlyYearsEvent] {
        let full = Subject(
            nhsNumber: .init(NHSNumber("943 476 5910"), verificationStatus: "02", codeSystem: "https://example.org/status"),
            upn: .init(UniquePupilNumber("A950000178301")), laChildID: .init(laCode: "383", value: "LA-1"),
            localIDs: [.init(system: "a", value: "1"), .init(system: "b/c", value: "\"2\"")], givenNames: ["Siân", ""],
            familyName: "O'Brien", otherNames: [.init(use: .alias), .init(use: .previous, givenNames: ["A"], familyName: "B")],
            birthDate: "2023-01-14", expectedBirthDate: "2023-01-10", sex: .indeterminate, postcode: "LS1 4AP",
            address: .init(lines: []), householdID: "hh-1")
        let finding = DataQualityFinding(rule: "nhs_number.check_digit", path: "subject.nhs_number", severity: .warning, message: "fails\tModulus 11")
        var events = EventFixtures.valid
        for (index, base) in EventFixtures.valid.prefix(4).enumerated() {
            var event = base
            event.subject = index.isMultiple(of: 2) ? full : Subject()
            event.source = Source(orgType: .other, orgCode: "X", system: "S", recordID: "R")
            event.lawfulBasis = LawfulBasis(article6: .consent, article9: index == 1 ? .explicitConsent : nil, dpaSchedule1Paragraph: index == 3 ? 0 : nil)
            event.parentalConsent = ParentalConsent.allCases[index]
            event.retainUntil = index == 2 ? nil : "2040-01-01"
            event.dataQuality = Array(repeating: finding, count: index)
            event.provenance = Provenance(adapter: "a", mappingID: "m", mappingVersion: "1", origin: "o")
            event.schemaVersion = "0.9"
            events.append(event)
        }
        let enrolment = EnrolmentPayload(
            settingURN: "EY1", settingName: "Acorns", startDate: "2025-01-06", endDate: "2025-07-18",
            fundedHours: .init(type: .none, hoursPerWeek: 12.5), eypp: false, daf: true, senProvision: .none)
        let review = DevelopmentalReviewPayload(
            instrument: .asq3, intervalMonths: 0, completedOn: "",
            areas: [.init(area: .fineMotor, score: 20.25, band: nil), .init(area: .communication, score: -0.0, band: .aboveCutoff, cutoff: 1e-7)])
        let payloads: [Payload] = [.enrolment(enrolment), .developmentalReview(review), .demographicsUpdate(.init(changedFields: []))]
        for (index, payload) in payloads.enumerated() {
            events.append(EventFixtures.event(100 + index, payload))
        }
        return events
    }

    @Test("canonical JSON from the tree is byte for byte what JSONEncoder writes")
    func canonicalJSON() throws {
        let encoder = EarlyYearsEvent.encoder()
        for event in Self.events() {
            #expect(try event.canonicalJSON() == [UInt8](try encoder.encode(event)), "\(event.eventType.rawValue)")
        }
    }

    @Test("decoding an event's own tree gives the event back, with that tree")
    func decodedFromOwnTree() throws {
        for event in Self.events() {
            let tree = try event.tree()
            let decoded = try EarlyYearsEvent.decoded(from: tree)
            #expect(decoded.event == event)
            #expect(decoded.tree == tree)
        }
    }

    @Test("a tree read as it is writes what the model encodes: integers where numbers go, up to and past 2^53", arguments: [60, -3, 0, 1 << 53, (1 << 53) + 1, Int.max])
    func integersWhereNumbersGo(_ score: Int) throws {
        let review = DevelopmentalReviewPayload(instrument: .asq3, intervalMonths: 24, completedOn: "2026-04-30",
                                                areas: [.init(area: .communication, score: 10, band: .belowCutoff)])
        guard case .object(var members) = try EventFixtures.event(7, .developmentalReview(review)).tree(),
              case .object(var payload)? = members["payload"], case .array(var areas)? = payload["areas"], case .object(var area) = areas[0] else {
            Issue.record("an event tree has a payload with areas")
            return
        }
        area["score"] = .int(score)
        areas[0] = .object(area)
        payload["areas"] = .array(areas)
        members["payload"] = .object(payload)
        let (event, tree) = try EarlyYearsEvent.decoded(from: .object(members))
        #expect(event.payload == .developmentalReview(.init(instrument: .asq3, intervalMonths: 24, completedOn: "2026-04-30",
                                                             areas: [.init(area: .communication, score: Double(score), band: .belowCutoff)])))
        #expect(try tree.json(style: .encoder) == [UInt8](try EarlyYearsEvent.encoder().encode(event)))
    }

    @Test("a member the model does not define is named, at any depth, as JSONDecoder names it")
    func undefinedMember() throws {
        let event = Self.events().first { $0.eventType == .developmentalReview }!
        guard case .object(var members) = try event.tree(), case .object(var subject)? = members["subject"] else {
            Issue.record("an event tree has a subject")
            return
        }
        subject["nickname"] = .string("Jo")
        members["subject"] = .object(subject)
        let fromTree = #expect(throws: DecodingError.self) { try EarlyYearsEvent.decoded(from: .object(members)) }
        let json = try EventTree.object(members).json(style: .encoder)
        let fromJSON = #expect(throws: DecodingError.self) { try JSONDecoder().decode(EarlyYearsEvent.self, from: Data(json)) }
        #expect(fromTree.map(Self.describe) == fromJSON.map(Self.describe))
        #expect(fromTree.map(Self.describe)?.contains("nickname") == true)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): "corrupted \(context.codingPath.map(\.stringValue)) \(context.debugDescription)"
        default: "\(error)"
        }
    }

    static let nonFinitePayloads: [(Payload, [String])] = [
        (.enrolment(.init(
            settingURN: "EY1", settingName: "Acorns", startDate: "2025-01-06",
            fundedHours: .init(type: .extended, hoursPerWeek: .infinity), eypp: false, daf: false, senProvision: .none)),
         ["payload", "funded_hours", "hours_per_week"]),
        (.developmentalReview(.init(instrument: .asq3, intervalMonths: 27, completedOn: "2025-04-15", areas: [
            .init(area: .communication, score: 20, band: nil), .init(area: .grossMotor, score: .nan, band: nil)])),
         ["payload", "areas", "Index 1", "score"]),
        (.developmentalReview(.init(instrument: .asq3, intervalMonths: 27, completedOn: "2025-04-15", areas: [
            .init(area: .communication, score: 20, band: nil, cutoff: -.infinity)])),
         ["payload", "areas", "Index 0", "cutoff"]),
    ]

    @Test("a payload number JSON cannot hold is refused at the path JSONEncoder gives", arguments: nonFinitePayloads)
    func nonFinitePayloadNumber(_ payload: Payload, _ codingPath: [String]) throws {
        let event = EventFixtures.event(200, payload)
        func path(_ work: () throws -> Void) -> [String]? {
            do {
                try work()
                return nil
            } catch EncodingError.invalidValue(_, let context) {
                return context.codingPath.map(\.stringValue)
            } catch {
                return ["unexpected \(error)"]
            }
        }
        let expected = path { _ = try EarlyYearsEvent.encoder().encode(event) }
        #expect(expected == codingPath)
        #expect(path { _ = try event.tree() } == expected)
    }
}
