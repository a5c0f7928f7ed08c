//! CSV import (docs/csv-format.md): what it accepts, and every class of problem it
//! reports with file, line, column, field and value.

mod common;

use proptest::prelude::*;
use stancegraph::io::csv::{CsvError, CsvImport, CsvProblem, CsvProblemKind};
use stancegraph::model::{Citation, Dataset};
use stancegraph::{ActorKind, Graph, PartialDate, StatementKind, TextMode};

const ACTORS: &str = "id,name,kind\natlantis,Atlantis,state\nlemuria,Lemuria,state\n";

fn import(actors: &str, relations: Option<&str>, statements: Option<&str>) -> Result<Graph, CsvError> {
    let mut import = CsvImport::new().actors(actors.as_bytes());
    if let Some(r) = relations {
        import = import.relations(r.as_bytes());
    }
    if let Some(s) = statements {
        import = import.statements(s.as_bytes());
    }
    import.build()
}

fn problems(result: Result<Graph, CsvError>) -> Vec<CsvProblem> {
    match result {
        Err(CsvError::Invalid(p)) => p.problems().to_vec(),
        Err(e) => panic!("expected data problems, got {e}"),
        Ok(_) => panic!("expected data problems, got a graph"),
    }
}

/// The one problem, with its (file, line, column, field).
fn one(result: Result<Graph, CsvError>) -> (CsvProblem, (String, u64, Option<usize>, Option<String>)) {
    let mut all = problems(result);
    assert_eq!(all.len(), 1, "{all:#?}");
    let p = all.remove(0);
    let at = p.position.clone();
    (p, (at.file, at.line, at.column, at.field))
}

fn at(file: &str, line: u64, column: usize, field: &str) -> (String, u64, Option<usize>, Option<String>) {
    (file.to_owned(), line, Some(column), Some(field.to_owned()))
}

#[test]
fn unknown_speaker_is_located() {
    let s = "id,speaker,target,stance,date\ns1,atlantis,lemuria,0.5,2022-01-01\ns2,nobody,lemuria,0.5,2022-01-02\n";
    let (p, where_) = one(import(ACTORS, None, Some(s)));
    assert_eq!(where_, at("statements.csv", 3, 2, "speaker"));
    assert_eq!(
        p.kind,
        CsvProblemKind::UnknownReference { expected: "actor", key: "nobody".into(), suggestions: vec![] }
    );
    assert_eq!(p.to_string(), "statements.csv, line 3, column 2 (`speaker`): unknown actor `nobody`");
}

#[test]
fn stance_out_of_range_and_nan_are_rejected() {
    for bad in ["1.5", "-1.01", "NaN", "nan", "inf", "x"] {
        let s = format!("id,speaker,target,stance,date\ns1,atlantis,lemuria,{bad},2022-01-01\n");
        let (p, where_) = one(import(ACTORS, None, Some(&s)));
        assert_eq!(where_, at("statements.csv", 2, 4, "stance"), "{bad}");
        assert!(matches!(&p.kind, CsvProblemKind::Invalid { value, .. } if value == bad), "{bad}: {p}");
    }
    // The ends of the range are fine.
    let s = "id,speaker,target,stance,date\ns1,atlantis,lemuria,-1,2022\ns2,atlantis,lemuria,1.0,2022\n";
    assert_eq!(import(ACTORS, None, Some(s)).expect("valid").statement_count(), 2);
}

#[test]
fn bad_dates_are_rejected_with_the_reason() {
    for bad in ["2022-02-30", "2022-13", "22-01-01", "2022/01/01", "yesterday"] {
        let s = format!("id,speaker,date\ns1,atlantis,{bad}\n");
        let (p, where_) = one(import(ACTORS, None, Some(&s)));
        assert_eq!(where_, at("statements.csv", 2, 3, "date"), "{bad}");
        assert!(p.to_string().contains(&format!("invalid value `{bad}`")), "{p}");
    }
    let (p, _) = one(import(ACTORS, None, Some("id,speaker,date\ns1,atlantis,2022-02-30\n")));
    assert!(p.to_string().ends_with("no such day in that month"), "{p}");
}

