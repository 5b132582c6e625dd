import EarlyYearsSchema
import Foundation
import Mapping

/// Deterministic benchmark inputs: the same seed always gives the same bytes, and every record
/// differs from the next in its identifiers, names, dates and scores (valid NHS numbers, by the
/// Modulus 11 rule), so that nothing is trivially repeated or cached.
struct MappingInputs {
    /// One format's input, written to a file.
    struct Corpus {
        var format: MappingDefinition.Format
        var file: URL
        /// Where each document lies in the file: one per record for FHIR bundles, JSON documents and
        /// HL7 messages, as a message broker would deliver them, and one per export of
        /// ``contactsPerExport`` contacts for XML; `nil` when the whole file is one export (CSV).
        var documents: [Range<Int>]?
        var records: Int
        /// Records in each document: 1, or for XML the contacts of one export file.
        var recordsPerDocument = 1
    }

    /// Contacts per XML export: the parser refuses documents of more than a million elements.
    static let contactsPerExport = 1_000

    let records: Int
    let directory: URL
    /// The repository root, for the real DCH fixture at `../shared/fixtures`.
    let repositoryRoot: URL

    static let fhirFixture = "../shared/fixtures/dch-fhir-stu3/DCH-AssessmentScales-Bundle-Example-1.json"

    func write(_ format: MappingDefinition.Format) throws -> Corpus {
        var bytes: [UInt8] = []
        var documents: [Range<Int>]? = []
        switch format {
        case .csv:
            documents = nil
            bytes += Array("child_id,nhs_number,child_name,Child DOB,postcode,status,start,leaving,funding,hours,eypp,daf,sen,updated\n".utf8)
            for index in 0..<records { bytes += Array(csvRow(index).utf8) }
        case .xml:
            for first in stride(from: 0, to: records, by: Self.contactsPerExport) {
                let start = bytes.count
                bytes += Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Contacts xmlns=\"urn:example:hv-contacts\">\n".utf8)
                for index in first..<min(records, first + Self.contactsPerExport) { bytes += Array(xmlContact(index).utf8) }
                bytes += Array("</Contacts>\n".utf8)
                documents!.append(start..<bytes.count)
            }
        case .json, .fhir, .hl7v2:
            let template = format == .fhir ? try FHIRTemplate(repositoryRoot: repositoryRoot) : nil
            for index in 0..<records {
                let start = bytes.count
                switch format {
                case .fhir: template!.append(record: index, to: &bytes)
                case .json: bytes += Array(jsonDocument(index).utf8)
                default: bytes += Array(hl7Message(index).utf8)
                }
                documents!.append(start..<bytes.count)
                // jq reads concatenated JSON; HL7 messages end with their last segment's CR.
                bytes.append(format == .hl7v2 ? UInt8(ascii: "\r") : UInt8(ascii: "\n"))
            }
        }
        let file = directory.appendingPathComponent("\(format.rawValue).\(format == .hl7v2 ? "hl7" : format == .csv ? "csv" : format == .xml ? "xml" : "json")")
        try Data(bytes).write(to: file)
        return Corpus(format: format, file: file, documents: documents, records: records,
                      recordsPerDocument: format == .xml ? Self.contactsPerExport : 1)
    }

    // MARK: - Varied values

    static let givenNames = ["Siân", "Aoife", "Mohammed", "Olivia", "Oliver", "Amelia", "Jack", "Zainab", "Dafydd", "Chloé", "Noah", "Isla"]
    static let familyNames = ["Davies", "O'Brien", "Khan", "Smith", "Nowak", "Dawkins", "Okafor", "Jones", "Patel", "Ní Bhriain", "Evans"]
    static let postcodes = ["ls1 4ap", "LS6 2QT", "DH1 2TF", "CF10 1AA", "m1 1ae", "B33 8TH", "NE1 4ST", "SW1A 1AA"]

    /// A valid NHS number, different for every index (nine digits from the index, then the
    /// Modulus 11 check digit; indexes whose check would be 10 move on to the next candidate).
    static func nhsNumber(_ index: Int) -> String {
        var candidate = 400_000_000 + (index &* 7_919) % 500_000_000
        while true {
            let digits = String(candidate).compactMap(\.wholeNumberValue)
            let sum = (0..<9).reduce(0) { $0 + digits[$1] * (10 - $1) }
            let check = 11 - sum % 11
            if check != 10 { return String(candidate) + String(check == 11 ? 0 : check) }
            candidate += 1
        }
    }

    static func pick<T>(_ list: [T], _ index: Int, _ salt: Int = 0) -> T { list[(index &* 31 &+ salt) % list.count] }

    /// A date in 2021–2024 (day 1–28, so every month has it).
    static func birthDate(_ index: Int) -> (year: Int, month: Int, day: Int) {
        (2021 + index % 4, 1 + (index / 4) % 12, 1 + (index / 48) % 28)
    }

    /// A UK local time with its offset, as a source in England writes it (`2025-07-02T10:15:00+01:00`);
    /// March and October stay before the clocks change.
    static func localTimestamp(_ index: Int) -> String {
        let month = 1 + index % 12
        let day = month == 3 || month == 10 ? 1 + index % 20 : 1 + index % 28
        let offset = (4...10).contains(month) ? "+01:00" : "+00:00"
        return "2025-\(two(month))-\(two(day))T\(two(index % 24)):\(two(index % 60)):\(two(index / 60 % 60))\(offset)"
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    func csvRow(_ index: Int) -> String {
        let birth = Self.birthDate(index)
        let name = "\(Self.pick(Self.givenNames, index)) \(Self.pick(Self.familyNames, index, 5))"
        let quotedName = name.contains(",") || name.contains("\"") ? "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"" : name
        let dob = switch index % 3 {
        case 0: "\(birth.day)/\(birth.month)/\(birth.year)"
        case 1: "\(birth.year)-\(Self.two(birth.month))-\(Self.two(birth.day))"
        default: "\(birth.year)\(Self.two(birth.month))\(Self.two(birth.day))"
        }
        let nhs = Self.nhsNumber(index)
        let spacedNHS = index % 2 == 0 ? "\(nhs.prefix(3)) \(nhs.dropFirst(3).prefix(3)) \(nhs.suffix(4))" : nhs
        let left = index % 5 == 4
        let funding = ["15 universal", "30 extended", "none"][index % 3]
        let hours = ["15", "30", "0"][index % 3]
        let sen = ["SEN support", "none", "EHC plan", "none"][index % 4]
        let updated = "\(Self.two(1 + index % 28))/\(Self.two(1 + index % 12))/2025 \(Self.two(index % 24)):\(Self.two(index % 60))"
        return "C\(index),\(spacedNHS),\(quotedName),\(dob),\(Self.pick(Self.postcodes, index)),\(left ? "left" : "active"),"
            + "04/09/2024,\(left ? "18/07/2025" : ""),\(funding),\(hours),\(index % 7 == 0 ? "Y" : "N"),\(index % 11 == 0 ? "Y" : "N"),\(sen),\(updated)\n"
    }

    func jsonDocument(_ index: Int) -> String {
        let birth = Self.birthDate(index)
        let scores = (0..<5).map { (index &* (7 + $0 * 3)) % 61 }
        let bands = scores.map { $0 < 25 ? "below" : $0 < 40 ? "monitor" : "above" }
        let given = Self.pick(Self.givenNames, index)
        let family = Self.pick(Self.familyNames, index, 3).replacingOccurrences(of: "'", with: "\\u0027")
        return """
            {"id":"HV-\(index)","version":"\(1 + index % 9)","type":"asq3","status":"\(["created", "amended"][index % 2])",\
            "updated_at":"\(Self.localTimestamp(index))",\
            "team":{"ods_code":"RX\(index % 10)","name":"Health visiting team \(index % 10)"},\
            "child":{"nhs_number":"\(Self.nhsNumber(index))","given_names":["\(given)"],"family_name":"\(family)",\
            "date_of_birth":"\(birth.year)-\(Self.two(birth.month))-\(Self.two(birth.day))","sex":"\(["F", "M", "U"][index % 3])",\
            "postcode":" \(Self.pick(Self.postcodes, index)) "},\
            "questionnaire":{"interval_months":\([24, 27, 30][index % 3]),"completed":"\(Self.two(1 + index % 28))/\(Self.two(1 + index / 28 % 12))/2025",\
            "scores":{"communication":\(scores[0]),"gross_motor":\(scores[1]),"fine_motor":\(scores[2]),"problem_solving":\(scores[3]),"personal_social":\(scores[4])},\
            "bands":{"communication":"\(bands[0])","gross_motor":"\(bands[1])","fine_motor":"\(bands[2])","problem_solving":"\(bands[3])","personal_social":"\(bands[4])"},\
            "notes":"Reviewed at home with parent; next review in \(3 + index % 6) months."}}
            """
    }

    func hl7Message(_ index: Int) -> String {
        let birth = Self.birthDate(index)
        let minute = Self.two(index % 60)
        return [
            "MSH|^~\\&|CHPAS|RX\(index % 10)|EYHUB|LA|20250901\(Self.two(index % 24))\(minute)00||ADT^A31^ADT_A05|MSG\(index)|P|2.4",
            "EVN|A31|20250901\(Self.two(index % 24))\(minute)00",
            "PID|1||\(Self.nhsNumber(index))^^^NHS^NH~P\(index)^^^CHPAS^PI||\(Self.pick(Self.familyNames, index, 5))^\(Self.pick(Self.givenNames, index))||"
                + "\(birth.year)\(Self.two(birth.month))\(Self.two(birth.day))|\(["F", "M", "U"][index % 3])|||\(index % 90 + 1) High Street^^Leeds^^\(Self.pick(Self.postcodes, index).uppercased())^GBR",
            "PV1|1|N",
        ].joined(separator: "\r")
    }

    func xmlContact(_ index: Int) -> String {
        let birth = Self.birthDate(index)
        let family = Self.pick(Self.familyNames, index, 2).replacingOccurrences(of: "'", with: "&apos;")
        return """
              <Contact id="V\(index)" revision="\(1 + index % 4)">
                <Child><NHSNumber>\(Self.nhsNumber(index))</NHSNumber><Forename>\(Self.pick(Self.givenNames, index))</Forename><Surname>\(family)</Surname><DOB>\(Self.two(birth.day))/\(Self.two(birth.month))/\(birth.year)</DOB><Postcode>\(Self.pick(Self.postcodes, index))</Postcode></Child>
                <Visit><Type>\(["NB", "6-8W", "1Y", "2Y"][index % 4])</Type><Date>\(Self.two(1 + index % 28))/\(Self.two(1 + index % 12))/2025 \(Self.two(8 + index % 10)):\(Self.two(index % 60))</Date><Attended>\(index % 9 == 0 ? "N" : "Y")</Attended><Role>Health visitor</Role></Visit>
              </Contact>

            """
    }
}

