extension SyntheticPopulation {
    /// A postcode area: its letters, the district numbers (or full outward codes) used, and its post town.
    struct PostcodeArea: Sendable {
        /// The outward codes of the area's districts ("LS1" … "LS29").
        let outwardCodes: [String]
        /// The post town written at the end of an address.
        let town: String
        /// Whether the area is in the home region, where most households live.
        let isHomeRegion: Bool

        /// An area whose districts are `letters` followed by each number in `districts`.
        init(_ letters: String, _ districts: ClosedRange<Int>, _ town: String, home: Bool = false) {
            outwardCodes = districts.map { letters + String($0) }
            self.town = town
            isHomeRegion = home
        }

        /// An area given by explicit outward codes (central London's "EC1A", "SW1P" …).
        init(codes: [String], _ town: String) {
            outwardCodes = codes
            self.town = town
            isHomeRegion = false
        }
    }

    /// English (and a few Welsh) postcode areas, street names and address words.
    enum UKPlaces {
        /// The share of new homes placed in the home region (West Yorkshire), so that postcode
        /// districts hold realistically many households; the rest are spread over England.
        static let homeRegionShare = 0.4

        /// Postcode areas with their district ranges and post towns.
        static let areas: [PostcodeArea] = [
            PostcodeArea("LS", 1...29, "Leeds", home: true),
            PostcodeArea("BD", 1...24, "Bradford", home: true),
            PostcodeArea("WF", 1...17, "Wakefield", home: true),
            PostcodeArea("HD", 1...9, "Huddersfield", home: true),
            PostcodeArea("HX", 1...7, "Halifax", home: true),
            PostcodeArea("M", 1...40, "Manchester"),
            PostcodeArea("B", 1...99, "Birmingham"),
            PostcodeArea("BS", 1...49, "Bristol"),
            PostcodeArea("NE", 1...66, "Newcastle upon Tyne"),
            PostcodeArea("L", 1...40, "Liverpool"),
            PostcodeArea("S", 1...81, "Sheffield"),
            PostcodeArea("CF", 10...83, "Cardiff"),
            PostcodeArea("E", 1...18, "London"),
            PostcodeArea("N", 1...22, "London"),
            PostcodeArea("NW", 1...11, "London"),
            PostcodeArea("SE", 1...28, "London"),
            PostcodeArea("SW", 2...20, "London"),
            PostcodeArea("W", 2...14, "London"),
            PostcodeArea(codes: ["EC1A", "EC1V", "EC2A", "WC1E", "WC1N", "WC2H", "W1T", "W1H", "SW1P", "SW1V", "E1W", "N1C"], "London"),
            PostcodeArea("YO", 1...62, "York"),
            PostcodeArea("HU", 1...20, "Hull"),
            PostcodeArea("DN", 1...40, "Doncaster"),
            PostcodeArea("NG", 1...34, "Nottingham"),
            PostcodeArea("LE", 1...19, "Leicester"),
            PostcodeArea("CV", 1...37, "Coventry"),
            PostcodeArea("WV", 1...16, "Wolverhampton"),
            PostcodeArea("ST", 1...21, "Stoke-on-Trent"),
            PostcodeArea("DE", 1...75, "Derby"),
            PostcodeArea("OX", 1...49, "Oxford"),
            PostcodeArea("CB", 1...25, "Cambridge"),
            PostcodeArea("NR", 1...35, "Norwich"),
            PostcodeArea("IP", 1...33, "Ipswich"),
            PostcodeArea("PE", 1...38, "Peterborough"),
            PostcodeArea("MK", 1...46, "Milton Keynes"),
            PostcodeArea("LU", 1...7, "Luton"),
            PostcodeArea("RG", 1...45, "Reading"),
            PostcodeArea("SO", 14...53, "Southampton"),
            PostcodeArea("PO", 1...41, "Portsmouth"),
            PostcodeArea("BN", 1...45, "Brighton"),
            PostcodeArea("CT", 1...21, "Canterbury"),
            PostcodeArea("ME", 1...20, "Maidstone"),
            PostcodeArea("TN", 1...40, "Tunbridge Wells"),
            PostcodeArea("GU", 1...52, "Guildford"),
            PostcodeArea("EX", 1...39, "Exeter"),
            PostcodeArea("PL", 1...35, "Plymouth"),
            PostcodeArea("TR", 1...27, "Truro"),
            PostcodeArea("BA", 1...22, "Bath"),
            PostcodeArea("GL", 1...56, "Gloucester"),
            PostcodeArea("WR", 1...15, "Worcester"),
            PostcodeArea("HR", 1...9, "Hereford"),
            PostcodeArea("SY", 1...25, "Shrewsbury"),
            PostcodeArea("CH", 1...66, "Chester"),
            PostcodeArea("WA", 1...16, "Warrington"),
            PostcodeArea("WN", 1...8, "Wigan"),
            PostcodeArea("BL", 0...9, "Bolton"),
            PostcodeArea("OL", 1...16, "Oldham"),
            PostcodeArea("SK", 1...23, "Stockport"),
            PostcodeArea("PR", 1...26, "Preston"),
            PostcodeArea("BB", 1...18, "Blackburn"),
            PostcodeArea("FY", 1...8, "Blackpool"),
            PostcodeArea("LA", 1...23, "Lancaster"),
            PostcodeArea("CA", 1...28, "Carlisle"),
            PostcodeArea("DH", 1...9, "Durham"),
            PostcodeArea("SR", 1...8, "Sunderland"),
            PostcodeArea("TS", 1...29, "Middlesbrough"),
            PostcodeArea("DL", 1...17, "Darlington"),
            PostcodeArea("HG", 1...5, "Harrogate"),
            PostcodeArea("LN", 1...13, "Lincoln"),
            PostcodeArea("NN", 1...18, "Northampton"),
            PostcodeArea("SG", 1...19, "Stevenage"),
            PostcodeArea("AL", 1...10, "St Albans"),
            PostcodeArea("CM", 0...24, "Chelmsford"),
            PostcodeArea("CO", 1...16, "Colchester"),
            PostcodeArea("SS", 0...17, "Southend-on-Sea"),
            PostcodeArea("RM", 1...20, "Romford"),
            PostcodeArea("IG", 1...11, "Ilford"),
            PostcodeArea("HA", 0...9, "Harrow"),
            PostcodeArea("UB", 1...11, "Uxbridge"),
            PostcodeArea("TW", 1...20, "Twickenham"),
            PostcodeArea("KT", 1...24, "Kingston upon Thames"),
            PostcodeArea("CR", 0...9, "Croydon"),
            PostcodeArea("BR", 1...8, "Bromley"),
            PostcodeArea("DA", 1...18, "Dartford"),
            PostcodeArea("EN", 1...11, "Enfield"),
            PostcodeArea("WD", 3...25, "Watford"),
            PostcodeArea("SL", 0...9, "Slough"),
            PostcodeArea("HP", 1...27, "High Wycombe"),
            PostcodeArea("SN", 1...26, "Swindon"),
            PostcodeArea("SP", 1...11, "Salisbury"),
            PostcodeArea("BH", 1...31, "Bournemouth"),
            PostcodeArea("DT", 1...11, "Dorchester"),
            PostcodeArea("TA", 1...24, "Taunton"),
            PostcodeArea("TQ", 1...14, "Torquay"),
            PostcodeArea("WS", 1...15, "Walsall"),
            PostcodeArea("DY", 1...14, "Dudley"),
            PostcodeArea("TF", 1...13, "Telford"),
        ]

