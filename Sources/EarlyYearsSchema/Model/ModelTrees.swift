/// The event's own parts as ``EventTree``s, written member by member instead of through the
/// generic tree encoder (a box per value, existential containers, a dictionary per object).
///
/// Each `tree` is what the type's `encode(to:)` hands an encoder: every non-optional member, an
/// optional one only when present (as synthesised `encodeIfPresent` does), enums as their raw
/// values, keys from the type's own `CodingKeys`. Payloads are written so for the commonest
/// shapes; any other shape, or a number JSON cannot hold (which the encoder must refuse, at its
/// coding path), goes through `encode(to:)`. Tests hold ``EarlyYearsEvent/canonicalJSON()`` to
/// `JSONEncoder`'s bytes for every event type.
extension EarlyYearsEvent {
    /// The event as a tree, as `JSONEncoder` sees it.
    public func tree() throws -> EventTree {
        var members = EventObject(minimumCapacity: 16)
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
        if let payloadTree = payload.tree {
            members[CodingKeys.payload.rawValue] = payloadTree
        } else {
            let box = EncodingBox()
            try payload.encode(to: EventTreeEncoder(box: box, path: LazyCodingPath([], CodingKeys.payload)))
            members[CodingKeys.payload.rawValue] = box.tree
        }
        return .object(members)
    }

    /// `data_quality` as a tree: always an array, empty when there are no findings.
    var dataQualityTree: EventTree { .array(dataQuality.map(\.tree)) }
}

extension Source {
    var tree: EventTree {
        var members = EventObject(minimumCapacity: 6)
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
        var members = EventObject(minimumCapacity: 13)
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
        var members = EventObject(minimumCapacity: 4)
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
        var members = EventObject(minimumCapacity: 3)
        members[CodingKeys.use.rawValue] = .string(use.rawValue)
        members[CodingKeys.givenNames.rawValue] = givenNames.map(EventTree.strings)
        members[CodingKeys.familyName.rawValue] = familyName.map(EventTree.string)
        return .object(members)
    }
}

extension Subject.Address {
    /// Synthesised `CodingKeys`, so the key names are the property names.
    var tree: EventTree {
        var members = EventObject(minimumCapacity: 2)
        members["lines"] = lines.map(EventTree.strings)
        members["postcode"] = postcode.map(EventTree.string)
        return .object(members)
    }
}

extension LawfulBasis {
    var tree: EventTree {
        var members = EventObject(minimumCapacity: 3)
        members[CodingKeys.article6.rawValue] = .string(article6.rawValue)
        members[CodingKeys.article9.rawValue] = article9.map { .string($0.rawValue) }
        members[CodingKeys.dpaSchedule1Paragraph.rawValue] = dpaSchedule1Paragraph.map(EventTree.int)
        return .object(members)
    }
}

extension Provenance {
    var tree: EventTree {
        var members = EventObject(minimumCapacity: 5)
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

extension Payload {
    /// The payload as a tree, for the shapes written member by member; `nil` for the others, and
    /// for a number JSON cannot hold.
    var tree: EventTree? {
        switch self {
        case .enrolment(let payload): payload.tree
        case .developmentalReview(let payload): payload.tree
        case .contact(let payload): payload.tree
        case .demographicsUpdate(let payload): payload.tree
        default: nil
        }
    }
}

extension EnrolmentPayload {
    var tree: EventTree? {
        guard fundedHours.hoursPerWeek.isFinite else { return nil }
        var members = EventObject(minimumCapacity: 8)
        members[CodingKeys.settingURN.rawValue] = .string(settingURN)
        members[CodingKeys.settingName.rawValue] = .string(settingName)
        members[CodingKeys.startDate.rawValue] = .string(startDate)
        members[CodingKeys.endDate.rawValue] = endDate.map(EventTree.string)
        members[CodingKeys.fundedHours.rawValue] = .object([
            FundedHours.CodingKeys.type.rawValue: .string(fundedHours.type.rawValue),
            FundedHours.CodingKeys.hoursPerWeek.rawValue: .double(fundedHours.hoursPerWeek),
        ])
        members[CodingKeys.eypp.rawValue] = .bool(eypp)
        members[CodingKeys.daf.rawValue] = .bool(daf)
        members[CodingKeys.senProvision.rawValue] = .string(senProvision.rawValue)
        return .object(members)
    }
}

extension DevelopmentalReviewPayload {
    var tree: EventTree? {
        var areaTrees: [EventTree] = []
        areaTrees.reserveCapacity(areas.count)
        for area in areas {
            guard let areaTree = area.tree else { return nil }
            areaTrees.append(areaTree)
        }
        var members = EventObject(minimumCapacity: 5)
        members[CodingKeys.instrument.rawValue] = .string(instrument.rawValue)
        members[CodingKeys.intervalMonths.rawValue] = .int(intervalMonths)
        members[CodingKeys.completedOn.rawValue] = .string(completedOn)
        members[CodingKeys.areas.rawValue] = .array(areaTrees)
        members[CodingKeys.sourceCode.rawValue] = sourceCode?.tree
        return .object(members)
    }
}

extension DevelopmentalReviewPayload.AreaScore {
    /// Synthesised `CodingKeys`, so the key names are the property names.
    var tree: EventTree? {
        guard score.isFinite, cutoff?.isFinite != false else { return nil }
        var members = EventObject(minimumCapacity: 4)
        members["area"] = .string(area.rawValue)
        members["score"] = .double(score)
        members["band"] = band.map { .string($0.rawValue) }
        members["cutoff"] = cutoff.map(EventTree.double)
        return .object(members)
    }
}

extension ContactPayload {
    var tree: EventTree {
        var members = EventObject(minimumCapacity: 5)
        members[CodingKeys.contactType.rawValue] = .string(contactType.rawValue)
        members[CodingKeys.attended.rawValue] = .bool(attended)
        members[CodingKeys.contactDate.rawValue] = .string(contactDate)
        members[CodingKeys.encounterCode.rawValue] = encounterCode?.tree
        members[CodingKeys.professionalRole.rawValue] = professionalRole.map(EventTree.string)
        return .object(members)
    }
}

extension DemographicsUpdatePayload {
    var tree: EventTree {
        var members = EventObject(minimumCapacity: 1)
        members[CodingKeys.changedFields.rawValue] = changedFields.map(EventTree.strings)
        return .object(members)
    }
}

extension Coding {
    var tree: EventTree { .object([CodingKeys.code.rawValue: .string(code), CodingKeys.codeSystem.rawValue: .string(codeSystem)]) }
}

extension EventTree {
    /// An array of strings.
    static func strings(_ values: [String]) -> EventTree { .array(values.map(EventTree.string)) }
}
