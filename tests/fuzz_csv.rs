//! Fuzz harness for the CSV importer: arbitrary bytes in any table, valid tables
//! with bytes edited in or out, and rows with hostile values (NaN, huge numbers,
//! impossible dates, CRLF, BOM, quotes, control characters, invalid UTF-8) never
//! panic. Every rejection is a [`CsvError`] whose problems each name a file and,
//! for row problems, a line inside the input; a problem never disappears (an
//! accepted import holds every row).
//!
//! Long run: `PROPTEST_CASES=100000 cargo test --release --test fuzz_csv`.

mod common;

use common::cases;
use proptest::prelude::*;
use stancegraph::Graph;
use stancegraph::io::csv::{CsvError, CsvImport};

const ACTORS: &str =
    "id,name,kind,parent\ns0,State 0,state,\ns1,State 1,state,\no0,Org 0,org,s0\np0,Person 0,person,o0\n";
const RELATIONS: &str =
    "source,target,kind\no0,s0,member_of\np0,o0,member_of\ns0,s1,hostile\np0,s1,condemns\n";
const STATEMENTS: &str =
    "id,speaker,target,stance,date\nst0,p0,s1,-1.0,2022-03-01\nst1,s1,s0,0.5,2022-12-31\n";

fn import(actors: &[u8], relations: &[u8], statements: &[u8]) -> Result<Graph, CsvError> {
    CsvImport::new().actors(actors).relations(relations).statements(statements).build()
}

/// Every problem must point into the input: a file it was given and a line that
/// exists in it (0 for whole-data problems such as a cycle).
fn check_error(err: &CsvError, files: [&[u8]; 3]) -> Result<(), TestCaseError> {
    prop_assert!(!err.to_string().is_empty());
    if let CsvError::Invalid(problems) = err {
        prop_assert!(!problems.problems().is_empty());
        for p in problems.problems() {
            let which = ["actors.csv", "relations.csv", "statements.csv"]
                .iter()
                .position(|f| p.position.file.ends_with(f));
            prop_assert!(which.is_some(), "{p}: names no input file");
            let lines = files[which.unwrap_or(0)].split(|&b| b == b'\n').count() as u64;
            prop_assert!(p.position.line <= lines.max(1), "{p}: line past the end ({lines} lines)");
            prop_assert!(!p.to_string().is_empty());
        }
    }
    Ok(())
}

/// A valid table with a few bytes replaced, removed or inserted.
fn mutated(table: &'static str) -> impl Strategy<Value = Vec<u8>> {
    common::mutated(table.as_bytes(), 6)
}

/// A value to put in a statement row's field.
fn hostile_field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        Just("-1e400".to_owned()),
        Just("1.0000001".to_owned()),
        Just("2022-02-30".to_owned()),
        Just("2022-13".to_owned()),
        Just("\"a,b\"".to_owned()),
        Just("\"line\nbreak\"".to_owned()),
        Just("\u{feff}s0".to_owned()),
        Just("s0\r".to_owned()),
        "[\\x00-\\x1f]{1,3}",
        "\\PC{0,12}",
        (1usize..20_000).prop_map(|n| "x".repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn arbitrary_bytes_in_any_table_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        table in 0usize..3,
    ) {
        let mut files = [ACTORS.as_bytes(), RELATIONS.as_bytes(), STATEMENTS.as_bytes()];
        files[table] = &bytes;
        if let Err(e) = import(files[0], files[1], files[2]) {
            check_error(&e, files)?;
        }
    }

    #[test]
    fn edited_tables_import_or_say_where(
        actors in mutated(ACTORS),
        relations in mutated(RELATIONS),
        statements in mutated(STATEMENTS),
    ) {
        let files = [actors.as_slice(), relations.as_slice(), statements.as_slice()];
        match import(files[0], files[1], files[2]) {
            // Accepted: no row silently dropped (one actor per record of the actors
            // file), and JSON export keeps everything.
            Ok(g) => {
                let records = csv::Reader::from_reader(files[0]).byte_records().count();
                prop_assert_eq!(g.actor_count(), records);
                prop_assert_eq!(Graph::from_json(&g.to_json()).ok(), Some(g));
            }
            Err(e) => check_error(&e, files)?,
        }
    }

    #[test]
    fn hostile_values_in_a_statement_row(field in 0usize..5, value in hostile_field()) {
        let mut row = ["st9", "p0", "s0", "0.5", "2022-06-01"];
        row[field] = &value;
        let statements = format!("{STATEMENTS}{}\n", row.join(","));
        let files = [ACTORS.as_bytes(), RELATIONS.as_bytes(), statements.as_bytes()];
        match import(files[0], files[1], files[2]) {
            // Accepted: the row is there, and JSON export keeps it.
            Ok(g) => {
                prop_assert_eq!(g.statement_count(), 3);
                prop_assert_eq!(Graph::from_json(&g.to_json()).ok(), Some(g));
            }
            Err(e) => check_error(&e, files)?,
        }
    }
}
