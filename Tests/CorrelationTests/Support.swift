import Correlation
import EarlyYearsSchema
import Foundation

enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = try! SchemaCatalog(contentsOf: root.appendingPathComponent("schemas/early-years-event.v1.schema.json"))
    static let rules = try! ConcernRulesLoader.load(contentsOf: root.appendingPathComponent("rules/multi-service-concern.yaml"), catalog: catalog)
    static let correlator = Correlator(rules: rules)

    static let healthVisiting = Source(orgType: .healthVisiting, orgCode: "RCD", orgName: "Durham Health Visiting", system: "SystmOne", recordID: "")
    static let nursery = Source(orgType: .earlyYearsSetting, orgCode: "EY512345", orgName: "Sunny Days Nursery", system: "Famly", recordID: "")
    static let council = Source(orgType: .localAuthority, orgCode: "201", orgName: "Example Council", system: "Mosaic", recordID: "")
    static let otherNursery = Source(orgType: .earlyYearsSetting, orgCode: "EY123456", orgName: "Little Acorns Nursery", system: "Famly", recordID: "")

    static let child = Subject(givenNames: ["Amelia"], familyName: "Khan", birthDate: "2023-05-02", postcode: "DH1 3LE")

    static func event(_ payload: Payload, from source: Source, record: String, action: Action = .new, recordedAt: String = "2025-06-01T09:00:00Z",
                      subject: Subject = child) -> (EarlyYearsEvent, EventTree) {
        var source = source
        source.recordID = record
        let event = EarlyYearsEvent(
            eventID: EventID.derive(system: source.system, orgCode: source.orgCode, recordID: record, recordVersion: recordedAt, content: [],
                                    eventType: payload.eventType),
            action: action, occurredAt: recordedAt, recordedAt: recordedAt, source: source, subject: subject,
            lawfulBasis: LawfulBasis(article6: .publicTask, article9: .healthOrSocialCare, dpaSchedule1Paragraph: 2), specialCategory: true,
            retainUntil: "2048-05-02", provenance: Provenance(adapter: "test", mappingID: "test", mappingVersion: "1", origin: "test/\(source.orgCode)/\(record)/\(recordedAt)"),
            payload: payload)
        return (event, try! event.tree())
    }

    static func asq3(_ band: DevelopmentalReviewPayload.Band, area: DevelopmentalReviewPayload.Area = .communication, on date: String) -> Payload {
        .developmentalReview(.init(instrument: .asq3, intervalMonths: 24, completedOn: date, areas: [
            .init(area: area, score: band == .belowCutoff ? 15 : 50, band: band),
            .init(area: area == .grossMotor ? .fineMotor : .grossMotor, score: 55, band: .aboveCutoff),
        ]))
    }

    static func progressCheck(communicationOnTrack: Bool, on date: String) -> Payload {
        .progressCheckTwo(.init(completedOn: date, primeAreas: [
            .init(area: .communicationAndLanguage, onTrack: communicationOnTrack),
            .init(area: .physicalDevelopment, onTrack: true),
            .init(area: .personalSocialEmotionalDevelopment, onTrack: true),
        ], parentalConsentToShare: true, integratedReview: false))
    }
}

/// Runs events through a correlator for one child, collecting the alert records.
struct Child {
    var id = "ch_" + String(repeating: "1", count: 32)
    var state = ChildAlertState()
    var records: [MultiServiceAlertPayload] = []
    let correlator = Fixture.correlator

    @discardableResult
    mutating func send(_ payload: Payload, from source: Source, record: String, action: Action = .new,
                       recordedAt: String = "2025-06-01T09:00:00Z", subject: Subject = Fixture.child) -> [MultiServiceAlertPayload] {
        let (event, tree) = Fixture.event(payload, from: source, record: record, action: action, recordedAt: recordedAt, subject: subject)
        let out = correlator.apply(event, tree: tree, childID: id, sourceKey: "\(source.orgCode)/\(record)", state: &state, at: "2025-06-02T10:00:00Z")
        records += out
        return out
    }
}
