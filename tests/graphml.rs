//! GraphML export: read back with an XML parser, it matches the graph's counts and
//! attributes, whatever characters the data holds.

use std::collections::HashMap;

mod common;

use proptest::prelude::*;
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::{ActorKind, Graph, GraphBuilder, Hedge, RelationKind, StatementKind};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

/// A parsed GraphML document: declared keys, nodes and edges with their data by
/// attribute name.
struct Parsed {
    keys: HashMap<String, (String, String)>,
    nodes: Vec<(String, HashMap<String, String>)>,
    edges: Vec<(String, String, HashMap<String, String>)>,
}

impl Parsed {
    fn nodes_of(&self, ty: &str) -> Vec<&(String, HashMap<String, String>)> {
        self.nodes.iter().filter(|n| n.1.get("type").map(String::as_str) == Some(ty)).collect()
    }

    fn edges_of(&self, ty: &str) -> Vec<&(String, String, HashMap<String, String>)> {
        self.edges.iter().filter(|e| e.2.get("type").map(String::as_str) == Some(ty)).collect()
    }
}

fn parse(xml: &str) -> Parsed {
    let doc = roxmltree::Document::parse(xml).expect("well-formed GraphML");
    let root = doc.root_element();
    assert!(root.has_tag_name((NS, "graphml")));
    let mut keys = HashMap::new();
    for k in root.children().filter(|n| n.has_tag_name((NS, "key"))) {
        let id = k.attribute("id").expect("key id").to_owned();
        let name = k.attribute("attr.name").expect("attr.name").to_owned();
        let target = k.attribute("for").expect("for").to_owned();
        assert!(k.attribute("attr.type").is_some());
        keys.insert(id, (name, target));
    }
    let graph = root.children().find(|n| n.has_tag_name((NS, "graph"))).expect("a graph");
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let data = |n: roxmltree::Node<'_, '_>, target: &str| -> HashMap<String, String> {
        n.children()
            .filter(|c| c.has_tag_name((NS, "data")))
            .map(|d| {
                let (name, for_) = keys.get(d.attribute("key").expect("data key")).expect("declared key");
                assert_eq!(for_, target, "key used on the right element");
                (name.clone(), d.text().unwrap_or("").to_owned())
            })
            .collect()
    };
    let nodes = graph
        .children()
        .filter(|n| n.has_tag_name((NS, "node")))
        .map(|n| (n.attribute("id").expect("node id").to_owned(), data(n, "node")))
        .collect();
    let edges = graph
        .children()
        .filter(|n| n.has_tag_name((NS, "edge")))
        .map(|n| {
            (
                n.attribute("source").expect("source").to_owned(),
                n.attribute("target").expect("target").to_owned(),
                data(n, "edge"),
            )
        })
        .collect();
    Parsed { keys, nodes, edges }
}

