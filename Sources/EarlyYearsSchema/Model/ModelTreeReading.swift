/// Events read from ``EventTree``s member by member, the counterpart of the member-by-member
/// trees in `ModelTrees.swift`, for trees in which every member has exactly the shape the model
/// expects (as the mapping engine makes them).
///
/// Anything else (a missing member, a wrong type, a `null`, an unknown enum value, a number
/// with a fraction where an `Int` goes) stops the read with ``UnexpectedShape``, and
/// ``EarlyYearsEvent/decoded(from:)`` decodes through the generic tree decoder instead, which
/// gives `JSONDecoder`'s own error and coding path. What is accepted here decodes to the same
/// value through `init(from:)`: strings, `Bool`s and arrays as they are, an `Int` from an
/// integer, a `Double` from any number, enums by raw value, optional members absent or present.
struct UnexpectedShape: Error {}

extension EventTree {
    func object() throws(UnexpectedShape) -> EventObject {
        guard case .object(let members) = self else { throw UnexpectedShape() }
        return members
    }

    func string() throws(UnexpectedShape) -> String {
        guard case .string(let text) = self else { throw UnexpectedShape() }
        return text
    }

    func bool() throws(UnexpectedShape) -> Bool {
        guard case .bool(let flag) = self else { throw UnexpectedShape() }
        return flag
    }

    func int() throws(UnexpectedShape) -> Int {
        guard case .int(let number) = self else { throw UnexpectedShape() }
        return number
    }

    /// A finite number; an integer only up to 2^53, which a `Double` holds exactly and writes
    /// with the same digits. Anything else is left to the generic decoder and encoder.
    func double() throws(UnexpectedShape) -> Double {
        switch self {
        case .int(let number) where number.magnitude <= 1 << 53: return Double(number)
        case .double(let number) where number.isFinite: return number
        default: throw UnexpectedShape()
        }
    }

    func raw<T: RawRepresentable>(_ type: T.Type) throws(UnexpectedShape) -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw UnexpectedShape() }
        return value
    }

    func array<T>(_ read: (EventTree) throws(UnexpectedShape) -> T) throws(UnexpectedShape) -> [T] {
        guard case .array(let elements) = self else { throw UnexpectedShape() }
        var values: [T] = []
        values.reserveCapacity(elements.count)
        for element in elements { values.append(try read(element)) }
        return values
    }

    func strings() throws(UnexpectedShape) -> [String] {
        try array { element throws(UnexpectedShape) in try element.string() }
    }
}

/// An object's members, read by key, counting those found so that a reader can tell that it has
/// read every one (see ``exhausted()``).
struct TreeMembers {
    let members: EventObject
    private(set) var found = 0

    init(_ tree: EventTree) throws(UnexpectedShape) {
        members = try tree.object()
    }

    /// A member that must be there.
    mutating func callAsFunction<T>(_ key: String, _ read: (EventTree) throws(UnexpectedShape) -> T) throws(UnexpectedShape) -> T {
        guard let value = members[key] else { throw UnexpectedShape() }
        found += 1
        return try read(value)
    }

    /// A member that may be left out (but is never `null`).
    mutating func optional<T>(_ key: String, _ read: (EventTree) throws(UnexpectedShape) -> T) throws(UnexpectedShape) -> T? {
        guard let value = members[key] else { return nil }
        found += 1
        return try read(value)
    }

    /// The object has no member the reader did not read: one the model does not define is left
    /// to the generic decoder and the undefined-property check, which name it.
    func exhausted() throws(UnexpectedShape) {
        guard found == members.count else { throw UnexpectedShape() }
    }
}

