//! Reading the PolNeAR corpus (brat standoff) for the learner and the checks.
//!
//! Shared by `examples/train_extractor.rs` and `tests/extract_polnear.rs` through
//! `#[path]`; it is not part of the library, which never reads the corpus.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One gold attribution, as byte spans into the document text.
#[derive(Debug, Clone, Default)]
pub struct GoldAttribution {
    pub source: Vec<(usize, usize)>,
    pub cue: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
}

/// One article with its gold attributions.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub name: String,
    pub text: String,
    pub attributions: Vec<GoldAttribution>,
}

/// The article names of `dir/text/*.txt`, sorted.
pub fn names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir.join("text"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            names.push(stem.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Byte offset of each character offset (plus the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

/// Reads one article and its annotations (an article without `.ann` has none).
pub fn read_doc(dir: &Path, name: &str) -> std::io::Result<GoldDoc> {
    let text = std::fs::read_to_string(dir.join("text").join(format!("{name}.txt")))?;
    let ann_path: PathBuf = dir.join("attributions").join(format!("{name}.ann"));
    let ann = std::fs::read_to_string(&ann_path).unwrap_or_default();
    let map = char_to_byte(&text);
    let byte = |c: usize| map.get(c).copied().unwrap_or(text.len());
    let mut spans = std::collections::HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut parts = line.split('\t');
        let (Some(id), Some(info)) = (parts.next(), parts.next()) else { continue };
        if id.starts_with('T') && id[1..].chars().all(|c| c.is_ascii_digit()) {
            let Some((label, offsets)) = info.split_once(' ') else { continue };
            let mut frags = Vec::new();
            for frag in offsets.split(';') {
                let mut it = frag.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                if let (Some(s), Some(e)) = (it.next(), it.next()) {
                    frags.push((byte(s), byte(e)));
                }
            }
            spans.insert(id.to_owned(), (label.to_owned(), frags));
        } else if id.starts_with('E') {
            events.push(info.split_whitespace().map(str::to_owned).collect::<Vec<_>>());
        }
    }
    let mut attributions = Vec::new();
    for roles in events {
        let mut a = GoldAttribution::default();
        for r in roles {
            let Some((role, tid)) = r.split_once(':') else { continue };
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit()).to_ascii_lowercase();
            let Some((_, frags)) = spans.get(tid) else { continue };
            match role.as_str() {
                "source" => a.source.extend(frags),
                "cue" => a.cue.extend(frags),
                "content" => a.content.extend(frags),
                _ => {}
            }
        }
        if !a.content.is_empty() {
            attributions.push(a);
        }
    }
    Ok(GoldDoc { name: name.to_owned(), text, attributions })
}

/// Whether token bytes `[s, e)` overlap any of `spans`.
pub fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    spans.iter().any(|&(a, b)| s < b && a < e)
}

/// The crate's `../shared` folder.
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("shared")
}
