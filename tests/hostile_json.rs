//! Hostile input to the JSON loader never panics and always gets a typed error.
//!
//! The default case counts keep CI fast; run long with e.g.
//! `PROPTEST_CASES=100000 cargo test --release --test hostile_json`.

mod common;

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
fn documents_that_are_not_a_dataset_object_say_what_is_wrong() {
    let not_object = "expected a dataset: a JSON object with \"format\": \"stancegraph/1\"";
    for (text, want) in [
        ("[]", format!("invalid dataset JSON at line 1, column 1: invalid type: sequence, {not_object}")),
        ("null", format!("invalid dataset JSON at line 1, column 4: invalid type: null, {not_object}")),
        (
            r#"["stancegraph/1"]"#,
            format!("invalid dataset JSON at line 1, column 1: invalid type: sequence, {not_object}"),
        ),
        (
            "{}",
            "not a dataset: the `format` field is missing (expected `\"format\": \"stancegraph/1\"`)"
                .to_owned(),
        ),
        (
            r#"{"format": null}"#,
            "invalid dataset JSON at line 1, column 15: invalid type: null, expected a string".to_owned(),
        ),
        (
            r#"{"format": 1}"#,
            "invalid dataset JSON at line 1, column 12: invalid type: integer `1`, expected a string"
                .to_owned(),
        ),
    ] {
        let err = Graph::from_json(text).expect_err(text);
        assert_eq!(err.to_string(), want, "{text}");
        assert!(!err.to_string().contains("Probe"), "no internal names: {err}");
    }
    assert!(matches!(Graph::from_json("{}"), Err(LoadError::MissingFormat)));
    // An object with other fields first still finds its format.
    let text = r#"{"actors": [], "format": "stancegraph/1"}"#;
    assert_eq!(Graph::from_json(text).expect("loads").actor_count(), 0);
}

#[test]
fn a_huge_wrong_value_makes_a_short_message() {
    let kind = "x".repeat(1 << 20);
    let text = format!(
        r#"{{"format": "stancegraph/1", "actors": [{{"key": "a", "name": "A", "kind": "{kind}"}}]}}"#
    );
    let err = Graph::from_json(&text).expect_err("unknown kind");
    assert!(matches!(err, LoadError::Json { .. }));
    assert!(err.to_string().len() < 600, "{} bytes: {err}", err.to_string().len());
    let format = format!(r#"{{"format": "{kind}"}}"#);
    assert!(Graph::from_json(&format).expect_err("format").to_string().len() < 300);
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
    common::mutated(datasets::STRAIT_INCIDENT_JSON.as_bytes(), 8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

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

/// A value to put where the dataset expects something else.
fn wrong_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        prop_oneof![Just(1e308), Just(-1e308), Just(5e-324), Just(-0.0), Just(1.5), Just(-1.0000001)]
            .prop_map(|x| json!(x)),
        Just(json!("")),
        Just(json!("  ")),
        Just(json!("\u{feff}\u{0}\r\n")),
        Just(json!("2022-02-30")),
        Just(json!("state")),
        (0usize..100_000).prop_map(|n| json!("x".repeat(n))),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{"key": "x"}])),
    ]
}

/// Replace the `pick`-th leaf or container (in document order) of `v` with `with`.
fn replace_nth(v: &mut serde_json::Value, pick: &mut usize, with: &serde_json::Value) -> bool {
    if *pick == 0 {
        *v = with.clone();
        return true;
    }
    *pick -= 1;
    match v {
        serde_json::Value::Array(items) => items.iter_mut().any(|x| replace_nth(x, pick, with)),
        serde_json::Value::Object(map) => map.values_mut().any(|x| replace_nth(x, pick, with)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    /// Well-formed JSON of the right shape with a wrong value somewhere: a wrong
    /// type, an impossible date, a huge number, an empty or very long string.
    #[test]
    fn wrong_values_in_a_valid_shape_are_typed_errors(
        picks in proptest::collection::vec((0usize..2000, wrong_value()), 1..4)
    ) {
        let mut doc: serde_json::Value =
            serde_json::from_str(datasets::STRAIT_INCIDENT_JSON).expect("the example is JSON");
        for (mut pick, with) in picks {
            replace_nth(&mut doc, &mut pick, &with);
        }
        let text = serde_json::to_string_pretty(&doc).expect("a value serialises");
        match Graph::from_json(&text) {
            Ok(g) => prop_assert_eq!(Graph::from_json(&g.to_json()).ok(), Some(g)),
            Err(LoadError::Json { line, column, message }) => {
                prop_assert!(line >= 1 && column >= 1 && !message.is_empty());
            }
            Err(LoadError::Build(e)) => prop_assert!(!e.problems().is_empty()),
            Err(LoadError::Format { found }) => prop_assert!(found != "stancegraph/1"),
            Err(LoadError::MissingFormat) => prop_assert!(!text.contains("\"format\": \"")),
            Err(other) => prop_assert!(false, "unexpected error class: {other}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    /// A dataset whose `part_of` chain is up to 40,000 deep loads on the test
    /// thread's 2 MiB stack, or, with a link back down, reports one short cycle.
    #[test]
    fn deep_hierarchies_load_or_report_the_cycle(
        n in prop_oneof![31 => 2usize..60, 1 => 60usize..40_000],
        back in proptest::option::of((any::<prop::sample::Index>(), any::<prop::sample::Index>())),
    ) {
        use std::fmt::Write;
        let back = back.map(|(a, b)| (a.index(n), b.index(n))).filter(|(a, b)| b < a);
        let mut text = String::from(r#"{"format": "stancegraph/1", "actors": ["#);
        for i in 0..n {
            let comma = if i > 0 { "," } else { "" };
            let _ = write!(text, r#"{comma}{{"key": "x{i}", "name": "X", "kind": "org"}}"#);
        }
        text.push_str(r#"], "relations": ["#);
        let links = (0..n - 1).map(|i| (i, i + 1)).chain(back);
        for (k, (from, to)) in links.enumerate() {
            let comma = if k > 0 { "," } else { "" };
            let _ = write!(text, r#"{comma}{{"from": "x{from}", "kind": "part_of", "to": "x{to}"}}"#);
        }
        text.push_str("]}");
        match (Graph::from_json(&text), back) {
            (Ok(g), None) => prop_assert_eq!(g.relation_count(), n - 1),
            (Err(LoadError::Build(e)), Some((a, b))) => {
                let [stancegraph::Problem::HierarchyCycle { path }] = e.problems() else {
                    return Err(TestCaseError::fail(format!("{e}")));
                };
                prop_assert_eq!(path.len(), a - b + 2);
                prop_assert!(e.to_string().len() < 400);
            }
            (other, back) => prop_assert!(false, "{:?} with back link {:?}", other.map(|g| g.actor_count()), back),
        }
    }
}
