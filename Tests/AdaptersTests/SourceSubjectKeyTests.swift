@testable import Adapters
import EarlyYearsSchema
import Testing

@Suite("The source subject key")
struct SourceSubjectKeyTests {
    let source = Source(orgType: .earlyYearsSetting, orgCode: "EY512345", system: "NurseryBook", recordID: "C001")

    @Test("is 64 lower-case hex characters and contains no identifier")
    func pseudonymous() {
        let subject = Subject(nhsNumber: .init(NHSNumber("9434765919")), localIDs: [.init(system: "nurserybook-child", value: "C001")])
        let key = SourceSubjectKey.derive(source: source, subject: subject)
        #expect(key.count == 64 && key.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(!key.contains("9434765919") && !key.contains("C001"))
    }

    @Test("prefers the first local id, then the LA child id, the NHS number, the UPN and the record id")
    func preference() {
        let local = Subject.LocalIdentifier(system: "nurserybook-child", value: "C001")
        let la = Subject.LAChildID(laCode: "383", value: "LA-77")
        let nhs = Subject.NHSNumberEntry(NHSNumber("9434765919"))
        let key = { (subject: Subject) in SourceSubjectKey.derive(source: source, subject: subject) }
        #expect(key(Subject(nhsNumber: nhs, laChildID: la, localIDs: [local])) == key(Subject(localIDs: [local])))
        #expect(key(Subject(nhsNumber: nhs, laChildID: la)) == key(Subject(laChildID: la)))
        #expect(key(Subject(nhsNumber: nhs)) != key(Subject()))
        #expect(key(Subject()) == SourceSubjectKey.derive(source: source, subject: Subject(familyName: "Davies")))
    }

    @Test("differs between source systems and organisations for the same local id")
    func scopedBySource() {
        let subject = Subject(localIDs: [.init(system: "child", value: "C001")])
        var other = source
        other.orgCode = "EY999999"
        var otherSystem = source
        otherSystem.system = "Famly"
        let keys = Set([source, other, otherSystem].map { SourceSubjectKey.derive(source: $0, subject: subject) })
        #expect(keys.count == 3)
    }
}
