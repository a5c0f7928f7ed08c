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
use stancegraph::io::csv::{CsvError, CsvImport, CsvProblemKind};

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

/// A statement text as a writer puts it in a row: plain, or needing quotes for a
/// comma, a line break or a quote mark.
fn row_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        1 => "[a-z]{1,6}, [a-z]{1,6}",
        1 => "[a-z]{1,6}\n[a-z]{1,6}",
        1 => "[a-z]{1,6} \"[a-z]{1,6}\"",
    ]
}

/// How a statements table is damaged.
#[derive(Debug, Clone)]
enum Damage {
    /// Cut inside the `n`-th quoted field (its content, counted from 1).
    CutInQuotes(usize, usize),
    /// The closing quote of the `n`-th quoted field removed.
    Unclose(usize),
    /// A `"` put before the text of row `n`.
    StrayQuote(usize),
    /// Cut at byte `n`.
    Cut(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0usize..20, 1usize..40).prop_map(|(n, at)| Damage::CutInQuotes(n, at)),
        (0usize..20).prop_map(Damage::Unclose),
        (0usize..20).prop_map(Damage::StrayQuote),
        (0usize..2000).prop_map(Damage::Cut),
    ]
}

/// The statements table of `texts`, one row each (`st{i}` by `p0` about `s1`).
fn statements_table(texts: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "speaker", "target", "stance", "date", "text"]).expect("header");
    for (i, t) in texts.iter().enumerate() {
        w.write_record([format!("st{i}").as_str(), "p0", "s1", "-0.5", "2022-03-01", t]).expect("row");
    }
    w.into_inner().expect("bytes")
}

/// Whether `bytes`, cut inside the quoted field whose content starts at `start`,
/// ends with the field open: unless it ends in an odd run of quotes (the last one
/// closes it; `"a ""` is the complete field `a `).
fn open_at_end(bytes: &[u8], start: usize) -> bool {
    let run = bytes[start..].iter().rev().take_while(|&&b| b == b'"').count();
    run % 2 == 0
}

