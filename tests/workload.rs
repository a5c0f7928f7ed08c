//! The benchmark workload (WORKLOAD.md): the Rust port of its generator writes the
//! reference bytes, and the phases of `examples/workload.rs` give the reference
//! checksums on the tiny scale.

#[path = "../benches/support/gen.rs"]
mod generator;
#[path = "../benches/support/workload.rs"]
mod workload;

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn sha256_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("generated file");
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn tiny() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    generator::generate("tiny", dir.path()).expect("generate tiny");
    dir
}

#[test]
fn the_port_writes_the_reference_tiny_files() {
    // From WORKLOAD.md.
    let expected = [
        ("actors.csv", "447237772d6de3d4e3a2f17ce7388286b902a8672a390e50eacee40cc9db5570"),
        ("relations.csv", "345fd1e57d8c960128588eb1a49a679b4eb6e8a5e2fda07c76513d2c8592f604"),
        ("statements.csv", "87f3584812f2cd10df36cf09f3c148dfa3eb4d28952c3a4c927570e9a03f2bba"),
        ("queries.csv", "45151e28d7c44280c9b10f5ef1ede16e8726d1a0f7e3ee8236f4637b8c1f7e88"),
    ];
    let dir = tiny();
    for (file, sha) in expected {
        assert_eq!(sha256_hex(&dir.path().join(file)), sha, "{file}");
    }
}

/// `gen.py`, the reference generator: `$STANCEGRAPH_GEN_PY`, or `shared/bench/gen.py`
/// beside the repository.
fn gen_py() -> Option<PathBuf> {
    let path = match std::env::var_os("STANCEGRAPH_GEN_PY") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen.py"),
    };
    path.is_file().then_some(path)
}

#[test]
fn the_port_matches_gen_py_at_small_scale() {
    let Some(script) = gen_py() else {
        eprintln!("skipped: gen.py not found (set STANCEGRAPH_GEN_PY)");
        return;
    };
    let reference = tempfile::tempdir().expect("temp dir");
    let status = Command::new("python3").arg(&script).arg("small").arg(reference.path()).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("gen.py failed: {s}"),
        Err(e) => {
            eprintln!("skipped: cannot run python3: {e}");
            return;
        }
    }
    let ours = tempfile::tempdir().expect("temp dir");
    generator::generate("small", ours.path()).expect("generate small");
    for file in ["actors.csv", "relations.csv", "statements.csv", "queries.csv"] {
        let (a, b) = (ours.path().join(file), reference.path().join(file));
        assert_eq!(sha256_hex(&a), sha256_hex(&b), "{file} differs from gen.py's");
    }
}

#[test]
fn the_tiny_workload_gives_the_reference_checksums() -> workload::Result<()> {
    let dir = tiny();
    let queries = workload::read_queries(dir.path())?;
    let (graph, build) = workload::build(dir.path())?;
    assert_eq!(build, "80/275/1000");
    assert_eq!(workload::q1(&graph, &queries)?, "2475/0");
    assert_eq!(workload::q2(&graph, &queries)?, "3235");
    assert_eq!(workload::q3(&graph)?, "0.884162");

    let dot = dir.path().join("actors.dot");
    let size: u64 = workload::q4(&graph, &dot)?.parse()?;
    assert_eq!(size, std::fs::metadata(&dot)?.len());
    let text = std::fs::read_to_string(&dot)?;
    // Every actor a node labelled with its name, every relation row an edge.
    assert_eq!(text.matches(" -> ").count(), 275);
    assert!(text.contains("[label=\"State 0\"]") && text.contains("[label=\"member_of\"]"));
    match Command::new("dot").arg("-Tcanon").arg(&dot).output() {
        Ok(out) => {
            assert!(out.status.success(), "dot rejects the file: {}", String::from_utf8_lossy(&out.stderr))
        }
        Err(e) => eprintln!("skipped the Graphviz check: cannot run dot: {e}"),
    }
    Ok(())
}