#[test]
fn missing_required_columns_are_named() {
    let all = problems(import(ACTORS, None, Some("id,speaker,target\ns1,atlantis,lemuria\n")));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].kind, CsvProblemKind::MissingColumn { column: "date" });
    assert_eq!(all[0].position.line, 1);
    let all = problems(import("id,kind\na,state\n", None, None));
    assert_eq!(all[0].kind, CsvProblemKind::MissingColumn { column: "name" });
}

#[test]
fn unknown_and_repeated_columns_are_errors() {
    let all = problems(import(ACTORS, None, Some("id,speeker,date\n")));
    assert!(all.iter().any(|p| p.kind == CsvProblemKind::UnknownColumn { column: "speeker".into() }
        && p.position.column == Some(2)));
    let all = problems(import("id,name,kind,key\n", None, None));
    assert_eq!(all[0].kind, CsvProblemKind::RepeatedColumn { column: "key".into() });
}

#[test]
fn duplicate_keys_are_errors() {
    let actors = "id,name,kind\na,A,state\nb,B,state\na,A again,state\n";
    let (p, where_) = one(import(actors, None, None));
    assert_eq!(where_, at("actors.csv", 4, 1, "id"));
    assert_eq!(p.kind, CsvProblemKind::DuplicateKey { key: "a".into() });
    // A statement id again after another statement's rows is a duplicate, not a
    // further target.
    let s = "id,speaker,target,stance,date\ns1,atlantis,lemuria,0.5,2022\ns2,atlantis,lemuria,0.5,2022\ns1,atlantis,lemuria,0.5,2022\n";
    let (p, where_) = one(import(ACTORS, None, Some(s)));
    assert_eq!(where_, at("statements.csv", 4, 1, "id"));
    assert_eq!(p.kind, CsvProblemKind::DuplicateKey { key: "s1".into() });
}

