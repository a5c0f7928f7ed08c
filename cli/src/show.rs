//! Answers as text for a person: each function lays out what a library call
//! returned, computing nothing of its own.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use stancegraph::query::{
    Alignment, AlignmentTimeline, Attribution, Blocs, Path, PathSet, StanceTimeline, TopGroup,
};
use stancegraph::{ActorId, ActorRef, Graph};

fn name(graph: &Graph, id: ActorId) -> &str {
    graph.actor(id).map_or("?", |a| a.name())
}

/// The score, the components, then every piece of evidence.
pub fn alignment(graph: &Graph, a: &Alignment) -> String {
    let [x, y] = a.actors;
    let mut out = format!(
        "{} ~ {}: {:+.3} (confidence {:.3})\n",
        name(graph, x),
        name(graph, y),
        a.score,
        a.confidence
    );
    for c in &a.components {
        let _ = writeln!(
            out,
            "  {}: {:+.3} (weight {}, evidence {:.2})",
            c.component, c.value, c.weight, c.evidence
        );
    }
    if !a.evidence.is_empty() {
        out.push_str("evidence:\n");
    }
    for e in &a.evidence {
        let _ = writeln!(out, "  {e}");
    }
    out
}

/// One line per group, then the ties that contradict the grouping.
pub fn blocs(graph: &Graph, blocs: &Blocs) -> String {
    let mut out = String::new();
    for (i, group) in blocs.into_iter().enumerate() {
        let names: Vec<&str> = group.iter().map(|&id| name(graph, id)).collect();
        let _ = writeln!(out, "bloc {}: {}", i + 1, names.join(", "));
    }
    let exact = if blocs.exact { "exact" } else { "heuristic" };
    let _ = writeln!(out, "frustration {:.3} ({exact})", blocs.frustration);
    for &(a, b, w) in &blocs.contradicting {
        let _ = writeln!(out, "  contradicting: {} ~ {} {w:+.3}", name(graph, a), name(graph, b));
    }
    out
}

/// One line per day: the day's stance, the running mean, then each statement.
pub fn stance_timeline(graph: &Graph, t: &StanceTimeline) -> String {
    let mut out = format!("stance of {} toward {}\n", name(graph, t.of), name(graph, t.toward));
    for day in t {
        let _ = writeln!(out, "{}  {:+.3}  (so far {:+.3})", day.date, day.stance, day.cumulative);
        for step in &day.steps {
            if let Some(s) = graph.statement(step.statement) {
                let _ = writeln!(
                    out,
                    "    {:+.2} ×{:.2}  {}: {}",
                    step.stance,
                    step.weight,
                    s.speaker().name(),
                    s.text()
                );
            }
        }
    }
    out
}

/// One line per day: the alignment as of that day.
pub fn alignment_timeline(graph: &Graph, t: &AlignmentTimeline) -> String {
    let [a, b] = t.actors;
    let mut out = format!("alignment of {} and {}\n", name(graph, a), name(graph, b));
    for day in t {
        let _ = writeln!(out, "{}  {:+.3}  (confidence {:.3})", day.date, day.score, day.confidence);
    }
    out
}

/// Each group's statements under its top, with the mean stance per target.
pub fn by_top(groups: &[TopGroup<'_, '_>]) -> String {
    let mut out = String::new();
    for g in groups {
        let _ = writeln!(out, "{} ({})", g.top.name(), count(g.attributions.len(), "statement"));
        for s in &g.stances {
            let _ = writeln!(
                out,
                "  mean stance toward {}: {:+.3} (weight {:.2}, {})",
                s.target.name(),
                s.mean,
                s.weight,
                count(s.statements, "statement")
            );
        }
        for a in &g.attributions {
            let _ = writeln!(out, "  {a}");
        }
    }
    out
}

/// Each group's statements under the actor it is grouped by.
pub fn groups(groups: &[(ActorRef<'_>, Vec<&Attribution<'_>>)]) -> String {
    let mut out = String::new();
    for (actor, said) in groups {
        let _ = writeln!(out, "{} ({})", actor.name(), count(said.len(), "statement"));
        for a in said {
            let _ = writeln!(out, "  {a}");
        }
    }
    out
}

/// A path's length, then one clause per hop.
pub fn path(p: &Path<'_>) -> String {
    let mut out = format!(
        "{} hops: {}\n",
        p.len(),
        p.actors().map(|a| a.name().to_owned()).collect::<Vec<_>>().join(" → ")
    );
    for clause in p.clauses() {
        let _ = writeln!(out, "  {clause}");
    }
    out
}

/// Each path, numbered, and whether a bound cut the search.
pub fn paths(set: &PathSet<'_>) -> String {
    let mut out = String::new();
    for (i, p) in set.into_iter().enumerate() {
        let _ = write!(out, "{}. {}", i + 1, path(p));
    }
    if set.is_empty() {
        out.push_str("no path\n");
    }
    if set.is_truncated() {
        out.push_str("(stopped at a bound: there may be more paths)\n");
    }
    out
}

/// Renders DOT text with Graphviz's `dot` to `format`, or says how to install it.
pub fn render(dot: &str, format: &str) -> Result<Vec<u8>, String> {
    let child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err("Graphviz's `dot` is not installed (or not on PATH); install it with \
                 `apt-get install graphviz` (Debian, Ubuntu), `brew install graphviz` (macOS) or \
                 from https://graphviz.org/download/, or leave out --render to write DOT text"
                .to_owned());
        }
        Err(e) => return Err(format!("cannot run Graphviz's `dot`: {e}")),
    };
    let mut stdin = child.stdin.take().ok_or("cannot write to Graphviz's `dot`")?;
    // Write from another thread: `dot` may fill its output pipe before reading all input.
    let text = dot.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().map_err(|e| format!("Graphviz's `dot` failed: {e}"))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!("Graphviz's `dot` failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(output.stdout)
}

/// `n` and the noun, plural unless `n` is 1: "1 statement", "3 statements".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
