//! The draft: attributions turned into actors and statements of a `stancegraph/1` dataset.
//!
//! Steps, each over the plain data of the previous ones:
//! 1. the article's **header** (headline = paragraph 0; byline "By …", a date line and
//!    a publisher line are read into the source; the first body paragraph is 1);
//! 2. **nested reporting**: when an attribution's cue lies inside the content of an
//!    outer one whose cue relays ("quoted", "reported", "cited", "carried") or whose
//!    speaker is an outlet, the inner speaker speaks and the outer one joins its `via`
//!    chain, nearest the reader first; the outer attribution is not a statement;
//! 3. **speakers** through [`Entities`]: resolved to an existing graph's actor when
//!    one of the entity's names, forms or gazetteer names resolves there, else a new
//!    actor marked `proposed`;
//! 4. **fields** (see [`fields`](super::fields)), a citation with the paragraph number
//!    and the first words of the content exactly as printed, and **stances**: an
//!    accusation, protest or warning proposes −0.6/−0.6/−0.5 toward each actor the
//!    content names (praise +0.6), never toward the speaker or its own state.
//!
//! Every statement and every new actor is marked `proposed`; existing actors copied
//! from the graph are not, so the draft merges with that graph (same key, same fields).

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;

use super::attribution::Found;
use super::features::stem;
use super::fields;
use super::lexicon::gazetteer;
use super::speakers::Entities;
use super::text::{Document, TokenKind};
use crate::model::{Actor, Citation, Dataset, PartialDate, Source, Statement, Target};
use crate::{ActorKind, Graph, StatementKind};

/// What the header of an article says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The headline (paragraph 0).
    pub title: String,
    /// The byline without "By".
    pub author: Option<String>,
    /// The publisher line.
    pub publisher: Option<String>,
    /// The date line.
    pub date: Option<Date>,
    /// Index of the first body paragraph in [`Document::paragraphs`].
    pub body_start: usize,
}

/// Reads the header: the first paragraph is the headline; short lines after it without a
/// final full stop are a byline ("By …"), a date or the publisher.
pub fn header(doc: &Document<'_>) -> Header {
    let paragraphs = doc.paragraphs();
    let mut h = Header { body_start: 1.min(paragraphs.len()), ..Header::default() };
    let Some(first) = paragraphs.first() else { return h };
    h.title = doc.slice(first.clone()).to_owned();
    for (k, p) in paragraphs.iter().enumerate().skip(1) {
        let words = p.clone().filter(|&i| doc.tokens()[i].kind == TokenKind::Word).count();
        let last = doc.word(p.end - 1);
        if words > 10
            || (matches!(last, "." | "!" | "?" | "\u{201d}" | "\"") && parse_date(doc, p.clone()).is_none())
        {
            break;
        }
        let text = doc.slice(p.clone());
        if let Some(author) = text.strip_prefix("By ").or_else(|| text.strip_prefix("by ")) {
            h.author = Some(author.trim().to_owned());
        } else if let Some(d) = parse_date(doc, p.clone()) {
            h.date = Some(d);
        } else if h.publisher.is_none() {
            h.publisher = Some(text.trim().to_owned());
        } else {
            break;
        }
        h.body_start = k + 1;
    }
    h
}

/// A date written as "Dec. 30, 2022", "December 30, 2022", "30 December 2022" or "2022-12-30".
fn parse_date(doc: &Document<'_>, r: Range<usize>) -> Option<Date> {
    let text = doc.slice(r.clone());
    if let Ok(d) = text.trim().parse::<Date>() {
        return Some(d);
    }
    let words: Vec<usize> = r.filter(|&i| doc.tokens()[i].kind != TokenKind::Punct).collect();
    if words.len() != 3 {
        return None;
    }
    let num = |i: usize| doc.word(i).parse::<i16>().ok();
    let (m, d, y) = if let Some(m) = fields::month(doc.lower(words[0])) {
        (m, num(words[1])?, num(words[2])?)
    } else {
        (fields::month(doc.lower(words[1]))?, num(words[0])?, num(words[2])?)
    };
    Date::new(y, m, i8::try_from(d).ok()?).ok()
}