extension EarlyYearsEvent {
    /// The event's members, read from a tree of exactly the expected shape; the payload is read
    /// so for the shapes ``Payload/init(shapedAs:eventType:)`` knows, and decoded by `init(from:)`
    /// for the others (whose error, if any, also sends the caller to the generic decoder).
    ///
    /// `exact` tells whether every member at every depth was read member by member (no payload
    /// shape left to `init(from:)`): then the event's ``tree()`` is `tree` with `data_quality`
    /// added, as the model encodes every value read here as it was (a `Double` read from an
    /// integer of at most 2^53 writes the same digits).
    init(shapedAs tree: EventTree, exact: inout Bool) throws {
        var members = try TreeMembers(tree)
        eventID = try members(CodingKeys.eventID.rawValue) { value throws(UnexpectedShape) in try value.string() }
        let eventType = try members(CodingKeys.eventType.rawValue) { value throws(UnexpectedShape) in try value.raw(EventType.self) }
        action = try members(CodingKeys.action.rawValue) { value throws(UnexpectedShape) in try value.raw(Action.self) }
        occurredAt = try members(CodingKeys.occurredAt.rawValue) { value throws(UnexpectedShape) in try value.string() }
        recordedAt = try members(CodingKeys.recordedAt.rawValue) { value throws(UnexpectedShape) in try value.string() }
        schemaVersion = try members(CodingKeys.schemaVersion.rawValue) { value throws(UnexpectedShape) in try value.string() }
        source = try members(CodingKeys.source.rawValue, Source.init(shapedAs:))
        subject = try members(CodingKeys.subject.rawValue, Subject.init(shapedAs:))
        lawfulBasis = try members(CodingKeys.lawfulBasis.rawValue, LawfulBasis.init(shapedAs:))
        specialCategory = try members(CodingKeys.specialCategory.rawValue) { value throws(UnexpectedShape) in try value.bool() }
        parentalConsent = try members.optional(CodingKeys.parentalConsent.rawValue) { value throws(UnexpectedShape) in try value.raw(ParentalConsent.self) }
        retainUntil = try members.optional(CodingKeys.retainUntil.rawValue) { value throws(UnexpectedShape) in try value.string() }
        dataQuality = try members.optional(CodingKeys.dataQuality.rawValue) { value throws(UnexpectedShape) in
            try value.array(DataQualityFinding.init(shapedAs:))
        } ?? []
        provenance = try members(CodingKeys.provenance.rawValue, Provenance.init(shapedAs:))
        let payloadTree = try members(CodingKeys.payload.rawValue) { $0 }
        if let payload = try Payload(shapedAs: payloadTree, eventType: eventType) {
            self.payload = payload
            try members.exhausted()
            exact = true
        } else {
            payload = try Payload(eventType: eventType, from: EventTreeDecoder(value: payloadTree, path: LazyCodingPath([], CodingKeys.payload)))
        }
    }
}

