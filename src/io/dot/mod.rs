//! Graphviz DOT export: pictures of a graph that `dot` lays out and renders.
//!
//! [`Graph::to_dot`] returns the DOT text and [`Graph::write_dot`] streams it to any
//! [`io::Write`]; both take [`DotOptions`]: which part of the graph
//! to show (a [`View`], optionally [`as of`](DotOptions::as_of) a date), how it looks
//! (a [`Style`]), whether to group actors in clusters, draw a legend and a title, and
//! how long labels may be.
//!
//! ```
//! use stancegraph::io::dot::{DotOptions, View};
//!
//! let graph = stancegraph::datasets::strait_incident();
//! let atlantis = graph.resolve("Atlantis")?.id();
//! let dot = graph.to_dot(&DotOptions::new().view(View::neighbourhood(atlantis, 1)));
//! assert!(dot.starts_with("digraph \"stancegraph\" {"));
//! // Render it with: dot -Tsvg graph.dot -o graph.svg
//! # Ok::<(), stancegraph::LookupError>(())
//! ```
//!
//! **What a picture shows.**
//! - Actors are nodes shaped and coloured by [`ActorKind`](crate::ActorKind); their
//!   tooltip gives name, kind, description and aliases.
//! - Relations are edges coloured by [`Sign`](crate::Sign) (allied green, hostile
//!   red, neutral grey; hierarchy blue-grey) and labelled with their kind or title and
//!   dates; symmetric kinds have no arrowhead. **Parallel relations** between one
//!   pair of actors (however many encodings stated them, either way round) are
//!   **folded** into one edge: its label lists the kinds (or titles) with `×n` when
//!   repeated, the count and the span of their dates; its colour is the sign of
//!   `Σ value(sign) · confidence` over them; arrows point at whichever ends the
//!   relations point to; its tooltip lists each relation. [`DotOptions::fold_relations`]
//!   keeps them apart.
//! - A statement is a node of its own: `speaker → statement → target`, the target
//!   edges coloured and widened by stance (see [`style`](Style) for the formula),
//!   hedged statements dashed, and the outlet chain as dotted "carried by" edges
//!   from the statement to the outlet nearest the speaker on to the one nearest the
//!   reader. The node's label is the quote (in curly quotes) or paraphrase, cut to
//!   [`DotOptions::label_length`] characters **at a word boundary** (Unicode's,
//!   UAX #29: a word is never split), then date, kind and hedge; the full text is
//!   its tooltip.
//! - Events are `cds` nodes; statements point to the events they are about.
//! - Clusters: each actor goes in the cluster of the top of its first-parent chain
//!   ([`Graph::chain_up`], read from the graph's index), so a state's government,
//!   ministries, officials and state media sit in one box with it; statements sit in
//!   their speaker's box.
//! - **Labels stay with their edges.** A relation's label is an `xlabel`, which
//!   Graphviz places after layout beside the middle of that edge (an ordinary edge
//!   `label` becomes a node of dot's layout, doubles its ranks and, in a bundle, can
//!   land beside another edge); stance, "carried by" and role labels sit at the
//!   statement's or event's end, where only its own few edges meet. Measured by
//!   `tests/dot_views.rs`: on the seed and a merged graph every label's text is
//!   within 13 pt of its own edge.
//! - **The legend** is one HTML-like table in the graph label, top left, beside the
//!   title: the kinds of node shown, in their colours, and what edge colours and lines
//!   mean, four to a row in 8-point text (2.5 % of the seed's actors picture).
//!
//! **Budgets** keep pictures of large graphs readable:
//! - [`DotOptions::statements_per_speaker`] (default [`DEFAULT_PER_SPEAKER`]) draws
//!   each speaker's weightiest statements (hedge weight × strongest |stance|, then the
//!   latest) and a "+N more statements" node for the rest.
//! - [`View::Neighbourhood`] with a [budget](DotOptions::budget) of `B` nodes (default
//!   [`DEFAULT_BUDGET`]) keeps at most `⌈B/2⌉` actors, ranked by hops from the centre,
//!   then evidence weight (the confidences of their relations and the weights of
//!   their statements within the neighbourhood), then degree (distinct neighbours
//!   within it), then graph order; each actor left out is counted in a "+N more
//!   actors" node on the nearest kept actor of the path it was reached by. Of the
//!   rest of the budget, two thirds go to statements (those by or about the centre
//!   first, then the weightiest, then the latest) and the others to events (those most
//!   statements are about, then those with most actors shown taking part).
//! - [`View::States`] draws one node per top of hierarchy and one edge per pair with
//!   its alignment score; see [`EDGES_PER_TOP`] and the `states` source for the rule.
//!
//! **Layout speed.** Dot ranks each edge's head after its tail; a long chain of
//! ranks makes its layout slow. The everything view therefore ranks statements and
//! events after every actor they involve (a stance edge is written `target ->
//! statement`, drawn backwards so its arrow still points at the target), so only
//! the actors' hierarchy and relations give it depth; so does the statements view
//! above 200 statements. Beyond 600 relation edges or 600 nodes, relations other than
//! the hierarchy stop shaping the layout (`constraint="false"`). `benches/dot_render.rs` records
//! render time, picture size and crossings for graphs of 25 to 1,600 actors.
//!
//! **Node ids** are the actor's key; statements and events get `statement:` and
//! `event:` before theirs, "+N more" nodes `more:`, and an actor key that itself
//! starts with `actor:`, `statement:`, `event:`, `legend:` or `more:` gets `actor:`
//! before it, so ids never collide. A cluster's id is `cluster_` and its top's id.
//! Every id and label is a double-quoted string, escaped for Graphviz:
//! - in ids, `"` → `\"` and `\` → `\\`; control characters, `&`, U+FFFE and U+FFFF
//!   become `\u{hex}` (Graphviz copies ids into SVG `<title>`s unescaped), so no two
//!   keys share an id;
//! - in labels, `"` → `\"`, `\` → `\\` (so `\N`, `\G`, `\l` ... stay literal),
//!   `&` → `&amp;` (Graphviz reads entities in labels), a line break (`\n`, `\r\n`,
//!   `\r`) → `\n`, a tab → a space, and other control characters, U+FFFE and
//!   U+FFFF are dropped;
//! - in tooltips, as in labels but `\` → `\\\\`, since Graphviz unescapes a tooltip
//!   once more before it substitutes `\N`, `\G`, `\E`, `\T`, `\H`, `\L`;
//! - in `record` labels, spaces become hard spaces (`\ `), which keep their runs.
//!
//! `<`, `>`, `{`, `}` and `|` need nothing in quoted labels (they are escaped too
//! if a style picks a `record` shape). So keys that are DOT keywords (`node`,
//! `graph`, `subgraph`), start with a digit or hold any Unicode come out intact.
//!
//! **Deterministic:** the same graph and options always give the same bytes; items
//! are written in graph order (statements by date), never in hash order.
//!
//! **Large graphs:** [`DotOptions::plain`] writes one line per node (`"key"
//! [label="name"];`) and per relation (`"a" -> "b" [label="kind"];`) with no styling,
//! clusters, legend, title or folding, straight to the writer through a buffer. The
//! export is linear in the graph's size whatever the depth of its hierarchy (a
//! 1,000,000-deep chain exports in about a second).