/// One attribution of a draft, with byte spans into the text and what it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The source mention ("he", "the ministry"); `None` when the text names none.
    pub source: Option<Range<usize>>,
    /// The cue.
    pub cue: Range<usize>,
    /// The content, in one or more pieces.
    pub content: Vec<Range<usize>>,
    /// The paragraph number (0 = headline, 1 = first body paragraph).
    pub paragraph: u32,
    /// The key of the actor who speaks, when resolved.
    pub speaker: Option<String>,
    /// The key of the outlets that carried it, nearest the reader first.
    pub via: Vec<String>,
    /// The key of the statement made from it (`None`: an outer relay, or no speaker).
    pub statement: Option<String>,
}

/// Lower-case ASCII key text: letters and digits, other runs as one hyphen.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à'..='å' => 'a',
            'è'..='ë' => 'e',
            'ì'..='ï' => 'i',
            'ò'..='ö' => 'o',
            'ù'..='ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn unique(key: String, taken: &mut HashMap<String, usize>) -> String {
    let key = if key.is_empty() { "item".to_owned() } else { key };
    let n = taken.entry(key.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { key } else { format!("{key}-{n}") }
}

const RELAY: &[&str] =
    &["quot", "quote", "report", "cit", "cite", "carri", "carry", "broadcast", "publish", "air"];

/// Everything the draft builder needs to know besides the text.
pub(crate) struct Setting<'g> {
    pub graph: Option<&'g Graph>,
    pub date: Date,
    pub source: Source,
    pub body_start: usize,
}

/// The longest outlet chain followed from a statement to the relays that carried it.
const MAX_RELAY_HOPS: usize = 8;

