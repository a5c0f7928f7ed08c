//! Hostile input to the JSON loader never panics and always gets a typed error.
//!
//! The default case counts keep CI fast; run long with e.g.
//! `PROPTEST_CASES=100000 cargo test --release --test hostile_json`.

use proptest::prelude::*;
use stancegraph::{Graph, LoadError, datasets};

#[test]
fn byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", datasets::STRAIT_INCIDENT_JSON);
    assert_eq!(Graph::from_json(&text).unwrap(), datasets::strait_incident());
    assert_eq!(Graph::load_json(text.as_bytes()).unwrap(), datasets::strait_incident());
}

#[test]
fn crlf_line_ends_are_accepted() {
    let text = datasets::STRAIT_INCIDENT_JSON.replace('\n', "\r\n");
    assert_eq!(Graph::from_json(&text).unwrap(), datasets::strait_incident());
}

#[test]
fn invalid_utf8_names_line_and_offset() {
    let mut bytes = b"{\n  \"format\": \"stancegraph/1\",\n  \"actors\": [{\"key\": \"".to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\"}]\n}");
    let err = Graph::load_json(bytes.as_slice()).unwrap_err();
    assert!(matches!(err, LoadError::Utf8 { line: 3, offset: o } if o == offset), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("dataset is not UTF-8: invalid byte at line 3, byte offset {offset}")
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(Graph::from_json(&text), Err(LoadError::Json { .. })));
    let nested = format!(
        r#"{{"format": "stancegraph/1", "actors": [{{"key": "a", "name": "A", "kind": "state", "description": {}1{}}}]}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(matches!(Graph::from_json(&nested), Err(LoadError::Json { .. })));
}

#[test]
fn huge_and_non_finite_numbers_are_rejected() {
    for stance in ["1e400", "-1e400", "NaN", "Infinity", "1.0000000001", "-1.5"] {
        let text = format!(
            r#"{{"format": "stancegraph/1", "actors": [{{"key": "a", "name": "A", "kind": "state"}},
                {{"key": "b", "name": "B", "kind": "state"}}],
               "statements": [{{"key": "s", "speaker": "a", "date": "2022-01-01", "targets": [{{"actor": "b", "stance": {stance}}}]}}]}}"#
        );
        assert!(Graph::from_json(&text).is_err(), "stance {stance} must be rejected");
    }
    let order = r#"{"format": "stancegraph/1", "actors": [{"key": "a", "name": "A", "kind": "state"}],
        "statements": [{"key": "s", "speaker": "a", "date": "2022-01-01", "order": 99999999999}]}"#;
    assert!(matches!(Graph::from_json(order), Err(LoadError::Json { line: 2, .. })));
}

#[test]
fn duplicate_json_fields_are_an_error() {
    let text =
        r#"{"format": "stancegraph/1", "actors": [{"key": "a", "key": "b", "name": "A", "kind": "state"}]}"#;
    let err = Graph::from_json(text).unwrap_err();
    assert!(err.to_string().contains("duplicate field `key`"), "{err}");
}

#[test]
fn very_long_strings_load() {
    let name = "ж".repeat(1 << 20);
    let text = format!(
        r#"{{"format": "stancegraph/1", "actors": [{{"key": "a", "name": "{name}", "kind": "state"}}]}}"#
    );
    let g = Graph::from_json(&text).unwrap();
    assert_eq!(g.actor_by_key("a").unwrap().name().chars().count(), 1 << 20);
}

/// Corrupt a valid dataset at random places.
fn mutated_seed() -> impl Strategy<Value = Vec<u8>> {
    let seed = datasets::STRAIT_INCIDENT_JSON.as_bytes().to_vec();
    let len = seed.len();
    proptest::collection::vec((0..len, any::<u8>(), 0u8..3), 1..8).prop_map(move |edits| {
        let mut bytes = seed.clone();
        for (at, byte, op) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match op {
                0 => bytes[at] = byte,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, byte),
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Graph::load_json(bytes.as_slice());
    }

    #[test]
    fn corrupted_datasets_never_panic(bytes in mutated_seed()) {
        // Either it still loads (the edit was harmless) or it is a typed error
        // whose message is not empty.
        if let Err(e) = Graph::load_json(bytes.as_slice()) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}
