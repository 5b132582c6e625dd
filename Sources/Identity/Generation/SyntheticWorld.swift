extension SyntheticPopulation {
    /// A postcode unit: one inward code in a district, on one street.
    struct PostcodeUnit: Sendable {
        /// The outward code ("LS6").
        let outward: String
        /// The inward code ("2AP").
        let inward: String
        /// The street's name word(s) ("Acacia").
        let streetName: String
        /// The street's type word ("Avenue").
        let streetType: String
        /// The post town.
        let town: String
        /// The last house number handed out on this unit.
        var lastNumber: Int
    }

    /// Where a household lives, as the truth has it.
    struct Home: Sendable, Hashable {
        /// The postcode in its standard form ("LS6 2AP").
        let postcode: String
        /// "Flat 3", when the home is a flat.
        let flat: String?
        /// The house number.
        let number: Int
        /// The street's name word(s).
        let streetName: String
        /// The street's type word.
        let streetType: String
        /// The post town.
        let town: String

        /// The address in its standard one-line form ("Flat 3, 27 Acacia Avenue, Leeds").
        var address: String {
            let street = String(number) + " " + streetName + " " + streetType
            return (flat.map { $0 + ", " } ?? "") + street + ", " + town
        }

        /// The outward code (the part of the postcode before the space).
        var outward: Substring { postcode.split(separator: " ")[0] }
    }

    /// The postcode units households live on; neighbours share a unit (and so a postcode and street).
    struct AddressBook: Sendable {
        /// Every unit made so far.
        private(set) var units: [PostcodeUnit] = []

        /// The chance that a new home is on a unit that already has households.
        static let shareExistingUnit = 0.6

        /// A home for a new household: on an existing unit or a new one.
        mutating func newHome(_ dice: inout Dice) -> Home {
            let index: Int
            if !units.isEmpty, dice.chance(Self.shareExistingUnit) {
                index = dice.below(units.count)
            } else {
                index = makeUnit(outward: nil, dice: &dice)
            }
            return home(onUnit: index, dice: &dice)
        }

        /// The home a household moved to from `old`: often in the same district, otherwise anywhere;
        /// never the same postcode.
        mutating func movedHome(from old: Home, dice: inout Dice) -> Home {
            while true {
                let moved: Home
                if dice.chance(0.4) {
                    let outward = String(old.outward)
                    moved = home(onUnit: makeUnit(outward: outward, dice: &dice), dice: &dice)
                } else {
                    moved = newHome(&dice)
                }
                if moved.postcode != old.postcode { return moved }
            }
        }

        /// The next free house (or flat) on unit `index`.
        private mutating func home(onUnit index: Int, dice: inout Dice) -> Home {
            units[index].lastNumber += dice.between(1, 4)
            let unit = units[index]
            let flat = dice.chance(0.08) ? "Flat " + String(dice.between(1, 24)) : nil
            return Home(postcode: unit.outward + " " + unit.inward, flat: flat, number: unit.lastNumber,
                        streetName: unit.streetName, streetType: unit.streetType, town: unit.town)
        }

        /// A new unit, in district `outward` when given, else in a random district; returns its index.
        private mutating func makeUnit(outward: String?, dice: inout Dice) -> Int {
            let district: (Int, String)
            if let outward, let found = Self.district(of: outward) {
                district = found
            } else if dice.chance(UKPlaces.homeRegionShare) {
                district = dice.pick(UKPlaces.homeDistricts)
            } else {
                district = dice.pick(UKPlaces.otherDistricts)
            }
            let inward = String(dice.below(10)) + String(dice.pick(UKPlaces.inwardLetters)) + String(dice.pick(UKPlaces.inwardLetters))
            units.append(PostcodeUnit(outward: district.1, inward: inward, streetName: dice.pick(UKPlaces.streetNames),
                                      streetType: Self.streetTypes.pick(&dice), town: UKPlaces.areas[district.0].town,
                                      lastNumber: dice.below(40)))
            return units.count - 1
        }

        /// The area index and outward code of a known district.
        private static func district(of outward: String) -> (Int, String)? {
            districtIndex[outward].map { ($0, outward) }
        }

        /// Area index by outward code.
        private static let districtIndex: [String: Int] = {
            var table: [String: Int] = [:]
            for (index, area) in UKPlaces.areas.enumerated() {
                for code in area.outwardCodes { table[code] = index }
            }
            return table
        }()

        /// Street types with their weights.
        private static let streetTypes = WeightedList(UKPlaces.streetTypes)
    }

    /// A household with young children, as the truth has it.
    struct Household: Sendable {
        /// The family name every child of the household carries.
        let familyName: String
        /// The group that steered the children's given names.
        let group: NameGroup
        /// The mother's given name (for "Baby of Sarah Smith").
        let motherName: String
        /// Where the household lived when the children were born.
        let home: Home
    }

    /// One true child.
    struct Child: Sendable {
        /// The true person id ("P000001").
        let personId: String
        /// Index of the child's household in `World.households`.
        let household: Int
        /// The given name in full, as on the birth registration.
        let givenName: String
        /// The sex.
        let sex: ChildSex
        /// The date of birth.
        let dob: CivilDate
        /// The NHS number (ten digits), nil for the few children who have none yet.
        let nhsNumber: String?
        /// Index into `World.multipleBirths` for a twin or triplet.
        let multipleBirth: Int?
        /// 1, 2 or 3 within a multiple birth; 0 for a single birth.
        let birthOrder: Int
    }

    /// The true population: households, their children, and which children are twins or triplets.
    struct World: Sendable {
        /// Every child, grouped by household.
        var children: [Child] = []
        /// Every household.
        var households: [Household] = []
        /// The child indices of each multiple birth (two or three children).
        var multipleBirths: [[Int]] = []
        /// The postcode units, for moving households.
        var addressBook = AddressBook()

        /// The index in `children` of the child with `personId`, or nil.
        func childIndex(of personId: String) -> Int? {
            guard personId.first == "P", let number = Int(personId.dropFirst()), number >= 1, number <= children.count else { return nil }
            return number - 1
        }

        /// Pairs of person ids of children born together (every pair of a set of triplets).
        var twinPairs: Set<TwoSources.Pair> {
            var pairs = Set<TwoSources.Pair>()
            for group in multipleBirths {
                for i in group.indices {
                    for j in group.indices where j > i {
                        pairs.insert(TwoSources.Pair(children[group[i]].personId, children[group[j]].personId))
                    }
                }
            }
            return pairs
        }
    }

    /// Builds a `World` of exactly `people` children, household by household.
    struct WorldBuilder {
        /// The first and last possible birth dates.
        static let firstBirthDay = CivilDate(year: 2020, month: 1, day: 1).dayNumber
        static let lastBirthDay = CivilDate(year: 2025, month: 12, day: 31).dayNumber
        /// The share of maternities that are twins, and that are triplets.
        static let twinRate = 0.015
        static let tripletRate = 0.0004
        /// The chance that a twin has the sex of the first-born.
        static let sameSexTwinRate = 0.65
        /// The share of households whose family name is double-barrelled.
        static let doubleBarrelledRate = 0.03
        /// The share of children without an NHS number (arrived from abroad, not yet registered).
        static let noNHSNumberRate = 0.01

        private let people: Int
        private let idWidth: Int
        private let tables = NameTables.shared
        private var world = World()
        private var nhs = NHSAllocator()

        /// A builder for `people` children.
        init(people: Int) {
            self.people = max(0, people)
            idWidth = Text.idWidth(for: people)
        }

        /// The finished world.
        mutating func build(_ dice: inout Dice) -> World {
            world.children.reserveCapacity(people)
            while world.children.count < people {
                addHousehold(&dice)
            }
            return world
        }

        /// Adds one household and its children (fewer if the population is full).
        private mutating func addHousehold(_ dice: inout Dice) {
            let family = drawFamilyName(&dice)
            let household = Household(familyName: family.name, group: family.group,
                                      motherName: dice.pick(UKNames.motherNames(for: family.group)),
                                      home: world.addressBook.newHome(&dice))
            world.households.append(household)
            var namesInUse: Set<String> = []
            for birthDay in birthDays(&dice) {
                guard world.children.count < people else { return }
                addBirth(on: CivilDate(dayNumber: birthDay), household: world.households.count - 1,
                         group: family.group, namesInUse: &namesInUse, dice: &dice)
            }
        }

        /// A family name: one drawn from the frequency table, or two joined ("Smith-Jones").
        private func drawFamilyName(_ dice: inout Dice) -> FamilyNameDraw {
            let first = tables.familyNames.pick(&dice)
            guard dice.chance(Self.doubleBarrelledRate) else { return first }
            var second = tables.familyNames.pick(&dice)
            while second.name == first.name || Text.contains(second.name, ascii: "-") || Text.contains(second.name, ascii: " ") {
                second = tables.familyNames.pick(&dice)
            }
            return FamilyNameDraw(name: first.name + "-" + second.name, group: first.group)
        }

        /// The day numbers of the household's maternities within 2020–2025, at least ten months apart.
        private func birthDays(_ dice: inout Dice) -> [Int] {
            let roll = dice.unit()
            var count = roll < 0.62 ? 1 : roll < 0.91 ? 2 : roll < 0.985 ? 3 : 4
            var gaps: [Int] = []
            for _ in 1..<max(count, 1) { gaps.append(300 + dice.below(900)) }
            let span = Self.lastBirthDay - Self.firstBirthDay
            while count > 1, gaps.reduce(0, +) > span {
                gaps.removeLast()
                count -= 1
            }
            var day = Self.firstBirthDay + dice.below(span - gaps.reduce(0, +) + 1)
            var days = [day]
            for gap in gaps {
                day += gap
                days.append(day)
            }
            return days
        }

        /// Adds the child or children of one maternity.
        private mutating func addBirth(on date: CivilDate, household: Int, group: NameGroup,
                                       namesInUse: inout Set<String>, dice: inout Dice) {
            let roll = dice.unit()
            let size = min(roll < Self.tripletRate ? 3 : roll < Self.tripletRate + Self.twinRate ? 2 : 1,
                           people - world.children.count)
            let sexes = birthSexes(size, dice: &dice)
            let names = givenNames(for: sexes, group: group, namesInUse: &namesInUse, dice: &dice)
            let multiple = size > 1 ? world.multipleBirths.count : nil
            var numbers: [String?] = []
            var previous: Int?
            for _ in 0..<size {
                if dice.chance(Self.noNHSNumberRate) {
                    numbers.append(nil)
                    continue
                }
                let number = previous.map { nhs.following($0) } ?? nhs.fresh(&dice)
                numbers.append(String(number))
                previous = number
            }
            var indices: [Int] = []
            for order in 0..<size {
                indices.append(world.children.count)
                world.children.append(Child(personId: Text.id("P", world.children.count + 1, width: idWidth),
                                            household: household, givenName: names[order], sex: sexes[order], dob: date,
                                            nhsNumber: numbers[order], multipleBirth: multiple,
                                            birthOrder: size > 1 ? order + 1 : 0))
            }
            if size > 1 { world.multipleBirths.append(indices) }
        }

        /// The sexes of the children of one maternity: a twin is of the first child's sex about two times in three.
        private func birthSexes(_ size: Int, dice: inout Dice) -> [ChildSex] {
            let first = randomSex(&dice)
            var sexes = [first]
            for _ in 1..<max(size, 1) {
                switch first {
                case .unknown: sexes.append(randomSex(&dice))
                case .female: sexes.append(dice.chance(Self.sameSexTwinRate) ? .female : .male)
                case .male: sexes.append(dice.chance(Self.sameSexTwinRate) ? .male : .female)
                }
            }
            return sexes
        }

        /// A sex at birth: about 51% boys, 49% girls, rarely unknown.
        private func randomSex(_ dice: inout Dice) -> ChildSex {
            let roll = dice.unit()
            return roll < 0.003 ? .unknown : roll < 0.491 ? .female : .male
        }

        /// Distinct given names for children born together (twins sometimes get similar names:
        /// Amelia and Amelie, Jack and Jake) and distinct from their older siblings'.
        private func givenNames(for sexes: [ChildSex], group: NameGroup, namesInUse: inout Set<String>,
                                dice: inout Dice) -> [String] {
            var names: [String] = []
            if sexes.count >= 2, dice.chance(0.35), let pair = similarPair(sexes[0], sexes[1], dice: &dice),
               !namesInUse.contains(pair.0), !namesInUse.contains(pair.1) {
                names = [pair.0, pair.1]
                namesInUse.insert(pair.0)
                namesInUse.insert(pair.1)
            }
            while names.count < sexes.count {
                let table = tables.givenNames(for: sexes[names.count], group: group)
                var name = table.pick(&dice)
                while namesInUse.contains(name) { name = table.pick(&dice) }
                namesInUse.insert(name)
                names.append(name)
            }
            return names
        }

        /// A pair of similar names fitting two sexes (in that order), if the lists have one.
        private func similarPair(_ first: ChildSex, _ second: ChildSex, dice: inout Dice) -> (String, String)? {
            switch (first, second) {
            case (.female, .female):
                return dice.pick(UKNames.similarGirlPairs)
            case (.male, .male):
                return dice.pick(UKNames.similarBoyPairs)
            case (.female, .male):
                return dice.pick(UKNames.similarMixedPairs)
            case (.male, .female):
                let pair = dice.pick(UKNames.similarMixedPairs)
                return (pair.1, pair.0)
            default:
                return nil
            }
        }
    }
}
