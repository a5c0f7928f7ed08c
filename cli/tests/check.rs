//! `stancegraph check` on each class of bad input of `docs/errors.md` (numbered as
//! there): every problem is printed on its own line, located as
//! `file:line:column: message` (JSON syntax, CSV cells) or `file: item `key`: …`
//! (problems of the data), and the exit status is 1.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_stancegraph");

/// How a problem line must be located.
#[derive(Clone, Copy, Debug)]
enum At {
    /// `file:line:column: `
    LineColumn,
    /// `file:line: ` or `file:line:column: ` (a line, a column where one is at fault)
    Line,
    /// `file: ` then the item or the whole data set
    Item,
    /// Any of the above
    Any,
}

impl At {
    fn or_any(self) -> At {
        At::Any
    }
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancegraph-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

/// Runs `check` on `path`; asserts exit status 1, that every line is located as
/// `at` says, and that the output contains each of `expect`. Returns the lines.
fn fails(path: &Path, at: At, expect: &[&str]) -> Vec<String> {
    let o = Command::new(BIN).arg("check").arg(path).output().expect("runs");
    let out = String::from_utf8(o.stdout).expect("UTF-8");
    assert_eq!(o.status.code(), Some(1), "{}: {out}", path.display());
    let lines: Vec<String> = out.lines().map(str::to_owned).collect();
    assert!(!lines.is_empty());
    for line in &lines {
        located(line, at);
    }
    for e in expect {
        assert!(out.contains(e), "expected `{e}` in:\n{out}");
    }
    lines
}

/// Asserts that `line` starts with a file, then the position `at` says.
fn located(line: &str, at: At) {
    // The file is everything up to the first `:` followed by a digit or a space.
    let (file, rest) = line.split_once(':').unwrap_or_else(|| panic!("not located: {line}"));
    assert!(Path::new(file).is_absolute() || file.ends_with(".csv"), "no file in: {line}");
    let numbers = |s: &str, n: usize| -> bool {
        let mut parts = s.splitn(n + 1, ':');
        (0..n).all(|_| parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
            && parts.next().is_some_and(|m| m.starts_with(' ') && m.len() > 1)
    };
    let ok = match at {
        At::LineColumn => numbers(rest, 2),
        At::Line => numbers(rest, 1) || numbers(rest, 2),
        At::Item => rest.starts_with(' ') && rest.len() > 1,
        At::Any => numbers(rest, 1) || numbers(rest, 2) || (rest.starts_with(' ') && rest.len() > 1),
    };
    assert!(ok, "not located as {at:?}: {line}");
}

fn json_file(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

const HEAD: &str = r#"{"format": "stancegraph/1","#;

fn dataset(body: &str) -> String {
    format!("{HEAD}\n{body}\n}}")
}

const ACTORS: &str = r#""actors": [
  {"key": "atlantis", "name": "Atlantis", "kind": "state"},
  {"key": "lemuria", "name": "Lemuria", "kind": "state"}
]"#;

#[test]
fn json_text_problems_name_line_and_column() {
    let dir = folder("json");
    // 1: not JSON / truncated / a wrong type or unknown name.
    fails(
        &json_file(&dir, "1-truncated.json", format!("{HEAD}\n\"actors\": [").as_bytes()),
        At::LineColumn,
        &[":2:"],
    );
    let wrong = dataset(r#""actors": [{"key": "a", "name": "A", "kind": "stat"}]"#);
    fails(&json_file(&dir, "1-kind.json", wrong.as_bytes()), At::LineColumn, &["unknown variant `stat`"]);
    // 2: a misspelt field.
    let alias = dataset(r#""actors": [{"key": "a", "name": "A", "kind": "state", "alias": ["x"]}]"#);
    fails(&json_file(&dir, "2-alias.json", alias.as_bytes()), At::LineColumn, &["unknown field `alias`"]);
    // 3: an impossible date.
    let date = dataset(&format!(
        r#"{ACTORS}, "statements": [{{"key": "s", "speaker": "atlantis", "date": "2022-02-30", "text": "x"}}]"#
    ));
    fails(&json_file(&dir, "3-date.json", date.as_bytes()), At::LineColumn, &["no such day in that month"]);
    // 4: an unknown or missing format version.
    fails(&json_file(&dir, "4-format.json", br#"{"format": "stancegraph/9"}"#), At::Item, &["stancegraph/9"]);
    fails(&json_file(&dir, "4-missing.json", br#"{"actors": []}"#), At::Item, &["format"]);
    // 5: bytes that are not UTF-8.
    fails(
        &json_file(&dir, "5-utf8.json", b"{\"format\": \"stancegraph/1\",\n\"actors\": [\xff]}"),
        At::Line,
        &[":2: not UTF-8"],
    );
    // 6: deep nesting: a located error, not a stack overflow.
    let deep = format!("{HEAD} \"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    fails(&json_file(&dir, "6-deep.json", deep.as_bytes()), At::LineColumn, &[":1:"]);
    // 7: huge or non-finite numbers.
    let huge = dataset(&format!(
        r#"{ACTORS}, "statements": [{{"key": "s", "speaker": "atlantis", "date": "2031", "targets": [{{"actor": "lemuria", "stance": 1e400}}]}}]"#
    ));
    fails(&json_file(&dir, "7-huge.json", huge.as_bytes()), At::LineColumn, &[]);
    let nan = huge.replace("1e400", "NaN");
    fails(&json_file(&dir, "7-nan.json", nan.as_bytes()), At::LineColumn, &[]);
    // 8: a field given twice.
    let twice = dataset(r#""actors": [{"key": "a", "key": "b", "name": "A", "kind": "state"}]"#);
    fails(&json_file(&dir, "8-twice.json", twice.as_bytes()), At::LineColumn, &["duplicate field `key`"]);
    // 10: random bytes.
    fails(&json_file(&dir, "10-random.json", &[0x7b, 0x00, 0x13, 0x22, 0x9c]), At::Line, &[]);
    fails(&json_file(&dir, "10-garbage.json", b"]]]"), At::LineColumn, &[]);
    // 11: a file that does not exist.
    fails(&dir.join("11-missing.json"), At::Item, &["cannot read"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn byte_order_marks_and_crlf_are_accepted() {
    // 9.
    let dir = folder("bom");
    let text = format!("\u{feff}{}", dataset(ACTORS).replace('\n', "\r\n"));
    let path = json_file(&dir, "9.json", text.as_bytes());
    let o = Command::new(BIN).arg("check").arg(&path).output().expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(dir);
}

/// A statement of Atlantis about Lemuria, with `extra` fields.
fn statement(key: &str, extra: &str) -> String {
    format!(
        r#"{{"key": "{key}", "speaker": "atlantis", "date": "2031-05-04", "text": "words", "targets": [{{"actor": "lemuria", "stance": -0.5}}]{extra}}}"#
    )
}

#[test]
fn data_problems_name_the_item_and_field() {
    let dir = folder("data");
    let file = |name: &str, body: String| json_file(&dir, name, dataset(&body).as_bytes());
    // 12: a key that names no item; M1: with the nearest key.
    let unknown = file(
        "12.json",
        format!(
            r#"{ACTORS}, "statements": [{{"key": "s2", "speaker": "atlantiss", "date": "2031", "text": "x"}}]"#
        ),
    );
    let lines =
        fails(&unknown, At::Item, &["statement `s2`: field `speaker` refers to unknown actor `atlantiss`"]);
    assert!(lines[0].contains("did you mean `atlantis`?"), "{lines:?}");
    // 13: a citation of an unknown source.
    let cite = file(
        "13.json",
        r#""actors": [{"key": "mu", "name": "Mu", "kind": "state", "citations": [{"source": "times"}]}]"#
            .into(),
    );
    fails(&cite, At::Item, &["actor `mu`: field `citations.source` refers to unknown source `times`"]);
    // 14: two items with one key.
    let dup = file(
        "14.json",
        r#""actors": [{"key": "lemuria", "name": "L", "kind": "state"}, {"key": "lemuria", "name": "L", "kind": "state"}]"#
            .into(),
    );
    fails(&dup, At::Item, &["actor `lemuria`: duplicate key"]);
    // 15: a stance outside [-1, 1].
    let stance = file(
        "15.json",
        format!(r#"{ACTORS}, "statements": [{}]"#, statement("s2", "").replace("-0.5", "1.5")),
    );
    fails(&stance, At::Item, &["statement `s2`: stance toward `lemuria` is 1.5, outside [-1, 1]"]);
    // 16: a confidence outside [0, 1]; a relation of an actor to itself.
    let rel = file(
        "16.json",
        format!(
            r#"{ACTORS}, "relations": [{{"from": "atlantis", "kind": "ally", "to": "lemuria", "confidence": 1.2}},
               {{"from": "lemuria", "kind": "hostile", "to": "lemuria"}}]"#
        ),
    );
    fails(&rel, At::Item, &["confidence 1.2 is outside [0, 1]", "relates `lemuria` to itself"]);
    // 17: a validity that ends before it starts.
    let ends = file(
        "17.json",
        format!(
            r#"{ACTORS}, "relations": [{{"from": "atlantis", "kind": "ally", "to": "lemuria", "start": "2022-02-01", "end": "2022-01-01"}}]"#
        ),
    );
    fails(&ends, At::Item, &["validity ends on 2022-01-01, before it starts on 2022-02-01"]);
    // 18: a hierarchy cycle.
    let cycle = file(
        "18.json",
        format!(
            r#"{ACTORS}, "relations": [{{"from": "atlantis", "kind": "part_of", "to": "lemuria"}}, {{"from": "lemuria", "kind": "part_of", "to": "atlantis"}}]"#
        ),
    );
    fails(&cycle, At::Item, &["hierarchy cycle: "]);
    // 19: an empty quote, a blank name.
    let empty = file(
        "19.json",
        format!(
            r#""actors": [{{"key": "atlantis", "name": " ", "kind": "state"}}, {{"key": "lemuria", "name": "L", "kind": "state"}}],
               "statements": [{}]"#,
            statement("q", r#", "mode": "quote""#).replace("\"words\"", "\"\"")
        ),
    );
    fails(
        &empty,
        At::Item,
        &["statement `q`: field `text` is empty", "actor `atlantis`: field `name` is empty"],
    );
    // 20: an event whose place is not an actor.
    let event = file(
        "20.json",
        format!(
            r#"{ACTORS}, "events": [{{"key": "e", "kind": "incident", "label": "E", "place": "thule"}}]"#
        ),
    );
    fails(&event, At::Item, &["event `e`: field `place` refers to unknown actor `thule`"]);
    // 22: many problems in one dataset: all of them, one per line.
    let many = file(
        "22.json",
        format!(
            r#"{ACTORS}, "statements": [{}, {}, {}]"#,
            statement("a", "").replace("\"atlantis\"", "\"x\""),
            statement("b", "").replace("-0.5", "7"),
            statement("c", "").replace("\"lemuria\"", "\"y\"")
        ),
    );
    assert_eq!(fails(&many, At::Item, &[]).len(), 3);
    // M2: a malformed external id; M3: one external id on two keys.
    let id = file(
        "m2.json",
        r#""actors": [{"key": "a", "name": "A", "kind": "state", "wikidata": "Q09"}]"#.into(),
    );
    fails(&id, At::LineColumn, &["invalid Wikidata id `Q09`"]);
    let shared = file(
        "m3.json",
        r#""actors": [{"key": "a", "name": "A", "kind": "state", "wikidata": "Q9"}, {"key": "b", "name": "B", "kind": "state", "wikidata": "Q9"}]"#
            .into(),
    );
    fails(&shared, At::Item, &["actors `a` and `b` both have the wikidata id `Q9`"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn merge_conflicts_and_contradictions_name_both_sides() {
    // 21 (strict) and M4 (reconcile): two datasets that disagree about one actor.
    let dir = folder("merge");
    let a = json_file(
        &dir,
        "a.json",
        dataset(r#""actors": [{"key": "x", "name": "X", "kind": "state", "wikidata": "Q7"}]"#).as_bytes(),
    );
    let b = json_file(
        &dir,
        "b.json",
        dataset(r#""actors": [{"key": "x", "name": "X", "kind": "person"}]"#).as_bytes(),
    );
    let c = json_file(
        &dir,
        "c.json",
        dataset(r#""actors": [{"key": "y", "name": "Y", "kind": "person", "wikidata": "Q7"}]"#).as_bytes(),
    );
    let o = Command::new(BIN).arg("merge").args([&a, &b]).output().expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(": actor `x`: field `kind` is `state` in one dataset and `person` in another"),
        "{err}"
    );
    assert!(err.starts_with(&format!("{} + {}: ", a.display(), b.display())), "{err}");
    let o =
        Command::new(BIN).arg("merge").args([&a, &c]).args(["--policy", "reconcile"]).output().expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("are one (same wikidata id Q7) but `kind`"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

fn tables(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = folder(name);
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("written");
    }
    dir
}

const ACTORS_CSV: &[u8] = b"id,name,kind,parent\natlantis,Atlantis,state,\nlemuria,Lemuria,state,\n";

#[test]
fn csv_problems_name_file_line_and_column() {
    let t = |dir: &Path, file: &str| dir.join(file).display().to_string();
    // C1: a key that names no actor.
    let c1 = tables(
        "c1",
        &[("actors.csv", ACTORS_CSV), ("statements.csv", b"id,speaker,date\ns1,nobody,2031-05-04\n")],
    );
    fails(
        &c1,
        At::LineColumn,
        &[&format!("{}:2:2: `speaker`: unknown actor `nobody`", t(&c1, "statements.csv"))],
    );
    // C2: a stance out of range or NaN.
    let c2 = tables(
        "c2",
        &[
            ("actors.csv", ACTORS_CSV),
            ("statements.csv", b"id,speaker,target,stance,date\ns1,atlantis,lemuria,NaN,2031\n"),
        ],
    );
    fails(&c2, At::LineColumn, &["`stance`: invalid value `NaN`"]);
    // C3: an impossible date.
    let c3 = tables(
        "c3",
        &[("actors.csv", ACTORS_CSV), ("statements.csv", b"id,speaker,date\ns1,atlantis,2022-02-30\n")],
    );
    fails(&c3, At::LineColumn, &["`date`: invalid value `2022-02-30`: no such day in that month"]);
    // C4: a missing required column; an unknown column.
    let c4 = tables(
        "c4",
        &[("actors.csv", ACTORS_CSV), ("statements.csv", b"id,speeker,date\ns1,atlantis,2031\n")],
    );
    let lines = fails(&c4, At::Line, &["missing required column `speaker`"]);
    assert!(lines.iter().all(|l| l.starts_with(&format!("{}:1", t(&c4, "statements.csv")))), "{lines:?}");
    // C5: a duplicate key.
    let c5 = tables("c5", &[("actors.csv", b"id,name,kind\na,A,state\nb,B,state\na,A,state\n")]);
    fails(&c5, At::LineColumn, &["duplicate key `a`"]);
    // C6: an empty file.
    let c6 = tables("c6", &[("actors.csv", b"")]);
    fails(&c6, At::Line, &["empty file: no header row"]);
    // C9: bytes that are not UTF-8.
    let c9 = tables("c9", &[("actors.csv", b"id,name,kind\na,\xffA,state\n")]);
    fails(&c9, At::LineColumn, &["`name`: invalid UTF-8"]);
    // C10: a parent cycle, at the line of the row that closes it.
    let c10 = tables("c10", &[("actors.csv", b"id,name,kind,parent\na,A,state,b\nb,B,state,a\n")]);
    fails(&c10, At::Line, &["actors.csv:3: hierarchy cycle: a → b → a"]);
    // C11: a thousand bad rows: the first 100, and that it stopped.
    let mut rows = b"id,name,kind\n".to_vec();
    for i in 0..1000 {
        rows.extend_from_slice(format!("a{i},,state\n").as_bytes());
    }
    let c11 = tables("c11", &[("actors.csv", &rows)]);
    let lines = fails(&c11, At::Item.or_any(), &[]);
    assert_eq!(lines.len(), 101, "100 problems and the note that it stopped");
    lines[..100].iter().for_each(|l| located(l, At::LineColumn));
    assert!(lines[100].ends_with("stopped at the problem limit; there may be more"), "{}", lines[100]);
    // C12: a folder with no tables.
    let c12 = tables("c12", &[("notes.txt", b"nothing")]);
    fails(&c12, At::Item, &["no CSV tables in the folder"]);
    // C13: random bytes in a table.
    let c13 = tables("c13", &[("actors.csv", &[0x22, 0x00, 0xfe, 0x0a, 0x2c, 0x22])]);
    let o = Command::new(BIN).arg("check").arg(&c13).output().expect("runs");
    assert_eq!(o.status.code(), Some(1));
    for dir in [c1, c2, c3, c4, c5, c6, c9, c10, c11, c12, c13] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn csv_quotes_crlf_and_byte_order_marks_are_read() {
    // C7 and C8.
    let dir = tables(
        "c7",
        &[("actors.csv", "\u{feff}id,name,kind\r\na,\"A, \"\"the\"\" first\nline\",state\r\n".as_bytes())],
    );
    let o = Command::new(BIN).arg("check").arg(&dir).output().expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    let _ = std::fs::remove_dir_all(dir);
}
