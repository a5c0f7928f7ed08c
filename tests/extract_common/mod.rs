//! Helpers for the extraction tests that read `../shared/` (the seed article, PolNeAR).

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/REL` when it exists. When it is missing, panics under CI (the `CI`
/// environment variable set), where `../shared/` is always laid out, and otherwise
/// returns `None` after saying why the test skips.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI must have ../shared", path.display());
    }
    eprintln!("skipping: {} is missing (set CI to make this a failure)", path.display());
    None
}

/// Lower-case words (letters and digits runs), for comparing texts.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}
