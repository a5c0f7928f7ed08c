//! A corpus in one call: every dataset in a folder, merged into one graph.
//!
//! [`Graph::load_dir`] reads, in file-name order, each `*.json` file of the folder
//! (a `stancegraph/1` dataset) and each sub-folder that holds CSV tables
//! (`actors.csv` ...; see [`csv`](super::csv)), adds each as a part labelled with its
//! file or folder name, and merges them under the given [`MergePolicy`]. Datasets
//! may refer to each other's keys (a shared `actors.json`), so references are checked
//! on the merged whole.
//!
//! ```
//! use stancegraph::{Graph, MergePolicy};
//!
//! # let dir = std::env::temp_dir().join(format!("stancegraph-corpus-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! let seed = stancegraph::datasets::strait_incident();
//! seed.save_json_file(dir.join("2031-05-04-gazette.json"))?;
//! seed.save_json_file(dir.join("2031-05-05-courier.json"))?;
//! let (graph, report) = Graph::load_dir(&dir, MergePolicy::reconcile())?;
//! assert_eq!(graph, seed);
//! assert_eq!(report.parts[1].label, "2031-05-05-courier.json");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};

use crate::GraphBuilder;
use crate::error::{BuildError, LoadError};
use crate::graph::Graph;
use crate::io::csv::CsvError;
use crate::merge::{MergePolicy, MergeReport};
use crate::model::Dataset;

/// Why a corpus could not be loaded; each names the file or folder.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// The folder cannot be listed, or a file cannot be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// A JSON file is not a dataset.
    #[error("`{}`: {source}", file.display())]
    Dataset {
        /// The file.
        file: PathBuf,
        /// Why.
        source: LoadError,
    },
    /// A folder of CSV tables does not import (its problems name each file).
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The datasets do not merge: unknown keys, conflicts, contradictions.
    #[error("corpus `{}`: {source}", dir.display())]
    Merge {
        /// The corpus folder.
        dir: PathBuf,
        /// Every problem of the merged data.
        source: BuildError,
    },
    /// The folder holds neither `*.json` files nor folders of CSV tables.
    #[error("corpus `{}` holds no datasets (`*.json` files or folders with `actors.csv`)", dir.display())]
    Empty {
        /// The folder.
        dir: PathBuf,
    },
}

impl Graph {
    /// Loads every dataset of folder `dir` and merges them under `policy`; see the
    /// [module docs](crate::io::corpus).
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("stancegraph-load-dir-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir)?;
    /// stancegraph::datasets::strait_incident().save_json_file(dir.join("strait.json"))?;
    /// let (graph, report) = stancegraph::Graph::load_dir(&dir, stancegraph::MergePolicy::Strict)?;
    /// assert_eq!(report.parts.len(), 1);
    /// assert!(graph.actor_count() > 0);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A [`CorpusError`] naming the file or folder at fault.
    pub fn load_dir(dir: impl AsRef<Path>, policy: MergePolicy) -> Result<(Graph, MergeReport), CorpusError> {
        let dir = dir.as_ref();
        fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CorpusError + '_ {
            move |source| CorpusError::Io { path: path.to_owned(), source }
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io(dir))?;
        entries.sort();
        let mut builder = GraphBuilder::with_policy(policy);
        let mut found = false;
        for path in entries {
            let label = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            if path.is_dir() {
                if !path.join("actors.csv").is_file() {
                    continue;
                }
                let graph = Graph::load_csv_dir(&path)?;
                builder.add_labelled_dataset(label, graph.to_dataset());
            } else if path.extension().is_some_and(|x| x == "json") {
                let bytes = std::fs::read(&path).map_err(io(&path))?;
                let dataset = std::str::from_utf8(&bytes)
                    .map_err(|e| {
                        let offset = e.valid_up_to();
                        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
                        LoadError::Utf8 { line, offset }
                    })
                    .and_then(Dataset::from_json)
                    .map_err(|source| CorpusError::Dataset { file: path.clone(), source })?;
                builder.add_labelled_dataset(label, dataset);
            } else {
                continue;
            }
            found = true;
        }
        if !found {
            return Err(CorpusError::Empty { dir: dir.to_owned() });
        }
        builder.build_with_report().map_err(|source| CorpusError::Merge { dir: dir.to_owned(), source })
    }
}