mod edges;
mod escape;
mod legend;
mod select;
mod states;
mod style;
mod write;

use std::io;

pub use states::EDGES_PER_TOP;
pub use style::{NodeStyle, Rgb, Style};

use crate::graph::{ActorId, Graph};
use crate::model::PartialDate;

/// Which part of the graph a DOT export shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum View {
    /// Every actor and the relations between them.
    #[default]
    Actors,
    /// Statements: speaker → statement → targets, with the outlet chain; only the
    /// actors statements involve, and no relations.
    Statements,
    /// Actors, relations, statements and events.
    Everything,
    /// Everything within `depth` steps of `actor`, where a step follows a relation
    /// (either way) or a statement (speaker to target, or to an outlet that carried
    /// it): those actors and the relations among them, the statements they made
    /// about one another (or about no one) with their outlets, and the events those
    /// statements concern or those actors took part in. An id the graph does not
    /// hold gives an empty picture.
    Neighbourhood {
        /// The actor at the centre.
        actor: ActorId,
        /// How many steps out to go; 0 is the actor alone.
        depth: usize,
    },
    /// One node per top of hierarchy (a state with everything under it, or an actor
    /// with no parent) and one edge per pair of them, labelled with their alignment
    /// score ([`Graph::alignment_matrix`]): the picture of a graph of hundreds of
    /// actors. The [budget](DotOptions::budget) caps the tops drawn; see
    /// [the module docs](self) for which pairs get an edge.
    States,
}

