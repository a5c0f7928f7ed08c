//! GraphML export, for Gephi, NetworkX, yEd, Cytoscape and other graph tools.
//!
//! One directed `<graph>` holds every item as a node with a `type` attribute
//! (`actor`, `statement`, `event`) and every link as an edge with a `type`:
//!
//! | edge `type`   | from → to            | attributes                                   |
//! |---------------|----------------------|----------------------------------------------|
//! | `relation`    | actor → actor        | kind, sign, title, start, end, confidence    |
//! | `said`        | speaker → statement  |                                              |
//! | `target`      | statement → actor    | stance                                       |
//! | `via`         | statement → outlet   | order (0 = nearest the reader); chain (1, 2 … for further outlet chains) |
//! | `about`       | statement → event    |                                              |
//! | `participant` | actor → event        | role                                         |
//! | `place`       | event → actor        |                                              |
//!
//! Node ids are `actor:<key>`, `statement:<key>` and `event:<key>`, with the key
//! escaped so that distinct keys give distinct ids, as DOT ids are: a backslash is
//! doubled and each character XML 1.0 cannot hold (control characters, U+FFFE,
//! U+FFFF) is written `\u{hex}` (so `x\u{1}` is the key `x` + U+0001, and
//! `x\\u{1}` the key of six characters). The key is also the `key` attribute, as
//! text; actors carry `wikidata` and `country` when known. Every attribute is
//! declared with a `<key>` element
//! (`attr.name` is the name tools show; node and edge attributes of the same name
//! have ids `n_<name>` and `e_<name>`). Text is XML-escaped (`& < > " '`), and
//! characters XML 1.0 forbids (most control characters, U+FFFE, U+FFFF) are
//! dropped; a carriage return is kept as `&#13;` so parsers do not fold it away.
//! The output is deterministic: items in graph order.
//!
//! ```
//! let graph = stancegraph::datasets::strait_incident();
//! let xml = graph.to_graphml();
//! assert!(xml.contains(r#"<node id="actor:atlantis">"#));
//! // networkx: nx.read_graphml("incident.graphml"); Gephi: File > Open.
//! ```

use std::io::{self, Write};

use crate::graph::{ActorRef, EventRef, Graph, StatementRef};
use crate::model::Sign;

/// Attribute declarations: (for, name, type).
const KEYS: [(&str, &str, &str); 25] = [
    ("node", "type", "string"),
    ("node", "key", "string"),
    ("node", "name", "string"),
    ("node", "kind", "string"),
    ("node", "label", "string"),
    ("node", "date", "string"),
    ("node", "text", "string"),
    ("node", "mode", "string"),
    ("node", "hedge", "string"),
    ("node", "speaker", "string"),
    ("node", "place", "string"),
    ("node", "description", "string"),
    ("node", "wikidata", "string"),
    ("node", "country", "string"),
    ("edge", "type", "string"),
    ("edge", "kind", "string"),
    ("edge", "sign", "string"),
    ("edge", "title", "string"),
    ("edge", "start", "string"),
    ("edge", "end", "string"),
    ("edge", "confidence", "double"),
    ("edge", "stance", "double"),
    ("edge", "order", "int"),
    ("edge", "chain", "int"),
    ("edge", "role", "string"),
];

/// Writes `s` with XML's five special characters escaped and characters XML 1.0
/// forbids dropped. In attributes (`attribute`), tabs and line breaks become
/// character references so parsers keep them.
fn write_xml<W: Write + ?Sized>(w: &mut W, s: &str, attribute: bool) -> io::Result<()> {
    let mut done = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\r' => "&#13;",
            '\n' if attribute => "&#10;",
            '\t' if attribute => "&#9;",
            '\n' | '\t' => continue,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => "",
            _ => continue,
        };
        w.write_all(&s.as_bytes()[done..i])?;
        w.write_all(replacement.as_bytes())?;
        done = i + c.len_utf8();
    }
    w.write_all(&s.as_bytes()[done..])
}