/// The byte ranges of the quoted fields' contents in `table`.
fn quoted_fields(table: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < table.len() {
        let at_start = i == 0 || matches!(table[i - 1], b',' | b'\n');
        if table[i] == b'"' && at_start {
            let mut j = i + 1;
            while j < table.len() {
                if table[j] == b'"' {
                    if table.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            out.push((i + 1, j));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// A quote left open or a file cut short never swallows rows silently: the
    /// import fails naming the file and a line of it, or holds each row whole (a
    /// cut's last row may be shorter). The one case the reader cannot see, a stray
    /// quote closed by a later one in the same column (docs/errors.md, C14), reads
    /// the rows between into one text, where they show, line breaks and all.
    #[test]
    fn open_quotes_and_cut_files_are_reported_or_lose_nothing(
        texts in proptest::collection::vec(row_text(), 1..12),
        damage in damage(),
    ) {
        let whole = statements_table(&texts);
        let quoted = quoted_fields(&whole);
        let mut bytes = whole.clone();
        let mut must_fail = false;
        let mut last_may_be_short = false;
        match damage {
            Damage::CutInQuotes(n, at) if !quoted.is_empty() => {
                let (start, end) = quoted[n % quoted.len()];
                bytes.truncate(start + at % (end - start + 1).max(1));
                must_fail = open_at_end(&bytes, start);
                last_may_be_short = true;
            }
            Damage::Unclose(n) if !quoted.is_empty() => {
                let (_, end) = quoted[n % quoted.len()];
                bytes.remove(end);
                must_fail = !bytes[end..].contains(&b'"');
            }
            // Before a text written without quotes (`…,"never closed`): after the
            // fifth comma of its row. (A quote before a quoted text, `""a""`, reads
            // as an empty quoted text followed by literal text: see C14.)
            Damage::StrayQuote(n) if !texts[n % texts.len()].contains([',', '\n', '"']) => {
                let row = format!("\nst{},", n % texts.len());
                let line_start = whole.windows(row.len()).position(|w| w == row.as_bytes()).unwrap_or(0) + 1;
                let comma = whole[line_start..].iter().enumerate().filter(|&(_, &b)| b == b',').nth(4).map(|(i, _)| i);
                if let Some(c) = comma {
                    bytes.insert(line_start + c + 1, b'"');
                    must_fail = !bytes[line_start + c + 2..].contains(&b'"');
                }
            }
            Damage::Cut(n) => {
                let cut = n % (whole.len() + 1);
                bytes.truncate(cut);
                must_fail = quoted.iter().any(|&(start, end)| start <= cut && cut <= end && open_at_end(&bytes, start));
                last_may_be_short = true;
            }
            _ => {}
        }
        let files = [ACTORS.as_bytes(), RELATIONS.as_bytes(), bytes.as_slice()];
        match import(files[0], files[1], files[2]) {
            Err(e) => check_error(&e, files)?,
            Ok(g) => {
                prop_assert!(!must_fail, "accepted a file that ends inside quotes: {:?}", String::from_utf8_lossy(&bytes));
                let residual = matches!(damage, Damage::Unclose(_) | Damage::StrayQuote(_));
                let shown = |i: usize| g.statements().any(|s| s.text().contains(&format!("\nst{i},")));
                for (i, text) in texts.iter().enumerate() {
                    match g.statement_by_key(&format!("st{i}")) {
                        Some(s) if s.text() == text => {}
                        // A cut's last row may be shorter.
                        Some(s) if last_may_be_short && text.starts_with(s.text())
                            && g.statement_by_key(&format!("st{}", i + 1)).is_none() => {}
                        // Only the documented case: later rows inside this text, visibly.
                        Some(s) => prop_assert!(residual && s.text().contains("\nst"), "st{}: {:?}", i, s.text()),
                        // A cut drops the rows after it.
                        None if last_may_be_short => {
                            let later = (i..texts.len()).find(|j| g.statement_by_key(&format!("st{}", j)).is_some());
                            prop_assert!(later.is_none(), "st{} missing, st{:?} kept", i, later);
                        }
                        None => prop_assert!(residual && shown(i), "st{} lost without trace", i),
                    }
                }
            }
        }
    }

    /// Deep `parent` chains (to 40,000) import, and a back link is one cycle reported
    /// at the line that closes it.
    #[test]
    fn deep_parent_chains_import_or_report_the_cycle(
        n in prop_oneof![15 => 2usize..60, 1 => 60usize..40_000],
        back in proptest::option::of((any::<prop::sample::Index>(), any::<prop::sample::Index>())),
    ) {
        let mut actors = String::from("id,name,kind,parent\n");
        for i in 0..n {
            let parent = if i + 1 < n { format!("x{}", i + 1) } else { String::new() };
            actors.push_str(&format!("x{i},X,org,{parent}\n"));
        }
        let back = back.map(|(a, b)| (a.index(n), b.index(n))).filter(|(a, b)| b < a);
        let mut relations = String::from("source,target,kind\n");
        if let Some((a, b)) = back {
            relations.push_str(&format!("x{a},x{b},member_of\n"));
        }
        let result = CsvImport::new().actors(actors.as_bytes()).relations(relations.as_bytes()).build();
        match (result, back) {
            (Ok(g), None) => prop_assert_eq!(g.relation_count(), n - 1),
            (Err(CsvError::Invalid(p)), Some((a, b))) => {
                let [one] = p.problems() else { return Err(TestCaseError::fail(format!("{p}"))) };
                prop_assert_eq!((one.position.file.as_str(), one.position.line), ("relations.csv", 2));
                let CsvProblemKind::HierarchyCycle { path } = &one.kind else { return Err(TestCaseError::fail(format!("{one}"))) };
                prop_assert_eq!(path.len(), a - b + 2);
                prop_assert!(one.to_string().len() < 400);
            }
            (other, back) => prop_assert!(false, "{:?} with back link {:?}", other.map(|g| g.actor_count()), back),
        }
    }
}
