import Adapters
import EarlyYearsSchema
import Foundation
import Mapping

/// The repository's Sunny Days nursery mapping and a small export in its CSV format.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func engine(adapter: String = "nursery-test", mapping file: String = "nursery-csv-sunny-days.yaml") throws -> MappingEngine {
        let catalog = try SchemaCatalog(contentsOf: root.appendingPathComponent("schemas/early-years-event.v1.schema.json"))
        let mapping = try MappingLoader.load(contentsOf: root.appendingPathComponent("mappings/\(file)"), catalog: catalog)
        return MappingEngine(definition: mapping, catalog: catalog, adapter: adapter)
    }

    /// Two good rows, one waiting child (skipped) and one with an unknown funding code (a rule fails).
    static let export = """
        child_id,nhs_number,child_name,Child DOB,postcode,status,start,leaving,funding,hours,eypp,daf,sen,updated
        C001,943 476 5919,Siân Davies,30/01/2023,ls1 4ap,active,04/09/2025,,15 universal,15,Y,N,SEN support,01/09/2025 09:30
        C002,,Aoife O'Brien,2023-03-05,LS6 2QT,active,04/09/2025,,30 extended,30,N,N,none,01/09/2025 09:31
        C004,,Baby Smith,01/02/2025,LS1 4AP,waiting,,,none,0,N,N,none,01/09/2025 10:00
        C005,,Tom Green,2023-06-01,LS2 9JT,active,04/09/2025,,45 premium,45,N,N,none,01/09/2025 11:00

        """

    /// A quote that never closes: the parser rejects the whole file.
    static let unparseable = "child_id,nhs_number,child_name\nC009,\"unterminated,Someone\n"
}
