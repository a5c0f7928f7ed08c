//! Hostile CSV files: unbalanced quotes and files cut inside a quoted field, sparse
//! files and endless lines, folders where tables should be, hierarchy cycles from
//! relation rows, invisible keys. Each is an error naming the file and the line, or
//! an import that holds every row.

use stancegraph::Graph;
use stancegraph::io::csv::{CsvError, CsvImport, CsvProblem, CsvProblemKind, MAX_LINE_BYTES};

const ACTORS: &str = "id,name,kind\nmfa,Ministry,ministry\nlemuria,Lemuria,state\n";
const HEADER: &str = "id,speaker,target,stance,date,mode,text\n";

fn statements(rows: &str) -> Result<Graph, CsvError> {
    CsvImport::new().actors(ACTORS.as_bytes()).statements(format!("{HEADER}{rows}").as_bytes()).build()
}

fn problems(result: Result<Graph, CsvError>) -> Vec<CsvProblem> {
    match result {
        Err(CsvError::Invalid(p)) => p.problems().to_vec(),
        Err(e) => panic!("expected data problems, got {e}"),
        Ok(g) => panic!("expected data problems, got a graph of {} statements", g.statement_count()),
    }
}

fn where_(p: &CsvProblem) -> (&str, u64, Option<usize>, Option<&str>) {
    (p.position.file.as_str(), p.position.line, p.position.column, p.position.field.as_deref())
}

#[test]
fn an_unbalanced_quote_in_the_last_column_does_not_swallow_the_rows_after_it() {
    let rows = "s1,mfa,lemuria,-0.5,2031-05-03,quote,\"never closed\n\
                s2,mfa,lemuria,-0.4,2031-05-04,quote,second\n\
                s3,nobody,lemuria,-0.3,2031-05-05,quote,third\n\
                s4,mfa,lemuria,-0.2,2031-05-06,quote,fourth\n";
    let all = problems(statements(rows));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].kind, CsvProblemKind::UnclosedQuote);
    assert_eq!(where_(&all[0]), ("statements.csv", 2, Some(7), Some("text")));
    assert_eq!(
        all[0].to_string(),
        "statements.csv, line 2, column 7 (`text`): a quoted field is never closed: the file ends inside it"
    );
}

#[test]
fn a_file_cut_inside_a_quoted_field_is_an_error() {
    let whole = "s1,mfa,lemuria,-0.5,2031-05-03,quote,\"an unacceptable, grave provocation\"\n";
    assert_eq!(statements(whole).expect("the whole file imports").statement_count(), 1);
    // Cut anywhere inside the quotes: never accepted with the cut text.
    let open = whole.find('"').expect("a quote");
    let close = whole.rfind('"').expect("a quote");
    for cut in open + 1..close {
        let all = problems(statements(&whole[..cut]));
        assert_eq!(all.len(), 1, "cut at {cut}: {all:#?}");
        assert_eq!(all[0].kind, CsvProblemKind::UnclosedQuote, "cut at {cut}");
        assert_eq!(where_(&all[0]), ("statements.csv", 2, Some(7), Some("text")));
    }
    // Cut just after the closing quote, or after the whole row: complete.
    for cut in [close + 1, whole.len()] {
        let g = statements(&whole[..cut]).expect("complete rows import");
        let s1 = g.statement_by_key("s1").expect("imported");
        assert_eq!(s1.text(), "an unacceptable, grave provocation");
    }
}

#[test]
fn quoted_fields_with_escaped_quotes_and_no_final_line_end_are_read_intact() {
    for (rows, text) in [
        ("s1,mfa,lemuria,-0.5,2031-05-03,quote,\"say \"\"no\"\"\"", "say \"no\""),
        ("s1,mfa,lemuria,-0.5,2031-05-03,quote,\"a\nb\"\r\n", "a\nb"),
        ("s1,mfa,lemuria,-0.5,2031-05-03,quote,plain", "plain"),
        ("s1,mfa,lemuria,-0.5,2031-05-03,quote,plain\r", "plain"),
    ] {
        let g = statements(rows).unwrap_or_else(|e| panic!("{rows:?}: {e}"));
        assert_eq!(g.statement_by_key("s1").expect("imported").text(), text, "{rows:?}");
    }
    // An escaped quote at the very end keeps the field open.
    let all = problems(statements("s1,mfa,lemuria,-0.5,2031-05-03,quote,\"say \"\""));
    assert_eq!(all[0].kind, CsvProblemKind::UnclosedQuote);
}