#[test]
fn empty_file_and_header_only() {
    let (p, _) = one(import("", None, None));
    assert_eq!(p.kind, CsvProblemKind::NoHeader);
    assert_eq!(p.position.file, "actors.csv");
    let g = import("id,name,kind\n", Some("source,target,kind\n"), Some("id,speaker,date\n")).expect("valid");
    assert_eq!((g.actor_count(), g.relation_count(), g.statement_count()), (0, 0, 0));
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_are_read() {
    let actors = "\u{feff}id,name,kind\r\natlantis,Atlantis,state\r\nlemuria,Lemuria,state\r\n";
    let s = "\u{feff}id,speaker,target,stance,date\r\ns1,atlantis,lemuria,0.5,2022-01-01\r\n";
    let g = import(actors, Some("source,target,kind\r\natlantis,lemuria,ally\r\n"), Some(s)).expect("valid");
    assert_eq!(g.actor_by_key("lemuria").map(|a| a.name()), Some("Lemuria"));
    assert_eq!(g.statement_by_key("s1").map(|s| s.date().to_string()).as_deref(), Some("2022-01-01"));
    // Lines are still counted right.
    let s = "id,speaker,date\r\ns1,atlantis,2022\r\ns2,nobody,2022\r\n";
    let (_, where_) = one(import(actors, None, Some(s)));
    assert_eq!(where_, at("statements.csv", 3, 2, "speaker"));
}

#[test]
fn quoted_fields_hold_commas_quotes_and_line_breaks() {
    let actors = "id,name,kind,aliases\na,\"Atlantis, Republic of\",state,\"The \"\"Isle\"\"|Poseidonia\"\nb,B,state,\n";
    let s = "id,speaker,date,mode,text\ns1,a,2022,quote,\"first line,\nsecond line\"\ns2,nobody,2022,,\n";
    let result = import(actors, None, Some(s));
    // The quoted line break does not throw the line count off.
    let (_, where_) = one(result);
    assert_eq!(where_, at("statements.csv", 4, 2, "speaker"));
    let s = "id,speaker,date,mode,text\ns1,a,2022,quote,\"first line,\nsecond line\"\n";
    let g = import(actors, None, Some(s)).expect("valid");
    let a = g.actor_by_key("a").expect("imported");
    assert_eq!(a.name(), "Atlantis, Republic of");
    assert_eq!(a.aliases().collect::<Vec<_>>(), ["The \"Isle\"", "Poseidonia"]);
    let s1 = g.statement_by_key("s1").expect("imported");
    assert_eq!((s1.text(), s1.is_quote()), ("first line,\nsecond line", true));
}

#[test]
fn invalid_utf8_is_located() {
    let mut s = b"id,speaker,date\ns1,atlantis,2022\ns2,atl".to_vec();
    s.extend([0xff, 0xfe]);
    s.extend(b"antis,2022\n");
    let result = CsvImport::new().actors(ACTORS.as_bytes()).statements(&s[..]).build();
    let (p, where_) = one(result);
    assert_eq!(where_, at("statements.csv", 3, 2, "speaker"));
    assert_eq!(p.kind, CsvProblemKind::InvalidUtf8 { offset: 3 });
}

#[test]
fn parent_and_member_of_rows_are_one_relation() {
    let actors = "id,name,kind,parent\ns,S,state,\no,O,org,s\np,P,person,o\nq,Q,person,o\n";
    // o→s and p→o are stated by rows too; q→o only by its parent column.
    let relations = "source,target,kind\no,s,member_of\np,o,member_of\np,s,ally\n";
    let g = import(actors, Some(relations), None).expect("valid");
    let rels: Vec<String> =
        g.relations().map(|r| format!("{} {} {}", r.from().key(), r.kind(), r.to().key())).collect();
    assert_eq!(rels, ["o member_of s", "p member_of o", "p ally s", "q member_of o"]);
    assert_eq!(g.actor_by_key("o").map(|a| a.kind()), Some(ActorKind::Organization));
    let q = g.actor_by_key("q").expect("imported").id();
    assert!(g.is_within(q, g.actor_by_key("s").expect("imported").id()));
    // Without a relations table the parents alone make the hierarchy.
    assert_eq!(import(actors, None, None).expect("valid").relation_count(), 3);
    // A parent that is not an actor is an error at its column.
    let (p, where_) = one(import("id,name,kind,parent\na,A,state,zz\n", None, None));
    assert_eq!(where_, at("actors.csv", 2, 4, "parent"));
    assert_eq!(
        p.kind,
        CsvProblemKind::UnknownReference { expected: "actor", key: "zz".into(), suggestions: vec![] }
    );
}

#[test]
fn a_parent_cycle_is_an_error() {
    let actors = "id,name,kind,parent\na,A,org,b\nb,B,org,a\n";
    let (p, _) = one(import(actors, None, None));
    assert_eq!(p.kind, CsvProblemKind::HierarchyCycle { path: vec!["a".into(), "b".into(), "a".into()] });
}

#[test]
fn duplicate_relation_rows_are_kept() {
    let relations =
        "source,target,kind\natlantis,lemuria,ally\natlantis,lemuria,ally\nlemuria,atlantis,ally\n";
    assert_eq!(import(ACTORS, Some(relations), None).expect("valid").relation_count(), 3);
}

#[test]
fn relation_problems_are_located() {
    let cases = [
        ("atlantis,atlantis,ally,", 2, "target"),
        ("atlantis,lemuria,friends,", 3, "kind"),
        ("atlantis,lemuria,ally,1.5", 4, "confidence"),
    ];
    for (row, column, field) in cases {
        let relations = format!("source,target,kind,confidence\n{row}\n");
        let (_, where_) = one(import(ACTORS, Some(&relations), None));
        assert_eq!(where_, at("relations.csv", 2, column, field), "{row}");
    }
    let relations = "source,target,kind,start,end\natlantis,lemuria,ally,2022-05,2022-04-30\n";
    let (p, _) = one(import(ACTORS, Some(relations), None));
    assert!(matches!(p.kind, CsvProblemKind::EndsBeforeStart { .. }), "{p}");
}

#[test]
fn adjacent_rows_with_one_id_are_one_statement_with_several_targets() {
    let actors = "id,name,kind\na,A,state\nb,B,state\nc,C,state\n";
    let s = "id,speaker,target,stance,date,kind\ns1,a,b,-0.5,2022-03-01,warning\ns1,,c,0.25,,\ns1,a,b,0.5,2022-03-01,warning\ns2,b,a,1,2022,\n";
    let g = import(actors, None, Some(s)).expect("valid");
    assert_eq!(g.statement_count(), 2);
    let s1 = g.statement_by_key("s1").expect("imported");
    let targets: Vec<(&str, f64)> = s1.targets().map(|t| (t.actor.key(), t.stance)).collect();
    assert_eq!(targets, [("b", -0.5), ("c", 0.25), ("b", 0.5)]);
    assert_eq!(s1.kind(), StatementKind::Warning);
    // A continuation row that changes the statement is an error.
    let s = "id,speaker,target,stance,date\ns1,a,b,-0.5,2022-03-01\ns1,b,c,0.25,\n";
    let (p, where_) = one(import(actors, None, Some(s)));
    assert_eq!(where_, at("statements.csv", 3, 2, "speaker"));
    assert_eq!(p.kind, CsvProblemKind::Conflict { value: "b".into(), first: "a".into() });
}

#[test]
fn every_bad_row_is_reported_up_to_the_limit() {
    let mut s = String::from("id,speaker,date\n");
    for i in 0..250 {
        s.push_str(&format!("s{i},nobody,2022\n"));
    }
    let all = problems(import(ACTORS, None, Some(&s)));
    assert_eq!(all.len(), 100);
    assert_eq!(all.last().map(|p| p.position.line), Some(101));
    let err = CsvImport::new().actors(ACTORS.as_bytes()).statements(s.as_bytes()).max_problems(1000).build();
    assert_eq!(problems(err).len(), 250);
}

#[test]
fn a_missing_folder_or_file_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(Graph::load_csv_dir(dir.path().join("nope")), Err(CsvError::Io { .. })));
    let err = CsvImport::new().actors_path(dir.path().join("actors.csv")).build();
    assert!(matches!(err, Err(CsvError::Io { .. })));
}

