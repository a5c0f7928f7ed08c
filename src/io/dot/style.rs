//! How a DOT export looks: node shapes and colours per kind, edge colours per sign,
//! and how a statement's stance becomes an edge's colour and width.
//!
//! **Stance to colour and width.** A stance `s` in `[-1, 1]` is drawn as a mix of the
//! neutral colour and the positive (for `s > 0`) or negative (for `s < 0`) colour,
//! in proportion `|s|`:
//!
//! `colour(s) = neutral + |s| · (signed − neutral)` per RGB channel, and
//! `width(s) = 1 + 2.5 · |s|` points, so a stance of −0.8 is a thick, nearly full red
//! line and a stance of 0.1 a thin grey one.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{ActorKind, Sign};

/// A colour as red, green and blue, written to DOT as `#rrggbb`.
///
/// ```
/// use stancegraph::io::dot::Rgb;
/// assert_eq!(Rgb::hex(0x1a9850).to_string(), "#1a9850");
/// assert_eq!(Rgb(0, 0, 0).mix(Rgb(200, 100, 50), 0.5), Rgb(100, 50, 25));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Rgb {
        Rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
    }

    /// The colour a fraction `t` (clamped to `[0, 1]`) of the way from `self` to `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        // The result lies between two u8 values, so the cast cannot overflow.
        let channel = |a: u8, b: u8| (f64::from(a) + t * (f64::from(b) - f64::from(a))).round() as u8;
        Rgb(channel(self.0, other.0), channel(self.1, other.1), channel(self.2, other.2))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// How one kind of node looks: a Graphviz shape, a fill and border colour, and
/// extra Graphviz `style` flags (`"rounded"`, `"bold"`, `"dashed"` ...; `filled` is
/// always added).
///
/// Any Graphviz shape works except `record` and `Mrecord`, whose labels are field
/// syntax: the export escapes `{ } | < >` for them, so the text survives, but the
/// node shows as a single field.
///
/// ```
/// use stancegraph::io::dot::{NodeStyle, Rgb};
/// let s = NodeStyle::new("hexagon", Rgb::hex(0xfdd0a2)).with_flags("bold");
/// assert_eq!(s.shape, "hexagon");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NodeStyle {
    /// The Graphviz shape (`box`, `ellipse`, `note`, `hexagon` ...).
    pub shape: String,
    /// The fill colour.
    pub fill: Rgb,
    /// The border colour.
    pub border: Rgb,
    /// Extra comma-separated Graphviz style flags besides `filled`.
    pub flags: String,
}

impl NodeStyle {
    /// A filled node of `shape` with a dark grey border and no extra flags.
    pub fn new(shape: impl Into<String>, fill: Rgb) -> NodeStyle {
        NodeStyle { shape: shape.into(), fill, border: Rgb::hex(0x4d4d4d), flags: String::new() }
    }

    /// Sets the border colour.
    pub fn with_border(mut self, border: Rgb) -> NodeStyle {
        self.border = border;
        self
    }

    /// Sets the extra style flags (`"rounded,bold"`).
    pub fn with_flags(mut self, flags: impl Into<String>) -> NodeStyle {
        self.flags = flags.into();
        self
    }

    /// Whether the shape is a record shape (whose label needs field escaping).
    pub(crate) fn is_record(&self) -> bool {
        self.shape.eq_ignore_ascii_case("record") || self.shape.eq_ignore_ascii_case("mrecord")
    }
}

/// The look of a whole export; every part is overridable.
///
/// ```
/// use stancegraph::ActorKind;
/// use stancegraph::io::dot::{DotOptions, NodeStyle, Rgb, Style};
///
/// let style = Style::default()
///     .with_actor(ActorKind::Person, NodeStyle::new("egg", Rgb::hex(0xffffcc)))
///     .with_hierarchy(None); // colour hierarchy edges by sign (green) too
/// let dot = stancegraph::datasets::strait_incident().to_dot(&DotOptions::new().style(style));
/// assert!(dot.contains("shape=\"egg\""));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    actors: BTreeMap<ActorKind, NodeStyle>,
    other_actor: NodeStyle,
    statement: NodeStyle,
    event: NodeStyle,
    positive: Rgb,
    neutral: Rgb,
    negative: Rgb,
    hierarchy: Option<Rgb>,
    outlet: Rgb,
    speaker: Rgb,
    font: String,
}