#[test]
fn an_unclosed_quote_in_a_header_or_a_short_row_is_located() {
    let all = problems(CsvImport::new().actors("id,name,\"kind\n".as_bytes()).build());
    assert_eq!(all[0].kind, CsvProblemKind::UnclosedQuote);
    assert_eq!(where_(&all[0]), ("actors.csv", 1, Some(3), None));
    // The quote opens in the second of seven columns: one row of two fields.
    let all = problems(statements("s1,\"mfa,lemuria,-0.5,2031-05-03,quote,text\ns2,mfa\n"));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(where_(&all[0]).1, 2);
}

#[test]
fn a_sparse_file_is_neither_preallocated_nor_read_as_one_endless_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("statements.csv");
    let mut text = String::from(HEADER);
    for i in 0..600 {
        text.push_str(&format!("s{i},mfa,lemuria,-0.5,2031-05-03,quote,words\n"));
    }
    std::fs::write(&path, &text).expect("write");
    // 100 GB that the file system does not store: a hole reads as zero bytes.
    std::fs::File::options().write(true).open(&path).expect("open").set_len(100 << 30).expect("sparse");
    let err = CsvImport::new().actors(ACTORS.as_bytes()).statements_path(&path).build().expect_err("a hole");
    let CsvError::Invalid(invalid) = &err else { panic!("{err}") };
    let p = &invalid.problems()[0];
    assert_eq!(p.kind, CsvProblemKind::LineTooLong { limit: MAX_LINE_BYTES });
    assert_eq!(p.position.line, 602, "the line after the last row");
    assert!(err.to_string().len() < 300, "{err}");
}

#[test]
fn a_huge_value_is_clipped_in_the_error() {
    let huge = "9".repeat(1 << 20);
    let all = problems(statements(&format!("s1,mfa,lemuria,{huge},2031-05-03,quote,x\n")));
    let CsvProblemKind::Invalid { value, .. } = &all[0].kind else { panic!("{:?}", all[0]) };
    assert!(value.len() < 200, "the value kept is clipped: {} bytes", value.len());
    assert!(all[0].to_string().len() < 400, "{}", all[0]);
    // A key as long: unknown, and clipped too.
    let all = problems(statements(&format!("s1,{huge},lemuria,0.5,2031-05-03,quote,x\n")));
    assert!(all[0].to_string().len() < 400, "{}", all[0]);
}

#[test]
fn a_line_longer_than_the_limit_stops_the_table_with_its_line() {
    let long = "x".repeat(MAX_LINE_BYTES as usize + 1);
    let rows =
        format!("s1,mfa,lemuria,-0.5,2031-05-03,quote,ok\ns2,mfa,lemuria,-0.5,2031-05-03,quote,{long}\n");
    let all = problems(statements(&rows));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].kind, CsvProblemKind::LineTooLong { limit: MAX_LINE_BYTES });
    assert_eq!(all[0].position.line, 3);
}

#[test]
fn a_missing_folder_is_named_as_such() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let err = Graph::load_csv_dir(&missing).expect_err("missing");
    let CsvError::Io { file, source } = &err else { panic!("{err}") };
    assert_eq!(file, &missing.display().to_string());
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert!(!err.to_string().contains("no CSV tables"), "{err}");
    // A folder with none of the tables says so, naming the folder.
    let err = Graph::load_csv_dir(dir.path()).expect_err("empty");
    assert!(err.to_string().contains("no CSV tables in the folder"), "{err}");
    assert!(matches!(&err, CsvError::Io { file, .. } if file == &dir.path().display().to_string()));
}

#[test]
fn a_folder_named_like_a_table_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("relations.csv"), "source,target,kind\n").expect("write");
    std::fs::create_dir(dir.path().join("actors.csv")).expect("mkdir");
    let err = Graph::load_csv_dir(dir.path()).expect_err("a folder is no table");
    let CsvError::Io { file, source } = &err else { panic!("{err}") };
    assert!(file.ends_with("actors.csv"), "{err}");
    assert_eq!(source.kind(), std::io::ErrorKind::IsADirectory);
    let err = CsvImport::new().actors_path(dir.path().join("actors.csv")).build().expect_err("a folder");
    assert!(matches!(err, CsvError::Io { .. }), "{err}");
}

