//! Hostile input to the snapshot reader never panics, never allocates beyond the
//! input's size, and always gets a typed error (or, for a change that leaves a
//! consistent snapshot, a graph).
//!
//! Damage that keeps the checksum right is the interesting case: the checksum would
//! catch a random flip, so the harness recomputes it after each edit (a "re-sealed"
//! file) to reach the decoder's own checks.
//!
//! `PROPTEST_CASES=100000 cargo test --release --test hostile_snapshot` for a long run.

mod common;

use proptest::prelude::*;
use stancegraph::io::snapshot::SnapshotError;
use stancegraph::{Graph, datasets};

/// The header, then the table of contents: 8 entries of tag, offset, length and
/// CRC-32 (`docs/snapshot-format.md`).
const HEADER: usize = 32;
const TOC: usize = 8 * 24;

/// Makes the checksums (and the total length) agree with the bytes as they are.
fn seal(bytes: &mut [u8]) {
    if bytes.len() < HEADER + TOC {
        return;
    }
    let total = bytes.len() as u64;
    bytes[16..24].copy_from_slice(&total.to_le_bytes());
    for i in 0..8 {
        let e = HEADER + i * 24;
        let field = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        let (offset, len) = (field(bytes, e + 4), field(bytes, e + 12));
        let range =
            usize::try_from(offset).ok().zip(offset.checked_add(len).and_then(|z| usize::try_from(z).ok()));
        if let Some(section) = range.and_then(|(a, z)| bytes.get(a..z)) {
            let crc = crc32fast::hash(section);
            bytes[e + 20..e + 24].copy_from_slice(&crc.to_le_bytes());
        }
    }
    let crc = crc32fast::hash(&bytes[HEADER..HEADER + TOC]);
    bytes[24..28].copy_from_slice(&crc.to_le_bytes());
}

fn snapshot() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| datasets::strait_incident().snapshot_bytes())
}

#[test]
fn every_truncation_is_an_error() {
    let good = snapshot();
    for len in 0..good.len() {
        let mut cut = good[..len].to_vec();
        assert!(Graph::snapshot_from_bytes(&cut).is_err(), "cut at {len}");
        // Even with the header and checksum fixed to match the cut.
        seal(&mut cut);
        assert!(Graph::snapshot_from_bytes(&cut).is_err(), "sealed cut at {len}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    #[test]
    fn damaged_snapshots_are_errors(bytes in common::mutated(snapshot(), 8)) {
        if bytes.as_slice() != snapshot() {
            match Graph::snapshot_from_bytes(&bytes) {
                Err(_) => {}
                // The one header field outside the checksums that may change is the
                // probe of the name hash (bytes 28..32): a different probe only makes
                // the reader rebuild the name index instead of trusting the stored one
                // (docs/snapshot-format.md), so the graph is the same. Any other
                // change must be refused.
                Ok(g) => {
                    let probe_only = bytes.len() == snapshot().len()
                        && bytes.iter().zip(snapshot()).enumerate().all(|(i, (a, b))| a == b || (28..32).contains(&i));
                    prop_assert!(probe_only, "damage outside the probe was accepted");
                    prop_assert!(g == datasets::strait_incident(), "a changed probe gave another graph");
                }
            }
        }
    }

    #[test]
    fn resealed_damage_never_panics(mut bytes in common::mutated(snapshot(), 8)) {
        seal(&mut bytes);
        match Graph::snapshot_from_bytes(&bytes) {
            Ok(g) => {
                // A consistent graph: it can be queried and saved again.
                let _ = g.to_json();
                let _ = g.statements_chronological().count();
                prop_assert!(Graph::snapshot_from_bytes(&g.snapshot_bytes()).is_ok());
            }
            Err(SnapshotError::Corrupt { what, .. }) => prop_assert!(!what.is_empty()),
            Err(SnapshotError::Length { .. } | SnapshotError::NotASnapshot { .. } | SnapshotError::Version { .. }) => {}
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    /// Bytes replaced in place keep every section's length, so the sealed file
    /// reaches the section decoders and their checks of ids, ranges and tags.
    #[test]
    fn resealed_substitutions_never_panic(
        edits in proptest::collection::vec((HEADER + TOC..snapshot().len(), any::<u8>()), 1..6)
    ) {
        let mut bytes = snapshot().to_vec();
        for (at, b) in edits {
            bytes[at] = b;
        }
        seal(&mut bytes);
        match Graph::snapshot_from_bytes(&bytes) {
            Ok(g) => {
                let _ = g.to_json();
                let _ = g.statements_chronological().count();
            }
            Err(SnapshotError::Corrupt { what, .. }) => prop_assert!(!what.is_empty()),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn random_bodies_after_a_good_header_are_errors(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = snapshot()[..HEADER + TOC].to_vec();
        bytes.extend_from_slice(&body);
        seal(&mut bytes);
        prop_assert!(Graph::snapshot_from_bytes(&bytes).is_err());
    }
}
