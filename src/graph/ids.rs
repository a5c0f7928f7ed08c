//! Typed ids: an [`ActorId`] can't be passed where a [`StatementId`] is wanted.

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        ///
        /// Ids are dense indices into one [`Graph`](crate::Graph), valid only for the
        /// graph that handed them out; a graph's look-ups return `None` for an id that
        /// is out of range. Serialized as the bare index (`3`), so that answers holding
        /// ids (alignments, blocs, timelines) serialize without the graph.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The dense index, from 0.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            pub(crate) fn from_index(index: usize) -> Self {
                // Graph sizes are bounded to u32 by the builder.
                $name(index as u32)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

typed_id!(
    /// Identifies an actor in a [`Graph`](crate::Graph); it is also the actor's
    /// petgraph [`NodeIndex`] (see [`ActorId::node`]).
    ActorId,
    "actor#"
);
typed_id!(
    /// Identifies a relation; it is also the relation's petgraph [`EdgeIndex`].
    RelationId,
    "relation#"
);
typed_id!(
    /// Identifies a statement.
    StatementId,
    "statement#"
);
typed_id!(
    /// Identifies an event.
    EventId,
    "event#"
);
typed_id!(
    /// Identifies a source document.
    SourceId,
    "source#"
);

impl ActorId {
    /// The actor's node in [`Graph::petgraph`](crate::Graph::petgraph).
    pub fn node(self) -> NodeIndex {
        NodeIndex::new(self.index())
    }
}

impl RelationId {
    /// The relation's edge in [`Graph::petgraph`](crate::Graph::petgraph).
    pub fn edge(self) -> EdgeIndex {
        EdgeIndex::new(self.index())
    }
}