extension Source {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        orgType = try members(CodingKeys.orgType.rawValue) { value throws(UnexpectedShape) in try value.raw(OrgType.self) }
        orgCode = try members(CodingKeys.orgCode.rawValue) { value throws(UnexpectedShape) in try value.string() }
        orgName = try members.optional(CodingKeys.orgName.rawValue) { value throws(UnexpectedShape) in try value.string() }
        system = try members(CodingKeys.system.rawValue) { value throws(UnexpectedShape) in try value.string() }
        recordID = try members(CodingKeys.recordID.rawValue) { value throws(UnexpectedShape) in try value.string() }
        recordVersion = try members.optional(CodingKeys.recordVersion.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension Subject {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        nhsNumber = try members.optional(CodingKeys.nhsNumber.rawValue, NHSNumberEntry.init(shapedAs:))
        upn = try members.optional(CodingKeys.upn.rawValue, UPNEntry.init(shapedAs:))
        laChildID = try members.optional(CodingKeys.laChildID.rawValue, LAChildID.init(shapedAs:))
        localIDs = try members.optional(CodingKeys.localIDs.rawValue) { value throws(UnexpectedShape) in try value.array(LocalIdentifier.init(shapedAs:)) }
        givenNames = try members.optional(CodingKeys.givenNames.rawValue) { value throws(UnexpectedShape) in try value.strings() }
        familyName = try members.optional(CodingKeys.familyName.rawValue) { value throws(UnexpectedShape) in try value.string() }
        otherNames = try members.optional(CodingKeys.otherNames.rawValue) { value throws(UnexpectedShape) in try value.array(OtherName.init(shapedAs:)) }
        birthDate = try members.optional(CodingKeys.birthDate.rawValue) { value throws(UnexpectedShape) in try value.string() }
        expectedBirthDate = try members.optional(CodingKeys.expectedBirthDate.rawValue) { value throws(UnexpectedShape) in try value.string() }
        sex = try members.optional(CodingKeys.sex.rawValue) { value throws(UnexpectedShape) in try value.raw(Sex.self) }
        postcode = try members.optional(CodingKeys.postcode.rawValue) { value throws(UnexpectedShape) in try value.string() }
        address = try members.optional(CodingKeys.address.rawValue, Address.init(shapedAs:))
        householdID = try members.optional(CodingKeys.householdID.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension Subject.NHSNumberEntry {
    /// The check result is read, as `init(from:)` reads it, not worked out again.
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        value = NHSNumber(try members(CodingKeys.value.rawValue) { value throws(UnexpectedShape) in try value.string() })
        verificationStatus = try members.optional(CodingKeys.verificationStatus.rawValue) { value throws(UnexpectedShape) in try value.string() }
        codeSystem = try members.optional(CodingKeys.codeSystem.rawValue) { value throws(UnexpectedShape) in try value.string() }
        checkDigitValid = try members(CodingKeys.checkDigitValid.rawValue) { value throws(UnexpectedShape) in try value.bool() }
        try members.exhausted()
    }
}

extension Subject.UPNEntry {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        value = UniquePupilNumber(try members("value") { value throws(UnexpectedShape) in try value.string() })
        valid = try members("valid") { value throws(UnexpectedShape) in try value.bool() }
        try members.exhausted()
    }
}

extension Subject.LAChildID {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        laCode = try members(CodingKeys.laCode.rawValue) { value throws(UnexpectedShape) in try value.string() }
        value = try members(CodingKeys.value.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension Subject.LocalIdentifier {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        system = try members("system") { value throws(UnexpectedShape) in try value.string() }
        value = try members("value") { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension Subject.OtherName {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        use = try members(CodingKeys.use.rawValue) { value throws(UnexpectedShape) in try value.raw(Use.self) }
        givenNames = try members.optional(CodingKeys.givenNames.rawValue) { value throws(UnexpectedShape) in try value.strings() }
        familyName = try members.optional(CodingKeys.familyName.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension Subject.Address {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        lines = try members.optional("lines") { value throws(UnexpectedShape) in try value.strings() }
        postcode = try members.optional("postcode") { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension LawfulBasis {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        article6 = try members(CodingKeys.article6.rawValue) { value throws(UnexpectedShape) in try value.raw(Article6.self) }
        article9 = try members.optional(CodingKeys.article9.rawValue) { value throws(UnexpectedShape) in try value.raw(Article9.self) }
        dpaSchedule1Paragraph = try members.optional(CodingKeys.dpaSchedule1Paragraph.rawValue) { value throws(UnexpectedShape) in try value.int() }
        try members.exhausted()
    }
}

extension Provenance {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        adapter = try members(CodingKeys.adapter.rawValue) { value throws(UnexpectedShape) in try value.string() }
        mappingID = try members(CodingKeys.mappingID.rawValue) { value throws(UnexpectedShape) in try value.string() }
        mappingVersion = try members(CodingKeys.mappingVersion.rawValue) { value throws(UnexpectedShape) in try value.string() }
        origin = try members(CodingKeys.origin.rawValue) { value throws(UnexpectedShape) in try value.string() }
        receivedAt = try members.optional(CodingKeys.receivedAt.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension DataQualityFinding {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        rule = try members("rule") { value throws(UnexpectedShape) in try value.string() }
        path = try members("path") { value throws(UnexpectedShape) in try value.string() }
        severity = try members("severity") { value throws(UnexpectedShape) in try value.raw(Severity.self) }
        message = try members("message") { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension Payload {
    /// The payload read from a tree of exactly the expected shape, for the shapes written member
    /// by member in `ModelTrees.swift`; `nil` for the others.
    init?(shapedAs tree: EventTree, eventType: EventType) throws(UnexpectedShape) {
        switch eventType {
        case .enrolment: self = .enrolment(try EnrolmentPayload(shapedAs: tree))
        case .developmentalReview: self = .developmentalReview(try DevelopmentalReviewPayload(shapedAs: tree))
        case .contact: self = .contact(try ContactPayload(shapedAs: tree))
        case .demographicsUpdate: self = .demographicsUpdate(try DemographicsUpdatePayload(shapedAs: tree))
        default: return nil
        }
    }
}

extension EnrolmentPayload {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        settingURN = try members(CodingKeys.settingURN.rawValue) { value throws(UnexpectedShape) in try value.string() }
        settingName = try members(CodingKeys.settingName.rawValue) { value throws(UnexpectedShape) in try value.string() }
        startDate = try members(CodingKeys.startDate.rawValue) { value throws(UnexpectedShape) in try value.string() }
        endDate = try members.optional(CodingKeys.endDate.rawValue) { value throws(UnexpectedShape) in try value.string() }
        fundedHours = try members(CodingKeys.fundedHours.rawValue, FundedHours.init(shapedAs:))
        eypp = try members(CodingKeys.eypp.rawValue) { value throws(UnexpectedShape) in try value.bool() }
        daf = try members(CodingKeys.daf.rawValue) { value throws(UnexpectedShape) in try value.bool() }
        senProvision = try members(CodingKeys.senProvision.rawValue) { value throws(UnexpectedShape) in try value.raw(SENProvision.self) }
        try members.exhausted()
    }
}

extension EnrolmentPayload.FundedHours {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        type = try members(CodingKeys.type.rawValue) { value throws(UnexpectedShape) in try value.raw(Entitlement.self) }
        hoursPerWeek = try members(CodingKeys.hoursPerWeek.rawValue) { value throws(UnexpectedShape) in try value.double() }
        try members.exhausted()
    }
}

extension DevelopmentalReviewPayload {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        instrument = try members(CodingKeys.instrument.rawValue) { value throws(UnexpectedShape) in try value.raw(Instrument.self) }
        intervalMonths = try members(CodingKeys.intervalMonths.rawValue) { value throws(UnexpectedShape) in try value.int() }
        completedOn = try members(CodingKeys.completedOn.rawValue) { value throws(UnexpectedShape) in try value.string() }
        areas = try members(CodingKeys.areas.rawValue) { value throws(UnexpectedShape) in try value.array(AreaScore.init(shapedAs:)) }
        sourceCode = try members.optional(CodingKeys.sourceCode.rawValue, Coding.init(shapedAs:))
        try members.exhausted()
    }
}

extension DevelopmentalReviewPayload.AreaScore {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        area = try members("area") { value throws(UnexpectedShape) in try value.raw(DevelopmentalReviewPayload.Area.self) }
        score = try members("score") { value throws(UnexpectedShape) in try value.double() }
        band = try members.optional("band") { value throws(UnexpectedShape) in try value.raw(DevelopmentalReviewPayload.Band.self) }
        cutoff = try members.optional("cutoff") { value throws(UnexpectedShape) in try value.double() }
        try members.exhausted()
    }
}

extension ContactPayload {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        contactType = try members(CodingKeys.contactType.rawValue) { value throws(UnexpectedShape) in try value.raw(ContactType.self) }
        attended = try members(CodingKeys.attended.rawValue) { value throws(UnexpectedShape) in try value.bool() }
        contactDate = try members(CodingKeys.contactDate.rawValue) { value throws(UnexpectedShape) in try value.string() }
        encounterCode = try members.optional(CodingKeys.encounterCode.rawValue, Coding.init(shapedAs:))
        professionalRole = try members.optional(CodingKeys.professionalRole.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}

extension DemographicsUpdatePayload {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        changedFields = try members.optional(CodingKeys.changedFields.rawValue) { value throws(UnexpectedShape) in try value.strings() }
        try members.exhausted()
    }
}

extension Coding {
    init(shapedAs tree: EventTree) throws(UnexpectedShape) {
        var members = try TreeMembers(tree)
        code = try members(CodingKeys.code.rawValue) { value throws(UnexpectedShape) in try value.string() }
        codeSystem = try members(CodingKeys.codeSystem.rawValue) { value throws(UnexpectedShape) in try value.string() }
        try members.exhausted()
    }
}