impl View {
    /// [`View::Neighbourhood`] of `actor` to `depth` steps.
    pub fn neighbourhood(actor: ActorId, depth: usize) -> View {
        View::Neighbourhood { actor, depth }
    }
}

/// What the graph's title says.
#[derive(Debug, Clone, PartialEq)]
enum Title {
    /// The sources' titles, publishers and dates, and the view.
    Sources,
    /// Given text.
    Custom(String),
    /// No title.
    None,
}

/// Options for [`Graph::to_dot`] and [`Graph::write_dot`], built in the builder style
/// from sensible defaults ([`DotOptions::new`]) or from a bare minimum for huge
/// graphs ([`DotOptions::plain`]).
///
/// ```
/// use stancegraph::io::dot::{DotOptions, View};
///
/// let options = DotOptions::new()
///     .view(View::Statements)
///     .as_of("2031-05-03".parse()?)
///     .label_length(Some(40))
///     .legend(false);
/// let dot = stancegraph::datasets::strait_incident().to_dot(&options);
/// assert!(dot.contains("2031-05-03 ·"));
/// assert!(!dot.contains("2031-05-04 ·")); // no statement from the next day
/// # Ok::<(), stancegraph::DateError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DotOptions {
    view: View,
    as_of: Option<PartialDate>,
    style: Option<Style>,
    clusters: bool,
    legend: bool,
    title: Title,
    edge_labels: bool,
    label_length: Option<usize>,
    wrap: Option<usize>,
    left_to_right: bool,
    fold_relations: bool,
    budget: Option<usize>,
    per_speaker: Option<usize>,
}

/// The default node [budget](DotOptions::budget) of the neighbourhood and state views.
pub const DEFAULT_BUDGET: usize = 30;

/// The default cap on [statements per speaker](DotOptions::statements_per_speaker).
pub const DEFAULT_PER_SPEAKER: usize = 4;

impl Default for DotOptions {
    fn default() -> DotOptions {
        DotOptions::new()
    }
}

impl DotOptions {
    /// The defaults: the [`View::Actors`] view, the default [`Style`], clusters, a
    /// legend, a title from the sources, edge labels, parallel relations folded into
    /// one edge, labels cut at 90 characters (at a word boundary) and statement text
    /// wrapped at 30, laid out left to right, a budget of [`DEFAULT_BUDGET`] nodes and
    /// at most [`DEFAULT_PER_SPEAKER`] statements per speaker.
    pub fn new() -> DotOptions {
        DotOptions {
            view: View::Actors,
            as_of: None,
            style: Some(Style::default()),
            clusters: true,
            legend: true,
            title: Title::Sources,
            edge_labels: true,
            label_length: Some(90),
            wrap: Some(30),
            left_to_right: true,
            fold_relations: true,
            budget: Some(DEFAULT_BUDGET),
            per_speaker: Some(DEFAULT_PER_SPEAKER),
        }
    }

