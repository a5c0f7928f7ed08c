//! Extracts who said what from a news article (dev scaffold, grows into the full example).

use std::path::PathBuf;

use stancegraph::extract::{Document, Tagger, find_attributions, polnear_lines, read_weights};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let weights: Option<(Tagger, Tagger)> = match args.iter().position(|a| a == "--weights") {
        Some(k) => {
            let mut all = read_weights(&std::fs::read(&args[k + 1])?)?;
            let role = all.pop().ok_or("no role tagger")?;
            let cue = all.pop().ok_or("no cue tagger")?;
            Some((cue, role))
        }
        None => None,
    };
    let (cue, role) = match &weights {
        Some((c, r)) => (c, r),
        None => {
            let t = stancegraph::extract::taggers();
            (&t.0, &t.1)
        }
    };
    if let Some(k) = args.iter().position(|a| a == "--polnear") {
        let dir = PathBuf::from(&args[k + 1]);
        let mut names: Vec<_> = std::fs::read_dir(dir.join("text"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        let mut out = String::new();
        for path in names {
            let text = std::fs::read_to_string(&path)?;
            let doc = Document::new(&text);
            let found = find_attributions(&doc, cue, role);
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            out.push_str(&polnear_lines(name, &doc, &found));
        }
        print!("{out}");
    }
    Ok(())
}
