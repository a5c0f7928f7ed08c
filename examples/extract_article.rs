//! Reads a news article and proposes a draft `stancegraph/1` dataset.
//!
//! ```sh
//! cargo run --example extract_article                          # the seed article in ../shared/seed/
//! cargo run --example extract_article -- ARTICLE.txt           # any plain-text article
//! cargo run --example extract_article -- ARTICLE.txt -o draft.json --date 2031-03-02
//! cargo run --example extract_article -- ARTICLE.txt --graph known.json   # resolve speakers to known actors
//! cargo run --release --example extract_article -- --polnear ../shared/corpora/polnear/dev > pred.jsonl
//! python3 ../shared/eval/polnear_score.py ../shared/corpora/polnear/dev pred.jsonl
//! ```
//!
//! Prints one who-said-what line per statement of the draft (`DATE SPEAKER KIND: TEXT ¶N`)
//! then the attributions that became no statement. `--polnear DIR` runs over every
//! `DIR/text/*.txt` and writes the attributions as JSON Lines for the scorer instead.
//! `--weights FILE` uses another weights file (as written by `train_extractor`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use stancegraph::Graph;
use stancegraph::extract::{Document, Extractor, Tagger, find_attributions, polnear_lines, read_weights};

struct Args {
    input: PathBuf,
    out: Option<PathBuf>,
    polnear: Option<PathBuf>,
    graph: Option<PathBuf>,
    date: Option<String>,
    weights: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/belarus-missile-wsj-2022-12-30.txt");
    let mut args = Args { input: seed, out: None, polnear: None, graph: None, date: None, weights: None };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "-o" | "--out" => args.out = Some(value()?.into()),
            "--polnear" => args.polnear = Some(value()?.into()),
            "--graph" => args.graph = Some(value()?.into()),
            "--date" => args.date = Some(value()?),
            "--weights" => args.weights = Some(value()?.into()),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            _ => args.input = a.into(),
        }
    }
    Ok(args)
}

fn polnear(dir: &Path, taggers: (&Tagger, &Tagger)) -> Result<(), Box<dyn std::error::Error>> {
    let text_dir = dir.join("text");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc = Document::new(&text);
        let found = find_attributions(&doc, taggers.0, taggers.1);
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        out.push_str(&polnear_lines(name, &doc, &found));
    }
    print!("{out}");
    Ok(())
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let own: Option<(Tagger, Tagger)> = match &args.weights {
        Some(path) => {
            let mut all = read_weights(&std::fs::read(path)?)?;
            let role = all
                .iter()
                .position(|t| t.name() == "role")
                .map(|k| all.swap_remove(k))
                .ok_or("no role tagger")?;
            let cue = all
                .iter()
                .position(|t| t.name() == "cue")
                .map(|k| all.swap_remove(k))
                .ok_or("no cue tagger")?;
            Some((cue, role))
        }
        None => None,
    };
    let shipped = stancegraph::extract::taggers();
    let taggers = own.as_ref().map_or((&shipped.0, &shipped.1), |(c, r)| (c, r));
    if let Some(dir) = &args.polnear {
        return polnear(dir, taggers);
    }
    let text = std::fs::read_to_string(&args.input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    let graph = match &args.graph {
        Some(path) => Some(Graph::load_json_file(path).map_err(|e| format!("{}: {e}", path.display()))?),
        None => None,
    };
    let mut extractor = Extractor::new();
    if let Some(g) = &graph {
        extractor = extractor.with_graph(g);
    }
    if let Some(d) = &args.date {
        extractor = extractor.with_date(d.parse()?);
    }
    let draft = extractor.draft(&text)?;

    println!(
        "# {} statements, {} actors ({} proposed) from {}",
        draft.dataset.statements.len(),
        draft.dataset.actors.len(),
        draft.dataset.actors.iter().filter(|a| a.proposed).count(),
        args.input.display()
    );
    for line in draft.who_said_what() {
        println!("{line}");
    }
    let others: Vec<_> = draft.attributions.iter().filter(|a| a.statement.is_none()).collect();
    if !others.is_empty() {
        println!("# attributions that are no statement (relays, or no speaker found):");
        for a in others {
            let source = a.source.as_ref().map_or("(no source)", |r| &text[r.clone()]);
            let content = a.content.first().map_or("", |r| &text[r.clone()]);
            let content: String = content.chars().take(80).collect();
            println!("  \u{b6}{} {source} / {} / {content}", a.paragraph, &text[a.cue.clone()]);
        }
    }
    // The draft must pass the one validating builder, as any dataset does.
    draft.dataset.clone().build()?;
    if let Some(out) = &args.out {
        std::fs::write(out, draft.dataset.to_json()).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!(
                "usage: extract_article [ARTICLE.txt] [-o OUT.json] [--date YYYY-MM-DD] [--graph KNOWN.json] [--weights FILE]\n       extract_article --polnear DIR > predictions.jsonl"
            );
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