        /// Every district as (area index, outward code), in the home region.
        static let homeDistricts: [(Int, String)] = districts(home: true)
        /// Every district as (area index, outward code), outside the home region.
        static let otherDistricts: [(Int, String)] = districts(home: false)

        /// The districts of the areas in (or out of) the home region.
        private static func districts(home: Bool) -> [(Int, String)] {
            var result: [(Int, String)] = []
            for (index, area) in areas.enumerated() where area.isHomeRegion == home {
                for code in area.outwardCodes { result.append((index, code)) }
            }
            return result
        }

        /// The letters an inward code may end with (Royal Mail leaves out C, I, K, M, O and V).
        static let inwardLetters: [Character] = Array("ABDEFGHJLNPQRSTUWXYZ")

        /// The first words of street names.
        static let streetNames: [String] = [
            "Acacia", "Albert", "Alexandra", "Ash", "Beech", "Birch", "Castle", "Cedar", "Chapel", "Cherry",
            "Chestnut", "Church", "Clarence", "Cromwell", "Elm", "Fern", "Forest", "Garden", "George", "Grange",
            "Green", "Hawthorn", "Hazel", "Heather", "High", "Highfield", "Hill", "Holly", "Kings", "Laburnum",
            "Lime", "Manor", "Maple", "Meadow", "Mill", "Moor", "Mount", "New", "North", "Oak",
            "Orchard", "Park", "Priory", "Queens", "Railway", "Rectory", "Ridge", "River", "Rose", "School",
            "South", "Spring", "Station", "Stanley", "Sycamore", "Valley", "Vicarage", "Victoria", "West", "Willow",
            "Windsor", "York", "Beaconsfield", "Belvedere", "Brunswick", "Cavendish", "Clifton", "Devonshire", "Edinburgh", "Gladstone",
            "Granville", "Hamilton", "Hanover", "Kensington", "Lancaster", "Marlborough", "Nelson", "Norfolk", "Oxford", "Palmerston",
            "Richmond", "Salisbury", "Stafford", "Trafalgar", "Waterloo", "Wellington", "Westfield", "Woodland", "Wordsworth", "Shakespeare",
            "Milton", "Tennyson", "Chaucer", "Byron", "Keats", "Primrose", "Bluebell", "Foxglove", "Lavender", "Heathfield",
            "Brookfield", "Fairfield", "Springfield", "Ashfield", "Langdale", "Borrowdale", "Wensleydale", "Swaledale", "Kirkstall", "Headingley",
            "Roundhay", "Meanwood", "Chapel Allerton", "St John's", "St Mary's", "Bishop's", "King's", "Queen's", "Abbey", "Prospect",
        ]

        /// Street-type words with their rough frequencies.
        static let streetTypes: [(String, Double)] = [
            ("Road", 25), ("Street", 20), ("Avenue", 10), ("Lane", 10), ("Close", 8), ("Drive", 7), ("Grove", 5),
            ("Crescent", 5), ("Way", 4), ("Terrace", 4), ("Place", 3), ("Gardens", 3), ("Court", 3), ("Walk", 2),
            ("Rise", 2), ("View", 2), ("Mews", 1), ("Square", 1),
        ]

        /// Abbreviations some systems write for street-type words.
        static let streetAbbreviations: [String: String] = [
            "Road": "Rd", "Street": "St", "Avenue": "Ave", "Lane": "Ln", "Close": "Cl", "Drive": "Dr",
            "Crescent": "Cres", "Gardens": "Gdns", "Terrace": "Terr", "Place": "Pl", "Court": "Ct", "Square": "Sq",
        ]
    }
}
