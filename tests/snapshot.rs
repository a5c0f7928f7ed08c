//! Snapshots: a built graph saved and reopened answers every question as before,
//! and a file that is not a good snapshot is a typed error.

#[path = "../benches/support/gen.rs"]
mod generator;
#[path = "../benches/support/workload.rs"]
mod workload;

use stancegraph::io::snapshot::{MAGIC, SnapshotError, VERSION};
use stancegraph::{Graph, datasets};

#[test]
fn the_tiny_workload_answers_the_same_after_a_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    generator::generate("tiny", dir.path()).expect("generate tiny");
    let queries = workload::read_queries(dir.path()).expect("queries");
    let (built, sum) = workload::build(dir.path()).expect("build");
    let path = dir.path().join("tiny.sgs");
    built.save_snapshot(&path).expect("save");
    let (opened, open_sum) = workload::open(&path).expect("open");
    assert_eq!(open_sum, sum);
    assert_eq!(opened, built);
    let phases = |g: &Graph| {
        let dot = dir.path().join("a.dot");
        [
            workload::q1(g, &queries).expect("q1"),
            workload::q2(g, &queries).expect("q2"),
            workload::q3(g).expect("q3"),
            workload::q4(g, &dot).expect("q4"),
        ]
    };
    assert_eq!(phases(&opened), ["2475/0", "3235", "0.884162", phases(&built)[3].as_str()]);
    // Look-ups by key and by name use the stored indexes.
    for s in built.statements().take(50) {
        assert_eq!(opened.statement_by_key(s.key()).map(|x| x.id()), Some(s.id()));
    }
    for a in built.actors() {
        assert_eq!(
            opened.resolve(a.name()).map(|x| x.id()).ok(),
            built.resolve(a.name()).map(|x| x.id()).ok()
        );
    }
}

#[test]
fn datasets_round_trip_with_their_json() {
    let g = datasets::strait_incident();
    let back = Graph::snapshot_from_bytes(&g.snapshot_bytes()).expect("own snapshot");
    assert_eq!(back.to_json(), g.to_json());
}

#[test]
fn saving_is_atomic_and_replaces_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.sgs");
    std::fs::write(&path, b"old").expect("write");
    let g = datasets::strait_incident();
    g.save_snapshot(&path).expect("save");
    assert_eq!(std::fs::read(&path).expect("read"), g.snapshot_bytes());
    // Only the snapshot is left: no temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    let missing = dir.path().join("no/such/folder/g.sgs");
    assert!(matches!(g.save_snapshot(&missing), Err(SnapshotError::Io { .. })));
}

#[test]
fn foreign_truncated_damaged_and_future_files_are_typed_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = datasets::strait_incident().snapshot_bytes();
    let open = |bytes: &[u8]| {
        let path = dir.path().join("x.sgs");
        std::fs::write(&path, bytes).expect("write");
        let from_file = Graph::open_snapshot(&path).map(|_| ());
        let from_bytes = Graph::snapshot_from_bytes(bytes).map(|_| ());
        assert_eq!(
            from_file.as_ref().map_err(std::mem::discriminant),
            from_bytes.as_ref().map_err(std::mem::discriminant)
        );
        from_file.unwrap_err()
    };
    assert!(matches!(open(b""), SnapshotError::NotASnapshot { .. }));
    assert!(matches!(open(b"id,name,kind\n"), SnapshotError::NotASnapshot { .. }));
    assert!(matches!(open(&MAGIC), SnapshotError::Length { .. }));
    let cut = &good[..good.len() - 1];
    assert!(matches!(open(cut), SnapshotError::Length { .. }), "{}", open(cut));
    let mut longer = good.clone();
    longer.push(0);
    assert!(matches!(open(&longer), SnapshotError::Length { .. }));
    let mut future = good.clone();
    future[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes());
    let err = open(&future);
    assert!(matches!(err, SnapshotError::Version { found, .. } if found == VERSION + 1), "{err}");
    // The header's flags are outside every checksum; none is defined, so any set bit is refused.
    let mut flagged = good.clone();
    flagged[12] = 1;
    let err = open(&flagged);
    assert!(matches!(err, SnapshotError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("flags"), "{err}");
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let err = open(&flipped);
    assert!(matches!(err, SnapshotError::Checksum { .. }), "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    // A header that announces an enormous file allocates nothing.
    let mut huge = good[..32 + 8 * 24].to_vec();
    huge[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(open(&huge), SnapshotError::Length { .. }));
    assert!(matches!(Graph::open_snapshot(dir.path()), Err(SnapshotError::Io { .. })));
    assert!(matches!(Graph::open_snapshot(dir.path().join("missing")), Err(SnapshotError::Io { .. })));
}

#[test]
fn machine_proposed_marks_are_kept() {
    use stancegraph::model::{Actor, Statement};
    use stancegraph::{ActorKind, GraphBuilder};
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State).with_proposed(true))
        .add_actor(Actor::new("lemuria", "Lemuria", ActorKind::State))
        .add_statement(
            Statement::new("s1", "atlantis", "2031-05-03".parse().expect("date")).with_proposed(true),
        );
    let g = b.build().expect("valid");
    let back = Graph::snapshot_from_bytes(&g.snapshot_bytes()).expect("own snapshot");
    assert_eq!(back, g);
    assert_eq!(back.to_json(), g.to_json());
    assert!(back.to_json().contains("proposed"), "{}", back.to_json());
}
