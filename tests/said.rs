//! Who said what: one composable query over statements, in chronological order.

use stancegraph::query::QueryError;
use stancegraph::{Graph, Hedge, StatementKind};

fn seed() -> Graph {
    stancegraph::datasets::belarus_missile()
}

fn date(text: &str) -> stancegraph::PartialDate {
    text.parse().expect("valid date")
}

#[test]
fn what_belarus_said_covers_its_ministries_officials_and_regions() -> Result<(), QueryError> {
    let g = seed();
    let said = g.said().by("Minsk").rolled_up().statements()?;
    let speakers: Vec<&str> = said.speakers().iter().map(|a| a.key()).collect();
    assert!(speakers.len() >= 5, "{speakers:?}");
    for key in ["belarus", "brest-commissar", "belarus-mfa", "belarus-mod", "volfovich"] {
        assert!(speakers.contains(&key), "{key} missing from {speakers:?}");
    }
    // Every speaker sits under Belarus, and its chain ends there.
    assert!(said.iter().all(|a| a.speaker_chain.last().map(|top| top.key()) == Some("belarus")));
    // Without rolling up, only what Belarus itself said.
    let own = g.said().by("belarus").statements()?;
    assert!(own.iter().all(|a| a.statement.speaker().key() == "belarus"));
    assert!(own.len() < said.len());
    Ok(())
}

#[test]
fn results_are_chronological_with_order_within_the_day() -> Result<(), QueryError> {
    let g = seed();
    let said = g.said().by("belarus").rolled_up().about("Kyiv").statements()?;
    let keys: Vec<(stancegraph::PartialDate, u32)> =
        said.iter().map(|a| (a.statement.date(), a.statement.order())).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    let position = |k: &str| said.iter().position(|a| a.statement.key() == k);
    let (commissar, protest, provocation) = (
        position("brest-commissar-no-reason-to-worry"),
        position("belarus-mfa-formal-protest"),
        position("belarus-mod-deliberate-provocation"),
    );
    assert!(commissar.is_some() && commissar < protest && protest < provocation);
    Ok(())
}

#[test]
fn speaker_and_outlet_chains_come_with_each_statement() -> Result<(), QueryError> {
    let g = seed();
    let peskov = g.said().by("peskov").statements()?;
    assert!(!peskov.is_empty());
    assert_eq!(peskov[0].chain_text(), "Dmitry Peskov → Kremlin → Russia");
    let carried = g.said().via("russian-state-media").statements()?;
    let keys: Vec<&str> = carried.iter().map(|a| a.statement.key()).collect();
    assert_eq!(keys, ["volfovich-provoke-regional-conflict", "volfovich-war-not-enough"]);
    assert!(carried.iter().all(|a| a.outlets.iter().map(|o| o.key()).eq(["russian-state-media"])));
    // Everything Belta carried.
    let belta = g.said().via("belta").statements()?;
    assert!(belta.iter().any(|a| a.statement.key() == "belarus-mod-launch-error"));
    assert!(belta.iter().all(|a| a.to_string().contains("via ")));
    Ok(())
}

#[test]
fn filters_compose() -> Result<(), QueryError> {
    let g = seed();
    let accusations = g.said().by("belarus").rolled_up().kind(StatementKind::Accusation).statements()?;
    assert!(accusations.iter().all(|a| a.statement.kind() == StatementKind::Accusation));
    let hedged = g.said().hedge(Hedge::Possible).hedge(Hedge::Likely).statements()?;
    assert!(hedged.iter().all(|a| matches!(a.statement.hedge(), Hedge::Possible | Hedge::Likely)));
    assert!(hedged.iter().any(|a| a.statement.hedge() == Hedge::Likely));
    // Thursday's three statements, plus Lukashenko's, dated only "2022-12".
    let thursday =
        g.said().by("belarus").rolled_up().between(date("2022-12-29"), date("2022-12-29")).statements()?;
    let dates: Vec<String> = thursday.iter().map(|a| a.statement.date().to_string()).collect();
    assert_eq!(dates, ["2022-12", "2022-12-29", "2022-12-29", "2022-12-29"]);
    let on_event = g.said().about_event("summons-ukraine-ambassador").statements()?;
    assert_eq!(
        on_event.iter().map(|a| a.statement.key()).collect::<Vec<_>>(),
        ["belarus-mfa-formal-protest"]
    );
    let framed = g.said().framing("Deliberate Provocation").count()?;
    assert_eq!(framed, 2);
    let phrase = g.said().phrase("regional conflict").statements()?;
    assert!(phrase.iter().any(|a| a.statement.key() == "volfovich-provoke-regional-conflict"));
    // About someone under a target, or exactly the target.
    assert!(g.said().about("kremlin").count()? >= 1);
    assert!(g.said().about_within("belarus").count()? > g.said().about("belarus").count()?);
    Ok(())
}

