/// Seeded synthetic test data for record linkage: young children (born 2020–2025) in England, as
/// a health visiting system and a nursery system would record them, with the truth.
///
/// The truth is a population of households: siblings share a family name, postcode and address;
/// twins (about 1.5% of maternities, rarely triplets) also share a date of birth and often a sex,
/// and sometimes have similar names (Amelia and Amelie). Each source record is made from the truth
/// with independent errors at realistic rates: typos, nicknames, swapped names, newborn placeholders
/// ("Baby Smith", left only), swapped day and month, mistyped dates, house moves (right only),
/// missing fields, mistyped NHS numbers, and each source's own ways of writing dates, sex,
/// postcodes and names. The same options always give the same output.
public struct SyntheticPopulation: Sendable {
    /// What to generate.
    public struct Options: Sendable {
        /// The number of distinct true children.
        public var people: Int
        /// The seed: one seed always gives the same population and records.
        public var seed: UInt64

        /// Options for `people` children from `seed`.
        public init(people: Int, seed: UInt64 = 1) {
            self.people = people
            self.seed = seed
        }
    }

    /// Two sources (a health visiting system "left" and a nursery system "right") and the truth.
    public struct TwoSources: Sendable {
        /// The health visiting records, ids "L000001"….
        public var left: [PersonRecord]
        /// The nursery records, ids "R000001"….
        public var right: [PersonRecord]
        /// Record id -> true person id, for every record of both sources (ids are unique across both).
        public var truth: [String: String]
        /// Pairs of true person ids that are twins (or triplets, pairwise) of one another.
        public var twins: Set<Pair>

        /// Two sources with their truth.
        public init(left: [PersonRecord], right: [PersonRecord], truth: [String: String], twins: Set<Pair>) {
            self.left = left
            self.right = right
            self.truth = truth
            self.twins = twins
        }

        /// An unordered pair of ids, stored ordered so that `a < b`.
        public struct Pair: Sendable, Hashable {
            /// The smaller id.
            public let a: String
            /// The larger id.
            public let b: String

            /// The pair of `x` and `y`, in either order.
            public init(_ x: String, _ y: String) {
                if x < y {
                    a = x
                    b = y
                } else {
                    a = y
                    b = x
                }
            }
        }
    }

    /// `people` true children; each appears in the left source with probability 0.85 and in the
    /// right with 0.75 (0.60 in both, 0.25 in the left only, 0.15 in the right only, so every
    /// child appears somewhere), with exactly one record per source per child. Record ids
    /// ("L000001", "R000001") are assigned in shuffled order and reveal nothing of the truth.
    public static func twoSources(_ options: Options) -> TwoSources {
        makeTwoSources(options).sources
    }

    /// One source with duplicates within it (for deduplication): every child has a record, about
    /// 20% have two or three (ids "S000001"…); the truth maps every record id to its person id.
    public static func oneSource(_ options: Options) -> (records: [PersonRecord], truth: [String: String], twins: Set<TwoSources.Pair>) {
        let run = makeOneSource(options)
        return (run.records, run.truth, run.twins)
    }

    /// The records as CSV with the header `id,given_name,family_name,dob,sex,postcode,address,nhs_number`
    /// and one line per record ending in "\n"; a field holding a comma, quote, CR or LF is quoted
    /// (RFC 4180, quotes doubled), and a missing field is empty.
    public static func csv(_ records: [PersonRecord]) -> String {
        var out = "id,given_name,family_name,dob,sex,postcode,address,nhs_number\n"
        out.reserveCapacity(out.utf8.count + records.count * 100)
        for record in records {
            appendCSVField(record.id, to: &out)
            for field in [record.givenName, record.familyName, record.dob, record.sex, record.postcode,
                          record.address, record.nhsNumber] {
                out.append(",")
                appendCSVField(field, to: &out)
            }
            out.append("\n")
        }
        return out
    }

    /// Appends one CSV field, quoted only when it must be.
    private static func appendCSVField(_ value: String?, to out: inout String) {
        guard let value, !value.isEmpty else { return }
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(value)
            return
        }
        out.append("\"")
        for character in value {
            if character == "\"" { out.append("\"\"") } else { out.append(character) }
        }
        out.append("\"")
    }
}

extension SyntheticPopulation {
    /// A two-source generation with everything the tests need to check it: the truth population
    /// and, per record, what was done to it.
    struct TwoSourceRun: Sendable {
        /// What `twoSources` returns.
        let sources: TwoSources
        /// The true population.
        let world: World
        /// What was done to each left record (same order as `sources.left`).
        let leftCorruptions: [Corruption]
        /// What was done to each right record (same order as `sources.right`).
        let rightCorruptions: [Corruption]
        /// Households that had moved house by the time of the right source.
        let movedHouseholds: Set<Int>
    }

    /// A one-source generation with the truth population and what was done to each record.
    struct OneSourceRun: Sendable {
        let records: [PersonRecord]
        let truth: [String: String]
        let twins: Set<TwoSources.Pair>
        let world: World
        /// What was done to each record (same order as `records`).
        let corruptions: [Corruption]
    }

    /// In which sources a child appears.
    enum Presence {
        case both, leftOnly, rightOnly
    }

