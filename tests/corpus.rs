//! Many articles, one world: one small (fictional) incident encoded twice,
//! independently, by two coders reading two outlets, merged with the reconciling
//! policy.

use stancegraph::model::Dataset;
use stancegraph::query::{Component, QueryError};
use stancegraph::{FoldReason, Graph, GraphBuilder, MergePolicy, MergeReport, UnifyReason};

/// The first encoding: the Harbour Gazette's report.
const GAZETTE: &str = r#"{
  "format": "stancegraph/1",
  "sources": [{"key": "gazette", "title": "Strait row deepens", "publisher": "The Harbour Gazette", "date": "2031-05-06"}],
  "actors": [
    {"key": "atlantis", "name": "Atlantis", "kind": "state", "wikidata": "Q9001", "country": "ATL"},
    {"key": "lemuria", "name": "Lemuria", "kind": "state", "wikidata": "Q9002", "country": "LEM"},
    {"key": "hyperborea", "name": "Hyperborea", "kind": "state"},
    {"key": "palace", "name": "Palace of Atlantis", "kind": "government"},
    {"key": "vasca", "name": "Ione Vasca", "kind": "person"},
    {"key": "lemuria-mfa", "name": "Lemurian Foreign Ministry", "kind": "ministry"},
    {"key": "herald", "name": "Lemurian Herald", "kind": "media"}
  ],
  "relations": [
    {"from": "palace", "kind": "government_of", "to": "atlantis", "citations": [{"source": "gazette", "paragraph": 2}]},
    {"from": "vasca", "kind": "holds_office", "to": "palace", "title": "spokeswoman", "citations": [{"source": "gazette", "paragraph": 3}]},
    {"from": "lemuria-mfa", "kind": "part_of", "to": "lemuria", "citations": [{"source": "gazette", "paragraph": 4}]},
    {"from": "herald", "kind": "state_media_of", "to": "lemuria", "citations": [{"source": "gazette", "paragraph": 4}]},
    {"from": "atlantis", "kind": "hostile", "to": "lemuria", "start": "2031-05", "citations": [{"source": "gazette", "paragraph": 1}]},
    {"from": "atlantis", "kind": "borders", "to": "lemuria", "citations": [{"source": "gazette", "paragraph": 1}]}
  ],
  "statements": [
    {"key": "vasca-provocation", "speaker": "vasca", "date": "2031-05-04", "kind": "accusation", "mode": "quote",
     "text": "a reckless provocation", "targets": [{"actor": "lemuria", "stance": -0.8}],
     "citations": [{"source": "gazette", "paragraph": 3}]},
    {"key": "mfa-rejects", "speaker": "lemuria-mfa", "date": "2031-05-05", "kind": "denial",
     "text": "rejects the charges", "targets": [{"actor": "atlantis", "stance": -0.6}], "via": ["herald"],
     "citations": [{"source": "gazette", "paragraph": 4}]},
    {"key": "vasca-thanks", "speaker": "vasca", "date": "2031-05-04", "kind": "praise",
     "text": "thanks Hyperborea for its restraint", "targets": [{"actor": "hyperborea", "stance": 0.6}],
     "citations": [{"source": "gazette", "paragraph": 5}]},
    {"key": "mfa-welcomes", "speaker": "lemuria-mfa", "date": "2031-05-05", "kind": "praise",
     "text": "welcomes Hyperborea's offer to mediate", "targets": [{"actor": "hyperborea", "stance": 0.4}],
     "citations": [{"source": "gazette", "paragraph": 6}]}
  ]
}"#;

