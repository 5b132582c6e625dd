import SourceFormats

/// Batch linkage files: the input header `id,given_name,family_name,dob,sex,postcode,address,nhs_number`
/// (any column but `id` may be missing, and any value empty; other columns are ignored), and the
/// output `left_id,right_id,match_probability`.
public enum PersonRecordCSV {
    public static let columns = ["id", "given_name", "family_name", "dob", "sex", "postcode", "address", "nhs_number"]

    /// Batch files are larger than the documents adapters take.
    static let limits = SizeLimits(maxDocumentBytes: 4 << 30, maxFieldBytes: 64 << 10, maxRecords: 50_000_000)

    /// The records of a batch file. A file without an `id` column, or with an id twice, is an
    /// error that names the line; ids are never quoted in errors (they may be real identifiers).
    public static func read(_ bytes: [UInt8]) throws(PersonRecordCSVError) -> [PersonRecord] {
        let document: CSVDocument
        do {
            document = try CSVParser.parse(bytes, options: CSVOptions(limits: limits))
        } catch {
            throw PersonRecordCSVError(line: error.position?.line, reason: error.reason)
        }
        guard document.headers.contains("id") else {
            throw PersonRecordCSVError(line: 1, reason: "the header has no id column (expected \(columns.joined(separator: ",")))")
        }
        var seen = Set<String>()
        var records: [PersonRecord] = []
        records.reserveCapacity(document.records.count)
        for row in document.records {
            guard let id = row["id"], !id.isEmpty else { throw PersonRecordCSVError(line: row.line, reason: "the record has no id") }
            guard seen.insert(id).inserted else { throw PersonRecordCSVError(line: row.line, reason: "the id of this record is used by an earlier record too") }
            let value = { (column: String) -> String? in row[column].flatMap { $0.isEmpty ? nil : $0 } }
            records.append(PersonRecord(
                id: id, givenName: value("given_name"), familyName: value("family_name"), dob: value("dob"), sex: value("sex"),
                postcode: value("postcode"), address: value("address"), nhsNumber: value("nhs_number")))
        }
        return records
    }

    /// A pairs file (ours, or another linker's with the same header) read back: each row's two ids
    /// and its probability. A missing column or a probability that is not a number is an error
    /// that names the line.
    public static func readPairs(_ bytes: [UInt8]) throws(PersonRecordCSVError) -> [(left: String, right: String, probability: Double)] {
        let document: CSVDocument
        do {
            document = try CSVParser.parse(bytes, options: CSVOptions(limits: limits))
        } catch {
            throw PersonRecordCSVError(line: error.position?.line, reason: error.reason)
        }
        let header = ["left_id", "right_id", "match_probability"]
        guard header.allSatisfy(document.headers.contains) else {
            throw PersonRecordCSVError(line: 1, reason: "the header is not \(header.joined(separator: ","))")
        }
        var pairs: [(left: String, right: String, probability: Double)] = []
        pairs.reserveCapacity(document.records.count)
        for row in document.records {
            guard let left = row["left_id"], let right = row["right_id"], let probability = row["match_probability"].flatMap(Double.init) else {
                throw PersonRecordCSVError(line: row.line, reason: "the pair has no ids or no match probability that is a number")
            }
            pairs.append((left, right, probability))
        }
        return pairs
    }

    /// The output file: a header, then one row per pair, probabilities to six decimal places.
    public static func pairs(_ pairs: [(left: String, right: String, probability: Double)]) -> String {
        var text = "left_id,right_id,match_probability\n"
        for pair in pairs {
            text += "\(field(pair.left)),\(field(pair.right)),\(formatted(pair.probability))\n"
        }
        return text
    }

    static func formatted(_ probability: Double) -> String {
        let scaled = (probability * 1_000_000).rounded()
        let whole = Int(scaled) / 1_000_000
        let fraction = String(Int(scaled) % 1_000_000)
        return "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public struct PersonRecordCSVError: Error, CustomStringConvertible, Sendable {
    public var line: Int?
    public var reason: String
    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}
