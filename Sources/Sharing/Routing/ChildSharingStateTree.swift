import EarlyYearsSchema

/// The state changelog's record of a child, written as the tree `JSONEncoder` would make of it
/// (sorted keys, `nil` members left out), without `JSONEncoder`: the router writes one for every
/// event it routes. A test holds the bytes to `JSONEncoder`'s; reading back uses `Codable`.
extension ChildSharingState {
    var tree: EventTree {
        var members: [String: EventTree] = [
            "records": object(records) { info in
                var fields: [String: EventTree] = [
                    "organisation": .string(info.organisation), "eventID": .string(info.eventID), "eventType": .string(info.eventType.rawValue),
                ]
                if let sourceKey = info.sourceKey { fields["sourceKey"] = .string(sourceKey) }
                if let retainUntil = info.retainUntil { fields["retainUntil"] = .string(retainUntil) }
                return .object(EventObject(fields))
            },
            "enrolments": object(enrolments) { enrolment in
                var fields: [String: EventTree] = ["settingURN": .string(enrolment.settingURN), "startDate": .string(enrolment.startDate)]
                if let endDate = enrolment.endDate { fields["endDate"] = .string(endDate) }
                return .object(EventObject(fields))
            },
            "openCases": object(openCases) { .string($0) },
            "referrals": object(referrals) { .string($0.rawValue) },
            "restrictions": restrictions.tree,
            "disclosures": object(disclosures) { recipients in
                object(recipients) { disclosed in
                    .object(EventObject([
                        "agreementID": .string(disclosed.agreementID), "agreementVersion": .string(disclosed.agreementVersion),
                        "eventID": .string(disclosed.eventID),
                    ]))
                }
            },
        ]
        if let postcode { members["postcode"] = .string(postcode) }
        if let postcodeAt { members["postcodeAt"] = .string(postcodeAt) }
        return .object(EventObject(members))
    }
}

extension ChildSharingState.Restrictions {
    var tree: EventTree {
        var members: [String: EventTree] = ["overrides": object(overrides) { $0.tree }]
        if let objection { members["objection"] = objection.tree }
        if let sealed { members["sealed"] = sealed.tree }
        return .object(EventObject(members))
    }
}

extension ChildSharingState.Decided {
    var tree: EventTree {
        .object(EventObject(["decisionID": .string(decisionID), "by": .string(by), "reason": .string(reason), "at": .string(at)]))
    }
}

private func object<Value>(_ dictionary: [String: Value], _ transform: (Value) -> EventTree) -> EventTree {
    var object = EventObject(minimumCapacity: dictionary.count)
    for (key, value) in dictionary { object[key] = transform(value) }
    return .object(object)
}
