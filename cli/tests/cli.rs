//! The `stancegraph` command, run as a user runs it: the built binary, its output
//! compared with golden files (`UPDATE_GOLDEN=1 cargo test -p stancegraph-cli`
//! rewrites them), its exit status, and every `--json` answer parsed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stancegraph::datasets;

const BIN: &str = env!("CARGO_BIN_EXE_stancegraph");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command that must succeed and returns its standard output.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?} failed: {}", stderr(&o));
    stdout(&o)
}

/// Compares `actual` with `tests/golden/NAME`, or writes it there under `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("golden folder");
        std::fs::write(&path, actual).expect("golden written");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", path.display()));
    assert_eq!(actual, expected, "output differs from {} (UPDATE_GOLDEN=1 to accept)", path.display());
}

fn json(args: &[&str]) -> serde_json::Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?} --json is not JSON: {e}\n{text}"))
}

/// A fresh folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancegraph-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

const SUBCOMMANDS: [&str; 15] = [
    "check",
    "merge",
    "said",
    "path",
    "align",
    "blocs",
    "timeline",
    "framing",
    "dot",
    "graphml",
    "import",
    "stats",
    "datasets",
    "completions",
    "help",
];

#[test]
fn every_subcommand_has_help_with_an_example() {
    for sub in SUBCOMMANDS.iter().filter(|s| **s != "help" && **s != "import") {
        let help = ok(&[sub, "--help"]);
        assert!(help.contains("Example"), "`{sub} --help` has no example:\n{help}");
    }
    let help = ok(&["import", "csv", "--help"]);
    assert!(help.contains("Example:\n  stancegraph import csv"), "{help}");
    let top = ok(&["--help"]);
    for sub in SUBCOMMANDS {
        assert!(top.contains(&format!("  {sub}")), "`--help` does not list {sub}:\n{top}");
    }
    assert!(top.contains("Exit status:"), "{top}");
    golden("help.txt", &top);
}

#[test]
fn said_lists_statements_rolled_up() {
    let out =
        ok(&["said", "--dataset", "belarus-missile", "--by", "Belarus", "--rolled-up", "--about", "Ukraine"]);
    golden("said-belarus-ukraine.txt", &out);
    assert!(out.lines().all(|l| l.starts_with("2022-12")), "{out}");
}

#[test]
fn said_groups_by_top_with_mean_stances() {
    let out = ok(&["said", "-d", "belarus-missile", "--about", "Ukraine", "--group", "top"]);
    golden("said-about-ukraine-by-top.txt", &out);
    assert!(out.contains("mean stance toward Ukraine"), "{out}");
}

#[test]
fn said_counts_and_filters() {
    let all = ok(&["said", "-d", "strait-incident", "--count"]);
    let graph = datasets::strait_incident();
    assert_eq!(all.trim(), graph.statement_count().to_string());
    let hedged = ok(&["said", "-d", "strait-incident", "--hedge", "possible", "--count"]);
    let expected = graph.said().hedge(stancegraph::Hedge::Possible).count().expect("valid");
    assert_eq!(hedged.trim(), expected.to_string());
}

#[test]
fn path_explains_every_hop() {
    golden("path-peskov-volfovich.txt", &ok(&["path", "-d", "belarus-missile", "peskov", "volfovich"]));
    golden(
        "path-k3.txt",
        &ok(&["path", "-d", "strait-incident", "vasca", "hyperborea", "--k", "3", "--through-statements"]),
    );
}

#[test]
fn align_shows_score_and_evidence() {
    golden("align-russia-belarus.txt", &ok(&["align", "-d", "belarus-missile", "Russia", "Belarus"]));
    let before =
        json(&["align", "-d", "belarus-missile", "Belarus", "Ukraine", "--as-of", "2022-12-29", "--json"]);
    let after =
        json(&["align", "-d", "belarus-missile", "Belarus", "Ukraine", "--as-of", "2022-12-30", "--json"]);
    let score = |v: &serde_json::Value| v["alignment"]["score"].as_f64().expect("a score");
    assert!(score(&after) < score(&before));
}

