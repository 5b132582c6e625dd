/// One record about a child as a source holds it, before normalisation: the fields linkage
/// compares, as text. Any field but `id` may be missing (`nil`) or empty; a value that does not
/// parse (a date like 19870231, a postcode from another country) is still compared, as text.
public struct PersonRecord: Sendable, Hashable, Codable {
    /// The record's own id in its source (for batch files, the `id` column).
    public var id: String
    public var givenName: String?
    public var familyName: String?
    /// As the source writes it: ISO `yyyy-MM-dd`, `dd/MM/yyyy`, `yyyyMMdd` and others are read.
    public var dob: String?
    /// `F`/`M`/`U`, or words (`female`, `male`, …).
    public var sex: String?
    public var postcode: String?
    /// The address lines, in one string.
    public var address: String?
    public var nhsNumber: String?

    public init(id: String, givenName: String? = nil, familyName: String? = nil, dob: String? = nil, sex: String? = nil,
                postcode: String? = nil, address: String? = nil, nhsNumber: String? = nil) {
        self.id = id
        self.givenName = givenName
        self.familyName = familyName
        self.dob = dob
        self.sex = sex
        self.postcode = postcode
        self.address = address
        self.nhsNumber = nhsNumber
    }
}