/// The second encoding: the Island Courier's report, coded by someone else with
/// other keys and names, coarser or finer dates, and another outlet.
const COURIER: &str = r#"{
  "format": "stancegraph/1",
  "sources": [{"key": "courier", "title": "Lemuria hits back", "publisher": "The Island Courier", "date": "2031-05-07"}],
  "actors": [
    {"key": "atl", "name": "Atlantis", "kind": "state", "wikidata": "Q9001"},
    {"key": "lem", "name": "Republic of Lemuria", "kind": "state", "country": "LEM"},
    {"key": "hyperborea", "name": "Hyperborea", "kind": "state"},
    {"key": "the-palace", "name": "the Palace of Atlantis", "kind": "government"},
    {"key": "ione-vasca", "name": "Ione Vasca", "kind": "person", "aliases": ["the spokeswoman"]},
    {"key": "lem-mfa", "name": "Lemurian Foreign Ministry", "kind": "ministry"},
    {"key": "wire", "name": "Island Wire", "kind": "media"}
  ],
  "relations": [
    {"from": "the-palace", "kind": "government_of", "to": "atl", "citations": [{"source": "courier", "paragraph": 1}]},
    {"from": "ione-vasca", "kind": "holds_office", "to": "the-palace", "title": "spokeswoman", "citations": [{"source": "courier", "paragraph": 2}]},
    {"from": "lem-mfa", "kind": "part_of", "to": "lem", "citations": [{"source": "courier", "paragraph": 3}]},
    {"from": "lem", "kind": "hostile", "to": "atl", "start": "2031-05-02", "citations": [{"source": "courier", "paragraph": 1}]},
    {"from": "lem", "kind": "borders", "to": "atl", "citations": [{"source": "courier", "paragraph": 1}]}
  ],
  "statements": [
    {"key": "c-provocation", "speaker": "ione-vasca", "date": "2031-05-04", "kind": "accusation", "mode": "quote",
     "text": "a reckless provocation", "targets": [{"actor": "lem", "stance": -0.8}],
     "citations": [{"source": "courier", "paragraph": 2}]},
    {"key": "c-rejects", "speaker": "lem-mfa", "date": "2031-05", "kind": "denial",
     "text": "rejects the charges", "targets": [{"actor": "atl", "stance": -0.6}], "via": ["wire"],
     "citations": [{"source": "courier", "paragraph": 3}]},
    {"key": "c-thanks", "speaker": "ione-vasca", "date": "2031-05-04", "kind": "praise",
     "text": "thanks Hyperborea for its restraint", "targets": [{"actor": "hyperborea", "stance": 0.6}],
     "citations": [{"source": "courier", "paragraph": 4}]},
    {"key": "c-welcomes", "speaker": "lem-mfa", "date": "2031-05-05", "kind": "praise",
     "text": "welcomes Hyperborea's offer to mediate", "targets": [{"actor": "hyperborea", "stance": 0.4}],
     "citations": [{"source": "courier", "paragraph": 5}]}
  ]
}"#;