#[test]
fn blocs_group_the_states() {
    golden("blocs.txt", &ok(&["blocs", "-d", "belarus-missile"]));
    let out = ok(&["blocs", "-d", "strait-incident", "atlantis", "lemuria", "hyperborea"]);
    assert!(out.starts_with("bloc 1: "), "{out}");
}

#[test]
fn blocs_json_gives_pair_scores_only_when_asked() {
    let plain = json(&["blocs", "-d", "strait-incident", "atlantis", "lemuria", "hyperborea", "--json"]);
    assert_eq!(plain["groups"][0][0]["key"], "atlantis");
    assert!(plain["frustration"].is_f64() && plain["exact"].is_boolean());
    assert!(plain.get("scores").is_none(), "the square-sized matrix is opt-in: {plain}");
    let with =
        json(&["blocs", "-d", "strait-incident", "atlantis", "lemuria", "hyperborea", "--json", "--scores"]);
    assert_eq!(with["groups"], plain["groups"]);
    // Three actors, three pairs.
    assert_eq!(with["scores"]["scores"].as_array().map(Vec::len), Some(3), "{with}");
}

#[test]
fn timeline_by_stance_and_by_alignment() {
    golden("timeline-stance.txt", &ok(&["timeline", "-d", "belarus-missile", "Belarus", "Ukraine"]));
    golden(
        "timeline-alignment.txt",
        &ok(&["timeline", "-d", "belarus-missile", "Belarus", "Ukraine", "--alignment"]),
    );
}

#[test]
fn framing_lists_tags_and_rows() {
    golden("framing-tags.txt", &ok(&["framing", "-d", "strait-incident"]));
    golden("framing-provocation.txt", &ok(&["framing", "-d", "strait-incident", "provocation"]));
}

#[test]
fn stats_and_datasets() {
    golden("stats.txt", &ok(&["stats", "-d", "belarus-missile"]));
    let list = ok(&["datasets"]);
    for d in datasets::ALL {
        assert!(list.contains(d.name), "{list}");
    }
}

#[test]
fn every_query_answers_json() {
    let queries: [&[&str]; 14] = [
        &["said", "-d", "belarus-missile", "--by", "Belarus", "--rolled-up", "--about", "Ukraine"],
        &["said", "-d", "belarus-missile", "--group", "top"],
        &["said", "-d", "belarus-missile", "--group", "speaker"],
        &["said", "-d", "belarus-missile", "--count"],
        &["path", "-d", "belarus-missile", "peskov", "volfovich"],
        &["path", "-d", "strait-incident", "vasca", "lemuria", "--all", "--max-len", "4"],
        &["align", "-d", "belarus-missile", "Russia", "Belarus"],
        &["blocs", "-d", "belarus-missile"],
        &["timeline", "-d", "belarus-missile", "Belarus", "Ukraine"],
        &["timeline", "-d", "belarus-missile", "Belarus", "Ukraine", "--alignment"],
        &["framing", "-d", "strait-incident", "provocation"],
        &["framing", "-d", "strait-incident"],
        &["stats", "-d", "belarus-missile"],
        &["datasets"],
    ];
    for q in queries {
        let mut args = q.to_vec();
        args.push("--json");
        let value = json(&args);
        assert!(!value.is_null(), "{args:?}");
    }
    // The answers carry what the text shows.
    let said = json(&["said", "-d", "strait-incident", "--by", "vasca", "--json"]);
    assert_eq!(said[0]["statement"]["speaker"], "vasca");
    assert_eq!(said[0]["speaker_chain"][0]["key"], "vasca");
    let path = json(&["path", "-d", "belarus-missile", "peskov", "volfovich", "--json"]);
    assert_eq!(path["length"], 5);
    assert_eq!(path["actors"][0]["key"], "peskov");
    let align = json(&["align", "-d", "belarus-missile", "Russia", "Belarus", "--json"]);
    assert!(align["alignment"]["evidence"][0]["description"].is_string());
}