/// Writes `key` as the part of a node id after its prefix: a backslash becomes `\\`
/// and each character XML 1.0 cannot hold (or that parsers fold: tab, line breaks)
/// becomes `\u{hex}`, then the result is XML-escaped. Distinct keys give distinct
/// ids, and the key can be read back from the id.
fn write_id<W: Write + ?Sized>(w: &mut W, key: &str) -> io::Result<()> {
    let forbidden = |c: char| (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}';
    if !key.chars().any(|c| c == '\\' || forbidden(c)) {
        return write_xml(w, key, true);
    }
    let mut escaped = String::with_capacity(key.len() + 8);
    for c in key.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            c if forbidden(c) => escaped.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => escaped.push(c),
        }
    }
    write_xml(w, &escaped, true)
}

struct Xml<'w, W: Write + ?Sized> {
    w: &'w mut W,
}

impl<W: Write + ?Sized> Xml<'_, W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    fn id(&mut self, prefix: &str, key: &str) -> io::Result<()> {
        self.raw(prefix)?;
        write_id(self.w, key)
    }

    fn data(&mut self, key: &str, value: &str) -> io::Result<()> {
        self.raw("      <data key=\"")?;
        self.raw(key)?;
        self.raw("\">")?;
        write_xml(self.w, value, false)?;
        self.raw("</data>\n")
    }

    fn node_start(&mut self, prefix: &str, key: &str, kind: &str) -> io::Result<()> {
        self.raw("    <node id=\"")?;
        self.id(prefix, key)?;
        self.raw("\">\n")?;
        self.data("n_type", kind)?;
        self.data("n_key", key)
    }

    /// Opens an edge; `n` numbers edges so each has a unique id.
    fn edge_start(
        &mut self,
        n: &mut usize,
        from: (&str, &str),
        to: (&str, &str),
        kind: &str,
    ) -> io::Result<()> {
        write!(self.w, "    <edge id=\"e{n}\" source=\"")?;
        *n += 1;
        self.id(from.0, from.1)?;
        self.raw("\" target=\"")?;
        self.id(to.0, to.1)?;
        self.raw("\">\n")?;
        self.data("e_type", kind)
    }

    fn actor(&mut self, a: ActorRef<'_>) -> io::Result<()> {
        self.node_start("actor:", a.key(), "actor")?;
        self.data("n_name", a.name())?;
        self.data("n_label", a.name())?;
        self.data("n_kind", a.kind().as_str())?;
        if let Some(d) = a.description() {
            self.data("n_description", d)?;
        }
        if let Some(q) = a.wikidata() {
            self.data("n_wikidata", &q.to_string())?;
        }
        if let Some(c) = a.country() {
            self.data("n_country", c.as_str())?;
        }
        self.raw("    </node>\n")
    }

    fn statement(&mut self, s: StatementRef<'_>) -> io::Result<()> {
        self.node_start("statement:", s.key(), "statement")?;
        self.data("n_label", s.text())?;
        self.data("n_text", s.text())?;
        self.data("n_kind", s.kind().as_str())?;
        self.data("n_date", &s.date().to_string())?;
        self.data("n_mode", if s.is_quote() { "quote" } else { "paraphrase" })?;
        self.data("n_hedge", s.hedge().as_str())?;
        self.data("n_speaker", s.speaker().key())?;
        self.raw("    </node>\n")
    }

    fn event(&mut self, e: EventRef<'_>) -> io::Result<()> {
        self.node_start("event:", e.key(), "event")?;
        self.data("n_label", e.label())?;
        self.data("n_kind", e.kind().as_str())?;
        if let Some(d) = e.date() {
            self.data("n_date", &d.to_string())?;
        }
        if let Some(p) = e.place() {
            self.data("n_place", p.key())?;
        }
        self.raw("    </node>\n")
    }
}

fn sign_text(sign: Sign) -> &'static str {
    match sign {
        Sign::Positive => "positive",
        Sign::Neutral => "neutral",
        Sign::Negative => "negative",
    }
}

impl Graph {
    /// The graph as a GraphML document; see the [module docs](crate::io::graphml).
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let xml = g.to_graphml();
    /// assert!(xml.starts_with("<?xml"));
    /// assert_eq!(xml.matches("<node ").count(), g.actor_count() + g.statement_count() + g.event_count());
    /// ```
    pub fn to_graphml(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and everything written is UTF-8.
        let _ = write_all(self, &mut out);
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Writes the graph as GraphML to `writer`, through a buffer.
    ///
    /// # Errors
    /// Any error `writer` returns.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let mut bytes = Vec::new();
    /// g.write_graphml(&mut bytes)?;
    /// assert_eq!(bytes, g.to_graphml().into_bytes());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_graphml(&self, writer: impl Write) -> io::Result<()> {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, writer);
        write_all(self, &mut buffered)?;
        buffered.flush()
    }
}