fn merged() -> (Graph, MergeReport) {
    let mut b = GraphBuilder::with_policy(MergePolicy::Reconcile { match_names: true });
    b.add_labelled_dataset("gazette.json", Dataset::from_json(GAZETTE).expect("valid JSON"))
        .add_labelled_dataset("courier.json", Dataset::from_json(COURIER).expect("valid JSON"));
    b.build_with_report().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn two_encodings_merge_into_the_single_world_with_more_confidence() -> Result<(), QueryError> {
    let single = Graph::from_json(GAZETTE).expect("valid");
    let (graph, report) = merged();

    // One world: only the Courier's own outlet is new; every fact is there once.
    assert_eq!(graph.actor_count(), single.actor_count() + 1, "{report}");
    assert_eq!(graph.relation_count(), single.relation_count(), "{report}");
    assert_eq!(graph.statement_count(), single.statement_count(), "{report}");

    let one = single.alignment("Atlantis", "Lemuria").compute()?;
    let both = graph.alignment("Atlantis", "Lemuria").compute()?;
    assert!((one.score - both.score).abs() < 1e-9, "{} vs {}", one.score, both.score);
    for c in [Component::Relations, Component::DirectStance, Component::SharedStance] {
        let (x, y) = (one.component(c).expect("evidence"), both.component(c).expect("evidence"));
        assert!((x - y).abs() < 1e-9, "{c}: {x} vs {y}");
    }
    assert!(both.confidence > one.confidence, "{} vs {}", both.confidence, one.confidence);
    // Every item of evidence is carried by both outlets.
    assert!(both.evidence.iter().all(|e| e.independent_sources == 2), "{:#?}", both.evidence);
    assert!(one.evidence.iter().all(|e| e.independent_sources == 1));

    // Who said what: one statement, both outlet chains, both sources.
    let said = graph.said().by("lemuria").rolled_up().about("atlantis").statements()?;
    assert_eq!(said.len(), 1);
    let rejects = &said[0];
    assert_eq!(rejects.statement.key(), "mfa-rejects");
    assert_eq!(rejects.statement.date().to_string(), "2031-05-05"); // the finer date
    let chains: Vec<Vec<&str>> =
        rejects.outlet_chains.iter().map(|c| c.iter().map(|a| a.key()).collect()).collect();
    assert_eq!(chains, [vec!["herald"], vec!["wire"]]);
    assert_eq!(rejects.independent_sources, 2);
    let sources: Vec<&str> = rejects.sources.iter().map(|s| s.key()).collect();
    assert_eq!(sources, ["gazette", "courier"]);
    assert!(rejects.to_string().ends_with("(2 independent sources)"), "{rejects}");
    assert_eq!(graph.said().via("wire").count()?, 1);

    // Names: the first kept, the others aliases; nothing lost.
    let lemuria =
        graph.resolve("Republic of Lemuria").map_err(|e| QueryError::Actor { field: "a", source: e })?;
    assert_eq!((lemuria.key(), lemuria.name()), ("lemuria", "Lemuria"));
    assert_eq!(graph.resolve("the spokeswoman").map(|a| a.key()), Ok("vasca"));
    let hostile =
        graph.relations().find(|r| r.kind() == stancegraph::RelationKind::Hostile).expect("hostile");
    assert_eq!(hostile.start().map(|d| d.to_string()).as_deref(), Some("2031-05-02"));
    assert_eq!(hostile.independent_sources(), 2);
    Ok(())
}

#[test]
fn the_report_lists_every_unification_and_fold() {
    let (_, report) = merged();
    let unified: Vec<(&str, &str, &UnifyReason)> =
        report.unified.iter().map(|u| (u.kept.as_str(), u.merged.as_str(), &u.reason)).collect();
    assert_eq!(
        unified,
        [
            ("hyperborea", "hyperborea", &UnifyReason::SameKey),
            ("atlantis", "atl", &UnifyReason::SameWikidata { id: "Q9001".into() }),
            ("lemuria", "lem", &UnifyReason::SameCountry { code: "LEM".into() }),
            ("palace", "the-palace", &UnifyReason::MatchingName { name: "the Palace of Atlantis".into() }),
            ("vasca", "ione-vasca", &UnifyReason::MatchingName { name: "Ione Vasca".into() }),
            (
                "lemuria-mfa",
                "lem-mfa",
                &UnifyReason::MatchingName { name: "Lemurian Foreign Ministry".into() }
            ),
        ]
    );
    let folds: Vec<(&str, Vec<FoldReason>)> =
        report.folded.iter().map(|f| (f.item.as_str(), f.how.clone())).collect();
    use FoldReason::*;
    assert_eq!(
        folds,
        [
            ("relation `palace government_of atlantis`", vec![SameFact]),
            ("relation `vasca holds_office palace`", vec![SameFact]),
            ("relation `lemuria-mfa part_of lemuria`", vec![SameFact]),
            ("relation `atlantis hostile lemuria` [2031-05-02..]", vec![DatesRefined, Reversed]),
            ("relation `atlantis borders lemuria`", vec![Reversed]),
            ("statement `vasca-provocation`", vec![SameWords]),
            ("statement `mfa-rejects`", vec![DatesRefined, SameWords, OutletsJoined]),
            ("statement `vasca-thanks`", vec![SameWords]),
            ("statement `mfa-welcomes`", vec![SameWords]),
        ],
        "{report}"
    );
    // Each fold names what was folded in and where from.
    assert_eq!(report.folded[6].folded, ["statement `c-rejects` (courier.json)"]);
    assert_eq!(report.parts[1].label, "courier.json");
    assert_eq!(report.parts[1].added.actors, 1);
    assert_eq!(report.parts[1].added.relations + report.parts[1].added.statements, 0);
    let text = report.to_string();
    assert!(text.contains("`atlantis` ← `atl` (courier.json): same wikidata id Q9001"), "{text}");
    let json = serde_json::to_string(&report).expect("serializable");
    assert!(json.contains(r#""reason":"same_wikidata","id":"Q9001""#), "{json}");
    // Deterministic.
    assert_eq!(merged().1, report);
}

#[test]
fn without_name_matching_only_keys_and_ids_unify() {
    let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
    b.add_dataset(Dataset::from_json(GAZETTE).expect("valid"))
        .add_dataset(Dataset::from_json(COURIER).expect("valid"));
    let graph = b.build().expect("merges");
    // `the-palace`, `ione-vasca`, `lem-mfa` stay apart; the states unify by id.
    assert!(graph.actor_by_key("the-palace").is_some() && graph.actor_by_key("atl").is_none());
}

#[test]
fn the_strict_merge_still_refuses_other_names() {
    let mut b = GraphBuilder::new();
    b.add_dataset(Dataset::from_json(GAZETTE).expect("valid"));
    let mut other = Dataset::from_json(GAZETTE).expect("valid");
    other.actors[0].name = "Republic of Atlantis".into();
    b.add_dataset(other);
    let err = b.build().unwrap_err();
    assert!(err.to_string().contains("actor `atlantis`: field `name` is `Atlantis` in one dataset"), "{err}");
}

/// A head of state coded `leads` by one coder and `holds_office` "president" by the
/// other is one tie.
#[test]
fn leads_and_holds_office_between_the_same_ends_fold_into_leads() {
    let first = r#"{"format": "stancegraph/1",
      "actors": [{"key": "atlantis", "name": "Atlantis", "kind": "state"},
                 {"key": "orin", "name": "Orin Vale", "kind": "person"}],
      "relations": [{"from": "orin", "kind": "leads", "to": "atlantis"}]}"#;
    let second = r#"{"format": "stancegraph/1",
      "actors": [{"key": "atlantis", "name": "Atlantis", "kind": "state"},
                 {"key": "orin", "name": "Orin Vale", "kind": "person"}],
      "relations": [{"from": "orin", "kind": "holds_office", "to": "atlantis", "title": "president", "start": "2029"}]}"#;
    for (a, b) in [(first, second), (second, first)] {
        let mut builder = GraphBuilder::with_policy(MergePolicy::reconcile());
        builder
            .add_dataset(Dataset::from_json(a).expect("valid"))
            .add_dataset(Dataset::from_json(b).expect("valid"));
        let (g, report) = builder.build_with_report().expect("merges");
        assert_eq!(g.relation_count(), 1);
        let r = g.relations().next().expect("one");
        assert_eq!((r.kind(), r.title()), (stancegraph::RelationKind::Leads, Some("president")));
        assert_eq!(r.start().map(|d| d.to_string()).as_deref(), Some("2029"));
        assert!(report.folded[0].how.contains(&FoldReason::LeadsAndOffice), "{report}");
    }
}

#[test]
fn contradictions_are_errors_naming_both_sides() {
    let first = r#"{"format": "stancegraph/1",
      "actors": [{"key": "atlantis", "name": "Atlantis", "kind": "state", "wikidata": "Q9001"},
                 {"key": "lemuria", "name": "Lemuria", "kind": "state"}],
      "statements": [{"key": "s1", "speaker": "atlantis", "date": "2031-05-04", "text": "a reckless provocation",
                      "targets": [{"actor": "lemuria", "stance": -0.8}]}]}"#;
    let second = r#"{"format": "stancegraph/1",
      "actors": [{"key": "atl", "name": "Atlantis", "kind": "person", "wikidata": "Q9001"},
                 {"key": "lemuria", "name": "Lemuria", "kind": "state", "wikidata": "Q9002", "country": "LEM"}],
      "statements": [{"key": "s9", "speaker": "atl", "date": "2031-05", "text": "a reckless provocation",
                      "targets": [{"actor": "lemuria", "stance": -0.5}]},
                     {"key": "s1", "speaker": "atl", "date": "2031-05-04", "text": "other words"}]}"#;
    let third = r#"{"format": "stancegraph/1",
      "actors": [{"key": "lemuria", "name": "Lemuria", "kind": "state", "wikidata": "Q9003"}]}"#;
    let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
    for text in [first, second, third] {
        b.add_dataset(Dataset::from_json(text).expect("valid"));
    }
    let messages: Vec<String> = b.build().unwrap_err().problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "actor `lemuria`: field `wikidata` is `Q9002` in one dataset and `Q9003` in another",
            "actor `atlantis` and actor `atl` are one (same wikidata id Q9001) but `kind` is `state` in one and `person` in the other",
            "statement `s1`: field `text` is `a reckless provocation` in one dataset and `other words` in another",
            "statement `s1`: field `targets` is `[Target { actor: \"lemuria\", stance: -0.8 }]` in one dataset and `[]` in another",
            "statement `s1` and statement `s9` are one (same speaker, same words) but `targets` is `[Target { actor: \"lemuria\", stance: -0.8 }]` in one and `[Target { actor: \"lemuria\", stance: -0.5 }]` in the other",
        ]
    );
}

