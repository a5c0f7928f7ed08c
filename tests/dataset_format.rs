//! The complete example in docs/dataset-format.md loads, so the documentation
//! cannot drift from the format.

use stancegraph::Graph;

#[test]
fn documented_example_loads() {
    let doc = include_str!("../docs/dataset-format.md");
    let start = doc.find("## A complete small example").expect("section exists");
    let block = &doc[start..];
    let open = block.find("```json\n").expect("json block") + "```json\n".len();
    let close = block[open..].find("```").expect("closed block") + open;
    let g = Graph::from_json(&block[open..close]).unwrap_or_else(|e| panic!("documented example: {e}"));
    assert_eq!((g.actor_count(), g.relation_count(), g.event_count(), g.statement_count()), (4, 4, 1, 1));
    let protest = g.statement_by_key("mfa-protest").unwrap();
    assert_eq!(protest.speaker().parents().next().map(|a| a.key()), Some("atlantis"));
    assert_eq!(g.resolve("Poseidonia").unwrap().key(), "atlantis");
}
