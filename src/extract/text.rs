//! Segmentation: paragraphs, quote-aware sentences and tokens, with offsets.
//!
//! Every later step works on the [`Document`] this module builds, never on raw
//! text. Offsets are byte offsets into the original text (so slicing is free);
//! [`CharOffsets`] turns them into Unicode scalar offsets, which is what brat and
//! the PolNeAR scorer count.
//!
//! - A **paragraph** is a run of lines separated from the next by a blank line. A
//!   text without any blank line uses single line breaks instead.
//! - A **token** is a run of letters and digits, or one other non-space character.
//! - A **sentence** ends after `.`, `!` or `?` (and any closing quotes or brackets)
//!   when the next token starts a new sentence and the full stop does not end an
//!   abbreviation ("Mr.", "Gen.", an initial), but never inside an open double
//!   quote: a quoted passage of several sentences stays one unit, so that the
//!   attribution after it sees all of it. Quote state resets at each paragraph,
//!   so an unbalanced quote costs at most one paragraph.
//!
//! Everything here is one pass over the text: linear in its length.

/// What a token is, as far as segmentation can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits) starting with a letter.
    Word,
    /// Starts with a digit.
    Number,
    /// A double quotation mark that opens a quote.
    OpenQuote,
    /// A double quotation mark that closes a quote.
    CloseQuote,
    /// Any other single character.
    Punct,
}

/// One token with its place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
    /// Whether the token lies between an open and a close quote (the marks themselves do not).
    pub in_quote: bool,
    /// Index of the paragraph (0 = the first paragraph of the text).
    pub paragraph: u32,
    /// Whether a line break lies between this token and the previous one.
    pub after_newline: bool,
    /// Whether white space lies between this token and the previous one.
    pub after_space: bool,
}

