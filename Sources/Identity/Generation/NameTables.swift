import Foundation

extension SyntheticPopulation {
    /// A family name as drawn for a household, with the group its children's given names lean to.
    struct FamilyNameDraw: Sendable {
        /// The family name as the household's members carry it.
        let name: String
        /// The group that steers given names.
        let group: NameGroup
    }

    /// The weighted draw tables built once from `UKNames`: family names with a realistic
    /// frequency skew (Smith ≈ 1.4%, a long tail of rare names) and given names per group and sex.
    struct NameTables: Sendable {
        /// Family names with their groups.
        let familyNames: WeightedList<FamilyNameDraw>
        /// Girls' given names, one table per `NameGroup` (indexed by its raw value).
        let girls: [WeightedList<String>]
        /// Boys' given names, one table per `NameGroup`.
        let boys: [WeightedList<String>]
        /// Given names of either sex (for a child whose sex is unknown), per group.
        let either: [WeightedList<String>]
        /// Every distinct family name a household can get (not counting double-barrelled ones).
        let distinctFamilyNames: Set<String>

        /// The tables, built on first use.
        static let shared = NameTables()

        /// Builds every table from the lists in `UKNames`.
        private init() {
            let families = Self.familyNamePairs()
            familyNames = WeightedList(families)
            distinctFamilyNames = Set(families.map(\.0.name))
            var girlTables: [WeightedList<String>] = []
            var boyTables: [WeightedList<String>] = []
            var eitherTables: [WeightedList<String>] = []
            for group in NameGroup.allCases {
                let girlPairs = Self.givenNamePairs(Self.girlMix(for: group))
                let boyPairs = Self.givenNamePairs(Self.boyMix(for: group))
                girlTables.append(WeightedList(girlPairs))
                boyTables.append(WeightedList(boyPairs))
                eitherTables.append(WeightedList(girlPairs + boyPairs))
            }
            girls = girlTables
            boys = boyTables
            either = eitherTables
        }

        /// The table to draw a given name from for a child of `sex` in `group`.
        func givenNames(for sex: ChildSex, group: NameGroup) -> WeightedList<String> {
            switch sex {
            case .female: girls[group.rawValue]
            case .male: boys[group.rawValue]
            case .unknown: either[group.rawValue]
            }
        }

        // MARK: Building

        /// Zipf-like weights for a list in popularity order: `1 / (rank + offset)^exponent`, scaled
        /// so that the list as a whole carries `share`.
        static func zipf(_ names: [String], share: Double, offset: Double, exponent: Double) -> [(String, Double)] {
            var raw: [Double] = []
            raw.reserveCapacity(names.count)
            for rank in names.indices {
                raw.append(1.0 / pow(Double(rank + 1) + offset, exponent))
            }
            let total = raw.reduce(0, +)
            return zip(names, raw).map { ($0, share * $1 / total) }
        }

        /// Every family name with its weight: the British list with a Zipf skew, the generated
        /// tail of rare English names, and the lists of other origins with their population shares.
        static func familyNamePairs() -> [(FamilyNameDraw, Double)] {
            var pairs: [(FamilyNameDraw, Double)] = []
            let british = UKNames.britishFamilyNames
            let headWeights = zipf(british.map(\.0), share: 0.83 * 0.55, offset: 8, exponent: 1.0)
            for (index, pair) in headWeights.enumerated() {
                pairs.append((FamilyNameDraw(name: pair.0, group: british[index].1), pair.1))
            }
            let tail = tailFamilyNames(excluding: Set(british.map(\.0)))
            var tailRaw: [Double] = []
            for index in tail.indices { tailRaw.append(1.0 / Double(1 + (index &* 37) % 11)) }
            let tailTotal = tailRaw.reduce(0, +)
            for (name, raw) in zip(tail, tailRaw) {
                pairs.append((FamilyNameDraw(name: name, group: .english), 0.83 * 0.45 * raw / tailTotal))
            }
            let others: [([String], NameGroup, Double)] = [
                (UKNames.southAsianMuslimFamilyNames, .southAsianMuslim, 0.05),
                (UKNames.southAsianHinduSikhFamilyNames, .southAsianHinduSikh, 0.035),
                (UKNames.polishFamilyNames, .polish, 0.02),
                (UKNames.westAfricanFamilyNames, .westAfrican, 0.03),
                (UKNames.arabicFamilyNames, .arabic, 0.015),
                (UKNames.otherFamilyNames, .otherOrigin, 0.02),
            ]
            for (names, group, share) in others {
                for pair in zipf(names, share: share, offset: 3, exponent: 1.0) {
                    pairs.append((FamilyNameDraw(name: pair.0, group: group), pair.1))
                }
            }
            return pairs
        }

