//! Word lists the extractor consults: the world gazetteer and the nouns that say
//! what kind of actor a phrase names.
//!
//! The gazetteer (`gazetteer.tsv`, loaded with `include_str!`) lists states with
//! their adjectives and capitals, international organisations and a few seats of
//! government, so that "Paris" or "the French side" can be tied to a state and
//! "Germany’s ministry" named after its state. It is general world knowledge, the
//! same for every incident.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::ActorKind;

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// What it is.
    pub kind: ActorKind,
    /// Its usual English name.
    pub name: String,
    /// Adjectives ("French").
    pub adjectives: Vec<String>,
    /// Capitals and other names that stand for it ("Paris", "U.S.").
    pub other_names: Vec<String>,
}

/// The gazetteer with look-ups by lower-case name and adjective.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, usize>,
    by_adjective: HashMap<String, usize>,
    longest: usize,
}

impl Gazetteer {
    /// Parses the tab-separated format of `gazetteer.tsv` (lines starting `#` are comments).
    pub fn parse(text: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let kind = match cols.first().copied() {
                Some("state") => ActorKind::State,
                Some("government") => ActorKind::Government,
                Some("ministry") => ActorKind::Ministry,
                Some("international_organization") => ActorKind::InternationalOrganization,
                _ => continue,
            };
            let list = |k: usize| -> Vec<String> {
                cols.get(k)
                    .map(|c| {
                        c.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
                    })
                    .unwrap_or_default()
            };
            let Some(name) = cols.get(1).map(|s| s.trim().to_owned()) else { continue };
            let place = Place { kind, name, adjectives: list(2), other_names: list(3) };
            let k = g.places.len();
            for form in std::iter::once(&place.name).chain(&place.other_names) {
                g.longest = g.longest.max(form.split_whitespace().count());
                g.by_name.entry(form.to_lowercase()).or_insert(k);
            }
            for a in &place.adjectives {
                g.by_adjective.entry(a.to_lowercase()).or_insert(k);
            }
            g.places.push(place);
        }
        g
    }

    /// The entry named `name` (any case; a name, capital or other name).
    pub fn by_name(&self, name: &str) -> Option<&Place> {
        self.by_name.get(&name.to_lowercase()).map(|&k| &self.places[k])
    }

    /// The entry whose adjective is `word` (any case).
    pub fn by_adjective(&self, word: &str) -> Option<&Place> {
        self.by_adjective.get(&word.to_lowercase()).map(|&k| &self.places[k])
    }

    /// The most words any name has.
    pub fn longest_name(&self) -> usize {
        self.longest
    }

    /// Every entry.
    pub fn places(&self) -> &[Place] {
        &self.places
    }
}

/// The shipped gazetteer, parsed once.
pub fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::parse(include_str!("gazetteer.tsv")))
}

/// Honorifics that mark the next name as a person's.
pub const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam"];

/// Title words that precede a person's name ("Foreign Minister", "Gen.") and role nouns
/// that stand for a person ("the spokesman", "the NATO chief").
pub const PERSON_ROLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "head",
    "leader",
    "ambassador",
    "envoy",
    "official",
    "commander",
    "general",
    "gen",
    "adviser",
    "advisor",
    "aide",
    "chancellor",
    "premier",
    "governor",
    "gov",
    "senator",
    "sen",
    "rep",
    "representative",
    "mayor",
    "prince",
    "king",
    "queen",
    "pope",
    "commissar",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "deputy",
    "colonel",
    "col",
    "lt",
    "lieutenant",
    "major",
    "captain",
    "capt",
    "admiral",
    "adm",
    "sergeant",
    "prosecutor",
    "judge",
    "justice",
    "lawmaker",
    "legislator",
    "diplomat",
    "negotiator",
    "analyst",
    "expert",
    "professor",
    "prof",
    "lawyer",
    "attorney",
    "candidate",
    "nominee",
    "founder",
    "ceo",
    "executive",
    "manager",
    "economist",
    "researcher",
    "scientist",
    "correspondent",
    "reporter",
    "editor",
    "writer",
    "author",
    "pastor",
    "bishop",
    "cardinal",
    "rabbi",
    "imam",
    "sheikh",
    "emir",
    "sultan",
    "ayatollah",
    "vice",
    "prime",
    "foreign",
    "defense",
    "defence",
    "interior",
    "finance",
    "state",
    "press",
    "first",
    "lady",
    "emperor",
    "councillor",
    "councilor",
    "congressman",
    "congresswoman",
    "activist",
    "resident",
    "witness",
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "friend",
    "man",
    "woman",
    "host",
    "strategist",
    "pollster",
    "consultant",
    "campaigner",
    "director-general",
    "secretary-general",
    "commissioner",
];