#[test]
fn a_cycle_of_relation_rows_is_reported_in_relations_csv_at_its_line() {
    let actors = "id,name,kind,parent\na,A,org,\nb,B,org,\nc,C,org,\n";
    let relations = "source,target,kind\na,b,part_of\nb,c,member_of\nc,a,holds_office\n";
    let all = problems(CsvImport::new().actors(actors.as_bytes()).relations(relations.as_bytes()).build());
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].to_string(),
        "relations.csv, line 4: hierarchy cycle: a → b → c → a",
        "at the row that closes the cycle"
    );
    // A cycle of `parent` columns stays in actors.csv, at its line.
    let actors = "id,name,kind,parent\na,A,org,b\nb,B,org,a\n";
    let all = problems(CsvImport::new().actors(actors.as_bytes()).build());
    assert_eq!(where_(&all[0]), ("actors.csv", 3, None, None));
}

#[test]
fn invisible_keys_and_names_are_blank() {
    for blank in ["\u{200b}", "\u{200b}\u{200d}\u{feff}", "\u{2060} \u{00ad}", "\u{3164}", "\u{e0020}"] {
        let actors = format!("id,name,kind\n{blank},A,state\nb,{blank},state\n");
        let all = problems(CsvImport::new().actors(actors.as_bytes()).build());
        assert_eq!(all.len(), 2, "{blank:?}: {all:#?}");
        assert!(all.iter().all(|p| p.kind == CsvProblemKind::Empty), "{all:#?}");
    }
    // A key with a zero-width joiner inside visible text is a key.
    let actors = "id,name,kind\nx\u{200d}y,A,state\n";
    assert!(CsvImport::new().actors(actors.as_bytes()).build().is_ok());
}

/// The csv crate skips blank lines without counting them in the position of the
/// row after them; every problem must still name the row's own line, whichever
/// reader reads the table (a plain header takes the fast path, a quoted one the
/// reference reader).
#[test]
fn problems_after_blank_lines_name_their_own_line() {
    let lines = |all: &[CsvProblem]| all.iter().map(|p| (p.position.line, p.to_string())).collect::<Vec<_>>();
    // The issue's example: the header on line 1, the row on line 5.
    for header in ["source,target,kind", "\"source\",target,kind"] {
        let relations = format!("{header}\n\n\n\nmfa,nobody,ally\n");
        let all =
            problems(CsvImport::new().actors(ACTORS.as_bytes()).relations(relations.as_bytes()).build());
        assert_eq!(lines(&all), [(5, lines(&all)[0].1.clone())], "{header}");
        assert_eq!(where_(&all[0]), ("relations.csv", 5, Some(2), Some("target")), "{header}");
    }
    for header in [HEADER.to_owned(), format!("\"id\"{}", &HEADER[2..])] {
        let rows = "s1,mfa,lemuria,-0.5,2031-05-03,quote,first\n\n\n\
                    s2,nobody,lemuria,-0.4,2031-05-04,quote,second\n\
                    \n\
                    s3,mfa,lemuria,-0.3,2031-05-05,quote,\"two\n\nlines\"\n\
                    \n\n\
                    s4,mfa,lemuria,2,2031-05-06,quote,fourth\n\
                    \n\
                    s1,mfa,lemuria,-0.2,2031-05-07,quote,repeated\n\
                    \n\
                    s6,mfa,lemuria,-0.1,2031-05-08\n\
                    \n";
        let mut input = format!("{header}{rows}").into_bytes();
        input.extend_from_slice(b"s7,mfa,lemuria,-0.1,2031-05-09,quote,\xff\n");
        let all = problems(CsvImport::new().actors(ACTORS.as_bytes()).statements(&input[..]).build());
        let at: Vec<_> = all.iter().map(|p| (p.position.line, p.position.field.as_deref())).collect();
        assert_eq!(
            at,
            [(5, Some("speaker")), (12, Some("stance")), (14, Some("id")), (16, None), (18, Some("text"))],
            "{header}: {all:#?}"
        );
        assert!(!all[3].to_string().contains("line: "), "no second, stale line in the reason: {}", all[3]);
    }
    // Blank lines before the header: the header is on the line after them.
    let actors = "\n\nid,name,kinds\n";
    let all = problems(CsvImport::new().actors(actors.as_bytes()).build());
    assert_eq!(all.iter().map(|p| p.position.line).collect::<Vec<_>>(), [3, 3], "{all:#?}");
    let relations = "\nsource,target,kind\n\nmfa,nobody,ally\n";
    let all = problems(CsvImport::new().actors(ACTORS.as_bytes()).relations(relations.as_bytes()).build());
    assert_eq!(where_(&all[0]), ("relations.csv", 4, Some(2), Some("target")));
}