        /// The rare English surnames made of a prefix and a suffix, without those already listed.
        static func tailFamilyNames(excluding listed: Set<String>) -> [String] {
            var seen = listed
            var names: [String] = []
            for prefix in UKNames.tailPrefixes {
                for suffix in UKNames.tailSuffixes {
                    let name = prefix + suffix
                    if seen.insert(name).inserted { names.append(name) }
                }
            }
            return names
        }

        /// Given names with weights, from lists each carrying a share of the draw.
        static func givenNamePairs(_ mix: [([String], Double)]) -> [(String, Double)] {
            mix.flatMap { zipf($0.0, share: $0.1, offset: 8, exponent: 0.9) }
        }

        /// The lists girls of `group` draw from, with their shares.
        static func girlMix(for group: NameGroup) -> [([String], Double)] {
            let english = UKNames.englishGirls
            switch group {
            case .english: return [(english, 0.95), (UKNames.welshGirls, 0.02), (UKNames.irishGirls, 0.02), (UKNames.southAsianHinduSikhGirls, 0.01)]
            case .welsh: return [(english, 0.72), (UKNames.welshGirls, 0.25), (UKNames.irishGirls, 0.03)]
            case .irish: return [(english, 0.68), (UKNames.irishGirls, 0.3), (UKNames.welshGirls, 0.02)]
            case .southAsianMuslim: return [(UKNames.southAsianMuslimGirls, 0.85), (UKNames.arabicGirls, 0.05), (english, 0.1)]
            case .southAsianHinduSikh: return [(UKNames.southAsianHinduSikhGirls, 0.8), (english, 0.2)]
            case .polish: return [(UKNames.polishGirls, 0.7), (english, 0.3)]
            case .westAfrican: return [(UKNames.westAfricanGirls, 0.55), (english, 0.45)]
            case .arabic: return [(UKNames.arabicGirls, 0.75), (UKNames.southAsianMuslimGirls, 0.1), (english, 0.15)]
            case .otherOrigin: return [(english, 1.0)]
            }
        }

        /// The lists boys of `group` draw from, with their shares.
        static func boyMix(for group: NameGroup) -> [([String], Double)] {
            let english = UKNames.englishBoys
            switch group {
            case .english: return [(english, 0.95), (UKNames.welshBoys, 0.02), (UKNames.irishBoys, 0.02), (UKNames.southAsianHinduSikhBoys, 0.01)]
            case .welsh: return [(english, 0.72), (UKNames.welshBoys, 0.25), (UKNames.irishBoys, 0.03)]
            case .irish: return [(english, 0.68), (UKNames.irishBoys, 0.3), (UKNames.welshBoys, 0.02)]
            case .southAsianMuslim: return [(UKNames.southAsianMuslimBoys, 0.85), (UKNames.arabicBoys, 0.05), (english, 0.1)]
            case .southAsianHinduSikh: return [(UKNames.southAsianHinduSikhBoys, 0.8), (english, 0.2)]
            case .polish: return [(UKNames.polishBoys, 0.7), (english, 0.3)]
            case .westAfrican: return [(UKNames.westAfricanBoys, 0.55), (english, 0.45)]
            case .arabic: return [(UKNames.arabicBoys, 0.75), (UKNames.southAsianMuslimBoys, 0.1), (english, 0.15)]
            case .otherOrigin: return [(english, 1.0)]
            }
        }
    }
}