impl Default for Style {
    /// Pastel fills by kind; green, grey and red edges by sign; blue-grey hierarchy.
    fn default() -> Style {
        let kind =
            |kind, shape, fill, flags: &str| (kind, NodeStyle::new(shape, Rgb::hex(fill)).with_flags(flags));
        let actors = BTreeMap::from([
            kind(ActorKind::State, "box", 0xc6dbef, "rounded,bold"),
            kind(ActorKind::Government, "box", 0xdadaeb, "rounded"),
            kind(ActorKind::Ministry, "box", 0xe5f5e0, ""),
            kind(ActorKind::Military, "hexagon", 0xfdd0a2, ""),
            kind(ActorKind::Council, "octagon", 0xefedf5, ""),
            kind(ActorKind::Person, "ellipse", 0xfff7bc, ""),
            kind(ActorKind::Media, "note", 0xfde0ef, ""),
            kind(ActorKind::AnalystGroup, "tab", 0xe0f3f8, ""),
            kind(ActorKind::InternationalOrganization, "doubleoctagon", 0xc7e9c0, ""),
            kind(ActorKind::Region, "folder", 0xf0f0f0, ""),
            kind(ActorKind::Organization, "component", 0xf7f7f7, ""),
        ]);
        Style {
            actors,
            other_actor: NodeStyle::new("box", Rgb::hex(0xf7f7f7)),
            statement: NodeStyle::new("box", Rgb::hex(0xffffff))
                .with_border(Rgb::hex(0x737373))
                .with_flags("rounded"),
            event: NodeStyle::new("cds", Rgb::hex(0xfee6ce)).with_border(Rgb::hex(0xa63603)),
            positive: Rgb::hex(0x1a9850),
            neutral: Rgb::hex(0x969696),
            negative: Rgb::hex(0xd73027),
            hierarchy: Some(Rgb::hex(0x6b7fa3)),
            outlet: Rgb::hex(0x8856a7),
            speaker: Rgb::hex(0x525252),
            font: "Helvetica,Arial,sans-serif".to_owned(),
        }
    }
}

impl Style {
    /// The look of actors of `kind`.
    pub fn actor(&self, kind: ActorKind) -> &NodeStyle {
        self.actors.get(&kind).unwrap_or(&self.other_actor)
    }

    /// Sets the look of actors of `kind`.
    pub fn with_actor(mut self, kind: ActorKind, style: NodeStyle) -> Style {
        self.actors.insert(kind, style);
        self
    }

    /// The look of statement nodes (hedged ones are also dashed).
    pub fn statement(&self) -> &NodeStyle {
        &self.statement
    }

    /// Sets the look of statement nodes.
    pub fn with_statement(mut self, style: NodeStyle) -> Style {
        self.statement = style;
        self
    }

    /// The look of event nodes.
    pub fn event(&self) -> &NodeStyle {
        &self.event
    }

    /// Sets the look of event nodes.
    pub fn with_event(mut self, style: NodeStyle) -> Style {
        self.event = style;
        self
    }

    /// The edge colour for relations of `sign`.
    ///
    /// ```
    /// use stancegraph::{Sign, io::dot::{Rgb, Style}};
    /// assert_eq!(Style::default().sign(Sign::Negative), Rgb::hex(0xd73027));
    /// ```
    pub fn sign(&self, sign: Sign) -> Rgb {
        match sign {
            Sign::Positive => self.positive,
            Sign::Neutral => self.neutral,
            Sign::Negative => self.negative,
        }
    }

    /// Sets the edge colour for `sign`.
    pub fn with_sign(mut self, sign: Sign, colour: Rgb) -> Style {
        match sign {
            Sign::Positive => self.positive = colour,
            Sign::Neutral => self.neutral = colour,
            Sign::Negative => self.negative = colour,
        }
        self
    }

    /// The colour of hierarchy edges (part of, holds office ...), or `None` to colour
    /// them by their (positive) sign like any relation.
    pub fn hierarchy(&self) -> Option<Rgb> {
        self.hierarchy
    }

    /// Sets the colour of hierarchy edges.
    pub fn with_hierarchy(mut self, colour: Option<Rgb>) -> Style {
        self.hierarchy = colour;
        self
    }

    /// The colour of "carried by" edges from a statement along its outlet chain.
    pub fn outlet(&self) -> Rgb {
        self.outlet
    }

    /// Sets the colour of "carried by" edges.
    pub fn with_outlet(mut self, colour: Rgb) -> Style {
        self.outlet = colour;
        self
    }

    /// The colour of edges from a speaker to its statements, and of "about" edges.
    pub fn speaker(&self) -> Rgb {
        self.speaker
    }

    /// Sets the colour of speaker edges.
    pub fn with_speaker(mut self, colour: Rgb) -> Style {
        self.speaker = colour;
        self
    }

    /// The font (a Graphviz `fontname`, which may list fallbacks).
    pub fn font(&self) -> &str {
        &self.font
    }

    /// Sets the font.
    pub fn with_font(mut self, font: impl Into<String>) -> Style {
        self.font = font.into();
        self
    }

    /// The edge colour for a stance in `[-1, 1]`; see the module docs.
    ///
    /// ```
    /// use stancegraph::io::dot::Style;
    /// let style = Style::default();
    /// assert_eq!(style.stance_colour(-1.0), style.sign(stancegraph::Sign::Negative));
    /// assert_eq!(style.stance_colour(0.0), style.sign(stancegraph::Sign::Neutral));
    /// ```
    pub fn stance_colour(&self, stance: f64) -> Rgb {
        let end = if stance < 0.0 { self.negative } else { self.positive };
        self.neutral.mix(end, stance.abs())
    }

    /// The edge width in points for a stance in `[-1, 1]`: `1 + 2.5·|stance|`.
    pub fn stance_width(&self, stance: f64) -> f64 {
        let s = if stance.is_nan() { 0.0 } else { stance.abs().min(1.0) };
        1.0 + 2.5 * s
    }
}
