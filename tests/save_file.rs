//! Saving to a file is atomic: an interrupted save leaves the previous file intact.

use stancegraph::{Graph, datasets, io::write_atomically};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stancegraph-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn save_and_load_a_file() {
    let dir = scratch("save");
    let path = dir.join("seed.json");
    let g = datasets::belarus_missile();
    g.save_json_file(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), g.to_json());
    assert_eq!(Graph::load_json_file(&path).unwrap(), g);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_interrupted_save_leaves_the_previous_file_intact() {
    let dir = scratch("interrupted");
    let path = dir.join("graph.json");
    let before = datasets::strait_incident();
    before.save_json_file(&path).unwrap();

    // The second save fails half-way, as a full disk would make it.
    let after = datasets::belarus_missile().to_json();
    let result = write_atomically(&path, |w| {
        w.write_all(&after.as_bytes()[..after.len() / 2])?;
        Err(std::io::Error::other("simulated: no space left on device"))
    });
    assert_eq!(result.unwrap_err().to_string(), "simulated: no space left on device");

    assert_eq!(Graph::load_json_file(&path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["graph.json"], "no temporary file is left behind");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_missing_file_is_an_io_error() {
    let err = Graph::load_json_file("/nonexistent/stancegraph.json").unwrap_err();
    assert!(
        matches!(&err, stancegraph::LoadError::File { path, .. } if path.ends_with("stancegraph.json")),
        "{err}"
    );
    assert!(err.to_string().starts_with("cannot read dataset `/nonexistent/stancegraph.json`: "), "{err}");
}
