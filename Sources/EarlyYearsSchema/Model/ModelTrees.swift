/// The event's own parts as ``EventTree``s, written member by member instead of through the
/// generic tree encoder (a box per value, existential containers, a dictionary per object).
///
/// Each `tree` is what the type's `encode(to:)` hands an encoder: every non-optional member, an
/// optional one only when present (as synthesised `encodeIfPresent` does), enums as their raw
/// values, keys from the type's own `CodingKeys`. The payload, whose sixteen shapes may hold
/// non-finite numbers an encoder must refuse, still goes through `encode(to:)`. Tests hold
/// ``EarlyYearsEvent/canonicalJSON()`` to `JSONEncoder`'s bytes for every event type.
extension EarlyYearsEvent {
    /// The event as a tree, as `JSONEncoder` sees it.
    public func tree() throws -> EventTree {
        var members = [String: EventTree](minimumCapacity: 16)
        members[CodingKeys.eventID.rawValue] = .string(eventID)
        members[CodingKeys.eventType.rawValue] = .string(eventType.rawValue)
        members[CodingKeys.action.rawValue] = .string(action.rawValue)
        members[CodingKeys.occurredAt.rawValue] = .string(occurredAt)
        members[CodingKeys.recordedAt.rawValue] = .string(recordedAt)
        members[CodingKeys.schemaVersion.rawValue] = .string(schemaVersion)
        members[CodingKeys.source.rawValue] = source.tree
        members[CodingKeys.subject.rawValue] = subject.tree
        members[CodingKeys.lawfulBasis.rawValue] = lawfulBasis.tree
        members[CodingKeys.specialCategory.rawValue] = .bool(specialCategory)
        members[CodingKeys.parentalConsent.rawValue] = parentalConsent.map { .string($0.rawValue) }
        members[CodingKeys.retainUntil.rawValue] = retainUntil.map(EventTree.string)
        members[CodingKeys.dataQuality.rawValue] = dataQualityTree
        members[CodingKeys.provenance.rawValue] = provenance.tree
        let box = EncodingBox()
        try payload.encode(to: EventTreeEncoder(box: box, path: LazyCodingPath([], CodingKeys.payload)))
        members[CodingKeys.payload.rawValue] = box.tree
        return .object(members)
    }

    /// `data_quality` as a tree: always an array, empty when there are no findings.
    var dataQualityTree: EventTree { .array(dataQuality.map(\.tree)) }
}

extension Source {
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 6)
        members[CodingKeys.orgType.rawValue] = .string(orgType.rawValue)
        members[CodingKeys.orgCode.rawValue] = .string(orgCode)
        members[CodingKeys.orgName.rawValue] = orgName.map(EventTree.string)
        members[CodingKeys.system.rawValue] = .string(system)
        members[CodingKeys.recordID.rawValue] = .string(recordID)
        members[CodingKeys.recordVersion.rawValue] = recordVersion.map(EventTree.string)
        return .object(members)
    }
}

extension Subject {
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 13)
        members[CodingKeys.nhsNumber.rawValue] = nhsNumber?.tree
        members[CodingKeys.upn.rawValue] = upn?.tree
        members[CodingKeys.laChildID.rawValue] = laChildID?.tree
        members[CodingKeys.localIDs.rawValue] = localIDs.map { .array($0.map(\.tree)) }
        members[CodingKeys.givenNames.rawValue] = givenNames.map(EventTree.strings)
        members[CodingKeys.familyName.rawValue] = familyName.map(EventTree.string)
        members[CodingKeys.otherNames.rawValue] = otherNames.map { .array($0.map(\.tree)) }
        members[CodingKeys.birthDate.rawValue] = birthDate.map(EventTree.string)
        members[CodingKeys.expectedBirthDate.rawValue] = expectedBirthDate.map(EventTree.string)
        members[CodingKeys.sex.rawValue] = sex.map { .string($0.rawValue) }
        members[CodingKeys.postcode.rawValue] = postcode.map(EventTree.string)
        members[CodingKeys.address.rawValue] = address?.tree
        members[CodingKeys.householdID.rawValue] = householdID.map(EventTree.string)
        return .object(members)
    }
}

extension Subject.NHSNumberEntry {
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 4)
        members[CodingKeys.value.rawValue] = .string(value.value)
        members[CodingKeys.verificationStatus.rawValue] = verificationStatus.map(EventTree.string)
        members[CodingKeys.codeSystem.rawValue] = codeSystem.map(EventTree.string)
        members[CodingKeys.checkDigitValid.rawValue] = .bool(checkDigitValid)
        return .object(members)
    }
}

extension Subject.UPNEntry {
    /// Synthesised `CodingKeys`, so the key names are the property names.
    var tree: EventTree { .object(["value": .string(value.value), "valid": .bool(valid)]) }
}

extension Subject.LAChildID {
    var tree: EventTree { .object([CodingKeys.laCode.rawValue: .string(laCode), CodingKeys.value.rawValue: .string(value)]) }
}

extension Subject.LocalIdentifier {
    /// Synthesised `CodingKeys`, so the key names are the property names.
    var tree: EventTree { .object(["system": .string(system), "value": .string(value)]) }
}

extension Subject.OtherName {
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 3)
        members[CodingKeys.use.rawValue] = .string(use.rawValue)
        members[CodingKeys.givenNames.rawValue] = givenNames.map(EventTree.strings)
        members[CodingKeys.familyName.rawValue] = familyName.map(EventTree.string)
        return .object(members)
    }
}

extension Subject.Address {
    /// Synthesised `CodingKeys`, so the key names are the property names.
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 2)
        members["lines"] = lines.map(EventTree.strings)
        members["postcode"] = postcode.map(EventTree.string)
        return .object(members)
    }
}

extension LawfulBasis {
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 3)
        members[CodingKeys.article6.rawValue] = .string(article6.rawValue)
        members[CodingKeys.article9.rawValue] = article9.map { .string($0.rawValue) }
        members[CodingKeys.dpaSchedule1Paragraph.rawValue] = dpaSchedule1Paragraph.map(EventTree.int)
        return .object(members)
    }
}

extension Provenance {
    var tree: EventTree {
        var members = [String: EventTree](minimumCapacity: 5)
        members[CodingKeys.adapter.rawValue] = .string(adapter)
        members[CodingKeys.mappingID.rawValue] = .string(mappingID)
        members[CodingKeys.mappingVersion.rawValue] = .string(mappingVersion)
        members[CodingKeys.origin.rawValue] = .string(origin)
        members[CodingKeys.receivedAt.rawValue] = receivedAt.map(EventTree.string)
        return .object(members)
    }
}

extension DataQualityFinding {
    /// Synthesised `CodingKeys`, so the key names are the property names.
    var tree: EventTree {
        .object(["rule": .string(rule), "path": .string(path), "severity": .string(severity.rawValue), "message": .string(message)])
    }
}

extension EventTree {
    /// An array of strings.
    static func strings(_ values: [String]) -> EventTree { .array(values.map(EventTree.string)) }
}
