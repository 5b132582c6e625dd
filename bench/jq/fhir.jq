# The jq equivalent of bench/mappings/fhir.yaml, for `eyhub bench mapping`: from each DCH
# Assessment Scales bundle, the developmental_review event the mapping makes, field for field,
# except what jq cannot compute (the SHA-256 event_id) and the data-quality findings.
# Run as: jq -c --arg recorded_at T --arg adapter A -f bench/jq/fhir.jq bundles.json
def of_type($type): [.entry[].resource | select(.resourceType == $type)];
def lookup($table): . as $code | $table[$code] // error("unmapped code");
def trim: sub("^[ \t\r\n]+"; "") | sub("[ \t\r\n]+$"; "");
# A strict calendar date: it must read back exactly as written.
def date($format): . as $text | (strptime($format) | mktime) as $seconds
  | if ($seconds | strftime($format)) == $text then $seconds | strftime("%Y-%m-%d") else error("not a date") end;
# yyyy-MM-ddTHH:mm:ss±hh:mm as RFC 3339 in UTC.
def utc: (.[19:] | if . == "Z" then 0 else ((.[1:3] | tonumber) * 3600 + (.[4:6] | tonumber) * 60) * (if .[0:1] == "-" then -1 else 1 end) end) as $offset
  | ((.[0:19] + "Z") | fromdateiso8601) - $offset | todateiso8601;
# The NHS number Modulus 11 check.
def nhs_valid: (explode | map(. - 48)) as $d
  | ($d | length) == 10 and all($d[]; . >= 0 and . <= 9)
    and ((11 - ([range(0; 9) | $d[.] * (10 - .)] | add) % 11) as $c | (if $c == 11 then 0 else $c end) == $d[9]);
# A subscale score: follow the related target's #reference into the contained resources.
def score($observation; $id): $observation.related[] | select(.target.reference == "#" + $id)
  | .target.reference[1:] as $ref | $observation.contained[] | select(.id == $ref) | .valueQuantity.value;

(of_type("MessageHeader")[0]) as $header
| select($header.event.code == "CH004")
| (of_type("Observation")[0]) as $observation
| (of_type("Patient")[0]) as $patient
| ($patient.identifier[] | select(.system == "https://fhir.nhs.uk/Id/nhs-number")) as $nhs
| ($patient.name[] | select(.use == "official")) as $name
| {
    action: ($header.extension[] | select(.url == "https://fhir.nhs.uk/STU3/StructureDefinition/Extension-DCH-MessageEventType-1")
      | .valueCodeableConcept.coding[0].code | lookup({"new": "new", "update": "update", "delete": "delete"})),
    event_type: "developmental_review",
    lawful_basis: {article_6: "6_1_e", article_9: "9_2_h", dpa_schedule_1_paragraph: 2},
    occurred_at: ($header.timestamp | utc),
    payload: {
      areas: [
        {area: "personal_social", band: "monitoring", score: score($observation; "PersonalSocialScore")},
        {area: "communication", band: "monitoring", score: score($observation; "CommunicationScore")}
      ],
      completed_on: (of_type("Encounter")[0].period.start | date("%Y-%m-%d")),
      instrument: "asq_3",
      interval_months: 24,
      source_code: {code: $observation.code.coding[0].code, code_system: $observation.code.coding[0].system}
    },
    provenance: {adapter: $adapter, mapping_id: "bench-fhir-dch-assessment-scales", mapping_version: "1"},
    recorded_at: $recorded_at,
    schema_version: "1.0",
    source: {
      org_code: (of_type("Organization")[0].identifier[] | select(.system == "https://fhir.nhs.uk/Id/ods-organization-code") | .value),
      org_type: "health_visiting",
      record_id: $observation.id,
      system: "DCH"
    },
    special_category: true,
    subject: {
      birth_date: ($patient.birthDate | date("%Y-%m-%d")),
      family_name: $name.family,
      given_names: $name.given,
      nhs_number: {
        check_digit_valid: ($nhs.value | nhs_valid),
        code_system: $nhs.extension[0].valueCodeableConcept.coding[0].system,
        value: $nhs.value,
        verification_status: $nhs.extension[0].valueCodeableConcept.coding[0].code
      },
      postcode: ($patient.address[] | select(.use == "home") | .postalCode | trim | ascii_upcase),
      sex: ($patient.gender | lookup({"male": "male", "female": "female", "other": "indeterminate", "unknown": "unknown"}))
    }
  }
