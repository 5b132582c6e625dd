extension SyntheticPopulation {
    /// What was done to one record on its way from the truth into a source (for tests and for
    /// measuring the linker by kind of error).
    struct Corruption: OptionSet, Sendable, Hashable {
        let rawValue: UInt32

        static let givenTypo = Corruption(rawValue: 1 << 0)
        static let nickname = Corruption(rawValue: 1 << 1)
        static let familyTypo = Corruption(rawValue: 1 << 2)
        static let nameSwap = Corruption(rawValue: 1 << 3)
        static let placeholder = Corruption(rawValue: 1 << 4)
        static let dayMonthSwap = Corruption(rawValue: 1 << 5)
        static let dobTypo = Corruption(rawValue: 1 << 6)
        static let impossibleDate = Corruption(rawValue: 1 << 7)
        static let moved = Corruption(rawValue: 1 << 8)
        static let postcodeTypo = Corruption(rawValue: 1 << 9)
        static let nhsMissing = Corruption(rawValue: 1 << 10)
        static let postcodeMissing = Corruption(rawValue: 1 << 11)
        static let dobMissing = Corruption(rawValue: 1 << 12)
        static let sexMissing = Corruption(rawValue: 1 << 13)
        static let addressMissing = Corruption(rawValue: 1 << 14)
        static let nhsTypo = Corruption(rawValue: 1 << 15)
        static let upperCase = Corruption(rawValue: 1 << 16)
        static let accentsDropped = Corruption(rawValue: 1 << 17)
        /// One part of a double-barrelled name, or its spaced form; or an apostrophe written otherwise.
        static let familyVariant = Corruption(rawValue: 1 << 18)
        /// Street type abbreviated, town left out or lines on separate lines.
        static let addressVariant = Corruption(rawValue: 1 << 19)
    }

    /// How one source records children: its error rates and its ways of writing values.
    struct SourceProfile: Sendable {
        /// Record id prefix ("L", "R", "S").
        let idPrefix: String
        /// Newborn placeholders instead of the given name ("Baby Smith"); health records only.
        let placeholderRate: Double
        let givenTypoRate = 0.04
        /// Overall rate of nicknames (drawn among children whose names have variants).
        let nicknameRate = 0.04
        let familyTypoRate = 0.03
        let nameSwapRate = 0.01
        let upperCaseRate: Double
        /// The chance that a name with accents is written without them.
        let accentDropRate: Double
        /// The chance that a double-barrelled or apostrophe name is written another way.
        let familyVariantRate: Double
        let dobMissingRate = 0.01
        let impossibleDateRate = 0.002
        /// Overall rate of day/month swaps (drawn among dates where the swap is a valid date).
        let dayMonthSwapRate = 0.015
        let dobTypoRate = 0.02
        /// Date styles and their weights.
        let dateStyles: [(DateStyle, Double)]
        let sexMissingRate = 0.03
        /// Whether sex is written as words and lower-case letters ("Female", "m") rather than "F"/"M".
        let sexInWords: Bool
        let postcodeTypoRate = 0.01
        let postcodeMissingRate = 0.03
        let postcodeNoSpaceRate: Double
        let postcodeLowerCaseRate: Double
        let addressMissingRate = 0.10
        let addressAbbreviationRate: Double
        let townOmittedRate = 0.05
        let addressNewlineRate: Double
        let nhsMissingRate: Double
        let nhsTypoRate = 0.005
        let nhsSpacedRate: Double

        /// A health visiting system: ISO dates, F/M, placeholders for newborns, NHS number nearly always.
        static let left = SourceProfile(idPrefix: "L", placeholderRate: 0.05, upperCaseRate: 0.01, accentDropRate: 0.1,
                                        familyVariantRate: 0.05, dateStyles: [(.iso, 1)], sexInWords: false,
                                        postcodeNoSpaceRate: 0.02, postcodeLowerCaseRate: 0, addressAbbreviationRate: 0.05,
                                        addressNewlineRate: 0, nhsMissingRate: 0.05, nhsSpacedRate: 0)
        /// A nursery system: dd/MM/yyyy (sometimes yyyyMMdd), words for sex, NHS number usually missing.
        static let right = SourceProfile(idPrefix: "R", placeholderRate: 0, upperCaseRate: 0.06, accentDropRate: 0.5,
                                         familyVariantRate: 0.2, dateStyles: [(.dayMonthYear, 0.85), (.compact, 0.15)],
                                         sexInWords: true, postcodeNoSpaceRate: 0.05, postcodeLowerCaseRate: 0.03,
                                         addressAbbreviationRate: 0.25, addressNewlineRate: 0.02, nhsMissingRate: 0.6,
                                         nhsSpacedRate: 0.3)
        /// One system that holds duplicates: like the health system, NHS number more often missing.
        static let single = SourceProfile(idPrefix: "S", placeholderRate: 0.05, upperCaseRate: 0.03, accentDropRate: 0.2,
                                          familyVariantRate: 0.1, dateStyles: [(.iso, 1)], sexInWords: false,
                                          postcodeNoSpaceRate: 0.03, postcodeLowerCaseRate: 0, addressAbbreviationRate: 0.1,
                                          addressNewlineRate: 0, nhsMissingRate: 0.2, nhsSpacedRate: 0.05)

        /// The table the profile draws date styles from.
        var dateStyleList: WeightedList<DateStyle> { WeightedList(dateStyles) }
    }

    /// Turns true children into source records, applying a profile's errors independently per record.
    struct RecordWriter {
        let profile: SourceProfile
        /// The chance of a nickname for a child whose name has variants, so the overall rate is the profile's.
        let nicknameChance: Double
        /// The chance of a day/month swap for a date where it is valid, so the overall rate is the profile's.
        let dayMonthSwapChance: Double
        private let dateStyles: WeightedList<DateStyle>
        /// For each twin or triplet (by person id), the given names of the others born with them,
        /// lower case. No error turns one twin's given name into another's: such a record would
        /// agree with the other twin on every field, and no linker (nor person) could tell them
        /// apart from it.
        private let coTwinNames: [String: Set<String>]

        /// A writer for `profile` over the children of `world`.
        init(profile: SourceProfile, world: World) {
            self.profile = profile
            dateStyles = profile.dateStyleList
            var withVariants = 0
            var swappable = 0
            for child in world.children {
                if !UKNames.variants(of: child.givenName).isEmpty { withVariants += 1 }
                if child.dob.day <= 12, child.dob.day != child.dob.month { swappable += 1 }
            }
            var coTwinNames: [String: Set<String>] = [:]
            for group in world.multipleBirths {
                for member in group {
                    coTwinNames[world.children[member].personId] = Set(group.filter { $0 != member }.map { world.children[$0].givenName.lowercased() })
                }
            }
            self.coTwinNames = coTwinNames
            let count = Double(max(world.children.count, 1))
            nicknameChance = min(0.6, profile.nicknameRate / max(Double(withVariants) / count, 1e-9))
            dayMonthSwapChance = min(1, profile.dayMonthSwapRate / max(Double(swappable) / count, 1e-9))
        }

        /// The record `id` for `child` of `household`, living at `home`, and what was done to it.
        func record(id: String, child: Child, household: Household, home: Home, moved: Bool,
                    dice: inout Dice) -> (PersonRecord, Corruption) {
            var flags: Corruption = moved ? .moved : []
            let names = self.names(child, household, &flags, &dice)
            let record = PersonRecord(id: id, givenName: names.given, familyName: names.family,
                                      dob: dob(child.dob, &flags, &dice), sex: sex(child.sex, &flags, &dice),
                                      postcode: postcode(home.postcode, &flags, &dice),
                                      address: address(home, &flags, &dice), nhsNumber: nhs(child.nhsNumber, &flags, &dice))
            return (record, flags)
        }

        // MARK: Names

        /// The given and family names as this record holds them.
        private func names(_ child: Child, _ household: Household, _ flags: inout Corruption,
                           _ dice: inout Dice) -> (given: String, family: String) {
            var given = child.givenName
            if dice.chance(profile.placeholderRate) {
                given = placeholder(child, household, &dice)
                flags.insert(.placeholder)
            } else {
                let others = coTwinNames[child.personId] ?? []
                let variants = UKNames.variants(of: given).filter { !others.contains($0.lowercased()) }
                if !variants.isEmpty, dice.chance(nicknameChance) {
                    given = dice.pick(variants)
                    flags.insert(.nickname)
                }
                if dice.chance(profile.givenTypoRate) {
                    let typo = Typos.typo(given, dice: &dice)
                    if !others.contains(typo.lowercased()) {
                        given = typo
                        flags.insert(.givenTypo)
                    }
                }
            }
            var family = familyVariant(household.familyName, &flags, &dice)
            if dice.chance(profile.familyTypoRate) {
                family = Typos.typo(family, dice: &dice)
                flags.insert(.familyTypo)
            }
            if Text.hasNonASCII(given) || Text.hasNonASCII(family), dice.chance(profile.accentDropRate) {
                given = Text.droppingAccents(given)
                family = Text.droppingAccents(family)
                flags.insert(.accentsDropped)
            }
            if !flags.contains(.placeholder), dice.chance(profile.nameSwapRate) {
                swap(&given, &family)
                flags.insert(.nameSwap)
            }
            if dice.chance(profile.upperCaseRate) {
                given = given.uppercased()
                family = family.uppercased()
                flags.insert(.upperCase)
            }
            return (given, family)
        }

        /// A double-barrelled name as one part or spaced, or an apostrophe written otherwise; or the name as is.
        private func familyVariant(_ family: String, _ flags: inout Corruption, _ dice: inout Dice) -> String {
            let hyphenated = Text.contains(family, ascii: "-")
            guard hyphenated || Text.contains(family, ascii: "'"), dice.chance(profile.familyVariantRate) else { return family }
            flags.insert(.familyVariant)
            guard hyphenated else { return Text.apostropheVariant(family, dice: &dice) }
            let parts = family.split(separator: "-").map(String.init)
            let roll = dice.unit()
            if roll < 0.45 { return parts[0] }
            if roll < 0.65 { return parts[parts.count - 1] }
            return parts.joined(separator: " ")
        }

        /// A newborn placeholder: "Baby", "Baby Smith", "Baby of Sarah Smith", "Infant", "Unnamed",
        /// "Baby Girl", or for twins "Twin 1" / "Twin 2 Smith".
        private func placeholder(_ child: Child, _ household: Household, _ dice: inout Dice) -> String {
            let family = household.familyName
            if child.birthOrder > 0, dice.chance(0.5) {
                let base = "Twin " + String(child.birthOrder)
                return dice.chance(0.5) ? base : base + " " + family
            }
            let roll = dice.unit()
            if roll < 0.30 { return "Baby" }
            if roll < 0.55 { return "Baby " + family }
            if roll < 0.70 { return "Baby of " + household.motherName + " " + family }
            if roll < 0.80 { return "Infant" }
            if roll < 0.90 { return "Unnamed" }
            switch child.sex {
            case .female: return "Baby Girl"
            case .male: return "Baby Boy"
            case .unknown: return "Baby"
            }
        }

        // MARK: Date of birth

        /// The date of birth as this record writes it, or nil.
        private func dob(_ date: CivilDate, _ flags: inout Corruption, _ dice: inout Dice) -> String? {
            if dice.chance(profile.dobMissingRate) {
                flags.insert(.dobMissing)
                return nil
            }
            let style = dateStyles.pick(&dice)
            if dice.chance(profile.impossibleDateRate) {
                flags.insert(.impossibleDate)
                let day = impossibleDay(date)
                return Text.date(year: date.year, month: date.month, day: day, style: style)
            }
            var parts = (year: date.year, month: date.month, day: date.day)
            if parts.day <= 12, parts.day != parts.month, dice.chance(dayMonthSwapChance) {
                parts = (parts.year, parts.day, parts.month)
                flags.insert(.dayMonthSwap)
            }
            if dice.chance(profile.dobTypoRate), let typo = mistypedDate(parts, &dice) {
                parts = typo
                flags.insert(.dobTypo)
            }
            return Text.date(year: parts.year, month: parts.month, day: parts.day, style: style)
        }

        /// A day that the date's month does not have (31 April, 30 February), or 0 for a 31-day month.
        private func impossibleDay(_ date: CivilDate) -> Int {
            let days = CivilDate.daysInMonth(year: date.year, month: date.month)
            return days < 31 ? days + 1 + (date.day % (31 - days)) : 0
        }

        /// The years a mistyped date of birth may fall in (none after 2025: systems refuse future dates).
        static let plausibleTypoYears = 2015...2025

        /// The date with one digit mistyped or two transposed, still a valid date no later than
        /// 2025; nil when no try gave one.
        private func mistypedDate(_ parts: (year: Int, month: Int, day: Int),
                                  _ dice: inout Dice) -> (year: Int, month: Int, day: Int)? {
            let original = [parts.year / 1000 % 10, parts.year / 100 % 10, parts.year / 10 % 10, parts.year % 10,
                            parts.month / 10, parts.month % 10, parts.day / 10, parts.day % 10]
            for _ in 0..<12 {
                var digits = original
                if dice.chance(0.65) {
                    let position = 3 + dice.below(5)
                    digits[position] = (digits[position] + 1 + dice.below(9)) % 10
                } else {
                    let position = dice.pick([4, 6])
                    digits.swapAt(position, position + 1)
                }
                let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
                let month = digits[4] * 10 + digits[5]
                let day = digits[6] * 10 + digits[7]
                if digits != original, CivilDate.isValid(year: year, month: month, day: day),
                   Self.plausibleTypoYears.contains(year) {
                    return (year, month, day)
                }
            }
            return nil
        }

        // MARK: Other fields

        /// The sex as this record writes it, or nil.
        private func sex(_ sex: ChildSex, _ flags: inout Corruption, _ dice: inout Dice) -> String? {
            if dice.chance(profile.sexMissingRate) {
                flags.insert(.sexMissing)
                return nil
            }
            let words = profile.sexInWords && dice.chance(0.55)
            switch sex {
            case .female: return profile.sexInWords ? (words ? "Female" : "f") : "F"
            case .male: return profile.sexInWords ? (words ? "Male" : "m") : "M"
            case .unknown: return profile.sexInWords ? (words ? "Unknown" : "u") : "U"
            }
        }

        /// The postcode as this record writes it, or nil.
        private func postcode(_ postcode: String, _ flags: inout Corruption, _ dice: inout Dice) -> String? {
            if dice.chance(profile.postcodeMissingRate) {
                flags.insert(.postcodeMissing)
                return nil
            }
            var text = postcode
            if dice.chance(profile.postcodeTypoRate) {
                text = mistypedPostcode(text, &dice)
                flags.insert(.postcodeTypo)
            }
            if dice.chance(profile.postcodeNoSpaceRate) { text = text.split(separator: " ").joined() }
            if dice.chance(profile.postcodeLowerCaseRate) { text = text.lowercased() }
            return text
        }

        /// `postcode` with one character wrong: an inward letter or digit, the district digit, or
        /// the inward letters swapped.
        private func mistypedPostcode(_ postcode: String, _ dice: inout Dice) -> String {
            var characters = Array(postcode)
            let count = characters.count
            let roll = dice.unit()
            if roll < 0.45 {
                let position = count - 1 - dice.below(2)
                let letters = UKPlaces.inwardLetters.filter { $0 != characters[position] }
                characters[position] = dice.pick(letters)
            } else if roll < 0.65 {
                characters[count - 3] = Character(String((Int(String(characters[count - 3]))! + 1 + dice.below(9)) % 10))
            } else if roll < 0.85, let digit = Int(String(characters[count - 5])) {
                characters[count - 5] = Character(String((digit + 1 + dice.below(9)) % 10))
            } else if characters[count - 1] != characters[count - 2] {
                characters.swapAt(count - 1, count - 2)
            } else {
                characters[count - 1] = dice.pick(UKPlaces.inwardLetters.filter { $0 != characters[count - 1] })
            }
            return String(characters)
        }

        /// The address as this record writes it, or nil.
        private func address(_ home: Home, _ flags: inout Corruption, _ dice: inout Dice) -> String? {
            if dice.chance(profile.addressMissingRate) {
                flags.insert(.addressMissing)
                return nil
            }
            var streetType = home.streetType
            var variant = false
            if dice.chance(profile.addressAbbreviationRate), let short = UKPlaces.streetAbbreviations[streetType] {
                streetType = short
                variant = true
            }
            var lines: [String] = []
            if let flat = home.flat { lines.append(flat) }
            lines.append(String(home.number) + " " + home.streetName + " " + streetType)
            if dice.chance(profile.townOmittedRate) { variant = true } else { lines.append(home.town) }
            var separator = ", "
            if dice.chance(profile.addressNewlineRate) {
                separator = "\n"
                variant = true
            }
            if variant { flags.insert(.addressVariant) }
            return lines.joined(separator: separator)
        }

        /// The NHS number as this record writes it, or nil.
        private func nhs(_ number: String?, _ flags: inout Corruption, _ dice: inout Dice) -> String? {
            guard var text = number else { return nil }
            if dice.chance(profile.nhsMissingRate) {
                flags.insert(.nhsMissing)
                return nil
            }
            if dice.chance(profile.nhsTypoRate) {
                text = NHSNumber.mistyped(text, dice: &dice)
                flags.insert(.nhsTypo)
            }
            return dice.chance(profile.nhsSpacedRate) ? NHSNumber.spaced(text) : text
        }
    }
}