#[test]
fn seed_graphml_matches_the_graph() {
    let g = stancegraph::datasets::belarus_missile();
    let p = parse(&g.to_graphml());

    let names: Vec<&str> = p.keys.values().map(|(n, _)| n.as_str()).collect();
    for name in [
        "kind",
        "sign",
        "start",
        "end",
        "confidence",
        "title",
        "stance",
        "hedge",
        "date",
        "text",
        "label",
        "name",
    ] {
        assert!(names.contains(&name), "key `{name}` declared");
    }

    let actors = p.nodes_of("actor");
    assert_eq!(actors.len(), g.actor_count());
    for (a, (id, d)) in g.actors().zip(actors) {
        assert_eq!(id, &format!("actor:{}", a.key()));
        assert_eq!(d["name"], a.name());
        assert_eq!(d["kind"], a.kind().as_str());
    }
    let statements = p.nodes_of("statement");
    assert_eq!(statements.len(), g.statement_count());
    for (s, (_, d)) in g.statements().zip(statements) {
        assert_eq!(d["text"], s.text());
        assert_eq!(d["date"], s.date().to_string());
        assert_eq!(d["hedge"], s.hedge().as_str());
        assert_eq!(d["kind"], s.kind().as_str());
        assert_eq!(d["speaker"], s.speaker().key());
    }
    assert_eq!(p.nodes_of("event").len(), g.event_count());
    assert_eq!(p.nodes.len(), g.actor_count() + g.statement_count() + g.event_count());

    let relations = p.edges_of("relation");
    assert_eq!(relations.len(), g.relation_count());
    for (r, (from, to, d)) in g.relations().zip(relations) {
        assert_eq!(from, &format!("actor:{}", r.from().key()));
        assert_eq!(to, &format!("actor:{}", r.to().key()));
        assert_eq!(d["kind"], r.kind().as_str());
        let sign = match r.sign() {
            stancegraph::Sign::Positive => "positive",
            stancegraph::Sign::Neutral => "neutral",
            stancegraph::Sign::Negative => "negative",
        };
        assert_eq!(d["sign"], sign);
        assert_eq!(d.get("start").cloned(), r.start().map(|x| x.to_string()));
        assert_eq!(d.get("end").cloned(), r.end().map(|x| x.to_string()));
        assert_eq!(d.get("title").map(String::as_str), r.title());
        assert_eq!(d["confidence"].parse::<f64>().expect("a number"), r.confidence());
    }
    assert_eq!(p.edges_of("said").len(), g.statement_count());
    let targets = p.edges_of("target");
    let stances: Vec<f64> =
        g.statements().flat_map(|s| s.targets().map(|t| t.stance).collect::<Vec<_>>()).collect();
    assert_eq!(targets.len(), stances.len());
    for (e, stance) in targets.iter().zip(stances) {
        assert_eq!(e.2["stance"].parse::<f64>().expect("a number"), stance);
    }
    assert_eq!(p.edges_of("via").len(), g.statements().map(|s| s.via().len()).sum::<usize>());
    assert_eq!(p.edges_of("about").len(), g.statements().map(|s| s.about().len()).sum::<usize>());
    assert_eq!(p.edges_of("participant").len(), g.events().map(|e| e.participants().len()).sum::<usize>());

    // Every edge joins declared nodes.
    let ids: Vec<&str> = p.nodes.iter().map(|n| n.0.as_str()).collect();
    assert!(p.edges.iter().all(|(s, t, _)| ids.contains(&s.as_str()) && ids.contains(&t.as_str())));
}

#[test]
fn graphml_is_deterministic_and_streams_the_same_bytes() {
    let g = stancegraph::datasets::belarus_missile();
    let mut bytes = Vec::new();
    g.write_graphml(&mut bytes).expect("write to a Vec");
    assert_eq!(bytes, g.to_graphml().into_bytes());
    assert_eq!(g.to_graphml(), Graph::from_json(&g.to_json()).expect("round trip").to_graphml());
}

/// What XML can carry of a string: everything but most control characters and
/// U+FFFE/U+FFFF (a `\r` survives as a character reference).
fn xml_visible(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c as u32 >= 0x20 && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

fn awkward_graph(name: &str, text: &str) -> Graph {
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new("a<&>'\"", name, ActorKind::Ministry))
        .add_actor(Actor::new("Минск\r\n", "Minsk “city” — ’", ActorKind::Region))
        .add_relation(
            Relation::new("a<&>'\"", RelationKind::PartOf, "Минск\r\n").with_title("<chief> & 'co'"),
        )
        .add_statement(
            Statement::new("s\u{1}", "a<&>'\"", "2031-04".parse().expect("date"))
                .with_kind(StatementKind::Warning)
                .quote(text)
                .with_hedge(Hedge::Likely)
                .target(Target::new("Минск\r\n", -0.25)),
        );
    b.build().expect("valid")
}