#[test]
fn dot_and_graphml_print_the_library_exports() {
    let graph = datasets::belarus_missile();
    let dot = ok(&["dot", "-d", "belarus-missile"]);
    assert_eq!(dot, graph.to_dot(&stancegraph::io::dot::DotOptions::new()));
    let options = stancegraph::io::dot::DotOptions::new()
        .view(stancegraph::io::dot::View::Statements)
        .as_of("2022-12-29".parse().expect("a date"))
        .legend(false);
    let statements =
        ok(&["dot", "-d", "belarus-missile", "--view", "statements", "--as-of", "2022-12-29", "--no-legend"]);
    assert_eq!(statements, graph.to_dot(&options));
    let centre = graph.resolve("volfovich").expect("in the seed").id();
    let around = ok(&[
        "dot",
        "-d",
        "belarus-missile",
        "--view",
        "neighbourhood",
        "--around",
        "volfovich",
        "--depth",
        "1",
    ]);
    let options =
        stancegraph::io::dot::DotOptions::new().view(stancegraph::io::dot::View::neighbourhood(centre, 1));
    assert_eq!(around, graph.to_dot(&options));
    let states = ok(&["dot", "-d", "belarus-missile", "--view", "states"]);
    let options = stancegraph::io::dot::DotOptions::new().view(stancegraph::io::dot::View::States);
    assert_eq!(states, graph.to_dot(&options));
    assert_eq!(ok(&["graphml", "-d", "belarus-missile"]), graph.to_graphml());

    let dir = temp_dir("exports");
    let out = dir.join("seed.graphml");
    ok(&["graphml", "-d", "belarus-missile", "-o", out.to_str().expect("UTF-8 path")]);
    assert_eq!(std::fs::read_to_string(&out).expect("written"), graph.to_graphml());
    let _ = std::fs::remove_dir_all(dir);
}

fn graphviz_installed() -> bool {
    Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success())
}