/// Builds the dataset from the found attributions.
pub(crate) fn build(
    doc: &Document<'_>,
    found: &[Found],
    setting: Setting<'_>,
) -> (Dataset, Vec<Attribution>) {
    let mut entities = Entities::find(doc);
    let paragraph_number = |token: usize| -> u32 {
        let p = doc.paragraph_of(token);
        if p == 0 { 0 } else { (p + 1).saturating_sub(setting.body_start) as u32 }
    };
    // Speakers.
    let speakers: Vec<Option<usize>> =
        found.iter().map(|f| f.source.as_ref().and_then(|s| entities.resolve(doc, s))).collect();
    // Nested reporting: inner attribution → outer relays.
    let mut relayed_by: Vec<Option<usize>> = vec![None; found.len()];
    let mut is_relay = vec![false; found.len()];
    // Found attributions come in cue order and content lies within ROLE_REACH tokens of its
    // cue, so only neighbours within twice that can nest: linear, not quadratic.
    let reach = 2 * super::features::ROLE_REACH + 8;
    for (b, inner) in found.iter().enumerate() {
        let from = found.partition_point(|f| f.cue.start + reach < inner.cue.start);
        for (a, outer) in found.iter().enumerate().skip(from) {
            if outer.cue.start > inner.cue.start + reach {
                break;
            }
            if a == b || !outer.content.iter().any(|r| r.contains(&inner.cue.start)) {
                continue;
            }
            let relays = outer.cue.clone().any(|i| RELAY.contains(&stem(doc.lower(i))))
                || speakers[a].is_some_and(|e| entities.entities[e].kind == ActorKind::Media);
            if relays && speakers[a].is_some() {
                relayed_by[b] = Some(a);
                is_relay[a] = true;
            }
        }
    }
    // Actors: one per entity used, resolved to the graph when possible.
    let mut actor_keys: HashMap<usize, String> = HashMap::new();
    let mut actors: Vec<Actor> = Vec::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    if let Some(g) = setting.graph {
        for a in g.actors() {
            taken.insert(a.key().to_owned(), 1);
        }
    }
    let mut copied: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut actor_for = |e: usize, entities: &Entities, actors: &mut Vec<Actor>| -> String {
        if let Some(k) = actor_keys.get(&e) {
            return k.clone();
        }
        let ent = &entities.entities[e];
        let cite = Citation::new(setting.source.key.clone())
            .paragraph(paragraph_number(doc.tokens().partition_point(|t| t.start < ent.first_seen)));
        let existing = setting.graph.and_then(|g| resolve_in(g, ent));
        let key = match existing {
            Some((key, actor)) => {
                if copied.insert(key.clone()) {
                    actors.push(actor);
                }
                key
            }
            None => {
                let key = unique(slug(&ent.name), &mut taken);
                let mut actor =
                    Actor::new(key.clone(), ent.name.clone(), ent.kind).with_proposed(true).cite(cite);
                for f in &ent.forms {
                    if *f != ent.name && !actor.aliases.contains(f) && f.len() < 80 {
                        actor.aliases.push(f.clone());
                    }
                }
                actors.push(actor);
                key
            }
        };
        actor_keys.insert(e, key.clone());
        key
    };
    // Statements.
    let mut statements: Vec<Statement> = Vec::new();
    let mut attributions = Vec::with_capacity(found.len());
    let mut statement_keys: HashMap<String, usize> = HashMap::new();
    let mut per_day: HashMap<PartialDate, u32> = HashMap::new();
    for (k, f) in found.iter().enumerate() {
        let spans = |r: &Range<usize>| doc.tokens()[r.start].start..doc.tokens()[r.end - 1].end;
        let mut att = Attribution {
            source: f.source.as_ref().map(spans),
            cue: spans(&f.cue),
            content: f.content.iter().map(spans).collect(),
            paragraph: paragraph_number(f.cue.start),
            speaker: None,
            via: Vec::new(),
            statement: None,
        };
        let Some(speaker) = speakers[k] else {
            attributions.push(att);
            continue;
        };
        let speaker_key = actor_for(speaker, &entities, &mut actors);
        att.speaker = Some(speaker_key.clone());
        let mut chain = Vec::new();
        // Relays can point at each other (each quoting the other's words), so the walk
        // is bounded by hops, not by the chain it collects.
        let mut at = relayed_by[k];
        let mut hops = 0;
        while let Some(a) = at {
            hops += 1;
            if hops > MAX_RELAY_HOPS {
                break;
            }
            if let Some(e) = speakers[a] {
                let key = actor_for(e, &entities, &mut actors);
                if key != speaker_key && !chain.contains(&key) {
                    chain.push(key);
                }
            }
            at = relayed_by[a];
        }
        att.via = chain.clone();
        if is_relay[k] {
            attributions.push(att);
            continue;
        }
        let date = PartialDate::from_civil(fields::statement_date(
            doc,
            f.sentence,
            &f.cue,
            &f.content,
            setting.date,
        ))
        .or_else(|_| PartialDate::from_civil(setting.date));
        let Ok(date) = date else {
            attributions.push(att);
            continue;
        };
        let mode = fields::mode(doc, &f.content);
        let text = content_text(doc, &f.content, mode == crate::TextMode::Quote);
        if text.is_empty() {
            attributions.push(att);
            continue;
        }
        let first_words: Vec<&str> = text.split_whitespace().take(4).collect();
        let key = unique(format!("{}-{}", speaker_key, slug(&first_words.join(" "))), &mut statement_keys);
        let kind = fields::kind_from_content(doc, &f.content, fields::kind_of_cue(doc, &f.cue));
        let order = per_day.entry(date).or_insert(0);
        let mut st = Statement::new(key.clone(), speaker_key.clone(), date)
            .with_kind(kind)
            .with_hedge(fields::hedge(doc, &f.content))
            .with_order(*order)
            .with_proposed(true)
            .cite(cite_content(&setting.source.key, att.paragraph, &excerpt(doc, &f.content)));
        *order += 1;
        st = if mode == crate::TextMode::Quote { st.quote(text) } else { st.paraphrase(text) };
        if let Some(a) = fields::audience(doc, &f.cue) {
            st = st.with_audience(a);
        }
        if mode == crate::TextMode::Paraphrase {
            for tag in fields::framing(doc, &f.content) {
                st = st.framing(tag);
            }
        }
        for v in chain {
            st = st.via(v);
        }
        let stance = match kind {
            StatementKind::Accusation | StatementKind::Protest => Some(-0.6),
            StatementKind::Warning => Some(-0.5),
            StatementKind::Praise => Some(0.6),
            _ => None,
        };
        if let Some(stance) = stance {
            let own_state = entities.entities[speaker].state.clone();
            let mut targets: Vec<String> = Vec::new();
            for r in &f.content {
                for e in entities.named_in(r) {
                    let ent = &entities.entities[e];
                    let own = e == speaker
                        || (ent.kind == ActorKind::State && own_state.as_deref() == Some(ent.name.as_str()));
                    if own
                        || matches!(ent.kind, ActorKind::Media | ActorKind::AnalystGroup | ActorKind::Region)
                    {
                        continue;
                    }
                    let t = actor_for(e, &entities, &mut actors);
                    if t != speaker_key && !targets.contains(&t) {
                        targets.push(t);
                    }
                }
            }
            for t in targets {
                st = st.target(Target::new(t, stance));
            }
        }
        att.statement = Some(key);
        statements.push(st);
        attributions.push(att);
    }
    let mut dataset = Dataset::default();
    dataset.sources.push(setting.source);
    dataset.actors = actors;
    dataset.statements = statements;
    (dataset, attributions)
}