    /// The minimum for very large graphs: no style, clusters, legend, title,
    /// truncation, wrapping, layout direction, folding or statement cap; nodes
    /// labelled with names, one edge per relation labelled with its kind.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, RelationKind, io::dot::DotOptions};
    /// use stancegraph::model::{Actor, Relation};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.add_actor(Actor::new("a", "Atlantis", ActorKind::State))
    ///     .add_actor(Actor::new("b", "Lemuria", ActorKind::State))
    ///     .add_relation(Relation::new("a", RelationKind::Borders, "b"));
    /// let dot = b.build()?.to_dot(&DotOptions::plain());
    /// assert_eq!(
    ///     dot,
    ///     "digraph \"stancegraph\" {\n\"a\" [label=\"Atlantis\"];\n\"b\" [label=\"Lemuria\"];\n\
    ///      \"a\" -> \"b\" [label=\"borders\"];\n}\n"
    /// );
    /// # Ok::<(), stancegraph::BuildError>(())
    /// ```
    pub fn plain() -> DotOptions {
        DotOptions {
            style: None,
            clusters: false,
            legend: false,
            title: Title::None,
            label_length: None,
            wrap: None,
            left_to_right: false,
            fold_relations: false,
            per_speaker: None,
            ..DotOptions::new()
        }
    }

    /// Shows `view`.
    pub fn view(mut self, view: View) -> DotOptions {
        self.view = view;
        self
    }

    /// Shows the graph as of `date`: only relations that hold on that date and
    /// statements and events dated on or before it (undated events stay).
    pub fn as_of(mut self, date: PartialDate) -> DotOptions {
        self.as_of = Some(date);
        self
    }

    /// Draws with `style`.
    pub fn style(mut self, style: Style) -> DotOptions {
        self.style = Some(style);
        self
    }

    /// Draws with no styling at all (Graphviz's defaults).
    pub fn unstyled(mut self) -> DotOptions {
        self.style = None;
        self
    }

    /// Whether to group actors in clusters by the top of their hierarchy.
    pub fn clusters(mut self, on: bool) -> DotOptions {
        self.clusters = on;
        self
    }

    /// Whether to draw a legend of the kinds and edge meanings shown (styled
    /// exports only).
    pub fn legend(mut self, on: bool) -> DotOptions {
        self.legend = on;
        self
    }

    /// Titles the picture with `title` instead of the sources.
    pub fn title(mut self, title: impl Into<String>) -> DotOptions {
        self.title = Title::Custom(title.into());
        self
    }

    /// Leaves the picture untitled.
    pub fn no_title(mut self) -> DotOptions {
        self.title = Title::None;
        self
    }

    /// Whether to label edges (relation kinds and dates, stances).
    pub fn edge_labels(mut self, on: bool) -> DotOptions {
        self.edge_labels = on;
        self
    }

    /// Cuts names, statement text and event labels to at most this many characters
    /// (not bytes), ending in `…`; `None` never cuts.
    pub fn label_length(mut self, max_chars: Option<usize>) -> DotOptions {
        self.label_length = max_chars;
        self
    }

    /// Wraps statement text and event labels into lines of about this many
    /// characters; `None` keeps them on one line.
    pub fn wrap(mut self, width: Option<usize>) -> DotOptions {
        self.wrap = width;
        self
    }

    /// Lays the picture out left to right instead of top to bottom.
    pub fn left_to_right(mut self, on: bool) -> DotOptions {
        self.left_to_right = on;
        self
    }

