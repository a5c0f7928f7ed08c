//! Timelines: stance and alignment, day by day and step by step.

use stancegraph::Graph;
use stancegraph::query::QueryError;

fn seed() -> Graph {
    stancegraph::datasets::belarus_missile()
}

fn date(text: &str) -> stancegraph::PartialDate {
    text.parse().expect("valid date")
}

fn statement(g: &Graph, key: &str) -> stancegraph::StatementId {
    g.statement_by_key(key).map(|s| s.id()).expect("seed statement")
}

#[test]
fn belarus_hardens_toward_ukraine() -> Result<(), QueryError> {
    let g = seed();
    let t = g.stance_timeline("Belarus", "Kyiv").compute()?;
    let step = |key: &str| t.step(statement(&g, key)).copied().expect("on the timeline");
    let commissar = step("brest-commissar-no-reason-to-worry");
    let protest = step("belarus-mfa-formal-protest");
    let provocation = step("belarus-mod-deliberate-provocation");
    // Mild on Thursday morning, a protest later that day, an accusation on Friday.
    assert!(commissar.stance > protest.stance, "{commissar:?} {protest:?}");
    assert!(protest.stance > provocation.stance, "{protest:?} {provocation:?}");
    assert!(commissar.stance > -0.2);
    // The running mean falls from the commissar's words on.
    let steps: Vec<_> = t.steps().collect();
    let from = steps.iter().position(|s| s.statement == commissar.statement).expect("present");
    let to = steps.iter().position(|s| s.statement == provocation.statement).expect("present");
    assert!(steps[from].cumulative > steps[from + 1].cumulative);
    assert!(steps[from + 1].cumulative > steps[to].cumulative);
    assert!(steps[to].cumulative > t.days.last().map_or(0.0, |d| d.cumulative));
    // Day by day: Thursday, then a harsher Friday.
    let day = |d: &str| t.days.iter().find(|x| x.date == date(d)).expect("a day with statements");
    let (thursday, friday) = (day("2022-12-29"), day("2022-12-30"));
    assert!(thursday.stance > friday.stance);
    assert!(thursday.cumulative > friday.cumulative);
    // Steps within Thursday follow the order of the day.
    let orders: Vec<u32> =
        thursday.steps.iter().filter_map(|s| g.statement(s.statement)).map(|s| s.order()).collect();
    assert!(orders.windows(2).all(|w| w[0] <= w[1]), "{orders:?}");
    // Hedged words weigh less.
    assert_eq!(provocation.weight, 0.5);
    Ok(())
}

#[test]
fn days_are_in_order_and_partial_dates_come_first() -> Result<(), QueryError> {
    let g = seed();
    let t = g.stance_timeline("belarus", "ukraine").compute()?;
    let dates: Vec<String> = t.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, ["2022-12", "2022-12-29", "2022-12-30"]);
    // Exactly Belarus, not its bodies: only the state's own announcement.
    let own = g.stance_timeline("belarus", "ukraine").exact().compute()?;
    assert_eq!(own.steps().count(), 1);
    // Nobody under Poland spoke: an empty timeline.
    assert!(g.stance_timeline("poland", "ukraine").compute()?.days.is_empty());
    assert!(g.stance_timeline("poland", "Atlantis").compute().is_err());
    Ok(())
}

#[test]
fn alignment_timeline_follows_the_days() -> Result<(), QueryError> {
    let g = seed();
    let t = g.alignment_timeline("belarus", "ukraine").compute()?;
    let days: Vec<String> = t.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(days, ["2022-12", "2022-12-29", "2022-12-30"]);
    let scores: Vec<f64> = t.days.iter().map(|d| d.score).collect();
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    // Each day is the alignment as of that day.
    let friday = g.alignment("belarus", "ukraine").until(date("2022-12-30"), u32::MAX).compute()?;
    assert_eq!(t.alignment(2), Some(friday.clone()));
    assert_eq!((t.days[2].score, t.days[2].confidence), (friday.score, friday.confidence));
    assert_eq!(t.days[2].components, friday.components);
    // Confidence grows as statements accumulate.
    assert!(t.days[0].confidence < t.days[2].confidence);
    Ok(())
}
