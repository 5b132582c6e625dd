#!/usr/bin/env python3
"""Splink (DuckDB backend) side of `eyhub bench identity`.

Link two CSV files (link_only) or deduplicate one (dedupe_only) with a
Fellegi-Sunter model, write the scored pairs at or above a threshold, and write
a timing report. The Swift benchmark calls this as a subprocess; see README.md
in this folder for the interface, the normalisation and the blocking rules,
which the Swift matcher mirrors.

    python splink_link.py --left L.csv --right R.csv --out pairs.csv \
        --threshold 0.5 --timing timing.json
    python splink_link.py --dedupe INPUT.csv --out pairs.csv \
        --threshold 0.5 --timing timing.json

Nothing is printed to stdout unless --verbose is given (then only to stderr).
Errors go to stderr and the exit code is non-zero (1 = runtime error,
2 = bad arguments).
"""

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

INPUT_COLUMNS = [
    "id",
    "given_name",
    "family_name",
    "dob",
    "sex",
    "postcode",
    "address",
    "nhs_number",
]

# Table names inside DuckDB. For link_only the aliases order the datasets:
# Splink puts the alphabetically first source dataset on the _l side.
LEFT_ALIAS = "a_left"
RIGHT_ALIAS = "b_right"


class UsageError(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="splink_link.py",
        description="Splink (DuckDB) record linkage for the eyhub identity benchmark.",
    )
    p.add_argument("--left", help="left CSV (link_only mode)")
    p.add_argument("--right", help="right CSV (link_only mode)")
    p.add_argument("--dedupe", metavar="INPUT", help="single CSV (dedupe_only mode)")
    p.add_argument("--out", required=True, help="output pairs CSV")
    p.add_argument("--threshold", type=float, default=0.5,
                   help="write pairs with match_probability >= this (default 0.5)")
    p.add_argument("--timing", required=True, help="output timing JSON")
    p.add_argument("--threads", type=int, default=0,
                   help="DuckDB threads (default: DuckDB's default, all cores)")
    p.add_argument("--memory-limit", default=None,
                   help="DuckDB memory_limit, e.g. 8GB (default: DuckDB's default)")
    p.add_argument("--max-pairs", type=float, default=2e6,
                   help="max_pairs for estimate_u_using_random_sampling (default 2e6)")
    p.add_argument("--recall", type=float, default=0.8,
                   help="assumed recall of the deterministic rules used to estimate "
                        "probability_two_random_records_match (default 0.8)")
    p.add_argument("--seed", type=int, default=42,
                   help="seed for the u random sampling (default 42)")
    p.add_argument("--names", choices=["separate", "forename-surname"],
                   default="separate",
                   help="name model: 'separate' = NameComparison on given_name and on "
                        "family_name, with a given/family swapped level in the "
                        "given_name comparison (default); 'forename-surname' = "
                        "Splink's ForenameSurnameComparison")
    p.add_argument("--count-candidates", action="store_true",
                   help="after timing, count candidate pairs per blocking rule and add "
                        "them to timing.json (not included in the timings)")
    p.add_argument("--model-out", default=None,
                   help="optionally save the trained Splink model JSON here (not timed)")
    p.add_argument("--verbose", action="store_true",
                   help="Splink INFO logging to stderr")
    a = p.parse_args(argv)
    if a.dedupe:
        if a.left or a.right:
            p.error("use either --dedupe or --left/--right, not both")
    elif not (a.left and a.right):
        p.error("need --left and --right, or --dedupe")
    if not (0.0 <= a.threshold <= 1.0):
        p.error("--threshold must be between 0 and 1")
    if not (0.0 < a.recall <= 1.0):
        p.error("--recall must be in (0, 1]")
    if a.max_pairs < 1:
        p.error("--max-pairs must be >= 1")
    for f in [a.left, a.right, a.dedupe]:
        if f and not os.path.isfile(f):
            p.error(f"input file not found: {f}")
    return a


def run_sql(con, sql):
    """Execute and drain the result (DuckDB 2.x refuses further work on a
    connection while an execute() result is still unread)."""
    return con.execute(sql).fetchall()