/// A text split into paragraphs, sentences and tokens.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    /// Lower-case forms of all tokens, concatenated; `lower_ends[i]` ends token `i`'s.
    lower: String,
    lower_ends: Vec<usize>,
    sentences: Vec<std::ops::Range<usize>>,
    paragraphs: Vec<std::ops::Range<usize>>,
    /// Sentence index of every token.
    sentence_of: Vec<u32>,
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt", "adm",
    "st", "jr", "sr", "rev", "hon", "pres", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "inc", "corp", "co", "ltd", "gov't", "ft", "mt", "cmdr",
    "amb", "sec", "atty", "supt", "e.g", "i.e", "etc", "approx", "dept", "univ",
];

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}' | '\u{2033}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl<'t> Document<'t> {
    /// Segments `text`. Never fails: any string is a document, the empty one has no tokens.
    ///
    /// ```
    /// use stancegraph::extract::Document;
    ///
    /// let doc = Document::new("Title\n\n\u{201c}Go. Now,\u{201d} she said. Mr. Lee agreed.");
    /// assert_eq!(doc.paragraph_count(), 2);
    /// assert_eq!(doc.sentences().len(), 3); // the quote stays whole; "Mr." ends nothing
    /// ```
    pub fn new(text: &'t str) -> Self {
        let blank_lines = has_blank_line(text);
        let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
        let mut paragraph = 0u32;
        let mut newlines = 0usize;
        let mut space = false;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() || c.is_control() {
                if c == '\n' {
                    newlines += 1;
                }
                space = true;
                continue;
            }
            let para_break = if blank_lines { newlines >= 2 } else { newlines >= 1 };
            if para_break && !tokens.is_empty() {
                paragraph += 1;
            }
            let after_newline = newlines > 0;
            newlines = 0;
            let mut end = i + c.len_utf8();
            let kind = if is_word_char(c) {
                while let Some(&(j, d)) = chars.peek() {
                    if is_word_char(d) || (d == '\u{2019}' || d == '\'') && follows_apostrophe(text, j) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if c.is_numeric() { TokenKind::Number } else { TokenKind::Word }
            } else if is_double_quote(c) {
                TokenKind::OpenQuote // decided below, in context
            } else if (c == '\'' || c == '`') && chars.peek().is_some_and(|&(_, d)| d == c) {
                // Typewriter double quotes: two apostrophes ('') or two backticks (``), as some
                // newspapers and wire services print them.
                if let Some((j, d)) = chars.next() {
                    end = j + d.len_utf8();
                }
                TokenKind::OpenQuote
            } else {
                TokenKind::Punct
            };
            tokens.push(Token {
                start: i,
                end,
                kind,
                in_quote: false,
                paragraph,
                after_newline,
                after_space: space,
            });
            space = false;
        }
        mark_quotes(text, &mut tokens);
        let mut lower = String::with_capacity(text.len());
        let mut lower_ends = Vec::with_capacity(tokens.len());
        for t in &tokens {
            let s = &text[t.start..t.end];
            if s.is_ascii() {
                lower.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                for c in s.chars() {
                    // Curly apostrophes read as straight ones, so "don’t" and "don't" are one word.
                    if c == '\u{2019}' { lower.push('\'') } else { lower.extend(c.to_lowercase()) }
                }
            }
            lower_ends.push(lower.len());
        }
        let mut doc = Document {
            text,
            tokens,
            lower,
            lower_ends,
            sentences: Vec::new(),
            paragraphs: Vec::new(),
            sentence_of: Vec::new(),
        };
        doc.split();
        let mut sentence_of = vec![0u32; doc.tokens.len()];
        for (k, s) in doc.sentences.iter().enumerate() {
            sentence_of[s.clone()].fill(k as u32);
        }
        doc.sentence_of = sentence_of;
        doc
    }

    /// The text the document was built from.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// All tokens in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The original text of token `i`.
    pub fn word(&self, i: usize) -> &'t str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// The lower-case form of token `i` (curly apostrophes made straight).
    pub fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_ends[i - 1] };
        &self.lower[start..self.lower_ends[i]]
    }

    /// Sentences as ranges of token indexes, in order, covering every token.
    pub fn sentences(&self) -> &[std::ops::Range<usize>] {
        &self.sentences
    }

    /// Paragraphs as ranges of token indexes, in order, covering every token.
    pub fn paragraphs(&self) -> &[std::ops::Range<usize>] {
        &self.paragraphs
    }

    /// The index of the sentence that holds token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentence_of.get(i).map_or(0, |&s| s as usize)
    }

    /// The index of the paragraph that holds token `i`.
    pub fn paragraph_of(&self, i: usize) -> usize {
        self.tokens.get(i).map_or(0, |t| t.paragraph as usize)
    }

    /// Number of paragraphs.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// The text from the start of token `from` to the end of token `to - 1`.
    pub fn slice(&self, tokens: std::ops::Range<usize>) -> &'t str {
        if tokens.is_empty() {
            return "";
        }
        &self.text[self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end]
    }

    fn split(&mut self) {
        let n = self.tokens.len();
        let mut start = 0;
        let mut para_start = 0;
        for i in 0..n {
            let t = self.tokens[i];
            if i > 0 && t.paragraph != self.tokens[i - 1].paragraph {
                self.paragraphs.push(para_start..i);
                para_start = i;
                if start < i {
                    self.sentences.push(start..i);
                }
                start = i;
            } else if i > start && t.after_newline {
                // A single line break inside a paragraph (a wrapped title, a list) still ends a sentence.
                self.sentences.push(start..i);
                start = i;
            }
            if i + 1 < n && self.ends_sentence(i) {
                self.sentences.push(start..i + 1);
                start = i + 1;
            }
        }
        if start < n {
            self.sentences.push(start..n);
        }
        if para_start < n {
            self.paragraphs.push(para_start..n);
        }
    }

    /// Whether a sentence ends after token `i` (which has a successor).
    fn ends_sentence(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let next = &self.tokens[i + 1];
        if next.paragraph != t.paragraph || next.after_newline {
            return false; // the paragraph or line split handles it
        }
        // Closing marks after the stop belong to this sentence: wait for the last one.
        if matches!(next.kind, TokenKind::CloseQuote)
            || matches!(self.word(i + 1), ")" | "]" | "'" | "\u{2019}")
        {
            return false;
        }
        // Walk back over closing marks to the stop.
        let mut j = i;
        while j > 0 && (self.tokens[j].kind == TokenKind::CloseQuote || matches!(self.word(j), ")" | "]")) {
            j -= 1;
        }
        if !matches!(self.word(j), "." | "!" | "?" | "\u{2026}") {
            return false;
        }
        // Inside an open quote: the quoted passage stays one unit.
        if self.tokens[j].in_quote && self.tokens[i].kind != TokenKind::CloseQuote {
            return false;
        }
        if !next.after_space {
            return false; // "U.S.", "3.5"
        }
        let first = self.word(i + 1).chars().next().unwrap_or(' ');
        if !(first.is_uppercase() || first.is_numeric() || next.kind == TokenKind::OpenQuote) {
            return false;
        }
        if self.word(j) == "." && j > 0 && self.tokens[j - 1].end == self.tokens[j].start {
            let prev = self.lower(j - 1);
            let single_letter = prev.chars().count() == 1 && prev.chars().all(char::is_alphabetic);
            if single_letter || ABBREVIATIONS.contains(&prev) {
                return false;
            }
        }
        true
    }
}

