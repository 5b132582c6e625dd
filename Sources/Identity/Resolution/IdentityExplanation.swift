import Foundation

/// The plain-English account `eyhub identity explain` prints. Names no personal data: keys, ids,
/// rules, levels and weights only.
public struct IdentityExplanation: Sendable {
    public let link: CrosswalkLink
    public let child: String
    public let others: [CrosswalkLink]
    public let crosswalk: CrosswalkState

    /// The explanation of the record with `sourceKey`, or `nil` if the crosswalk does not hold it.
    public init?(sourceKey: String, crosswalk: CrosswalkState) {
        guard let link = crosswalk.links[sourceKey] else { return nil }
        self.link = link
        child = crosswalk.surviving(link.childID)
        others = crosswalk.sourceKeys(ofChild: child).subtracting([sourceKey]).sorted().compactMap { crosswalk.links[$0] }
        self.crosswalk = crosswalk
    }

    public var text: String {
        var lines = [
            "source key \(link.sourceKey)",
            "  source     \(Self.source(link.source))",
            "  child      \(child)" + (child == link.childID ? "" : " (first \(link.childID), since merged)"),
            "  rule       \(link.rule.rawValue), decided by \(link.decidedBy) at \(link.decidedAt)" + (link.reason.map { ": \($0)" } ?? ""),
        ]
        if let linked = link.linkedSourceKey {
            let source = crosswalk.links[linked].map { " (\(Self.source($0.source)))" } ?? ""
            lines.append("  linked to  \(linked)\(source)")
        }
        if let weight = link.matchWeight, let probability = link.probability {
            lines.append(String(format: "  score      match weight %.2f, probability %.6f%@", weight, probability,
                                link.rule == .probabilistic ? "" : " (the identifier decided; the score is evidence only)"))
        }
        if let contributions = link.contributions, !contributions.isEmpty {
            lines.append("  field              level                      weight   of which term frequency")
            for part in contributions {
                lines.append("  " + [part.field.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0),
                                     (part.level ?? "(missing: no evidence)").padding(toLength: 26, withPad: " ", startingAt: 0),
                                     String(format: "%+7.2f", part.weight), String(format: "%+7.2f", part.termFrequencyAdjustment)].joined(separator: " "))
            }
        }
        for separation in link.separations {
            lines.append("  not \(separation.childID): decided by \(separation.decidedBy) at \(separation.decidedAt): \(separation.reason)")
        }
        lines.append("other records of \(child): \(others.count)")
        for other in others {
            lines.append("  \(other.sourceKey)  \(Self.source(other.source))  \(other.rule.rawValue) by \(other.decidedBy)")
        }
        let merges = crosswalk.merges.values.filter { crosswalk.surviving($0.into) == child }.sorted { $0.decidedAt < $1.decidedAt }
        if !merges.isEmpty {
            lines.append("merges into \(child):")
            for merge in merges { lines.append("  \(merge.from) → \(merge.into): \(merge.reason) (by \(merge.decidedBy) at \(merge.decidedAt))") }
        }
        return lines.joined(separator: "\n")
    }

    static func source(_ name: String) -> String { name.replacingOccurrences(of: "\u{1F}", with: " · ") }
}