/// Membership of an alliance is not hierarchy: the president stays under the state.
#[test]
fn a_state_in_an_alliance_keeps_its_president() -> Result<(), QueryError> {
    let text = r#"{"format": "stancegraph/1",
      "actors": [
        {"key": "pact", "name": "Ocean Pact", "kind": "international_organization"},
        {"key": "atlantis", "name": "Atlantis", "kind": "state"},
        {"key": "thule", "name": "Thule", "kind": "state"},
        {"key": "orin", "name": "Orin Vale", "kind": "person"},
        {"key": "pact-council", "name": "Pact Council", "kind": "council"}],
      "relations": [
        {"from": "atlantis", "kind": "member_of_alliance", "to": "pact", "start": "2030"},
        {"from": "thule", "kind": "membership", "to": "pact"},
        {"from": "orin", "kind": "leads", "to": "atlantis", "title": "president"},
        {"from": "pact-council", "kind": "part_of", "to": "pact"}],
      "statements": [
        {"key": "orin-1", "speaker": "orin", "date": "2031-05-04", "text": "we stand firm"},
        {"key": "council-1", "speaker": "pact-council", "date": "2031-05-05", "text": "calls for calm"},
        {"key": "thule-1", "speaker": "thule", "date": "2031-05-06", "text": "stands with its allies"}]}"#;
    let g = Graph::from_json(text).expect("valid");
    let id = |k: &str| g.resolve(k).map(|a| a.id()).expect("known");
    // Roll-up by state keeps the president with the state, and the alliance is no top.
    let tops: Vec<&str> = g.tops(id("orin")).map(|a| a.key()).collect();
    assert_eq!(tops, ["atlantis"]);
    let keys = |q: stancegraph::query::SaidQuery<'_>| -> Result<Vec<String>, QueryError> {
        Ok(q.statements()?.iter().map(|a| a.statement.key().to_owned()).collect())
    };
    assert_eq!(keys(g.said().by("atlantis").rolled_up())?, ["orin-1"]);
    assert_eq!(keys(g.said().by("pact").rolled_up())?, ["council-1"]);
    // "The alliance and its members", asked for explicitly.
    assert_eq!(keys(g.said().by("pact").rolled_up().with_members())?, ["orin-1", "council-1", "thule-1"]);
    let members: Vec<&str> = g.members(id("pact")).map(|a| a.key()).collect();
    assert_eq!(members, ["atlantis", "thule"]);
    let memberships: Vec<&str> = g.memberships(id("atlantis")).map(|a| a.key()).collect();
    assert_eq!(memberships, ["pact"]);
    // Saved with the canonical spelling.
    assert!(g.to_json().contains(r#""kind": "member_of_alliance""#));
    Ok(())
}

#[test]
fn a_folder_of_datasets_loads_as_one_graph_with_its_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("1-gazette.json"), GAZETTE).expect("write");
    std::fs::write(dir.path().join("2-courier.json"), COURIER).expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a dataset").expect("write");
    // A third outlet as CSV tables in a folder of their own.
    let tables = dir.path().join("3-wire");
    std::fs::create_dir(&tables).expect("mkdir");
    std::fs::write(tables.join("sources.csv"), "key,title,publisher\nwire-1,Strait latest,Island Wire\n")
        .expect("write");
    std::fs::write(
        tables.join("actors.csv"),
        "id,name,kind,wikidata,country\nlemuria,Lemuria,state,Q9002,LEM\natlantis,Atlantis,state,Q9001,\n",
    )
    .expect("write");
    std::fs::write(
        tables.join("relations.csv"),
        "source,target,kind,start,citations\natlantis,lemuria,hostile,2031,wire-1#1\n",
    )
    .expect("write");
    let (graph, report) =
        Graph::load_dir(dir.path(), MergePolicy::Reconcile { match_names: true }).expect("loads");
    let (two, _) = merged();
    assert_eq!(graph.actor_count(), two.actor_count());
    assert_eq!(graph.relation_count(), two.relation_count(), "{report}");
    let labels: Vec<&str> = report.parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1-gazette.json", "2-courier.json", "3-wire"]);
    let hostile =
        graph.relations().find(|r| r.kind() == stancegraph::RelationKind::Hostile).expect("hostile");
    assert_eq!(hostile.independent_sources(), 3);
    let atlantis = graph.actor_by_key("atlantis").expect("kept");
    assert_eq!(atlantis.wikidata().map(|q| q.to_string()).as_deref(), Some("Q9001"));
    assert_eq!(atlantis.country().map(|c| c.to_string()).as_deref(), Some("ATL"));

    // A broken file is named.
    std::fs::write(dir.path().join("4-broken.json"), "{\"format\": \"stancegraph/1\", \"actors\": [{]}")
        .expect("write");
    let err = Graph::load_dir(dir.path(), MergePolicy::reconcile()).unwrap_err();
    assert!(err.to_string().contains("4-broken.json"), "{err}");
    let empty = tempfile::tempdir().expect("temp dir");
    assert!(Graph::load_dir(empty.path(), MergePolicy::Strict).is_err());
}

