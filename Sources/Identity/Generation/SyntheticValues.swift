extension SyntheticPopulation {
    /// A child's recorded sex in the truth.
    enum ChildSex: Sendable, Hashable {
        case female, male, unknown
    }

    /// A proleptic Gregorian calendar date, with day-number arithmetic done by hand (no Foundation).
    struct CivilDate: Sendable, Hashable, Comparable {
        let year: Int
        let month: Int
        let day: Int

        /// The date with these parts (which must form a valid date).
        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The date `dayNumber` days after 1970-01-01 (Howard Hinnant's civil-from-days).
        init(dayNumber: Int) {
            let z = dayNumber + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthPrime = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
            month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }

        /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
        var dayNumber: Int {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

        /// Whether `year` is a Gregorian leap year.
        static func isLeapYear(_ year: Int) -> Bool {
            (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        }

        /// The number of days in `month` of `year`.
        static func daysInMonth(year: Int, month: Int) -> Int {
            switch month {
            case 2: isLeapYear(year) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        /// Whether the parts form a real date.
        static func isValid(year: Int, month: Int, day: Int) -> Bool {
            (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
        }

        /// Orders dates in time.
        static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
    }

    /// How a source writes dates.
    enum DateStyle: Sendable {
        /// `yyyy-MM-dd`
        case iso
        /// `dd/MM/yyyy`
        case dayMonthYear
        /// `yyyyMMdd`
        case compact
    }

    /// Fast text building for the hot loops (no Foundation formatters).
    enum Text {
        /// "00" … "99".
        static let twoDigits: [String] = (0..<100).map { $0 < 10 ? "0" + String($0) : String($0) }

        /// `value` as decimal, left-padded with zeros to `width` digits.
        static func padded(_ value: Int, width: Int) -> String {
            let digits = String(value)
            guard digits.utf8.count < width else { return digits }
            return String(repeating: "0", count: width - digits.utf8.count) + digits
        }

        /// An id: `prefix` and the 1-based `number` padded to `width` digits ("L000001").
        static func id(_ prefix: String, _ number: Int, width: Int) -> String {
            prefix + padded(number, width: width)
        }

        /// The digits needed for ids up to `count`, at least six.
        static func idWidth(for count: Int) -> Int {
            max(6, String(count).utf8.count)
        }

        /// A date's parts in `style`; the parts need not form a valid date (impossible dates
        /// are written the same way).
        static func date(year: Int, month: Int, day: Int, style: DateStyle) -> String {
            let yyyy = padded(year, width: 4)
            let mm = twoDigits[month]
            let dd = twoDigits[day]
            switch style {
            case .iso: return yyyy + "-" + mm + "-" + dd
            case .dayMonthYear: return dd + "/" + mm + "/" + yyyy
            case .compact: return yyyy + mm + dd
            }
        }

        /// Whether `text` holds any character outside ASCII.
        static func hasNonASCII(_ text: String) -> Bool {
            text.utf8.contains { $0 >= 0x80 }
        }

        /// Whether `text` holds the ASCII character `ascii` (a byte scan, no Foundation search).
        static func contains(_ text: String, ascii: Unicode.Scalar) -> Bool {
            let byte = UInt8(ascii.value)
            return text.utf8.contains(byte)
        }

        /// Plain-letter equivalents of the accented letters the name lists use.
        static let plainLetters: [Character: Character] = [
            "á": "a", "à": "a", "â": "a", "ä": "a", "ą": "a", "é": "e", "è": "e", "ê": "e", "ë": "e", "ę": "e",
            "í": "i", "ï": "i", "ı": "i", "ó": "o", "ö": "o", "ô": "o", "ú": "u", "ü": "u", "ŷ": "y", "ç": "c",
            "ć": "c", "č": "c", "ł": "l", "ń": "n", "ñ": "n", "ś": "s", "š": "s", "ş": "s", "ź": "z", "ż": "z",
            "ř": "r", "ğ": "g", "Á": "A", "É": "E", "Í": "I", "Ó": "O", "Ö": "O", "Ú": "U", "Ü": "U", "Ç": "C",
            "Ć": "C", "Č": "C", "Ł": "L", "Ś": "S", "Š": "S", "Ş": "S", "Ź": "Z", "Ż": "Z", "Ñ": "N", "Ř": "R",
            "Ŷ": "Y", "’": "'",
        ]

        /// `text` with accented letters replaced by plain ones (Zoë → Zoe, Siân → Sian).
        static func droppingAccents(_ text: String) -> String {
            guard hasNonASCII(text) else { return text }
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for character in text {
                out.append(plainLetters[character] ?? character)
            }
            return out
        }

        /// `text` with its apostrophes written another way (O'Brien → OBrien, O Brien, O’Brien).
        static func apostropheVariant(_ text: String, dice: inout Dice) -> String {
            let replacement: String = dice.pick(["", " ", "’"])
            var out = ""
            for character in text {
                if character == "'" { out += replacement } else { out.append(character) }
            }
            return out
        }
    }

    /// NHS numbers: ten digits whose last is the Modulus 11 check digit of the first nine.
    enum NHSNumber {
        /// The check digit for the nine leading digits of `base` (0…999,999,999), or nil when
        /// Modulus 11 gives 10 and no number with these nine digits is valid.
        static func checkDigit(base: Int) -> Int? {
            var remaining = base
            var sum = 0
            for weight in 2...10 {
                sum += (remaining % 10) * weight
                remaining /= 10
            }
            let check = 11 - sum % 11
            if check == 11 { return 0 }
            if check == 10 { return nil }
            return check
        }

        /// Whether `text` (spaces and hyphens ignored) is ten digits that pass Modulus 11.
        static func isValid(_ text: String) -> Bool {
            var digits: [Int] = []
            for byte in text.utf8 {
                if byte == 0x20 || byte == 0x2D { continue }
                guard byte >= 0x30, byte <= 0x39 else { return false }
                digits.append(Int(byte - 0x30))
            }
            guard digits.count == 10 else { return false }
            let base = digits[0..<9].reduce(0) { $0 * 10 + $1 }
            return checkDigit(base: base) == digits[9]
        }

        /// `number` written the way NHS letters do: "943 476 5919".
        static func spaced(_ number: String) -> String {
            let characters = Array(number)
            guard characters.count == 10 else { return number }
            return String(characters[0..<3]) + " " + String(characters[3..<6]) + " " + String(characters[6...])
        }

        /// `number` with one digit changed, so that it no longer passes Modulus 11 (a change of one
        /// digit always breaks the check, since every weight is below 11).
        static func mistyped(_ number: String, dice: inout Dice) -> String {
            var characters = Array(number.utf8)
            let position = dice.below(characters.count)
            let old = Int(characters[position]) - 0x30
            let new = (old + 1 + dice.below(9)) % 10
            characters[position] = UInt8(0x30 + new)
            return String(decoding: characters, as: UTF8.self)
        }
    }

    /// Allocates unique valid NHS numbers.
    struct NHSAllocator: Sendable {
        /// Numbers already handed out.
        private var used: Set<Int> = []

        /// A fresh random valid number, starting 4, 6 or 7 as English numbers do.
        mutating func fresh(_ dice: inout Dice) -> Int {
            while true {
                let base = dice.pick([4, 6, 7]) * 100_000_000 + dice.below(100_000_000)
                if let number = complete(base) { return number }
            }
        }

        /// The next valid unused number after `previous` (twins' numbers are often allocated in a row).
        mutating func following(_ previous: Int) -> Int {
            var base = previous / 10 + 1
            while true {
                if let number = complete(base) { return number }
                base += 1
            }
        }

        /// `base` with its check digit, if it has one and the number is unused (then marked used).
        private mutating func complete(_ base: Int) -> Int? {
            guard let check = NHSNumber.checkDigit(base: base) else { return nil }
            let number = base * 10 + check
            return used.insert(number).inserted ? number : nil
        }
    }

    /// One-character typing mistakes in names.
    enum Typos {
        /// Letters next to each letter on a QWERTY keyboard.
        static let neighbours: [Character: [Character]] = {
            let rows: [String: String] = [
                "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
                "o": "ipl", "p": "ol", "a": "qsz", "s": "adwx", "d": "sfex", "f": "dgrc", "g": "fhtv", "h": "gjyb",
                "j": "hkun", "k": "jlim", "l": "kop", "z": "asx", "x": "zsdc", "c": "xdfv", "v": "cfgb", "b": "vghn",
                "n": "bhjm", "m": "njk",
            ]
            var table: [Character: [Character]] = [:]
            for (key, value) in rows { table[Character(key)] = Array(value) }
            return table
        }()

        /// Vowels a hurried or phonetic speller confuses.
        static let vowelSwaps: [Character: [Character]] = [
            "a": ["e", "o"], "e": ["a", "i"], "i": ["y", "e"], "o": ["a", "u"], "u": ["o"], "y": ["i"],
        ]

        /// `text` with one character inserted, deleted, substituted or two neighbours transposed;
        /// never the same text (unless it has no letters to change).
        static func typo(_ text: String, dice: inout Dice) -> String {
            var characters = Array(text)
            let letters = characters.indices.filter { characters[$0].isLetter }
            guard letters.count >= 2 else { return text }
            for _ in 0..<6 {
                var candidate = characters
                applyOne(&candidate, letters: letters, dice: &dice)
                if candidate != characters { return String(candidate) }
            }
            characters.insert(characters[letters[1]], at: letters[1])
            return String(characters)
        }

        /// One random edit of `characters` at the positions in `letters`.
        private static func applyOne(_ characters: inout [Character], letters: [Int], dice: inout Dice) {
            let position = pickPosition(letters, dice: &dice)
            let roll = dice.unit()
            if roll < 0.25 {
                let source = characters[position]
                let inserted = dice.chance(0.5) ? source : substitute(for: source, dice: &dice)
                characters.insert(Character(inserted.lowercased()), at: position + 1)
            } else if roll < 0.5, letters.count >= 3 {
                characters.remove(at: position)
            } else if roll < 0.8 || position == 0 || position + 1 >= characters.count || !characters[position + 1].isLetter {
                characters[position] = substitute(for: characters[position], dice: &dice)
            } else {
                characters.swapAt(position, position + 1)
            }
        }

        /// A letter position, rarely the first (people seldom mistype the initial).
        private static func pickPosition(_ letters: [Int], dice: inout Dice) -> Int {
            if dice.chance(0.15) { return dice.pick(letters) }
            return letters[1 + dice.below(letters.count - 1)]
        }

        /// A letter a typist might hit instead of `character`: a keyboard neighbour or a confused
        /// vowel, in the same case; for a letter not on the keyboard, its plain form or a neighbour.
        static func substitute(for character: Character, dice: inout Dice) -> Character {
            let isUpper = character.isUppercase
            let lower = Character(character.lowercased())
            var replacement: Character
            if let swaps = vowelSwaps[lower], dice.chance(0.4) {
                replacement = dice.pick(swaps)
            } else if let near = neighbours[lower] {
                replacement = dice.pick(near)
            } else if let plain = Text.plainLetters[lower] {
                replacement = plain
            } else {
                replacement = dice.pick(Array("aeinorst"))
            }
            if isUpper { replacement = Character(replacement.uppercased()) }
            return replacement
        }
    }
}
