//! "Did you mean": the nearest keys, names or aliases to one that matched nothing.
//!
//! Two forms are *near* when, after folding (lower case, `-` and `_` read as spaces,
//! runs of spaces as one, a leading "the" dropped), they are equal, one is a whole
//! word of the other (`vasca` in `ione vasca`), or their optimal
//! string alignment distance (edits, adjacent swaps counting one; strsim's
//! `osa_distance`) is at most a quarter of the longer form's length, 1 to 3 edits
//! (`Zelenskyy` → `Zelensky`, `the Palace` → `palace`).
//!
//! Suggestions are computed only when an error is reported, never while loading or
//! querying valid data, and are bounded: at most [`MAX_SUGGESTIONS`] per error, and
//! a loader computes them for its first [`MAX_SUGGESTED_ERRORS`] unknown keys only
//! (each is a scan of the candidates).

use crate::error::Clipped;

/// Forms longer than this (in characters) are compared whole, not by edit distance.
const MAX_EDITED_CHARS: usize = 128;

/// Most suggestions one error carries.
pub(crate) const MAX_SUGGESTIONS: usize = 3;

/// Most unknown keys of one build or import that get suggestions.
pub(crate) const MAX_SUGGESTED_ERRORS: usize = 16;

/// The folded form compared: lower case, `-` and `_` as spaces, single spaces, no
/// leading "the".
pub(crate) fn fold(text: &str) -> String {
    let lower = text.to_lowercase().replace(['-', '_'], " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// How near `candidate` (folded) is to `query` (folded): smaller is nearer, `None`
/// when not near at all.
fn distance(query: &str, candidate: &str) -> Option<usize> {
    if query == candidate {
        return Some(0);
    }
    let (q, c) = (query.chars().count(), candidate.chars().count());
    let limit = (q.max(c) / 4).clamp(1, 3);
    // The edit distance costs q·c: a megabyte key must not make an error take hours.
    if q.abs_diff(c) <= limit && q <= MAX_EDITED_CHARS {
        let d = strsim::osa_distance(query, candidate);
        if d <= limit {
            return Some(d);
        }
    }
    // A whole word of a longer name ("vasca" for "Ione Vasca").
    let word_of = |short: &str, long: &str| short.len() >= 3 && long.split(' ').any(|w| w == short);
    (word_of(query, candidate) || word_of(candidate, query)).then_some(limit + 1)
}

/// Collects the nearest candidates to one query.
pub(crate) struct Nearest {
    query: String,
    /// (distance, order seen, suggestion).
    found: Vec<(usize, usize, String)>,
    seen: usize,
}

impl Nearest {
    /// Starts a search for forms near `query`.
    pub(crate) fn new(query: &str) -> Self {
        Nearest { query: fold(query), found: Vec::new(), seen: 0 }
    }

    /// Considers `form` (a key, name or alias); `suggest` is what to propose for it
    /// (the key, or the form itself).
    pub(crate) fn offer(&mut self, form: &str, suggest: impl FnOnce() -> String) {
        self.seen += 1;
        if self.query.is_empty() {
            return;
        }
        if let Some(d) = distance(&self.query, &fold(form)) {
            self.found.push((d, self.seen, suggest()));
        }
    }

    /// The nearest suggestions, nearest first (ties in the order offered), each once,
    /// at most [`MAX_SUGGESTIONS`]; never `original` itself.
    pub(crate) fn finish(mut self, original: &str) -> Vec<String> {
        self.found.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, s) in self.found {
            if s != original && !out.contains(&s) {
                out.push(s);
                if out.len() == MAX_SUGGESTIONS {
                    break;
                }
            }
        }
        out
    }
}

/// ` (did you mean `a` or `b`?)`, or nothing when there is no suggestion; each
/// suggestion clipped as error values are.
pub(crate) fn hint(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!(" (did you mean `{}`?)", Clipped::new(one)),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| format!("`{}`", Clipped::new(s))).collect();
            format!(" (did you mean {} or `{}`?)", init.join(", "), Clipped::new(last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest(query: &str, forms: &[&str]) -> Vec<String> {
        let mut n = Nearest::new(query);
        for f in forms {
            n.offer(f, || (*f).to_owned());
        }
        n.finish(query)
    }

    #[test]
    fn folds_case_spacing_dashes_and_a_leading_the() {
        assert_eq!(fold("  The   Palace "), "palace");
        assert_eq!(fold("atlantis-mod"), "atlantis mod");
        assert_eq!(fold("the"), "the");
    }

    #[test]
    fn finds_small_edits_and_words_nearest_first() {
        assert_eq!(nearest("Zelenskyy", &["vasca", "zelensky", "Volodymyr Zelensky"]), ["zelensky"]);
        assert_eq!(nearest("the Palace", &["palace", "Palace"]), ["palace", "Palace"]);
        assert_eq!(nearest("Lemuria", &["lemuria", "lemuria-mod"]), ["lemuria", "lemuria-mod"]);
        assert_eq!(nearest("vasca", &["Ione Vasca"]), ["Ione Vasca"]);
        assert!(nearest("Atlantis", &["lemuria", "hyperborea"]).is_empty());
        assert_eq!(hint(&["a".into(), "b".into(), "c".into()]), " (did you mean `a`, `b` or `c`?)");
    }
}