/// The real DCH Assessment Scales example bundle, with the parts that differ between children
/// (identifiers, names, dates, scores, every `urn:uuid`) made into slots filled per record.
/// The entry-level Observation gains an `id`, which the mapping uses as the record id. Each
/// bundle is written compact, on one line.
struct FHIRTemplate {
    private enum Piece {
        case text([UInt8])
        case slot(Slot)
    }

    private enum Slot {
        case bundleID, observationID, nhsNumber, family, given, birthDate, timestamp, encounterStart, personalSocial, communication, uuid(Int)
    }

    private let pieces: [Piece]

    init(repositoryRoot: URL) throws {
        let url = repositoryRoot.appendingPathComponent(MappingInputs.fhirFixture).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MappingBenchmark.BenchmarkError(description: """
                the FHIR inputs are derived from the real DCH example, which is not at \(url.path); \
                put the shared fixtures (dch-fhir-stu3/) at ../shared/fixtures next to the repository, or pass --repository-root
                """)
        }
        var text = String(decoding: data, as: UTF8.self)
        // Every distinct urn:uuid becomes a slot, so references stay consistent within a bundle.
        var uuids: [String] = []
        for match in text.matches(of: /urn:uuid:([0-9a-f-]{36})/) where !uuids.contains(String(match.1)) { uuids.append(String(match.1)) }
        var replacements: [(String, String)] = [
            ("\"id\": \"91e5a484-e53b-427b-8317-130bd79fbb34\"", "\"id\": \"\u{1}bundleID\u{1}\""),
            ("\"value\": \"9912003888\"", "\"value\": \"\u{1}nhsNumber\u{1}\""),
            ("\"family\": \"DAWKINS\"", "\"family\": \"\u{1}family\u{1}\""),
            ("\"Jack\"", "\"\u{1}given\u{1}\""),
            ("2013-10-12", "\u{1}birthDate\u{1}"),
            ("\"timestamp\": \"2017-11-01T15:00:00+00:00\"", "\"timestamp\": \"\u{1}timestamp\u{1}\""),
            ("\"start\": \"2017-01-29\"", "\"start\": \"\u{1}encounterStart\u{1}\""),
            ("\"value\": 8\n", "\"value\": \u{1}personalSocial\u{1}\n"),
            ("\"value\": 25\n", "\"value\": \u{1}communication\u{1}\n"),
            ("\"resourceType\": \"Observation\",\n        \"meta\"", "\"resourceType\": \"Observation\",\n        \"id\": \"\u{1}observationID\u{1}\",\n        \"meta\""),
        ]
        for (index, uuid) in uuids.enumerated() { replacements.append(("urn:uuid:\(uuid)", "urn:uuid:\u{1}uuid\(index)\u{1}")) }
        for (original, slot) in replacements {
            guard text.contains(original) else {
                throw MappingBenchmark.BenchmarkError(description: "\(url.path) is not the DCH example the benchmark knows (no \(original.debugDescription))")
            }
            text = text.replacingOccurrences(of: original, with: slot)
        }
        // One bundle per line (NDJSON), as compact as jq -c writes it: 7.4 kB.
        text = Self.compact(text)
        var pieces: [Piece] = []
        for (position, part) in text.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated() {
            guard position % 2 == 1 else {
                pieces.append(.text(Array(part.utf8)))
                continue
            }
            let slot: Slot = switch part {
            case "bundleID": .bundleID
            case "observationID": .observationID
            case "nhsNumber": .nhsNumber
            case "family": .family
            case "given": .given
            case "birthDate": .birthDate
            case "timestamp": .timestamp
            case "encounterStart": .encounterStart
            case "personalSocial": .personalSocial
            case "communication": .communication
            default: .uuid(Int(part.dropFirst(4))!)
            }
            pieces.append(.slot(slot))
        }
        self.pieces = pieces
    }

    /// The JSON text without the whitespace between tokens.
    static func compact(_ text: String) -> String {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                continue
            }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    func append(record index: Int, to bytes: inout [UInt8]) {
        let birth = MappingInputs.birthDate(index)
        for piece in pieces {
            switch piece {
            case .text(let text): bytes += text
            case .slot(let slot):
                let value: String = switch slot {
                case .bundleID: "b-\(index)-\(index &* 2_654_435_761 % 1_000_003)"
                case .observationID: "asq-\(index)"
                case .nhsNumber: MappingInputs.nhsNumber(index)
                case .family: MappingInputs.pick(MappingInputs.familyNames, index, 1).uppercased().replacingOccurrences(of: "'", with: "\\u0027")
                case .given: MappingInputs.pick(MappingInputs.givenNames, index, 4)
                case .birthDate: "\(birth.year)-\(MappingInputs.two(birth.month))-\(MappingInputs.two(birth.day))"
                case .timestamp: MappingInputs.localTimestamp(index &* 7)
                case .encounterStart: "2025-\(MappingInputs.two(1 + index % 12))-\(MappingInputs.two(1 + index % 28))"
                case .personalSocial: String(index % 61)
                case .communication: String((index &* 7) % 61)
                case .uuid(let which): String(format: "%08x-%04x-4%03x-8%03x-%012x", index, which, index % 4096, which, index &* 7_919 + which)
                }
                bytes += Array(value.utf8)
            }
        }
    }
}
