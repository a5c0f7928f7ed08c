//! Statement fields guessed from the words of an attribution.
//!
//! - **Kind** from the reporting verb's stem ("accused" → accusation, "warned" →
//!   warning, "denied" → denial ...); a plain "said" is upgraded when the content
//!   itself accuses or protests ("a deliberate provocation").
//! - **Hedge** from modal words in the content: "unlikely" → unlikely; "cannot
//!   rule out", "may", "might", "could", "possibly", "perhaps" → possible;
//!   "likely", "probably" → likely; otherwise asserted.
//! - **Date** from day words in the cue's sentence, or else earlier in its
//!   paragraph: a weekday is the last such day on or before the article's date,
//!   "yesterday" the day before, "today" the day itself, "Dec. 29" that day of the
//!   article's year (of the year before when it would fall after the article).
//! - **Mode**: a quote when at least 95% of the content's words are inside
//!   quotation marks, a paraphrase otherwise.

use std::ops::Range;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use super::features::stem;
use super::text::{Document, TokenKind};
use crate::{Hedge, StatementKind, TextMode};

/// The statement kind a reporting verb (or cue phrase) names.
pub fn kind_of_cue(doc: &Document<'_>, cue: &Range<usize>) -> StatementKind {
    for i in cue.clone() {
        let w = doc.lower(i);
        let k = match stem(w) {
            "accus" | "accuse" | "blam" | "blame" | "charg" | "charge" | "alleg" | "allege" | "condemn"
            | "denounc" | "denounce" | "slam" | "criticiz" | "criticize" | "criticis" | "criticise"
            | "attack" | "lambast" => StatementKind::Accusation,
            "warn" | "threaten" | "caution" => StatementKind::Warning,
            "deni" | "deny" | "dismiss" | "reject" | "refut" | "refute" | "rebuff" => StatementKind::Denial,
            "protest" | "object" => StatementKind::Protest,
            "reassur" | "reassure" | "assur" | "assure" | "calm" => StatementKind::Reassurance,
            "announc" | "announce" | "declar" | "declare" | "confirm" | "unveil" | "report" => {
                StatementKind::Announcement
            }
            "prais" | "praise" | "thank" | "welcom" | "welcome" | "hail" | "applaud" | "congratulat" => {
                StatementKind::Praise
            }
            "urg" | "urge" | "appeal" | "demand" | "call" if w != "called" => StatementKind::Appeal,
            "investigat" | "investigate" | "probe" => StatementKind::Investigation,
            "describ" | "describe" | "assess" | "estimat" | "estimate" | "predict" => {
                StatementKind::Assessment
            }
            _ => continue,
        };
        return k;
    }
    StatementKind::Statement
}

/// A plain statement whose content accuses, protests or warns takes that kind.
pub fn kind_from_content(doc: &Document<'_>, content: &[Range<usize>], kind: StatementKind) -> StatementKind {
    if kind != StatementKind::Statement {
        return kind;
    }
    for r in content {
        for i in r.clone() {
            match stem(doc.lower(i)) {
                "provocation" | "provok" | "provoke" | "aggression" | "aggressive" | "accus" | "blame"
                | "terrorist" | "crime" | "lie" => {
                    return StatementKind::Accusation;
                }
                "protest" => return StatementKind::Protest,
                "warn" | "threat" => return StatementKind::Warning,
                _ => {}
            }
        }
    }
    kind
}

/// The hedge the content's modal words express.
pub fn hedge(doc: &Document<'_>, content: &[Range<usize>]) -> Hedge {
    let words: Vec<&str> = content.iter().flat_map(|r| r.clone()).map(|i| doc.lower(i)).collect();
    let has = |w: &str| words.contains(&w);
    if has("unlikely") || has("improbable") {
        return Hedge::Unlikely;
    }
    let rule_out = words.windows(2).any(|p| p == ["rule", "out"]);
    if rule_out
        && words.iter().any(|w| matches!(*w, "not" | "cannot" | "can't" | "couldn't" | "won't" | "n't"))
    {
        return Hedge::Possible;
    }
    if has("likely") || has("probably") || has("probable") {
        return Hedge::Likely;
    }
    if ["may", "might", "could", "possibly", "perhaps", "possible", "maybe"].iter().any(|w| has(w)) {
        return Hedge::Possible;
    }
    Hedge::Asserted
}

