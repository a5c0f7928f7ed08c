//! Attribution-level rules on short texts written for these tests: attributions are
//! flat (a cue inside another attribution's content is part of what it reports), and a
//! passive or raising cue ("was asked", "seems") takes no source from its subject.

use stancegraph::extract::{Document, find_attributions, taggers};

fn attributions(text: &str) -> Vec<(String, String, Vec<String>)> {
    let doc = Document::new(text);
    let (cue, role) = taggers();
    find_attributions(&doc, cue, role)
        .into_iter()
        .map(|f| {
            (
                f.source.map(|s| doc.slice(s).to_owned()).unwrap_or_default(),
                doc.slice(f.cue).to_owned(),
                f.content.into_iter().map(|c| doc.slice(c).to_owned()).collect(),
            )
        })
        .collect()
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[test]
fn a_cue_or_source_inside_reported_content_is_not_an_attribution_of_its_own() {
    // "seems" reports "Mr. Varga ... to think the deal is dead": "think", whose source
    // would be "Mr. Varga", is part of that content, not a second attribution.
    for text in [
        "Mr. Varga seems to think the deal is dead.",
        "Officials in the port city noted on Monday that engineers say the old bridge is no longer safe.",
    ] {
        let doc = Document::new(text);
        let (cue, role) = taggers();
        let found = find_attributions(&doc, cue, role);
        assert!(!found.is_empty(), "{text}: the outer attribution is found");
        for b in &found {
            for a in found.iter().filter(|a| a.cue != b.cue) {
                let inside = |r: &std::ops::Range<usize>| a.content.iter().any(|c| overlaps(c, r));
                assert!(
                    !inside(&b.cue) && !b.source.as_ref().is_some_and(inside),
                    "{text}: {:?} lies inside the content of {:?}: {:?}",
                    doc.slice(b.cue.clone()),
                    doc.slice(a.cue.clone()),
                    attributions(text)
                );
            }
        }
    }
    let all = attributions("Mr. Varga seems to think the deal is dead.");
    assert!(all.iter().any(|(_, _, content)| content.concat().contains("think the deal is dead")), "{all:?}");
}

#[test]
fn passive_and_raising_cues_take_no_source_from_their_subject() {
    for (text, cue) in [
        ("Kovac was asked whether the talks would resume.", "was asked"), // Kovac is asked, not speaking
        ("Mr. Varga seems to think the deal is dead.", "seems"),
    ] {
        let all = attributions(text);
        let (source, _, content) =
            all.iter().find(|(_, c, _)| c == cue).unwrap_or_else(|| panic!("{text}: no {cue:?} in {all:?}"));
        assert!(source.is_empty(), "{text}: {cue:?} given source {source:?} ({all:?})");
        assert!(!content.is_empty());
    }
}