#[test]
fn partial_dates_match_ranges_they_overlap() -> Result<(), QueryError> {
    let g = seed();
    // Lukashenko's statement is dated only "2022-12": it overlaps any range in December ...
    let in_range = |start: &str, end: &str| -> Result<bool, QueryError> {
        Ok(g.said()
            .by("lukashenko")
            .between(date(start), date(end))
            .statements()?
            .iter()
            .any(|a| a.statement.key() == "lukashenko-no-troop-deployment"))
    };
    assert!(in_range("2022-12-15", "2022-12-16")?);
    assert!(in_range("2022-11-01", "2022-12-01")?);
    assert!(in_range("2022", "2022")?);
    // ... and none outside it.
    assert!(!in_range("2022-11-01", "2022-11-30")?);
    assert!(!in_range("2023-01-01", "2023-01-31")?);
    Ok(())
}

#[test]
fn groups_by_speaker_and_by_target() -> Result<(), QueryError> {
    let g = seed();
    let said = g.said().about_event("s300-missile-downed").statements()?;
    let by_speaker = said.by_speaker();
    assert_eq!(by_speaker.iter().map(|(_, items)| items.len()).sum::<usize>(), said.len());
    let first_speakers: Vec<&str> = by_speaker.iter().map(|(a, _)| a.key()).collect();
    let mut seen = Vec::new();
    for a in &said {
        let key = a.statement.speaker().key();
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    assert_eq!(first_speakers, seen, "speakers in order of first statement");
    let by_target = said.by_target();
    let ukraine = by_target.iter().find(|(t, _)| t.key() == "ukraine").expect("Ukraine is a target");
    assert!(ukraine.1.iter().all(|a| a.statement.targets().any(|t| t.actor.key() == "ukraine")));
    Ok(())
}

#[test]
fn unknown_names_are_errors_that_say_which_field() {
    let g = seed();
    let err = g.said().by("Atlantis").statements().unwrap_err();
    assert_eq!(err.to_string(), "query field `by`: no actor has the key, name or alias `Atlantis`");
    assert!(matches!(g.said().about_event("nothing").count(), Err(QueryError::UnknownEvent { .. })));
    assert!(g.said().via("nobody").count().is_err());
    // Nothing found is an empty answer.
    assert_eq!(g.said().by("poland").count(), Ok(0));
}

#[test]
fn framing_lines_up_speakers_and_targets() {
    let g = seed();
    let framing = g.framing("deliberate provocation");
    assert!(framing.is_shared());
    let rows: Vec<(&str, &str, f64)> = framing
        .rows
        .iter()
        .map(|r| (r.attribution.statement.speaker().key(), r.targets[0].actor.key(), r.targets[0].stance))
        .collect();
    assert_eq!(rows.len(), 2);
    // Belarus's Defense Ministry points at Ukraine; Ukraine points at Russia.
    assert_eq!((rows[0].0, rows[0].1), ("belarus-mod", "ukraine"));
    assert_eq!((rows[1].0, rows[1].1), ("ukraine", "russia"));
    let text = framing.to_string();
    assert!(text.contains("Belarusian Defense Ministry → Belarus | Ukraine -0.80"), "{text}");
    assert!(g.framing("no such frame").rows.is_empty());
}