def sql_str(s):
    return "'" + str(s).replace("'", "''") + "'"


# ---------------------------------------------------------------------------
# Normalisation (DuckDB SQL). Keep in step with README.md and the Swift side.
# ---------------------------------------------------------------------------

def _fold_sql(col):
    # lower-case, strip diacritics (NFD + drop marks), then spell out the Latin
    # letters that have no decomposition (æ œ ß þ ø ł đ ð ı ħ)
    return (
        "translate(replace(replace(replace(replace("
        f"strip_accents(lower({col})), 'æ', 'ae'), 'œ', 'oe'), 'ß', 'ss'), 'þ', 'th'), "
        "'øłđðıħ', 'olddih')"
    )


def _name_sql(col):
    # folded, lower-case; keep letters, space and hyphen; collapse spaces
    return (
        "nullif(trim(regexp_replace(regexp_replace("
        f"{_fold_sql(col)}, '[^a-z \\-]', '', 'g'), '\\s+', ' ', 'g')), '')"
    )


NORMALISE_SQL = """
CREATE OR REPLACE TABLE {table} AS
WITH raw AS (
    SELECT {select_cols} FROM read_csv({path}, header = true, all_varchar = true,
                                  delim = ',', quote = '"', escape = '"')
),
s1 AS (
    SELECT
        trim(id) AS unique_id,
        {given} AS given_name,
        {family} AS family_name,
        nullif(trim(dob), '') AS dob_raw,
        coalesce(
            try_strptime(trim(dob), '%Y-%m-%d'),
            try_strptime(trim(dob), '%d/%m/%Y'),
            try_strptime(trim(dob), '%Y%m%d')
        )::DATE AS dob_date,
        CASE
            WHEN lower(trim(sex)) IN ('f', 'female', 'girl', '2') THEN 'F'
            WHEN lower(trim(sex)) IN ('m', 'male', 'boy', '1') THEN 'M'
            ELSE 'U'
        END AS sex,
        nullif(regexp_replace(upper(postcode), '[^A-Z0-9]', '', 'g'), '') AS postcode,
        nullif(trim(regexp_replace({address_folded}, '[^a-z0-9]+', ' ', 'g')), '')
            AS address,
        nullif(regexp_replace(nhs_number, '[^0-9]', '', 'g'), '') AS nhs_number
    FROM raw
)
SELECT
    unique_id,
    given_name,
    family_name,
    CASE WHEN dob_date IS NOT NULL THEN strftime(dob_date, '%Y-%m-%d') ELSE dob_raw END
        AS dob,
    CASE WHEN dob_date IS NOT NULL THEN strftime(dob_date, '%Y-%m-%d') END AS dob_iso,
    year(dob_date) AS birth_year,
    sex,
    postcode,
    CASE WHEN regexp_full_match(postcode, '[A-Z]{{1,2}}[0-9][A-Z0-9]?[0-9][A-Z]{{2}}')
         THEN postcode[1:length(postcode) - 2] END AS pc_sector,
    CASE WHEN regexp_full_match(postcode, '[A-Z]{{1,2}}[0-9][A-Z0-9]?[0-9][A-Z]{{2}}')
         THEN postcode[1:length(postcode) - 3]
         WHEN regexp_full_match(postcode, '[A-Z]{{1,2}}[0-9][A-Z0-9]?')
         THEN postcode END AS pc_district,
    nullif(regexp_extract(postcode, '^([A-Z]{{1,2}})[0-9]', 1), '') AS pc_area,
    address,
    CASE WHEN address IS NOT NULL THEN list_distinct(string_split(address, ' ')) END
        AS address_tokens,
    nhs_number
FROM s1
"""