/// The existing actor an entity names, by any of its names (and, for a state, the
/// gazetteer's names; for a person, the surname alone).
fn resolve_in(graph: &Graph, e: &super::speakers::Entity) -> Option<(String, Actor)> {
    let mut names: Vec<String> = vec![e.name.clone()];
    names.extend(e.forms.iter().cloned());
    if e.from_gazetteer
        && let Some(p) = gazetteer().by_name(&e.name)
    {
        names.extend(p.other_names.iter().cloned());
    }
    if e.kind == ActorKind::Person
        && let Some(last) = e.name.split_whitespace().last()
    {
        names.push(last.to_owned());
    }
    for n in names {
        if let Ok(a) = graph.resolve(&n) {
            // The same fields as the graph's actor, so the draft merges with it.
            let actor = a.to_data();
            return Some((a.key().to_owned(), actor));
        }
    }
    None
}

/// The content as text: its pieces joined, outer quotation marks and trailing commas dropped.
fn content_text(doc: &Document<'_>, content: &[Range<usize>], quote: bool) -> String {
    let mut parts = Vec::new();
    for r in content {
        let mut r = r.clone();
        while r.start < r.end
            && (matches!(doc.tokens()[r.start].kind, TokenKind::OpenQuote | TokenKind::CloseQuote)
                || matches!(doc.word(r.start), "," | ":"))
        {
            r.start += 1;
        }
        while r.end > r.start
            && (matches!(doc.tokens()[r.end - 1].kind, TokenKind::OpenQuote | TokenKind::CloseQuote)
                || matches!(doc.word(r.end - 1), "," | ":"))
        {
            r.end -= 1;
        }
        if quote && r.start > 0 && doc.tokens()[r.start - 1].kind != TokenKind::OpenQuote {
            // keep as printed
        }
        let s = doc.slice(r).split_whitespace().collect::<Vec<_>>().join(" ");
        if !s.is_empty() {
            parts.push(s);
        }
    }
    let joiner = if quote { " … " } else { " " };
    parts.join(joiner)
}

fn cite_content(source: &str, paragraph: u32, excerpt: &str) -> Citation {
    let c = Citation::new(source).paragraph(paragraph);
    if crate::build::is_blank(excerpt) { c } else { c.quote(excerpt) }
}

/// The first words of the content exactly as printed (at most twelve words), for the citation.
fn excerpt(doc: &Document<'_>, content: &[Range<usize>]) -> String {
    let is_word = |i: usize| matches!(doc.tokens()[i].kind, TokenKind::Word | TokenKind::Number);
    let Some(r) = content.iter().find(|r| (**r).clone().any(&is_word)) else { return String::new() };
    let mut start = r.start;
    while start < r.end
        && doc.tokens()[start].kind != TokenKind::Word
        && doc.tokens()[start].kind != TokenKind::Number
    {
        start += 1;
    }
    let mut words = 0;
    let mut end = start;
    while end < r.end && words < 12 {
        if matches!(doc.tokens()[end].kind, TokenKind::Word | TokenKind::Number) {
            words += 1;
        }
        end += 1;
    }
    doc.slice(start..end).to_owned()
}