    /// The share of households that moved between the left and the right source.
    static let moveRate = 0.08
    /// The shares of children with two and with three records in one source.
    static let twoRecordRate = 0.15
    static let threeRecordRate = 0.05
    /// The chance that a child's extra record (in one source) has a newer address.
    static let duplicateMoveRate = 0.2

    /// Generates two sources with the truth and the corruption log.
    static func makeTwoSources(_ options: Options) -> TwoSourceRun {
        var dice = Dice(seed: options.seed)
        var builder = WorldBuilder(people: options.people)
        var world = builder.build(&dice)
        var leftChildren: [Int] = []
        var rightChildren: [Int] = []
        leftChildren.reserveCapacity(world.children.count)
        rightChildren.reserveCapacity(world.children.count)
        for index in world.children.indices {
            switch presence(&dice) {
            case .both:
                leftChildren.append(index)
                rightChildren.append(index)
            case .leftOnly: leftChildren.append(index)
            case .rightOnly: rightChildren.append(index)
            }
        }
        var movedHomes: [Home?] = []
        movedHomes.reserveCapacity(world.households.count)
        for household in world.households {
            movedHomes.append(dice.chance(moveRate) ? world.addressBook.movedHome(from: household.home, dice: &dice) : nil)
        }
        dice.shuffle(&leftChildren)
        dice.shuffle(&rightChildren)
        var truth: [String: String] = [:]
        truth.reserveCapacity(leftChildren.count + rightChildren.count)
        let left = writeSource(leftChildren, profile: .left, world: world, movedHomes: nil, truth: &truth, dice: &dice)
        let right = writeSource(rightChildren, profile: .right, world: world, movedHomes: movedHomes, truth: &truth, dice: &dice)
        let moved = Set(movedHomes.indices.filter { movedHomes[$0] != nil })
        let sources = TwoSources(left: left.records, right: right.records, truth: truth, twins: world.twinPairs)
        return TwoSourceRun(sources: sources, world: world, leftCorruptions: left.corruptions,
                            rightCorruptions: right.corruptions, movedHouseholds: moved)
    }

    /// Where one child appears: 60% both, 25% left only, 15% right only.
    private static func presence(_ dice: inout Dice) -> Presence {
        let roll = dice.unit()
        return roll < 0.60 ? .both : roll < 0.85 ? .leftOnly : .rightOnly
    }

    /// One record per child in `children` (in that order), with ids numbered from 1.
    private static func writeSource(_ children: [Int], profile: SourceProfile, world: World, movedHomes: [Home?]?,
                                    truth: inout [String: String],
                                    dice: inout Dice) -> (records: [PersonRecord], corruptions: [Corruption]) {
        let writer = RecordWriter(profile: profile, world: world)
        let width = Text.idWidth(for: children.count)
        var records: [PersonRecord] = []
        var corruptions: [Corruption] = []
        records.reserveCapacity(children.count)
        corruptions.reserveCapacity(children.count)
        for (offset, index) in children.enumerated() {
            let child = world.children[index]
            let household = world.households[child.household]
            let movedHome = movedHomes?[child.household]
            let id = Text.id(profile.idPrefix, offset + 1, width: width)
            let made = writer.record(id: id, child: child, household: household, home: movedHome ?? household.home,
                                     moved: movedHome != nil, dice: &dice)
            records.append(made.0)
            corruptions.append(made.1)
            truth[id] = child.personId
        }
        return (records, corruptions)
    }

    /// Generates one source with duplicates, the truth and the corruption log.
    static func makeOneSource(_ options: Options) -> OneSourceRun {
        var dice = Dice(seed: options.seed)
        var builder = WorldBuilder(people: options.people)
        var world = builder.build(&dice)
        var entries: [(child: Int, home: Home, moved: Bool)] = []
        entries.reserveCapacity(world.children.count * 5 / 4)
        for (index, child) in world.children.enumerated() {
            let home = world.households[child.household].home
            entries.append((index, home, false))
            let roll = dice.unit()
            let extra = roll < threeRecordRate ? 2 : roll < threeRecordRate + twoRecordRate ? 1 : 0
            for _ in 0..<extra {
                let moves = dice.chance(duplicateMoveRate)
                entries.append((index, moves ? world.addressBook.movedHome(from: home, dice: &dice) : home, moves))
            }
        }
        dice.shuffle(&entries)
        let writer = RecordWriter(profile: .single, world: world)
        let width = Text.idWidth(for: entries.count)
        var records: [PersonRecord] = []
        var corruptions: [Corruption] = []
        var truth: [String: String] = [:]
        records.reserveCapacity(entries.count)
        corruptions.reserveCapacity(entries.count)
        truth.reserveCapacity(entries.count)
        for (offset, entry) in entries.enumerated() {
            let child = world.children[entry.child]
            let id = Text.id(SourceProfile.single.idPrefix, offset + 1, width: width)
            let made = writer.record(id: id, child: child, household: world.households[child.household], home: entry.home,
                                     moved: entry.moved, dice: &dice)
            records.append(made.0)
            corruptions.append(made.1)
            truth[id] = child.personId
        }
        return OneSourceRun(records: records, truth: truth, twins: world.twinPairs, world: world, corruptions: corruptions)
    }
}