/// The code blocks of docs/csv-format.md's complete example, by file name.
#[test]
fn the_documented_example_imports() {
    let doc = include_str!("../docs/csv-format.md");
    let example = &doc[doc.find("## A complete small example").expect("section")..];
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = 0;
    let mut lines = example.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix('`').and_then(|l| l.strip_suffix(".csv`")) else { continue };
        assert_eq!(lines.next(), Some("```csv"));
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        std::fs::write(dir.path().join(format!("{name}.csv")), body.join("\n") + "\n").expect("write");
        files += 1;
    }
    assert_eq!(files, 5);
    let g = Graph::load_csv_dir(dir.path()).expect("the documented example is valid");
    assert_eq!(
        (g.source_count(), g.actor_count(), g.relation_count(), g.event_count(), g.statement_count()),
        (1, 5, 4, 1, 1)
    );
    let s = g.statement_by_key("mfa-protest").expect("imported");
    assert_eq!(s.text(), "an unacceptable provocation, again");
    assert_eq!(s.targets().count(), 2);
    let mfa = g.actor_by_key("atlantis-mfa").expect("imported").id();
    assert!(g.is_within(mfa, g.actor_by_key("atlantis").expect("imported").id()));
}

// ---- round trip: dataset → CSV → graph equals the graph built from the dataset ----

fn text() -> impl Strategy<Value = String> {
    // Not blank, and no `|` (the list separator; see docs/csv-format.md).
    let first = common::VISIBLE.replacen("--[", "--[|", 1);
    proptest::string::string_regex(&format!("{first}[^|\\p{{C}}]{{0,12}}")).expect("a valid regex")
}