/// The kind a noun names when it heads a phrase ("the ministry", "Defense Ministry").
pub fn kind_of_noun(lower: &str) -> Option<ActorKind> {
    Some(match lower {
        "ministry" | "department" | "agency" | "service" | "services" | "office" | "directorate"
        | "bureau" | "inspectorate" | "pentagon" => ActorKind::Ministry,
        "army" | "forces" | "military" | "navy" | "command" | "guard" | "troops" | "militia" | "brigade"
        | "battalion" | "corps" | "staff" => ActorKind::Military,
        "council" | "commission" | "committee" => ActorKind::Council,
        "government" | "cabinet" | "presidency" | "administration" | "authorities" | "regime"
        | "parliament" | "legislature" | "senate" | "congress" | "assembly" | "side" => ActorKind::Government,
        "media" | "newswire" | "newspaper" | "broadcaster" | "outlet" | "news" | "times" | "post"
        | "journal" | "radio" | "tv" | "television" | "press" | "tribune" | "gazette" | "herald"
        | "telegraph" | "daily" | "network" | "channel" | "wire" | "magazine" | "reuters" | "tass"
        | "ria" | "xinhua" | "bbc" | "cnn" | "afp" | "ap" => ActorKind::Media,
        "analysts" | "experts" | "observers" | "think-tank" | "institute" | "researchers" | "economists" => {
            ActorKind::AnalystGroup
        }
        "region" | "province" | "state" | "city" | "oblast" | "district" | "county" | "prefecture" => {
            ActorKind::Region
        }
        "country" | "nation" | "republic" | "kingdom" => ActorKind::State,
        "party" | "union" | "association" | "foundation" | "company" | "group" | "bank" | "court"
        | "campaign" | "organization" | "organisation" | "officials" | "residents" | "diplomats"
        | "people" | "protesters" | "voters" | "lawmakers" | "rebels" | "separatists" | "movement"
        | "coalition" | "alliance" | "firm" | "corporation" | "university" | "center" | "centre"
        | "embassy" | "mission" | "delegation" => ActorKind::Organization,
        _ if PERSON_ROLES.contains(&lower) => ActorKind::Person,
        _ => return None,
    })
}

/// Pronouns that can be the source of an attribution, with the kind of antecedent they want.
pub fn pronoun(lower: &str) -> Option<Pronoun> {
    Some(match lower {
        "he" | "him" | "his" | "she" | "her" | "hers" | "i" | "me" | "my" => Pronoun::Person,
        "it" | "its" => Pronoun::Thing,
        "they" | "them" | "their" | "we" | "us" | "our" => Pronoun::Group,
        "who" | "whom" | "whose" | "which" | "that" => Pronoun::Relative,
        _ => return None,
    })
}

/// What a pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// He, she: the last person.
    Person,
    /// It: the last body or state.
    Thing,
    /// They, we: the last body, state or group (or person, failing those).
    Group,
    /// Who, which: the nearest mention before it in its sentence.
    Relative,
}

/// Words that start a sentence but do not start a name.
pub const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "after",
    "before",
    "later",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "also",
    "still",
    "as",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "so",
    "yet",
    "since",
    "though",
    "although",
    "because",
    "meanwhile",
    "however",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "some",
    "many",
    "most",
    "all",
    "no",
    "not",
    "one",
    "two",
    "three",
    "last",
    "next",
    "earlier",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "according",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "such",
    "both",
    "each",
    "every",
    "other",
    "another",
    "any",
    "more",
    "less",
    "only",
    "even",
    "just",
    "here",
    "do",
    "does",
    "did",
    "is",
    "was",
    "are",
    "were",
    "be",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "said",
    "says",
    "say",
    "asked",
    "told",
    "under",
    "over",
    "about",
    "into",
    "without",
    "within",
    "despite",
    "during",
    "until",
    "instead",
    "once",
    "whether",
    "like",
    "unlike",
    "among",
    "against",
    "amid",
    "along",
    "eight",
    "first",
    "five",
    "following",
    "four",
    "gone",
    "much",
    "nine",
    "seven",
    "shortly",
    "six",
    "ten",
    "together",
    "whom",
    "whose",
];
