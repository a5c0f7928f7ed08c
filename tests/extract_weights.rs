//! The shipped weights are the learner's output: they load, hold both taggers, and
//! match the checksum recorded with the command that wrote them
//! (`src/extract/weights.sha256`).

use sha2::{Digest, Sha256};
use stancegraph::extract::{CUE_TAGS, ROLE_TAGS, WEIGHTS, read_weights, taggers, write_weights};

#[test]
fn the_shipped_weights_load_with_both_taggers() {
    let all = read_weights(WEIGHTS).expect("the shipped file reads");
    let names: Vec<&str> = all.iter().map(|t| t.name()).collect();
    assert_eq!(names, ["cue", "role"]);
    let (cue, role) = taggers();
    assert_eq!(cue.tag_count(), CUE_TAGS.len());
    assert_eq!(role.tag_count(), ROLE_TAGS.len());
    assert!(cue.feature_count() > 1000 && role.feature_count() > 1000);
    // Small enough to ship in the crate.
    assert!(WEIGHTS.len() < 2 * 1024 * 1024, "{} bytes", WEIGHTS.len());
}

#[test]
fn the_weights_match_the_recorded_checksum() {
    let recorded = include_str!("../src/extract/weights.sha256");
    let expected = recorded.split_whitespace().next().expect("a checksum");
    let actual: String = Sha256::digest(WEIGHTS).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        actual, expected,
        "weights.bin changed: retrain with the recorded command and update weights.sha256"
    );
}

#[test]
fn writing_and_reading_the_weights_is_lossless() {
    let all = read_weights(WEIGHTS).expect("reads");
    let refs: Vec<_> = all.iter().collect();
    assert_eq!(write_weights(&refs), WEIGHTS);
}

#[test]
fn damaged_weights_are_errors_not_panics() {
    for cut in [0, 3, 5, 6, 100, WEIGHTS.len() / 2, WEIGHTS.len() - 1] {
        assert!(read_weights(&WEIGHTS[..cut]).is_err(), "cut at {cut}");
    }
    let mut bad = WEIGHTS.to_vec();
    bad[0] = b'X';
    assert!(read_weights(&bad).is_err());
}
