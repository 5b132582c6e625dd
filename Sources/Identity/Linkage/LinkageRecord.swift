import Dispatch
import EarlyYearsSchema
import Synchronization

/// A ``PersonRecord`` normalised once for comparison (DOMAIN.md, "Identifiers and matching"):
/// names as NHS England's linkage code normalises them, the postcode with its outward code,
/// sector and area, the date of birth as a date (or as text when it is not one), the address as
/// tokens, and the NHS number only where it passes Modulus 11.
/// A class: pairs of records are compared millions of times, and handing one to a comparison
/// then costs one reference count rather than one for each of its strings.
public final class LinkageRecord: Sendable {
    public let id: String
    /// The normalised given names; `nil` when missing or a newborn placeholder ("Baby", "Baby of
    /// …"), which is no name evidence at all.
    public let givenName: String?
    /// The given name's first word ("isla" of "isla rose"), and the nickname groups that word is
    /// in, worked out once.
    let givenFirstToken: Substring?
    let givenNicknameGroups: [Int]
    /// Whether the source gave a placeholder given name (kept apart from a missing one, for
    /// explanations).
    public let givenIsPlaceholder: Bool
    /// Whether that placeholder says the child is one of twins or triplets ("Twin 1", "Baby A",
    /// "Triplet").
    public let givenIsTwinPlaceholder: Bool
    public let familyName: String?
    public let dob: DateOfBirthValue?
    /// The date of birth's digits (`yyyyMMdd`, or those of a text date), for "one digit off".
    let dobDigits: String?
    /// The family name's words, for double-barrelled names.
    let familyTokens: [String]
    /// `F` or `M`; unknown and missing are both `nil` (no evidence).
    public let sex: UInt8?
    public let postcode: NormalisedPostcode?
    /// The address's tokens, lower case, sorted and unique; the postcode's own tokens removed.
    public let addressTokens: [String]
    /// Each address token as a 64-bit FNV-1a hash, sorted and unique, for counting common
    /// tokens without comparing strings (two different tokens share a hash about once in 2^64).
    let addressTokenHashes: [UInt64]
    /// Ten digits that pass Modulus 11; an NHS number that fails it is never evidence.
    public let nhsNumber: String?
    /// Whether the source gave an NHS number that fails Modulus 11 (for explanations and counts).
    public let nhsNumberInvalid: Bool

    public init(_ record: PersonRecord) {
        id = record.id
        let given = record.givenName.map(NameNormalisation.normalise) ?? ""
        let family = record.familyName.map(NameNormalisation.normalise) ?? ""
        givenIsPlaceholder = !given.isEmpty && Self.isPlaceholder(given, family: family)
        givenName = given.isEmpty || givenIsPlaceholder ? nil : given
        givenIsTwinPlaceholder = givenIsPlaceholder && Self.marksMultipleBirth(record.givenName ?? "")
        givenFirstToken = givenName.map(LinkageField.firstToken)
        givenNicknameGroups = givenFirstToken.map { Nicknames.index[String($0)] ?? [] } ?? []
        familyName = family.isEmpty ? nil : family
        dob = record.dob.flatMap(DateOfBirthValue.init)
        dobDigits = dob.map(LinkageField.digits)
        familyTokens = familyName.map(NameNormalisation.tokens) ?? []
        sex = Self.sex(record.sex)
        postcode = record.postcode.flatMap(NormalisedPostcode.init)
        addressTokens = Self.addressTokens(record.address, postcode: postcode)
        addressTokenHashes = Array(Set(addressTokens.map(Self.fnv1a))).sorted()
        if let raw = record.nhsNumber, raw.contains(where: \.isNumber) {
            let number = NHSNumber(raw)
            nhsNumber = number.isValid ? number.value : nil
            nhsNumberInvalid = !number.isValid
        } else {
            nhsNumber = nil
            nhsNumberInvalid = false
        }
    }