def load_and_normalise(con, path, table):
    # Read the header first so that a missing optional column becomes NULL.
    res = con.execute(
        f"SELECT * FROM read_csv({sql_str(path)}, header = true, all_varchar = true, "
        f"delim = ',', quote = '\"', escape = '\"') LIMIT 0"
    )
    header = res.description
    res.fetchall()  # duckdb 2.x: a result must be drained before other work
    present = {d[0].strip().lower(): d[0] for d in header}
    if "id" not in present:
        raise UsageError(f"{path}: no 'id' column in header")
    select_cols = []
    for c in INPUT_COLUMNS:
        if c in present:
            src = present[c].replace('"', '""')
            select_cols.append(f'"{src}" AS {c}')
        else:
            select_cols.append(f"NULL::VARCHAR AS {c}")
    run_sql(
        con,
        NORMALISE_SQL.format(
            table=table,
            select_cols=", ".join(select_cols),
            path=sql_str(path),
            given=_name_sql("given_name"),
            family=_name_sql("family_name"),
            address_folded=_fold_sql("address"),
        )
    )
    n, n_null_id, n_distinct = run_sql(
        con,
        f"SELECT count(*), count(*) - count(unique_id), count(DISTINCT unique_id) FROM {table}",
    )[0]
    if n_null_id:
        raise UsageError(f"{path}: {n_null_id} row(s) with an empty id")
    if n_distinct != n:
        raise UsageError(f"{path}: ids are not unique ({n - n_distinct} duplicate(s))")
    return n


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------