#[test]
fn dot_render_calls_graphviz_or_says_how_to_install_it() {
    if graphviz_installed() {
        let svg = ok(&["dot", "-d", "strait-incident", "--render", "svg"]);
        assert!(svg.contains("<svg"), "{svg}");
        let png = run(&["dot", "-d", "strait-incident", "--render", "png"]);
        assert!(png.stdout.starts_with(b"\x89PNG"), "{}", stderr(&png));
    }
    // With no Graphviz on the path: exit status 4 and how to install it.
    let empty = temp_dir("no-graphviz");
    let o = Command::new(BIN)
        .args(["dot", "-d", "strait-incident", "--render", "svg"])
        .env("PATH", &empty)
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("apt-get install graphviz"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(empty);
}

#[test]
fn check_accepts_valid_datasets() {
    let dir = temp_dir("check-ok");
    let file = dir.join("strait.json");
    std::fs::write(&file, datasets::STRAIT_INCIDENT_JSON).expect("written");
    let out = ok(&["check", file.to_str().expect("UTF-8")]);
    assert_eq!(out, format!("{}: ok\n", file.display()));
    let report = json(&["check", file.to_str().expect("UTF-8"), "--json"]);
    assert_eq!(report[0]["ok"], true);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn merge_prints_the_report_and_writes_the_graph() {
    let dir = temp_dir("merge");
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    std::fs::write(&a, datasets::STRAIT_INCIDENT_JSON).expect("written");
    std::fs::write(&b, datasets::STRAIT_INCIDENT_JSON).expect("written");
    let out = dir.join("merged.json");
    let (a, b, o) = (a.to_str().expect("UTF-8"), b.to_str().expect("UTF-8"), out.to_str().expect("UTF-8"));
    let report = ok(&["merge", a, b, "--policy", "reconcile", "-o", o]);
    let graph = datasets::strait_incident();
    let mut builder = stancegraph::GraphBuilder::with_policy(stancegraph::MergePolicy::reconcile());
    builder
        .add_labelled_dataset(
            a,
            stancegraph::model::Dataset::from_json(datasets::STRAIT_INCIDENT_JSON).expect("valid"),
        )
        .add_labelled_dataset(
            b,
            stancegraph::model::Dataset::from_json(datasets::STRAIT_INCIDENT_JSON).expect("valid"),
        );
    let (merged, expected) = builder.build_with_report().expect("merges");
    assert_eq!(report, format!("{expected}\n"));
    assert_eq!(stancegraph::Graph::load_json_file(&out).expect("written"), merged);
    assert_eq!(merged.actor_count(), graph.actor_count());
    let json_report = json(&["merge", a, b, "--policy", "reconcile", "--json"]);
    assert_eq!(json_report["unified"].as_array().map(Vec::len), Some(graph.actor_count()));

    // Strict: the same keys are the same items, so the merge is the graph itself.
    ok(&["merge", a, b, "-o", o]);
    assert_eq!(stancegraph::Graph::load_json_file(&out).expect("written"), graph);
    let _ = std::fs::remove_dir_all(dir);
}

const ACTORS_CSV: &str = "id,name,kind,parent\natlantis,Atlantis,state,\nlemuria,Lemuria,state,\natlantis-mfa,Atlantean Foreign Ministry,ministry,atlantis\n";
const STATEMENTS_CSV: &str = "id,speaker,target,stance,date,mode,text\ns1,atlantis-mfa,lemuria,-0.5,2031-05-03,quote,an unacceptable provocation\n";

#[test]
fn import_csv_writes_the_dataset_without_a_bar_when_not_on_a_terminal() {
    let dir = temp_dir("import");
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).expect("folder");
    std::fs::write(tables.join("actors.csv"), ACTORS_CSV).expect("written");
    std::fs::write(tables.join("statements.csv"), STATEMENTS_CSV).expect("written");
    let out = dir.join("out.json");
    let o = run(&["import", "csv", tables.to_str().expect("UTF-8"), "-o", out.to_str().expect("UTF-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    // No progress bar (stderr is a pipe here), only the summary.
    assert_eq!(stderr(&o), format!("wrote {}: 3 actors, 1 relation, 0 events, 1 statement\n", out.display()));
    let expected = stancegraph::Graph::load_csv_dir(&tables).expect("imports");
    assert_eq!(stancegraph::Graph::load_json_file(&out).expect("written"), expected);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = ok(&["completions", shell]);
        assert!(script.contains("stancegraph") && script.contains("said"), "{shell}");
    }
}

#[test]
fn exit_status_says_what_went_wrong() {
    // 2: usage.
    assert_eq!(run(&["said", "-d", "belarus-missile", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(run(&["said"]).status.code(), Some(2), "a dataset is required");
    let unknown = run(&["said", "-d", "atlantis"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no embedded dataset is called `atlantis`"), "{}", stderr(&unknown));
    let actor = run(&["said", "-d", "strait-incident", "--by", "Atlantiss"]);
    assert_eq!(actor.status.code(), Some(2));
    assert!(stderr(&actor).contains("(did you mean `atlantis`"), "{}", stderr(&actor));
    assert_eq!(run(&["said", "-d", "strait-incident", "--kind", "praised"]).status.code(), Some(2));
    assert_eq!(
        run(&["path", "-d", "strait-incident", "vasca", "lemuria", "--k", "5000"]).status.code(),
        Some(2)
    );
    // 3: a file that cannot be read.
    assert_eq!(run(&["stats", "-f", "/nonexistent/x.json"]).status.code(), Some(3));
    // 1: a dataset with problems, when a query loads it.
    let dir = temp_dir("exit-data");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"format\": \"stancegraph/1\", \"statements\": [{\"key\": \"s\", \"speaker\": \"x\", \"date\": \"2031\"}]}")
        .expect("written");
    let o = run(&["stats", "-f", bad.to_str().expect("UTF-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!("{}: statement `s`: field `speaker`", bad.display())),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(dir);
}
