# The jq equivalent of bench/mappings/json.yaml, for `eyhub bench mapping`: from each ASQ-3 review
# document, the developmental_review event the mapping makes, field for field, except what jq
# cannot compute (the SHA-256 event_id) and the data-quality findings.
# Run as: jq -c --arg recorded_at T --arg adapter A -f bench/jq/json.jq reviews.json
def lookup($table): . as $code | $table[$code] // error("unmapped code");
def trim: sub("^[ \t\r\n]+"; "") | sub("[ \t\r\n]+$"; "");
def digits_only: explode | map(select(. >= 48 and . <= 57)) | implode;
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
def band: lookup({"below": "below_cutoff", "monitor": "monitoring", "above": "above_cutoff"});

select(.type == "asq3")
| .questionnaire as $q
| (.child.nhs_number | digits_only) as $nhs
| {
    action: (.status | lookup({"created": "new", "amended": "update", "deleted": "delete"})),
    event_type: "developmental_review",
    lawful_basis: {article_6: "6_1_e", article_9: "9_2_h", dpa_schedule_1_paragraph: 2},
    occurred_at: (.updated_at | utc),
    payload: {
      areas: [
        {area: "communication", band: ($q.bands.communication | band), score: $q.scores.communication},
        {area: "gross_motor", band: ($q.bands.gross_motor | band), score: $q.scores.gross_motor},
        {area: "fine_motor", band: ($q.bands.fine_motor | band), score: $q.scores.fine_motor},
        {area: "problem_solving", band: ($q.bands.problem_solving | band), score: $q.scores.problem_solving},
        {area: "personal_social", band: ($q.bands.personal_social | band), score: $q.scores.personal_social}
      ],
      completed_on: ($q.completed | date("%d/%m/%Y")),
      instrument: "asq_3",
      interval_months: $q.interval_months
    },
    provenance: {adapter: $adapter, mapping_id: "bench-json-asq-reviews", mapping_version: "1"},
    recorded_at: $recorded_at,
    schema_version: "1.0",
    source: {org_code: .team.ods_code, org_type: "health_visiting", record_id: .id, record_version: .version, system: "HVRecord"},
    special_category: true,
    subject: {
      birth_date: (.child.date_of_birth | date("%Y-%m-%d")),
      family_name: .child.family_name,
      given_names: .child.given_names,
      nhs_number: {check_digit_valid: ($nhs | nhs_valid), value: $nhs},
      postcode: (.child.postcode | trim | ascii_upcase),
      sex: (.child.sex | lookup({"F": "female", "M": "male", "U": "unknown"}))
    }
  }
