//! [`Error`]: any error of the crate, for applications that handle them alike.

use crate::io::corpus::CorpusError;
use crate::io::csv::CsvError;
use crate::model::{DateError, ExternalIdError, ParseKindError};
use crate::query::QueryError;
use crate::{BuildError, LoadError, LookupError};

/// Any error this crate returns, so that `?` works across the API in a function
/// that returns `Result<_, stancegraph::Error>`. Each variant wraps the error type
/// of one concern unchanged (its message is shown as is); match on it to get the
/// details.
///
/// ```
/// use stancegraph::{Error, Graph, RelationKind};
///
/// fn first_ally(json: &str, of: &str) -> Result<Option<String>, Error> {
///     let graph = Graph::from_json(json)?; // LoadError
///     let actor = graph.resolve(of)?; // LookupError
///     let ally: RelationKind = "ally".parse()?; // ParseKindError
///     let path = graph.paths(actor, "lemuria").kinds([ally]).shortest()?; // QueryError
///     Ok(path.map(|p| p.explanation()))
/// }
/// let json = stancegraph::datasets::STRAIT_INCIDENT_JSON;
/// assert!(first_ally(json, "hyperborea")?.is_some());
/// assert!(matches!(first_ally(json, "Thule"), Err(Error::Lookup(_))));
/// assert!(matches!(first_ally("{", "x"), Err(Error::Load(_))));
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A dataset file or text could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The data given to a builder is invalid.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// CSV tables could not be imported.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// A folder of datasets could not be loaded.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A name names no actor, or several.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// A query could not be answered.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A date does not parse.
    #[error(transparent)]
    Date(#[from] DateError),
    /// A kind, hedge, mode, sign or role does not parse.
    #[error(transparent)]
    ParseKind(#[from] ParseKindError),
    /// An external id (Wikidata, country code) does not parse.
    #[error(transparent)]
    ExternalId(#[from] ExternalIdError),
    /// Writing or reading failed (saving a file, writing an export).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
