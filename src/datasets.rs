//! Datasets embedded in the crate, so examples and tests need no files.
//!
//! Each is a JSON dataset under `data/`, compiled in with `include_str!` and checked
//! by the crate's tests.

use crate::Graph;

/// The JSON text of [`belarus_missile`]: the Wall Street Journal's report of
/// 30 December 2022 on a Ukrainian S-300 missile that came down in Belarus, with
/// every actor, relation, event and statement cited to its paragraph.
pub const BELARUS_MISSILE_JSON: &str = include_str!("../data/belarus-missile-2022-12-30.json");

/// The seed dataset as a graph; see [`BELARUS_MISSILE_JSON`].
///
/// ```
/// let g = stancegraph::datasets::belarus_missile();
/// assert!(g.actor_by_key("belarus").is_some());
/// assert!(g.statement_count() > 10);
/// ```
///
/// # Panics
/// Never in a released crate: the embedded text is validated by the test suite
/// (`tests/seed_dataset.rs`), so a broken dataset cannot ship.
pub fn belarus_missile() -> Graph {
    match Graph::from_json(BELARUS_MISSILE_JSON) {
        Ok(graph) => graph,
        Err(e) => panic!("embedded dataset `belarus-missile-2022-12-30.json` is invalid: {e}"),
    }
}

/// The JSON text of [`strait_incident`]: a small, **fictional** incident (two island
/// states, a summoned envoy, a hedged accusation) used by the documentation's
/// examples. It shows the format's features without any real-world claims.
pub const STRAIT_INCIDENT_JSON: &str = include_str!("../data/example-strait-incident-2031.json");

/// The fictional example dataset as a graph; see [`STRAIT_INCIDENT_JSON`].
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let vasca = g.actor_by_key("vasca").expect("in the example");
/// let chain: Vec<&str> = g.chain_up(vasca.id()).map(|a| a.key()).collect();
/// assert_eq!(chain, ["vasca", "atlantis-palace", "atlantis"]);
/// ```
///
/// # Panics
/// Never in a released crate, for the same reason as [`belarus_missile`].
pub fn strait_incident() -> Graph {
    match Graph::from_json(STRAIT_INCIDENT_JSON) {
        Ok(graph) => graph,
        Err(e) => panic!("embedded dataset `example-strait-incident-2031.json` is invalid: {e}"),
    }
}

/// One embedded dataset, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Embedded {
    /// The name to ask for it by (`strait-incident`).
    pub name: &'static str,
    /// What it holds, in one line.
    pub description: &'static str,
    /// Its JSON text.
    pub json: &'static str,
}

impl Embedded {
    /// The dataset as a graph.
    ///
    /// # Panics
    /// Never in a released crate, for the same reason as [`belarus_missile`].
    pub fn graph(&self) -> Graph {
        match Graph::from_json(self.json) {
            Ok(graph) => graph,
            Err(e) => panic!("embedded dataset `{}` is invalid: {e}", self.name),
        }
    }
}

/// Every embedded dataset, by name, in name order.
///
/// ```
/// let names: Vec<&str> = stancegraph::datasets::ALL.iter().map(|d| d.name).collect();
/// assert_eq!(names, ["belarus-missile", "strait-incident"]);
/// ```
pub const ALL: [Embedded; 2] = [
    Embedded {
        name: "belarus-missile",
        description: "a Ukrainian S-300 missile that came down in Belarus (WSJ, 30 December 2022)",
        json: BELARUS_MISSILE_JSON,
    },
    Embedded {
        name: "strait-incident",
        description: "a small fictional incident between two island states, for examples",
        json: STRAIT_INCIDENT_JSON,
    },
];

/// The embedded dataset called `name` (see [`ALL`]), as a graph; `None` for a name
/// that is not embedded.
///
/// ```
/// let g = stancegraph::datasets::by_name("strait-incident").expect("embedded");
/// assert_eq!(g, stancegraph::datasets::strait_incident());
/// assert!(stancegraph::datasets::by_name("atlantis").is_none());
/// ```
pub fn by_name(name: &str) -> Option<Graph> {
    ALL.iter().find(|d| d.name == name).map(Embedded::graph)
}