def build_settings(link_type, names):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons = []
    if names == "forename-surname":
        comparisons.append(
            cl.ForenameSurnameComparison(
                "given_name", "family_name",
                jaro_winkler_thresholds=[0.92, 0.88],
            )
        )
    else:
        given = cl.CustomComparison(
            output_column_name="given_name",
            comparison_description="given_name: exact (tf) / swapped / JW .92 .88 .7",
            comparison_levels=[
                cll.NullLevel("given_name"),
                cll.ExactMatchLevel("given_name").configure(
                    tf_adjustment_column="given_name"
                ),
                cll.ColumnsReversedLevel("given_name", "family_name", symmetrical=True)
                .configure(label_for_charts="given/family swapped"),
                cll.JaroWinklerLevel("given_name", 0.92),
                cll.JaroWinklerLevel("given_name", 0.88),
                cll.JaroWinklerLevel("given_name", 0.7),
                cll.ElseLevel(),
            ],
        )
        comparisons.append(given)
        comparisons.append(cl.NameComparison("family_name"))

    comparisons += [
        cl.DateOfBirthComparison(
            "dob",
            input_is_string=True,
            datetime_format="%Y-%m-%d",
            datetime_thresholds=[1, 1],
            datetime_metrics=["month", "year"],
            invalid_dates_as_null=False,
        ),
        cl.CustomComparison(
            output_column_name="sex",
            comparison_description="sex exact (U treated as missing)",
            comparison_levels=[
                cll.CustomLevel(
                    "sex_l IS NULL OR sex_r IS NULL OR sex_l = 'U' OR sex_r = 'U'",
                    label_for_charts="sex missing or U",
                ).configure(is_null_level=True),
                cll.ExactMatchLevel("sex"),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="postcode",
            comparison_description="postcode full / sector / district / area",
            comparison_levels=[
                cll.NullLevel("postcode"),
                cll.ExactMatchLevel("postcode").configure(label_for_charts="full"),
                cll.ExactMatchLevel("pc_sector").configure(label_for_charts="sector"),
                cll.ExactMatchLevel("pc_district").configure(label_for_charts="district"),
                cll.ExactMatchLevel("pc_area").configure(label_for_charts="area"),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="address",
            comparison_description="address exact / token Jaccard >= 0.5",
            comparison_levels=[
                cll.NullLevel("address"),
                cll.ExactMatchLevel("address"),
                cll.CustomLevel(
                    "len(list_intersect(address_tokens_l, address_tokens_r)) * 2 >= "
                    "len(list_distinct(list_concat(address_tokens_l, address_tokens_r)))",
                    label_for_charts="token Jaccard >= 0.5",
                ),
                cll.ElseLevel(),
            ],
        ),
        cl.ExactMatch("nhs_number"),
    ]

    blocking = [
        block_on("dob_iso"),
        block_on("family_name", "birth_year"),
        block_on("postcode", "birth_year"),
        block_on("nhs_number"),
        block_on("given_name", "pc_district"),
        # (6) full postcode and the two names as an unordered pair, for records without a date
        # of birth whose given and family names were swapped (eyhub's BlockingRule.postcodeAndNames).
        "l.postcode = r.postcode"
        " AND least(l.given_name, l.family_name) = least(r.given_name, r.family_name)"
        " AND greatest(l.given_name, l.family_name) = greatest(r.given_name, r.family_name)",
    ]

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    ), blocking


def main(argv):
    args = parse_args(argv)
    # never leave a previous run's results behind if this run fails
    for stale in (args.out, args.timing):
        if os.path.exists(stale):
            os.remove(stale)

    if not args.verbose:
        warnings.filterwarnings("ignore")
    logging.basicConfig(stream=sys.stderr, format="%(message)s")
    logging.getLogger("splink").setLevel(logging.INFO if args.verbose else logging.ERROR)

    t_imp0 = time.perf_counter()
    import duckdb
    import splink
    from splink import DuckDBAPI, Linker, block_on
    from splink.internals.exceptions import EMTrainingException
    import splink.comparison_library  # noqa: F401
    import splink.comparison_level_library  # noqa: F401
    t_imp1 = time.perf_counter()

    con = duckdb.connect(":memory:")
    run_sql(con, "SET enable_progress_bar = false")
    if args.threads > 0:
        run_sql(con, f"SET threads = {int(args.threads)}")
    if args.memory_limit:
        run_sql(con, f"SET memory_limit = {sql_str(args.memory_limit)}")

    # ---- timed region starts: read CSVs --------------------------------------
    t0 = time.perf_counter()
    if args.dedupe:
        link_type = "dedupe_only"
        n_left = load_and_normalise(con, args.dedupe, LEFT_ALIAS)
        n_right = n_left
        tables = [LEFT_ALIAS]
        aliases = None
    else:
        link_type = "link_only"
        n_left = load_and_normalise(con, args.left, LEFT_ALIAS)
        n_right = load_and_normalise(con, args.right, RIGHT_ALIAS)
        tables = [LEFT_ALIAS, RIGHT_ALIAS]
        aliases = [LEFT_ALIAS, RIGHT_ALIAS]
    t_norm = time.perf_counter()

    settings, blocking = build_settings(link_type, args.names)
    db_api = DuckDBAPI(connection=con)
    linker = Linker(
        tables if len(tables) > 1 else tables[0],
        settings,
        db_api,
        set_up_basic_logging=False,
        input_table_aliases=aliases,
    )

    # ---- training --------------------------------------------------------------
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nhs_number"), block_on("dob_iso", "family_name")],
        recall=args.recall,
    )
    t_lambda = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(
        max_pairs=args.max_pairs, seed=args.seed
    )
    t_u = time.perf_counter()
    # EM blocking rules must name the comparison's own column ("dob", not
    # "dob_iso"), otherwise Splink would also "train" the dob comparison on
    # pairs that all agree on dob. Invalid-text dobs are kept out of the block.
    em_sessions = 0
    for em_rule in [
        "l.dob = r.dob AND l.dob_iso IS NOT NULL",
        block_on("given_name", "family_name"),
    ]:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(em_rule)
            em_sessions += 1
        except EMTrainingException as e:
            # tiny inputs: a training block can be empty; carry on with the other
            print(f"splink_link.py: warning: EM session skipped: "
                  f"{str(e).splitlines()[0]}", file=sys.stderr)
    if em_sessions == 0:
        raise UsageError("EM training found no record pairs in any training block; "
                         "input too small or too sparse to train a model")
    t_train = time.perf_counter()

    # ---- prediction ------------------------------------------------------------
    thr = args.threshold
    if 0.0 < thr < 1.0:
        # predict on a hair lower match weight, then filter exactly on probability
        mw = math.log2(thr / (1.0 - thr)) - 1e-6
        preds = linker.inference.predict(threshold_match_weight=mw)
    else:
        preds = linker.inference.predict()
    pred_table = preds.physical_name

    if link_type == "link_only":
        select = f"""
            SELECT
                CASE WHEN source_dataset_l = '{LEFT_ALIAS}' THEN unique_id_l ELSE unique_id_r END
                    AS left_id,
                CASE WHEN source_dataset_l = '{LEFT_ALIAS}' THEN unique_id_r ELSE unique_id_l END
                    AS right_id,
                match_probability
            FROM {pred_table}
            WHERE match_probability >= {thr!r}
        """
    else:
        # smaller id first: numerically when both ids are integers, else as text
        select = f"""
            WITH p AS (
                SELECT unique_id_l AS a, unique_id_r AS b, match_probability,
                       CASE WHEN try_cast(unique_id_l AS HUGEINT) IS NOT NULL
                                 AND try_cast(unique_id_r AS HUGEINT) IS NOT NULL
                            THEN try_cast(unique_id_l AS HUGEINT) <= try_cast(unique_id_r AS HUGEINT)
                            ELSE unique_id_l <= unique_id_r END AS a_first
                FROM {pred_table}
                WHERE match_probability >= {thr!r}
            )
            SELECT CASE WHEN a_first THEN a ELSE b END AS left_id,
                   CASE WHEN a_first THEN b ELSE a END AS right_id,
                   match_probability
            FROM p
        """
    run_sql(con, f"CREATE OR REPLACE TABLE eyhub_pairs AS {select}")
    n_pairs = run_sql(con, "SELECT count(*) FROM eyhub_pairs")[0][0]
    out_tmp = args.out + ".tmp"
    run_sql(
        con,
        f"COPY (SELECT * FROM eyhub_pairs ORDER BY left_id, right_id) TO {sql_str(out_tmp)} "
        "(HEADER, DELIMITER ',')"
    )
    os.replace(out_tmp, args.out)
    t_end = time.perf_counter()
    # ---- timed region ends ------------------------------------------------------

    timing = {
        "splink_version": splink.__version__,
        "duckdb_version": duckdb.__version__,
        "python_version": sys.version.split()[0],
        "mode": link_type,
        "names": args.names,
        "threshold": thr,
        "threads": int(run_sql(con, "SELECT current_setting('threads')")[0][0]),
        "max_pairs_u": int(args.max_pairs),
        "records_left": int(n_left),
        "records_right": int(n_right),
        "seconds_import": round(t_imp1 - t_imp0, 4),
        "seconds_startup": round(t_imp1 - _T_START, 4),
        "seconds_normalise": round(t_norm - t0, 4),
        "seconds_training": round(t_train - t_norm, 4),
        "seconds_training_lambda": round(t_lambda - t_norm, 4),
        "seconds_training_u": round(t_u - t_lambda, 4),
        "seconds_training_em": round(t_train - t_u, 4),
        "seconds_predict": round(t_end - t_train, 4),
        "seconds_total": round(t_end - t0, 4),
        "pairs": int(n_pairs),
        "probability_two_random_records_match":
            linker._settings_obj._probability_two_random_records_match,
    }

    if args.model_out:
        linker.misc.save_model_to_json(args.model_out, overwrite=True)

    if args.count_candidates:
        from splink.blocking_analysis import (
            cumulative_comparisons_to_be_scored_from_blocking_rules_data,
        )
        df = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
            table_or_tables=tables,
            blocking_rules=blocking,
            link_type=link_type,
            db_api=db_api,
            unique_id_column_name="unique_id",
            source_dataset_column_name="source_dataset" if len(tables) > 1 else None,
        )
        timing["candidate_pairs_by_rule"] = {
            str(r["blocking_rule"]): int(r["row_count"]) for _, r in df.iterrows()
        }
        timing["candidate_pairs"] = int(df["row_count"].sum())

    tmp = args.timing + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(timing, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, args.timing)
    if args.verbose:
        print(json.dumps(timing), file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UsageError as e:
        print(f"splink_link.py: error: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("splink_link.py: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # noqa: BLE001
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"splink_link.py: error: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