    /// Whether parallel relations between one pair of actors are folded into one
    /// edge (the default) or drawn one edge each.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, RelationKind, io::dot::DotOptions};
    /// use stancegraph::model::{Actor, Relation};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.add_actor(Actor::new("a", "Atlantis", ActorKind::State))
    ///     .add_actor(Actor::new("l", "Lemuria", ActorKind::State))
    ///     .add_relation(Relation::new("a", RelationKind::Borders, "l"))
    ///     .add_relation(Relation::new("l", RelationKind::Hostile, "a").since("2031-05".parse()?));
    /// let g = b.build()?;
    /// let folded = g.to_dot(&DotOptions::new());
    /// assert_eq!(folded.matches(" -> ").count(), 1);
    /// assert!(folded.contains(r"borders, hostile\n2 relations · 2031-05"));
    /// let separate = g.to_dot(&DotOptions::new().fold_relations(false));
    /// assert_eq!(separate.matches(" -> ").count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fold_relations(mut self, on: bool) -> DotOptions {
        self.fold_relations = on;
        self
    }

    /// The most actors the [`View::Neighbourhood`] view draws, and the most tops the
    /// [`View::States`] view draws (`None`: no limit). What is left out is counted
    /// in "+N more" nodes; see [the module docs](self) for how the kept ones are
    /// chosen.
    ///
    /// ```
    /// use stancegraph::io::dot::{DotOptions, View};
    /// let g = stancegraph::datasets::strait_incident();
    /// let atlantis = g.resolve("Atlantis")?.id();
    /// let dot = g.to_dot(&DotOptions::new().view(View::neighbourhood(atlantis, 2)).budget(Some(4)));
    /// assert!(dot.contains("(2 of 9 actors)")); // the title says how many are left out
    /// assert!(dot.contains(" more actors\""));
    /// let states = g.to_dot(&DotOptions::new().view(View::States).budget(Some(2)));
    /// assert!(states.contains("\"more:tops\""));
    /// # Ok::<(), stancegraph::LookupError>(())
    /// ```
    pub fn budget(mut self, max_nodes: Option<usize>) -> DotOptions {
        self.budget = max_nodes;
        self
    }

    /// The most statements drawn per speaker (`None`: all); the rest are counted in
    /// a "+N more statements" node beside the speaker.
    ///
    /// ```
    /// use stancegraph::io::dot::{DotOptions, View};
    /// let g = stancegraph::datasets::strait_incident();
    /// let dot = g.to_dot(&DotOptions::new().view(View::Statements).statements_per_speaker(Some(1)));
    /// assert!(dot.contains("[label=\"+1 more statement\"")); // Lemuria said two things
    /// ```
    pub fn statements_per_speaker(mut self, max: Option<usize>) -> DotOptions {
        self.per_speaker = max;
        self
    }
}

impl Graph {
    /// The graph as Graphviz DOT text; see the [module docs](crate::io::dot).
    ///
    /// ```
    /// use stancegraph::io::dot::{DotOptions, View};
    /// let g = stancegraph::datasets::strait_incident();
    /// let dot = g.to_dot(&DotOptions::new().view(View::Everything));
    /// assert_eq!(dot, g.to_dot(&DotOptions::new().view(View::Everything))); // deterministic
    /// assert!(dot.contains("subgraph \"cluster_"));
    /// ```
    pub fn to_dot(&self, options: &DotOptions) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every string written is UTF-8.
        let _ = write::write(self, options, &mut out);
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Writes the graph as Graphviz DOT to `writer`, through a buffer.
    ///
    /// # Errors
    /// Any error `writer` returns.
    ///
    /// ```
    /// use stancegraph::io::dot::DotOptions;
    /// let g = stancegraph::datasets::strait_incident();
    /// let mut bytes = Vec::new();
    /// g.write_dot(&DotOptions::plain(), &mut bytes)?;
    /// assert_eq!(String::from_utf8(bytes).unwrap(), g.to_dot(&DotOptions::plain()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_dot(&self, options: &DotOptions, writer: impl io::Write) -> io::Result<()> {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, writer);
        write::write(self, options, &mut buffered)?;
        io::Write::flush(&mut buffered)
    }
}