#[test]
fn xml_special_and_forbidden_characters_are_escaped_or_dropped() {
    let name = "Ministry <of> \"Quotes\" & 'Apostrophes'\u{0}\u{b}\u{fffe}";
    let text = "line one\r\nline two\t\u{1b}[31m & <b>bold</b>";
    let g = awkward_graph(name, text);
    let p = parse(&g.to_graphml());
    let actor = &p.nodes_of("actor")[0];
    assert_eq!(actor.0, "actor:a<&>'\"");
    assert_eq!(actor.1["name"], xml_visible(name));
    // Ids escape what XML cannot hold, reversibly (see `ids_are_distinct_...`).
    assert_eq!(p.nodes_of("actor")[1].0, "actor:Минск\\u{d}\\u{a}");
    assert_eq!(p.nodes_of("statement")[0].0, "statement:s\\u{1}");
    assert_eq!(p.nodes_of("statement")[0].1["text"], xml_visible(text));
    assert_eq!(p.edges_of("relation")[0].2["title"], "<chief> & 'co'");
    assert_eq!(p.edges_of("target")[0].2["stance"], "-0.25");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn any_text_reads_back_as_itself_less_what_xml_forbids(name in "\\PC*[a-z]", text in any::<String>().prop_map(|t| format!("{t}x"))) {
        let g = awkward_graph(&name, &text);
        let p = parse(&g.to_graphml());
        prop_assert_eq!(&p.nodes_of("actor")[0].1["name"], &xml_visible(&name));
        prop_assert_eq!(&p.nodes_of("statement")[0].1["text"], &xml_visible(&text));
    }
}

/// The key a node id stands for: the id less its prefix, `\\` and `\u{hex}` undone.
fn key_of_id(id: &str) -> String {
    let rest = id.split_once(':').expect("a prefix").1;
    let mut key = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            key.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => key.push('\\'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                key.push(char::from_u32(u32::from_str_radix(&hex, 16).expect("hex")).expect("a char"));
            }
            other => panic!("unknown escape {other:?} in {id}"),
        }
    }
    key
}

fn actors_only(keys: &[String]) -> Graph {
    let mut b = GraphBuilder::new();
    for k in keys {
        b.add_actor(Actor::new(k.clone(), "A", ActorKind::State));
    }
    for pair in keys.windows(2) {
        b.add_relation(Relation::new(pair[0].clone(), RelationKind::Ally, pair[1].clone()));
    }
    b.build().expect("valid")
}

#[test]
fn ids_are_distinct_for_distinct_keys_and_read_back_as_the_key() {
    let keys: Vec<String> =
        ["x\u{1}", "x\u{2}", "x", "x\\u{1}", "x\u{fffe}", "a\\b", "a\\\\b", "t\tab", "x\u{ffff}", "x<&>\"'"]
            .map(str::to_owned)
            .to_vec();
    let g = actors_only(&keys);
    let p = parse(&g.to_graphml());
    let ids: Vec<&str> = p.nodes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), keys.len());
    let distinct: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(distinct.len(), keys.len(), "{ids:?}");
    let back: Vec<String> = ids.iter().map(|id| key_of_id(id)).collect();
    assert_eq!(back, keys);
    // Every edge end is a node.
    for (from, to, _) in &p.edges {
        assert!(distinct.contains(&from.as_str()) && distinct.contains(&to.as_str()), "{from} → {to}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn any_keys_give_distinct_ids_that_read_back(
        keys in proptest::collection::hash_set(r"[a\\\x00-\x1f\u{fffe}\u{ffff}{}u0-9]{0,4}x", 1..12)
    ) {
        let keys: Vec<String> = keys.into_iter().collect();
        let g = actors_only(&keys);
        let p = parse(&g.to_graphml());
        let back: Vec<String> = p.nodes.iter().map(|(id, _)| key_of_id(id)).collect();
        prop_assert_eq!(back, keys);
    }
}