#[test]
fn external_ids_go_everywhere_and_are_checked() {
    let g = Graph::from_json(GAZETTE).expect("valid");
    // JSON round trip keeps them; they are skipped where absent.
    assert_eq!(Graph::from_json(&g.to_json()).expect("round trip"), g);
    assert!(g.to_json().contains(r#""wikidata": "Q9001""#));
    assert!(
        !Graph::from_json(&stancegraph::datasets::STRAIT_INCIDENT_JSON.replace("\r", ""))
            .expect("valid")
            .to_json()
            .contains("wikidata")
    );
    // GraphML and DOT show them.
    let xml = g.to_graphml();
    assert!(
        xml.contains(r#"<data key="n_wikidata">Q9001</data>"#)
            && xml.contains(r#"<data key="n_country">LEM</data>"#)
    );
    let dot = g.to_dot(&stancegraph::io::dot::DotOptions::default());
    assert!(dot.contains("Q9001 · ATL"), "{dot}");
    // Malformed ids are errors with the line (JSON) or the column (CSV).
    let bad = GAZETTE.replace("\"Q9001\", \"country\": \"ATL\"", "\"Q09001\", \"country\": \"ATL\"");
    let err = Graph::from_json(&bad).unwrap_err().to_string();
    assert!(err.contains("invalid Wikidata id `Q09001`") && err.contains("line 5"), "{err}");
    let err = stancegraph::io::csv::CsvImport::new()
        .actors("id,name,kind,country\natlantis,Atlantis,state,atl\n".as_bytes())
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("column 4 (`country`): invalid value `atl`"), "{err}");
    // One id on two keys is an error under the strict policy; two ids on one key too.
    let twice = GAZETTE.replace("\"wikidata\": \"Q9002\"", "\"wikidata\": \"Q9001\"");
    let err = Graph::from_json(&twice).unwrap_err().to_string();
    assert!(err.contains("actors `atlantis` and `lemuria` both have the wikidata id `Q9001`"), "{err}");
}

#[test]
fn a_source_given_twice_is_completed_not_refused() {
    let first = r#"{"format": "stancegraph/1", "sources": [{"key": "gazette", "title": "Strait row", "publisher": "The Harbour Gazette"}]}"#;
    let second = r#"{"format": "stancegraph/1", "sources": [{"key": "gazette", "title": "Strait row", "date": "2031-05-04"}]}"#;
    let datasets = || [first, second].map(|t| Dataset::from_json(t).expect("valid"));
    let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
    datasets().into_iter().for_each(|d| {
        b.add_dataset(d);
    });
    let g = b.build().expect("completes");
    let s = g.source_by_key("gazette").expect("one source").data();
    assert_eq!(
        (s.publisher.as_deref(), s.date.map(|d| d.to_string())),
        (Some("The Harbour Gazette"), Some("2031-05-04".into()))
    );
    // The strict merge refuses the difference, as it always has.
    let mut strict = GraphBuilder::new();
    datasets().into_iter().for_each(|d| {
        strict.add_dataset(d);
    });
    assert!(strict.build().is_err());
}