fn write_all<W: Write + ?Sized>(g: &Graph, w: &mut W) -> io::Result<()> {
    let mut x = Xml { w };
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    x.raw(concat!(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
    ))?;
    for (target, name, ty) in KEYS {
        let prefix = if target == "node" { 'n' } else { 'e' };
        writeln!(
            x.w,
            "  <key id=\"{prefix}_{name}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        )?;
    }
    x.raw("  <graph id=\"stancegraph\" edgedefault=\"directed\">\n")?;
    for a in g.actors() {
        x.actor(a)?;
    }
    for s in g.statements() {
        x.statement(s)?;
    }
    for e in g.events() {
        x.event(e)?;
    }
    let mut n = 0;
    for r in g.relations() {
        x.edge_start(&mut n, ("actor:", r.from().key()), ("actor:", r.to().key()), "relation")?;
        x.data("e_kind", r.kind().as_str())?;
        x.data("e_sign", sign_text(r.sign()))?;
        if let Some(t) = r.title() {
            x.data("e_title", t)?;
        }
        if let Some(d) = r.start() {
            x.data("e_start", &d.to_string())?;
        }
        if let Some(d) = r.end() {
            x.data("e_end", &d.to_string())?;
        }
        x.data("e_confidence", &r.confidence().to_string())?;
        x.raw("    </edge>\n")?;
    }
    for s in g.statements() {
        let me = ("statement:", s.key());
        x.edge_start(&mut n, ("actor:", s.speaker().key()), me, "said")?;
        x.raw("    </edge>\n")?;
        for t in s.targets() {
            x.edge_start(&mut n, me, ("actor:", t.actor.key()), "target")?;
            x.data("e_stance", &t.stance.to_string())?;
            x.raw("    </edge>\n")?;
        }
        for (c, chain) in s.outlet_chains().enumerate() {
            for (i, outlet) in chain.iter().enumerate() {
                x.edge_start(&mut n, me, ("actor:", outlet.key()), "via")?;
                x.data("e_order", &i.to_string())?;
                if c > 0 {
                    x.data("e_chain", &c.to_string())?;
                }
                x.raw("    </edge>\n")?;
            }
        }
        for e in s.about() {
            x.edge_start(&mut n, me, ("event:", e.key()), "about")?;
            x.raw("    </edge>\n")?;
        }
    }
    for e in g.events() {
        for p in e.participants() {
            x.edge_start(&mut n, ("actor:", p.actor.key()), ("event:", e.key()), "participant")?;
            x.data("e_role", p.role.as_str())?;
            x.raw("    </edge>\n")?;
        }
        if let Some(place) = e.place() {
            x.edge_start(&mut n, ("event:", e.key()), ("actor:", place.key()), "place")?;
            x.raw("    </edge>\n")?;
        }
    }
    x.raw("  </graph>\n</graphml>\n")
}

#[cfg(test)]
mod tests {
    use super::write_xml;

    fn escaped(s: &str, attribute: bool) -> String {
        let mut out = Vec::new();
        let _ = write_xml(&mut out, s, attribute);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn id(key: &str) -> String {
        let mut out = Vec::new();
        let _ = super::write_id(&mut out, key);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn ids_escape_backslashes_and_forbidden_characters_reversibly() {
        assert_eq!(id("plain key"), "plain key");
        assert_eq!(id("x\u{1}"), "x\\u{1}");
        assert_eq!(id("x\u{2}"), "x\\u{2}");
        assert_eq!(id("x\\u{1}"), "x\\\\u{1}");
        assert_eq!(id("a<&>\u{ffff}\n"), "a&lt;&amp;&gt;\\u{ffff}\\u{a}");
    }

    #[test]
    fn escapes_specials_and_drops_forbidden_characters() {
        assert_eq!(escaped(r#"<a & 'b' "c">"#, false), "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;");
        assert_eq!(escaped("a\u{0}b\u{1b}c\u{fffe}", false), "abc");
        assert_eq!(escaped("a\nb\tc\rd", false), "a\nb\tc&#13;d");
        assert_eq!(escaped("a\nb\tc", true), "a&#10;b&#9;c");
        assert_eq!(escaped("Минск “x” — ’", true), "Минск “x” — ’");
    }
}
