import Correlation
import EarlyYearsSchema
import Foundation
import Testing

@Suite("Correlator: flags, alerts and their lifecycle")
struct CorrelatorTests {
    /// Each flag type, as one service's record that flags, and a record of the same source that ends it.
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var flag: Payload
        var domain: ConcernPayload.Domain
        /// Sent as a new version of the same record (`sameRecord`) or as a later record.
        var end: Payload
        var sameRecord: Bool
        var testDescription: String { name }
    }

    static let table: [Row] = [
        Row(name: "ASQ-3 area below cut-off, ended by a later ASQ-3 above cut-off",
            flag: Fixture.asq3(.belowCutoff, area: .grossMotor, on: "2025-05-02"), domain: .physical,
            end: Fixture.asq3(.aboveCutoff, area: .grossMotor, on: "2025-09-02"), sameRecord: false),
        Row(name: "ASQ:SE-2 above cut-off, ended by a later one below",
            flag: .developmentalReview(.init(instrument: .asqSE2, intervalMonths: 24, completedOn: "2025-05-02",
                                             areas: [.init(area: .socialEmotional, score: 120, band: .aboveCutoff)])), domain: .socialEmotional,
            end: .developmentalReview(.init(instrument: .asqSE2, intervalMonths: 30, completedOn: "2025-11-02",
                                            areas: [.init(area: .socialEmotional, score: 20, band: .belowCutoff)])), sameRecord: false),
        Row(name: "progress check prime area not on track, ended by a later check on track",
            flag: Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), domain: .speechLanguageCommunication,
            end: Fixture.progressCheck(communicationOnTrack: true, on: "2025-10-20"), sameRecord: false),
        Row(name: "open concern, ended by closing it",
            flag: .concern(.init(domain: .homeEnvironment, severity: .high, status: .open, raisedOn: "2025-05-03")), domain: .homeEnvironment,
            end: .concern(.init(domain: .homeEnvironment, severity: .high, status: .closed, raisedOn: "2025-05-03", closedOn: "2025-07-01")), sameRecord: true),
        Row(name: "referral to SLT, ended when declined",
            flag: .referral(.init(toService: .speechLanguageTherapy, referredOn: "2025-05-04")), domain: .speechLanguageCommunication,
            end: .referral(.init(toService: .speechLanguageTherapy, referredOn: "2025-05-04", outcome: .declined)), sameRecord: true),
        Row(name: "referral to early help, ended with no further action",
            flag: .referral(.init(toService: .earlyHelp, referredOn: "2025-05-04", outcome: .accepted)), domain: .homeEnvironment,
            end: .referral(.init(toService: .earlyHelp, referredOn: "2025-05-04", outcome: .noFurtherAction)), sameRecord: true),
        Row(name: "referral to social care, ended when completed",
            flag: .referral(.init(toService: .socialCare, referredOn: "2025-05-04")), domain: .safeguarding,
            end: .referral(.init(toService: .socialCare, referredOn: "2025-05-04", outcome: .completed)), sameRecord: true),
        Row(name: "CIN referral, ended by closing the episode",
            flag: .cinReferral(.init(referralDate: "2025-05-05", referralSource: .code1A, primaryNeed: .n1)), domain: .safeguarding,
            end: .cinReferral(.init(referralDate: "2025-05-05", referralSource: .code1A, primaryNeed: .n1, closureDate: "2025-08-01", reasonForClosure: .rc1)),
            sameRecord: true),
        Row(name: "child protection plan, ended when the plan ends",
            flag: .childProtectionPlan(.init(startDate: "2025-05-06", initialCategory: .neglect)), domain: .safeguarding,
            end: .childProtectionPlan(.init(startDate: "2025-05-06", endDate: "2025-09-06", initialCategory: .neglect)), sameRecord: true),
        Row(name: "safeguarding flag, ended when no longer active",
            flag: .safeguardingFlag(.init(flag: .childProtectionPlan, status: .active, recordedOn: "2025-05-07")), domain: .safeguarding,
            end: .safeguardingFlag(.init(flag: .childProtectionPlan, status: .ended, recordedOn: "2025-05-07")), sameRecord: true),
    ]

    @Test("each flag type raises an alert with another service's flag, and ending it resolves the alert", arguments: table)
    func ruleTable(_ row: Row) throws {
        var child = Child()
        // The other service's flag: a nursery's open concern in a different domain.
        child.send(.concern(.init(domain: .cognitive, severity: .low, status: .open, raisedOn: "2025-04-01")), from: Fixture.nursery, record: "c-1")
        #expect(child.records.isEmpty, "one service alone raises nothing")
        let raised = child.send(row.flag, from: Fixture.healthVisiting, record: "r-1", recordedAt: "2025-06-01T09:00:00Z")
        let alert = try #require(raised.first)
        #expect(raised.count == 1)
        #expect(alert.state == .raised)
        #expect(alert.domains.contains(row.domain))
        #expect(Set(alert.services.map(\.orgCode)) == ["RCD", "EY512345"])
        let ended = child.send(row.end, from: Fixture.healthVisiting, record: row.sameRecord ? "r-1" : "r-2", action: row.sameRecord ? .update : .new,
                               recordedAt: "2025-12-01T09:00:00Z")
        #expect(ended.map(\.state) == [.resolved])
        #expect(ended.first?.changedBy == Correlator.actor)
        #expect(child.state.openAlert == nil)
    }

    @Test("the demo journey: an ASQ-3 and a progress check about communication raise one alert, in plain English")
    func journey() throws {
        var child = Child()
        child.send(Fixture.asq3(.belowCutoff, on: "2026-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        let raised = child.send(Fixture.progressCheck(communicationOnTrack: false, on: "2026-05-20"), from: Fixture.nursery, record: "pc-1")
        let alert = try #require(raised.first)
        #expect(alert.explanation == "Communication concern from Durham Health Visiting (ASQ-3 communication below cut-off, 2 May 2026) and Sunny Days Nursery (progress check at two: communication and language not on track, 20 May 2026)")
        #expect(alert.sharedDomains == [.speechLanguageCommunication])
        #expect(alert.severity == .high, "medium flags, raised one level for the shared domain")
        #expect(alert.nextStep.hasPrefix("Offer an integrated review"))
        #expect(alert.alertID.hasPrefix("al_"))
        #expect(alert.raisedOn == "2026-05-20")
        // The same records again (a re-delivery) change nothing.
        #expect(child.send(Fixture.asq3(.belowCutoff, on: "2026-05-02"), from: Fixture.healthVisiting, record: "asq-1").isEmpty)
        #expect(child.send(Fixture.progressCheck(communicationOnTrack: false, on: "2026-05-20"), from: Fixture.nursery, record: "pc-1").isEmpty)
    }

    @Test("two records of one service never raise an alert, nor do flags more than 12 months apart")
    func oneServiceAndWindow() {
        var child = Child()
        child.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        child.send(.concern(.init(domain: .speechLanguageCommunication, severity: .high, status: .open, raisedOn: "2025-05-03")),
                   from: Fixture.healthVisiting, record: "c-1")
        #expect(child.records.isEmpty)
        var apart = Child()
        apart.send(Fixture.asq3(.belowCutoff, on: "2024-01-02"), from: Fixture.healthVisiting, record: "asq-1")
        apart.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-03-20"), from: Fixture.nursery, record: "pc-1")
        #expect(apart.records.isEmpty)
        // Late evidence inside the window (by event time) does raise it.
        apart.send(.concern(.init(domain: .physical, severity: .low, status: .open, raisedOn: "2024-06-01")), from: Fixture.council, record: "c-9")
        #expect(apart.records.map(\.state) == [.raised])
    }

    @Test("twins: the same worries about two different children raise nothing")
    func twins() {
        var first = Child(id: "ch_" + String(repeating: "a", count: 32))
        var second = Child(id: "ch_" + String(repeating: "b", count: 32))
        let twin = Subject(givenNames: ["Oliver"], familyName: "Khan", birthDate: "2023-05-02", postcode: "DH1 3LE")
        first.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        second.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), from: Fixture.nursery, record: "pc-2", subject: twin)
        #expect(first.records.isEmpty && second.records.isEmpty)
    }

    @Test("a correction that removes a flag withdraws the alert; the flag's return raises a new one")
    func withdrawal() throws {
        var child = Child()
        child.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        let raised = try #require(child.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), from: Fixture.nursery, record: "pc-1").first)
        // The nursery corrects the check: communication was on track after all.
        let withdrawn = child.send(Fixture.progressCheck(communicationOnTrack: true, on: "2025-05-20"), from: Fixture.nursery, record: "pc-1",
                                   action: .update, recordedAt: "2025-06-03T09:00:00Z")
        #expect(withdrawn.map(\.state) == [.withdrawn])
        #expect(withdrawn.first?.alertID == raised.alertID)
        #expect(withdrawn.first?.sequence == 2)
        // A stale copy of the old version, delivered late, does not bring the flag back.
        #expect(child.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), from: Fixture.nursery, record: "pc-1",
                           recordedAt: "2025-06-01T09:00:00Z").isEmpty)
        // A deletion of the health visitor's record then a new flag: a new alert, a new id.
        let again = child.send(.concern(.init(domain: .physical, severity: .low, status: .open, raisedOn: "2025-06-10")), from: Fixture.nursery, record: "c-2")
        let second = try #require(again.first)
        #expect(second.state == .raised)
        #expect(second.alertID != raised.alertID)
    }

    @Test("a third service or a new domain escalates the open alert and raises its severity")
    func escalation() throws {
        var child = Child()
        child.send(.concern(.init(domain: .physical, severity: .low, status: .open, raisedOn: "2025-05-01")), from: Fixture.healthVisiting, record: "c-1")
        let raised = try #require(child.send(.concern(.init(domain: .cognitive, severity: .low, status: .open, raisedOn: "2025-05-02")),
                                             from: Fixture.nursery, record: "c-2").first)
        #expect(raised.severity == .low)
        let escalated = try #require(child.send(.concern(.init(domain: .physical, severity: .low, status: .open, raisedOn: "2025-05-03")),
                                                from: Fixture.council, record: "c-3").first)
        #expect(escalated.state == .escalated)
        #expect(escalated.alertID == raised.alertID)
        #expect(escalated.severity == .high, "one level for the shared physical domain, one for the third service")
        #expect(escalated.services.count == 3)
    }

    @Test("acknowledge and resolve by a person; resolved evidence raises nothing until something new arrives")
    func actions() throws {
        var child = Child()
        child.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        let alert = try #require(child.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), from: Fixture.nursery, record: "pc-1").first)
        let ack = try Fixture.correlator.act(.init(kind: .acknowledge, alertID: alert.alertID, childID: child.id, by: "Jo Bloggs", note: "calling the HV", at: "2025-06-02T10:00:00Z"), state: &child.state)
        #expect(ack.state == .acknowledged && ack.changedBy == "Jo Bloggs" && ack.sequence == 2)
        #expect(throws: Correlator.ActionRefused.self) {
            try Fixture.correlator.act(.init(kind: .resolve, alertID: alert.alertID, childID: child.id, by: " ", note: "", at: "2025-06-02T10:00:00Z"), state: &child.state)
        }
        let resolved = try Fixture.correlator.act(.init(kind: .resolve, alertID: alert.alertID, childID: child.id, by: "Jo Bloggs", note: "integrated review booked", at: "2025-06-02T11:00:00Z"), state: &child.state)
        #expect(resolved.state == .resolved)
        #expect(throws: Correlator.ActionRefused.self) {
            try Fixture.correlator.act(.init(kind: .acknowledge, alertID: alert.alertID, childID: child.id, by: "Jo", note: "late", at: "2025-06-02T12:00:00Z"), state: &child.state)
        }
        // The same flags re-delivered: nothing. A new flag from a third service: a new alert.
        #expect(child.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1", recordedAt: "2025-06-05T09:00:00Z").isEmpty)
        let next = try #require(child.send(.referral(.init(toService: .speechLanguageTherapy, referredOn: "2025-06-04")), from: Fixture.council, record: "ref-1").first)
        #expect(next.state == .raised && next.alertID != alert.alertID)
    }

    @Test("a merge combines both children's flags and raises the alert; a split withdraws it")
    func identity() throws {
        var first = Child(id: "ch_" + String(repeating: "a", count: 32))
        var second = Child(id: "ch_" + String(repeating: "b", count: 32))
        first.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        second.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), from: Fixture.nursery, record: "pc-1")
        let (withdrawn, raised) = Fixture.correlator.merge(from: &second.state, fromID: second.id, into: &first.state, intoID: first.id, at: "2025-06-02T10:00:00Z")
        #expect(withdrawn == nil)
        let alert = try #require(raised)
        #expect(alert.state == .raised && alert.services.count == 2)
        var split = ChildAlertState()
        let changes = Fixture.correlator.split(from: &first.state, fromID: first.id, into: &split, intoID: second.id, sourceKey: "EY512345/pc-1", at: "2025-06-03T10:00:00Z")
        #expect(changes.map(\.state) == [.withdrawn])
        #expect(changes.first?.changeNote?.contains("identity split") == true)
        #expect(split.records.count == 1)
    }

    @Test("an ending that arrives before the flag it ends (out of order) still ends it, by event time")
    func outOfOrder() {
        var child = Child()
        child.send(Fixture.asq3(.aboveCutoff, on: "2025-09-02"), from: Fixture.healthVisiting, record: "asq-2")
        child.send(Fixture.asq3(.belowCutoff, on: "2025-05-02"), from: Fixture.healthVisiting, record: "asq-1")
        child.send(Fixture.progressCheck(communicationOnTrack: false, on: "2025-05-20"), from: Fixture.nursery, record: "pc-1")
        #expect(child.records.isEmpty, "the health visitor's flag had already ended")
    }
}
