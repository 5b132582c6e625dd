import EarlyYearsSchema

/// The NDL tables, counted from ``ChildFacts``. Rows and columns are in a fixed order (local
/// authorities sorted, `unknown` last; age bands, domains, areas and bands in their declared
/// order), so equal facts give equal files.
public enum NDLTables {
    public static let population = "children_by_la_age.csv"
    public static let concerns = "children_by_la_age_domain_services.csv"
    public static let reviewBands = "developmental_review_bands_by_la.csv"
    public static let servicesColumns = ["1 service", "2 services", "3 or more services"]

    public static func tables(_ facts: [ChildFacts]) -> [CountTable] {
        let authorities = Set(facts.map(\.localAuthority)).sorted { ($0 == "unknown" ? 1 : 0, $0) < ($1 == "unknown" ? 1 : 0, $1) }
        return [population(facts, authorities), concerns(facts, authorities), reviewBands(facts, authorities)]
    }

    /// Children known in the period, by LA (rows) and age band (columns).
    static func population(_ facts: [ChildFacts], _ authorities: [String]) -> CountTable {
        let bands = ChildFacts.AgeBand.allCases
        let cells = authorities.map { la in
            bands.map { band in Optional(facts.count { $0.localAuthority == la && $0.ageBand == band }) }
        }
        return CountTable(name: population, rowKeyNames: ["la"], rowKeys: authorities.map { [$0] }, columns: bands.map(\.rawValue), cells: cells)
    }

    /// Children with a concern domain flagged, by LA, age band and domain (rows) and how many
    /// services flagged it (columns). A child flagged in two domains is in both domains' rows.
    static func concerns(_ facts: [ChildFacts], _ authorities: [String]) -> CountTable {
        var keys: [[String]] = []
        var cells: [[Int?]] = []
        for la in authorities {
            for band in ChildFacts.AgeBand.allCases {
                let group = facts.filter { $0.localAuthority == la && $0.ageBand == band }
                for domain in ConcernPayload.Domain.allCases {
                    let services = group.compactMap { $0.servicesFlagging[domain]?.count }
                    keys.append([la, band.rawValue, domain.rawValue])
                    cells.append([services.count { $0 == 1 }, services.count { $0 == 2 }, services.count { $0 >= 3 }])
                }
            }
        }
        return CountTable(name: concerns, rowKeyNames: ["la", "age_band", "concern_domain"], rowKeys: keys, columns: servicesColumns, cells: cells)
    }

    /// Children with a developmental review in the period, by LA and area (rows) and the band of
    /// their latest review, per instrument (columns); `z` where the instrument does not score the area.
    static func reviewBands(_ facts: [ChildFacts], _ authorities: [String]) -> CountTable {
        let instruments = DevelopmentalReviewPayload.Instrument.allCases
        let bands = ChildFacts.ReviewBand.allCases
        var keys: [[String]] = []
        var cells: [[Int?]] = []
        for la in authorities {
            let group = facts.filter { $0.localAuthority == la }
            for area in DevelopmentalReviewPayload.Area.allCases {
                keys.append([la, area.rawValue])
                cells.append(instruments.flatMap { instrument in
                    bands.map { band in
                        (instrument == .asqSE2) == (area == .socialEmotional) ? group.count { $0.reviewBands[area] == band } : nil
                    }
                })
            }
        }
        let columns = instruments.flatMap { instrument in bands.map { "\(instrument.rawValue) \($0.rawValue)" } }
        return CountTable(name: reviewBands, rowKeyNames: ["la", "area"], rowKeys: keys, columns: columns, cells: cells)
    }
}