fn cite_list(citations: &[Citation]) -> String {
    citations
        .iter()
        .map(|c| {
            let mut s = c.source.clone();
            if c.paragraph.is_some() || c.quote.is_some() {
                s.push('#');
                s.push_str(&c.paragraph.map(|p| p.to_string()).unwrap_or_default());
            }
            if let Some(q) = &c.quote {
                s.push('#');
                s.push_str(q);
            }
            s
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn opt_date(d: Option<PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes a dataset as the five CSV tables.
fn to_csv(d: &Dataset) -> [Vec<u8>; 5] {
    let w = || csv::Writer::from_writer(Vec::new());
    let (mut sources, mut actors, mut relations, mut events, mut statements) = (w(), w(), w(), w(), w());
    sources.write_record(["key", "title", "publisher", "date"]).unwrap();
    for s in &d.sources {
        let publisher = s.publisher.clone().unwrap_or_default();
        sources.write_record([&s.key, &s.title, &publisher, &opt_date(s.date)]).unwrap();
    }
    actors.write_record(["id", "name", "kind", "aliases", "description", "citations"]).unwrap();
    for a in &d.actors {
        let description = a.description.clone().unwrap_or_default();
        let row =
            [&a.key, &a.name, a.kind.as_str(), &a.aliases.join("|"), &description, &cite_list(&a.citations)];
        actors.write_record(row).unwrap();
    }
    relations
        .write_record(["from", "to", "kind", "title", "start", "end", "confidence", "citations"])
        .unwrap();
    for r in &d.relations {
        let title = r.title.clone().unwrap_or_default();
        let row = [
            &r.from,
            &r.to,
            r.kind.as_str(),
            &title,
            &opt_date(r.start),
            &opt_date(r.end),
            &r.confidence.to_string(),
            &cite_list(&r.citations),
        ];
        relations.write_record(row).unwrap();
    }
    events.write_record(["key", "kind", "label", "date", "place", "participants"]).unwrap();
    for e in &d.events {
        let participants: Vec<String> =
            e.participants.iter().map(|p| format!("{}:{}", p.actor, p.role)).collect();
        let row = [
            &e.key,
            e.kind.as_str(),
            &e.label,
            &opt_date(e.date),
            &e.place.clone().unwrap_or_default(),
            &participants.join("|"),
        ];
        events.write_record(row).unwrap();
    }
    let header = [
        "id",
        "speaker",
        "target",
        "stance",
        "date",
        "order",
        "kind",
        "mode",
        "text",
        "hedge",
        "via",
        "audience",
        "about",
        "framing",
        "citations",
    ];
    statements.write_record(header).unwrap();
    for s in &d.statements {
        let mode = if s.mode == TextMode::Quote { "quote" } else { "paraphrase" };
        let (target, stance) = s
            .targets
            .first()
            .map_or((String::new(), String::new()), |t| (t.actor.clone(), t.stance.to_string()));
        let row = [
            &s.key,
            &s.speaker,
            &target,
            &stance,
            &s.date.to_string(),
            &s.order.to_string(),
            s.kind.as_str(),
            mode,
            &s.text,
            s.hedge.as_str(),
            &s.via.join("|"),
            &s.audience.clone().unwrap_or_default(),
            &s.about.join("|"),
            &s.framing.join("|"),
            &cite_list(&s.citations),
        ];
        statements.write_record(row).unwrap();
        for t in s.targets.iter().skip(1) {
            let mut row = vec![String::new(); header.len()];
            (row[0], row[2], row[3]) = (s.key.clone(), t.actor.clone(), t.stance.to_string());
            statements.write_record(&row).unwrap();
        }
    }
    [sources, actors, relations, events, statements].map(|w| w.into_inner().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn csv_import_loses_nothing(data in common::dataset_with(text)) {
        let built = data.clone().build().expect("generated datasets are valid");
        let [sources, actors, relations, events, statements] = to_csv(&data);
        let imported = CsvImport::new()
            .sources(&sources[..])
            .actors(&actors[..])
            .relations(&relations[..])
            .events(&events[..])
            .statements(&statements[..])
            .build();
        let imported = match imported {
            Ok(g) => g,
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        prop_assert_eq!(&imported, &built);
        // And through JSON: export, import, equal.
        let back = Graph::from_json(&imported.to_json()).expect("exported JSON loads");
        prop_assert_eq!(&back, &imported);
        prop_assert_eq!(back.to_dataset(), data);
    }
}