fn has_blank_line(text: &str) -> bool {
    let mut newline_seen = false;
    for c in text.chars() {
        if c == '\n' {
            if newline_seen {
                return true;
            }
            newline_seen = true;
        } else if !c.is_whitespace() {
            newline_seen = false;
        }
    }
    false
}

/// Whether the apostrophe at byte `j` joins two word characters ("don't", "Elysee’s").
fn follows_apostrophe(text: &str, j: usize) -> bool {
    let rest = &text[j..];
    let mut it = rest.chars();
    it.next();
    matches!(it.next(), Some(c) if c.is_alphabetic())
}

/// Decides which double quotes open and which close, and marks the tokens between.
///
/// Curly quotes say which they are; a straight or ambiguous mark opens when it
/// follows white space, the start or an opening bracket and does not precede white
/// space, closes in the mirror case, and otherwise flips the current state.
fn mark_quotes(text: &str, tokens: &mut [Token]) {
    let mut open = false;
    let mut paragraph = u32::MAX;
    for i in 0..tokens.len() {
        if tokens[i].paragraph != paragraph {
            paragraph = tokens[i].paragraph;
            open = false;
        }
        if tokens[i].kind != TokenKind::OpenQuote {
            tokens[i].in_quote = open;
            continue;
        }
        let c = text[tokens[i].start..].chars().next().unwrap_or('"');
        let before_open = i == 0
            || tokens[i].after_space
            || tokens[i].paragraph != tokens[i - 1].paragraph
            || matches!(&text[tokens[i - 1].start..tokens[i - 1].end], "(" | "[" | "\u{2014}" | "-" | ":");
        let after_space =
            i + 1 >= tokens.len() || tokens[i + 1].after_space || tokens[i + 1].paragraph != paragraph;
        let opens = match c {
            '\u{201c}' | '\u{201e}' | '\u{ab}' | '`' => true,
            '\u{201d}' | '\u{bb}' => false,
            _ if before_open && !after_space => true,
            _ if !before_open && after_space => false,
            _ => !open,
        };
        tokens[i].kind = if opens { TokenKind::OpenQuote } else { TokenKind::CloseQuote };
        tokens[i].in_quote = false;
        open = opens;
    }
}

/// Byte offsets to Unicode scalar offsets, for one text.
///
/// ```
/// use stancegraph::extract::CharOffsets;
///
/// let text = "Paris\u{2019}s sky";
/// let offsets = CharOffsets::new(text);
/// assert_eq!(offsets.char_offset(text.len()), 11);
/// ```
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Byte offset of every 64th character, for a short scan from there.
    marks: Vec<usize>,
    text_len: usize,
    ascii: bool,
    text: String,
}

impl CharOffsets {
    /// Indexes `text` (one pass).
    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let marks =
            if ascii { Vec::new() } else { text.char_indices().step_by(64).map(|(i, _)| i).collect() };
        CharOffsets {
            marks,
            text_len: text.len(),
            ascii,
            text: if ascii { String::new() } else { text.to_owned() },
        }
    }

    /// The number of characters before byte offset `byte` (which must lie on a character boundary;
    /// offsets past the end count as the end).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text_len);
        if self.ascii {
            return byte;
        }
        let k = self.marks.partition_point(|&m| m <= byte).saturating_sub(1);
        let from = self.marks.get(k).copied().unwrap_or(0);
        let end = if self.text.is_char_boundary(byte) { byte } else { from };
        k * 64 + self.text[from..end].chars().count()
    }
}
