//! # stancegraph
//!
//! A typed knowledge graph of **who said what, about whom, when, and through which
//! outlet**, for analysts who read the news: actors (states, governments,
//! ministries, militaries, officials, state media, analysts) with a hierarchy;
//! statements with speaker, date, exact quote or paraphrase, signed stances toward
//! targets, hedging and the chain of outlets that carried them; events and dated
//! relations; every fact cited to the paragraph it comes from.
//!
//! ```
//! use stancegraph::{Hedge, datasets};
//!
//! // A small fictional incident that ships with the crate; see `datasets` for real ones.
//! let graph = datasets::strait_incident();
//! let atlantis = graph.resolve("Poseidonia")?; // keys, names and aliases resolve
//! // Everything said by Atlantis or anyone under it, in date order.
//! for s in graph.statements_chronological().filter(|s| graph.is_within(s.speaker().id(), atlantis.id())) {
//!     let hedged = if s.hedge() == Hedge::Asserted { "" } else { " (hedged)" };
//!     println!("{} {}: {}{hedged}", s.date(), s.speaker().name(), s.text());
//! }
//! # Ok::<(), stancegraph::LookupError>(())
//! ```
//!
//! ## Map
//! Data flows one way: **input → validated graph → queries → output**.
//! - [`model`]: the vocabulary ([`model::Actor`], [`model::Statement`] ...), plain keyed data.
//! - [`GraphBuilder`]: the only way in; validates and reports every problem at once.
//!   Datasets merge under a [`MergePolicy`], with a [`MergeReport`] of what was
//!   unified and folded ([`merge`]).
//! - [`Graph`]: immutable storage (petgraph underneath) with typed ids and borrowed views.
//! - [`io`]: the JSON dataset format (`docs/dataset-format.md`), Graphviz DOT pictures
//!   ([`io::dot`], [`Graph::to_dot`]) and GraphML for Gephi, NetworkX and yEd ([`io::graphml`]).
//! - [`query`]: paths and hop counts, who-said-what, alignment, stance profiles, blocs,
//!   timelines and framing; rolled-up who-said-what, stance profiles and hop counts
//!   use indexes built once with the graph.
//! - [`datasets`]: embedded datasets.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod any_error;
mod build;
pub mod datasets;
mod error;
pub mod extract;
mod graph;
mod hint;
pub mod io;
pub mod merge;
pub mod model;
pub mod query;
mod suggest;

pub use any_error::Error;
pub use build::GraphBuilder;
pub use error::{BuildError, Item, LoadError, LookupError, Problem};
pub use graph::{
    ActorId, ActorRef, EventId, EventRef, Graph, ParticipantRef, RelationId, RelationRef, SourceId,
    SourceRef, StatementId, StatementRef, Stats, TargetRef,
};
pub use merge::{
    Fold, FoldReason, ItemCounts, LeftApart, MergePolicy, MergeReport, PartSummary, Resolution, Unification,
    UnifyReason,
};
pub use model::{
    ActorKind, DateError, EventKind, Hedge, PartialDate, Precision, RelationKind, Role, Sign, StatementKind,
    TextMode,
};
/// The graph library underneath, re-exported so that [`Graph::petgraph`] can be used
/// without adding a matching version of it.
pub use petgraph;

// The README's code samples are compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
