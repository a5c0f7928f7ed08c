//! Quoting for DOT: ids and labels as double-quoted strings Graphviz reads back intact.
//!
//! Graphviz's scanner treats only `\"` specially inside a quoted string; every other
//! backslash is kept, so an id written as `"a\\b"` is the id `a\\b`. Labels then go
//! through a second pass: `\n`, `\l`, `\r` break lines, `\N`, `\G`, `\E`, `\T`,
//! `\H`, `\L` substitute names, `\\` is a backslash, and `&name;` entities become
//! characters. So:
//!
//! - **ids** ([`Quote::Id`]): `"` → `\"`, `\` → `\\`; control characters, the two
//!   code points XML forbids (U+FFFE, U+FFFF) and `&` become `\u{hex}`. Every key
//!   maps to a distinct id (a literal backslash is always doubled, an escape's is
//!   single). `&` is escaped because Graphviz copies ids into SVG `<title>`s and
//!   leaves `&…;` alone there, so an id such as `&;` would make the SVG malformed.
//! - **labels** ([`Quote::Label`]): `"` → `\"`, `\` → `\\`, `&` → `&amp;`, a line
//!   break (`\n`, `\r\n` or a lone `\r`) → `\n`, a tab → a space; other control
//!   characters and U+FFFE/U+FFFF are dropped, since no renderer can show them and
//!   SVG (XML 1.0) may not contain them.
//! - **tooltips** ([`Quote::Tooltip`]): as labels, but a backslash becomes four.
//!   Graphviz reads a tooltip twice: it first unescapes it (`\n`, `\l`, `\r` break
//!   lines, any other `\x` becomes `x`), then substitutes `\N`, `\G`, `\E`, `\T`,
//!   `\H` and `\L` and turns `\\` into `\`; so a backslash must reach it as `\\\\`.
//! - **record labels** ([`Quote::RecordLabel`]): as labels, plus `{ } | < >` get a
//!   backslash (they are field syntax) and every space becomes a hard space `\ `,
//!   since record fields collapse runs of plain spaces.
//!
//! `<`, `>`, `{`, `}` and `|` need nothing in other labels: they only mean something
//! in record shapes and HTML labels, and quoted labels are neither. HTML labels (the
//! legend) escape their text with [`html`].

use std::borrow::Cow;
use std::io::{self, Write};

use unicode_segmentation::UnicodeSegmentation;

/// How a quoted string is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    /// A node or cluster id: must stay distinct, need not be pretty.
    Id,
    /// Text shown to a reader.
    Label,
    /// A label of a `record` or `Mrecord` node, whose `{ } | < >` are field syntax.
    RecordLabel,
    /// A tooltip, which Graphviz unescapes once more than a label.
    Tooltip,
}

/// Whether any byte of `s` may need escaping; a fast pre-check so that plain ASCII
/// and most Unicode text is written in one call.
fn may_need_escape(s: &str, mode: Quote) -> bool {
    let record = mode == Quote::RecordLabel;
    s.bytes().any(|b| {
        (b == b' ' && record) ||
        b < 0x20
            || matches!(b, b'"' | b'\\' | b'&' | 0x7f | b'{' | b'}' | b'|' | b'<' | b'>')
            // Lead bytes of U+0080..U+00BF (C1 controls) and U+F000..U+FFFF (U+FFFE/F).
            || b == 0xc2
            || b == 0xef
    })
}

/// Whether `c` may not appear in XML 1.0 or is a control character.
fn is_unprintable(c: char) -> bool {
    c.is_control() || c == '\u{fffe}' || c == '\u{ffff}'
}

/// Writes `s` between double quotes, escaped for its use.
pub(crate) fn write_quoted<W: Write + ?Sized>(w: &mut W, s: &str, mode: Quote) -> io::Result<()> {
    w.write_all(b"\"")?;
    write_escaped(w, s, mode)?;
    w.write_all(b"\"")
}

/// Writes `s` escaped for use inside a double-quoted DOT string.
pub(crate) fn write_escaped<W: Write + ?Sized>(w: &mut W, s: &str, mode: Quote) -> io::Result<()> {
    if !may_need_escape(s, mode) {
        return w.write_all(s.as_bytes());
    }
    let mut chars = s.char_indices().peekable();
    let mut done = 0;
    while let Some((i, c)) = chars.next() {
        let replacement: Option<Cow<'static, str>> = match (mode, c) {
            (_, '"') => Some("\\\"".into()),
            (Quote::Tooltip, '\\') => Some("\\\\\\\\".into()),
            (_, '\\') => Some("\\\\".into()),
            (Quote::Id, c) if is_unprintable(c) || c == '&' => Some(format!("\\u{{{:x}}}", c as u32).into()),
            (Quote::Id, _) => None,
            (_, '&') => Some("&amp;".into()),
            (_, '\n') => Some("\\n".into()),
            (_, '\r') => {
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    Some("".into())
                } else {
                    Some("\\n".into())
                }
            }
            (_, '\t') => Some(" ".into()),
            (_, c) if is_unprintable(c) => Some("".into()),
            (Quote::RecordLabel, '{' | '}' | '|' | '<' | '>') => Some(format!("\\{c}").into()),
            (Quote::RecordLabel, ' ') => Some("\\ ".into()),
            _ => None,
        };
        if let Some(r) = replacement {
            w.write_all(&s.as_bytes()[done..i])?;
            w.write_all(r.as_bytes())?;
            done = i + c.len_utf8();
        }
    }
    w.write_all(&s.as_bytes()[done..])
}