    /// Every record normalised, on all cores, in order.
    public static func normalising(_ records: [PersonRecord]) -> [LinkageRecord] {
        let chunks = max(1, min(64, records.count / 5_000))
        let parts = Mutex<[Int: [LinkageRecord]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (chunk * records.count / chunks)..<((chunk + 1) * records.count / chunks)
            let normalised = records[range].map(LinkageRecord.init)
            parts.withLock { $0[chunk] = normalised }
        }
        return parts.withLock { parts in (0..<chunks).flatMap { parts[$0] ?? [] } }
    }

    /// A placeholder, or "baby" or "infant" with the family name ("Baby Smith").
    static func isPlaceholder(_ given: String, family: String) -> Bool {
        if NameNormalisation.isPlaceholderGivenName(given) { return true }
        // A placeholder followed by the family name: "Baby Smith", "Twin 2 Smith".
        let tokens = NameNormalisation.tokens(given)
        guard let head = tokens.first, NameNormalisation.placeholderHeads.contains(Substring(head)) else { return false }
        let familyTokens = NameNormalisation.tokens(family)
        guard !familyTokens.isEmpty, tokens.count > familyTokens.count, Array(tokens.suffix(familyTokens.count)) == familyTokens else { return false }
        return NameNormalisation.isPlaceholderGivenName(tokens.dropLast(familyTokens.count).joined(separator: " "))
    }

    /// "Twin 1", "twin two", "Triplet", "Baby A", "Baby B", "Baby 2": placeholders that number
    /// the children of one birth.
    static func marksMultipleBirth(_ raw: String) -> Bool {
        let tokens = raw.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        if tokens.contains(where: { $0 == "twin" || $0 == "twins" || $0 == "triplet" }) { return true }
        guard tokens.count == 2, tokens[0] == "baby" || tokens[0] == "infant" else { return false }
        return ["a", "b", "c", "1", "2", "3", "one", "two", "three"].contains(tokens[1])
    }

    /// `F`/`M` from the usual spellings (`F`, `f`, `female`, `girl`, `M`, `male`, `boy`, …).
    static func sex(_ raw: String?) -> UInt8? {
        guard let first = raw?.trimmingPrefix(while: \.isWhitespace).lowercased().first else { return nil }
        switch first {
        case "f", "g": return UInt8(ascii: "F")
        case "m", "b": return UInt8(ascii: "M")
        default: return nil
        }
    }

    static func addressTokens(_ raw: String?, postcode: NormalisedPostcode?) -> [String] {
        guard let raw else { return [] }
        var tokens = Set<String>()
        var current = ""
        for character in raw.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                tokens.insert(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.insert(current) }
        if let postcode, postcode.isUK, let outward = postcode.outward {
            tokens.remove(outward.lowercased())
            tokens.remove(String(postcode.full.dropFirst(outward.count)).lowercased())
        }
        return tokens.sorted()
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Birth year, for blocking; `nil` for a date of birth that is text.
    var birthYear: Int? {
        if case .date(let year, _, _)? = dob { year } else { nil }
    }

    /// The household a child lives in as far as linkage can see: family name, date of birth and
    /// full postcode. Two records of one household with different given names are twins (or
    /// triplets), never one child.
    var householdKey: String? {
        guard let familyName, let dob, let postcode else { return nil }
        return "\(familyName)\u{1F}\(dob.iso)\u{1F}\(postcode.full)"
    }

    /// The same household with a typo in the family name: its first three letters, the date of
    /// birth and the postcode (two families at one postcode with children born the same day and
    /// names starting alike are rare; one family's records with a mistyped name are not).
    var looseHouseholdKey: String? {
        guard let familyName, familyName.count >= 3, let dob, let postcode else { return nil }
        return "\(familyName.prefix(3))\u{1F}\(dob.iso)\u{1F}\(postcode.full)"
    }

    /// The family at an address, whatever the date of birth: where a "Twin 2" placeholder says
    /// there are twins, even when one twin's date of birth is mistyped.
    var familyAtAddressKey: String? {
        guard let familyName, let postcode else { return nil }
        return "\(familyName)\u{1F}\(postcode.full)"
    }
}
