import Identity

/// Which hub child ids a parent's identifier leads to in the crosswalk: the children of every
/// record carrying it, after merges, and every id that was merged into them (the disclosure log
/// keeps the id a child had when the entry was written).
public enum ChildLookup {
    public enum Identifier: Sendable, Hashable {
        case nhsNumber(String)
        case upn(String)
        /// LA code and the LA's child id.
        case laChildID(laCode: String, id: String)
    }

    public static func childKeys(for identifier: Identifier, in crosswalk: CrosswalkState) -> Set<String> {
        let links = crosswalk.links.values.filter { link in
            switch identifier {
            case .nhsNumber(let number): link.identifiers.nhsNumbers.contains { $0.number == number }
            case .upn(let upn): link.identifiers.upns.contains(upn.uppercased())
            case .laChildID(let laCode, let id): link.identifiers.laChildIDs.contains("\(laCode)\u{1F}\(id)")
            }
        }
        let surviving = Set(links.map { crosswalk.surviving($0.childID) })
        var keys = surviving
        let everyID = Set(crosswalk.links.values.map(\.childID)).union(crosswalk.merges.keys).union(crosswalk.merges.values.map(\.into))
        for id in everyID where surviving.contains(crosswalk.surviving(id)) { keys.insert(id) }
        return keys
    }
}