/// `s` escaped as [`write_escaped`] would write it.
#[cfg(test)]
pub(crate) fn escaped(s: &str, mode: Quote) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_escaped(&mut out, s, mode);
    String::from_utf8_lossy(&out).into_owned()
}

/// `s` cut at a word boundary to at most `max` characters (not bytes), the last
/// being `…`; `None` never cuts.
///
/// Word boundaries are Unicode's (UAX #29, as `unicode-segmentation` finds them): a
/// cut never splits a word, so "air defense" cut at 10 is "air…", never "air def…";
/// whitespace before the ellipsis is dropped. When the first word alone is longer
/// than `max - 1`, that word is kept whole (so the label is longer than `max`): a word
/// is never split, whatever its length.
pub(crate) fn truncate(s: &str, max: Option<usize>) -> Cow<'_, str> {
    let Some(max) = max else { return Cow::Borrowed(s) };
    // A string of at most `max` bytes has at most `max` characters.
    if s.len() <= max || s.chars().nth(max).is_none() {
        return Cow::Borrowed(s);
    }
    let room = max.saturating_sub(1);
    // The end (in bytes) of the longest run of whole segments within `room` characters.
    let mut cut = 0;
    let mut chars = 0;
    for (i, segment) in s.split_word_bound_indices() {
        chars += segment.chars().count();
        let end = i + segment.len();
        if chars > room {
            if s[..cut].trim().is_empty() && !segment.trim().is_empty() {
                cut = end; // the first word is too long: keep it whole
            }
            break;
        }
        cut = end;
    }
    let kept = s[..cut].trim_end();
    if kept.len() == s.len() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(kept.len() + 3);
    out.push_str(kept);
    out.push('…');
    Cow::Owned(out)
}

/// `s` escaped for the text of an HTML-like Graphviz label: `&`, `<`, `>`, `"` as
/// entities, control characters, U+FFFE and U+FFFF dropped.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` with its words re-flowed into lines of at most `width` characters (a longer
/// word gets a line of its own). Runs of whitespace, line breaks included, become
/// one space or one line break. `None` or `0` leaves `s` alone.
pub(crate) fn wrap(s: &str, width: Option<usize>) -> Cow<'_, str> {
    let Some(width) = width.filter(|&w| w > 0) else { return Cow::Borrowed(s) };
    let mut out = String::with_capacity(s.len());
    let mut line = 0;
    for word in s.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_every_key_distinct() {
        assert_eq!(escaped(r#"a"b\c"#, Quote::Id), r#"a\"b\\c"#);
        assert_eq!(escaped("a\nb\u{1}", Quote::Id), r"a\u{a}b\u{1}");
        assert_eq!(escaped(r"a\u{a}b", Quote::Id), r"a\\u{a}b");
        assert_eq!(escaped("node", Quote::Id), "node");
        assert_eq!(escaped("a&;", Quote::Id), r"a\u{26};");
    }

    #[test]
    fn labels_escape_backslashes_quotes_entities_and_breaks() {
        assert_eq!(escaped(r"\N & \G", Quote::Label), r"\\N &amp; \\G");
        assert_eq!(escaped("say \"no\"", Quote::Label), r#"say \"no\""#);
        assert_eq!(escaped("a\r\nb\rc\nd\te", Quote::Label), r"a\nb\nc\nd e");
        assert_eq!(escaped("x\u{0}\u{7f}\u{85}\u{fffe}y", Quote::Label), "xy");
        assert_eq!(escaped("<{|}> “Минск” — ’", Quote::Label), "<{|}> “Минск” — ’");
        assert_eq!(escaped("<{|}>", Quote::RecordLabel), r"\<\{\|\}\>");
        assert_eq!(escaped("a  b", Quote::RecordLabel), r"a\ \ b");
        assert_eq!(escaped(r"\N \\", Quote::Tooltip), r"\\\\N \\\\\\\\");
        assert_eq!(html("<b>&\"x\u{1}"), "&lt;b&gt;&amp;&quot;x");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("Минск", Some(5)), "Минск");
        assert_eq!(truncate("Минск и Москва", Some(7)), "Минск…");
        assert_eq!(truncate("ab cd", Some(4)), "ab…");
        assert_eq!(truncate("abc", None), "abc");
        assert_eq!(truncate("advanced air defense", Some(16)), "advanced air…");
        assert_eq!(truncate("advanced air defense", Some(8)), "advanced…");
        assert_eq!(truncate("abc def", Some(0)), "abc…");
        assert_eq!(truncate("air-defense systems", Some(10)), "air-…");
        assert_eq!(truncate("  x", Some(1)), "…");
        assert_eq!(truncate(" abcdef gh", Some(4)), " abcdef…");
    }

    #[test]
    fn wrapping_breaks_between_words() {
        assert_eq!(wrap("one two three four", Some(9)), "one two\nthree\nfour");
        assert_eq!(wrap("a  b\nc", None), "a  b\nc");
        assert_eq!(wrap("averyveryverylongword x", Some(5)), "averyveryverylongword\nx");
    }
}