/// Quote when most of the content's words are inside quotation marks.
pub fn mode(doc: &Document<'_>, content: &[Range<usize>]) -> TextMode {
    let (mut quoted, mut all) = (0usize, 0usize);
    for i in content.iter().flat_map(|r| r.clone()) {
        let t = &doc.tokens()[i];
        if matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            all += 1;
            quoted += usize::from(t.in_quote);
        }
    }
    if all > 0 && quoted * 20 >= all * 19 { TextMode::Quote } else { TextMode::Paraphrase }
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// The month a word names (full or abbreviated).
pub fn month(lower: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if lower.len() < 3 {
        return None;
    }
    if lower == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == lower || (lower.len() == 3 && m.starts_with(lower))).map(|k| k as i8 + 1)
}

/// The date a day word at token `i` names, relative to the article's `date`.
fn day_at(doc: &Document<'_>, i: usize, date: Date) -> Option<Date> {
    let w = doc.lower(i);
    if let Some((_, wd)) = WEEKDAYS.iter().find(|(name, _)| *name == w) {
        let back = (date.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7);
        return date.checked_sub(i64::from(back).days()).ok();
    }
    match w {
        "yesterday" => return date.checked_sub(1.day()).ok(),
        "today" | "tonight" => return Some(date),
        _ => {}
    }
    let m = month(w)?;
    // "Dec. 29" / "December 29": a day number follows (after an optional full stop).
    let mut j = i + 1;
    if j < doc.tokens().len() && doc.word(j) == "." {
        j += 1;
    }
    let day: i8 =
        doc.tokens().get(j).filter(|t| t.kind == TokenKind::Number).and_then(|_| doc.word(j).parse().ok())?;
    let d = Date::new(date.year(), m, day).ok()?;
    if d > date { Date::new(date.year() - 1, m, day).ok() } else { Some(d) }
}

const DATE_REACH: usize = 200;

/// The day a statement was made: a day word in the cue's sentence outside the content
/// ("On Friday, X said", "X said on Friday"); else the last "on DAY" earlier in the
/// paragraph; else the article's date. Day words inside the content ("could leave on
/// Monday") say when something happens, not when it was said.
pub fn statement_date(
    doc: &Document<'_>,
    sentence: usize,
    cue: &Range<usize>,
    content: &[Range<usize>],
    article: Date,
) -> Date {
    let Some(s) = doc.sentences().get(sentence) else { return article };
    let paragraph = doc.paragraphs().get(doc.paragraph_of(cue.start)).map_or(s.start, |p| p.start);
    let outside = |i: usize| !content.iter().any(|r| r.contains(&i));
    let after_on = |i: usize| i > 0 && doc.lower(i - 1) == "on";
    // Scans are bounded (DATE_REACH tokens) so that a giant paragraph stays linear.
    let lo = s.start.max(cue.start.saturating_sub(DATE_REACH));
    let hi = s.end.min(cue.end + DATE_REACH);
    let found = (lo..hi).filter(|&i| outside(i)).find_map(|i| day_at(doc, i, article)).or_else(|| {
        (paragraph.max(lo.saturating_sub(DATE_REACH))..lo)
            .rev()
            .filter(|&i| after_on(i))
            .find_map(|i| day_at(doc, i, article))
    });
    found.unwrap_or(article)
}

/// "told reporters" → "reporters": the words after "told" within the cue.
pub fn audience(doc: &Document<'_>, cue: &Range<usize>) -> Option<String> {
    let told = cue.clone().position(|i| matches!(doc.lower(i), "told" | "telling" | "tells"))? + cue.start;
    let rest: Vec<&str> = (told + 1..cue.end)
        .filter(|&i| doc.tokens()[i].kind == TokenKind::Word)
        .map(|i| doc.word(i))
        .collect();
    (!rest.is_empty()).then(|| rest.join(" "))
}

/// Short quoted phrases (one to four words) inside a paraphrase: the speaker's framing.
pub fn framing(doc: &Document<'_>, content: &[Range<usize>]) -> Vec<String> {
    let mut out = Vec::new();
    for r in content {
        let mut open: Option<usize> = None;
        for i in r.clone() {
            match doc.tokens()[i].kind {
                TokenKind::OpenQuote => open = Some(i + 1),
                TokenKind::CloseQuote => {
                    if let Some(s) = open.take() {
                        let words = (s..i).filter(|&k| doc.tokens()[k].kind == TokenKind::Word).count();
                        if (1..=4).contains(&words) {
                            let tag = doc.slice(s..i).trim_end_matches(['.', ',', ';', ':']).to_lowercase();
                            if !out.contains(&tag) {
                                out.push(tag);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}
