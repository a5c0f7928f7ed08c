//! A port of the benchmark workload generator `gen.py` (see WORKLOAD.md): the same
//! splitmix64 streams and the same bytes in every file.
//!
//! Included with `#[path]` by the workload example, its test and the benches.
#![allow(dead_code)]

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// `(states, orgs per state, persons per org, random relations, statements)`.
pub fn scale(name: &str) -> Option<(usize, usize, usize, usize, usize)> {
    match name {
        "tiny" => Some((5, 3, 4, 200, 1_000)),
        "small" => Some((50, 10, 10, 20_000, 100_000)),
        "large" => Some((200, 50, 20, 1_000_000, 2_000_000)),
        _ => None,
    }
}

const DAYS: u64 = 365;
const RELATION_KINDS: [&str; 5] = ["ally", "hostile", "borders", "cooperates", "condemns"];
// Python's repr of the stances -1.0, -0.5, 0.0, 0.5, 1.0.
const STANCES: [&str; 5] = ["-1.0", "-0.5", "0.0", "0.5", "1.0"];

/// The splitmix64 generator of gen.py.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        // `n` is at most a few million, so the remainder fits a usize.
        (self.next_u64() % n as u64) as usize
    }
}

/// ISO dates of day 0..365 after 2022-01-01.
fn dates() -> Vec<String> {
    let epoch = jiff::civil::date(2022, 1, 1);
    (0..DAYS as i64)
        .map(|d| epoch.checked_add(jiff::Span::new().days(d)).map(|x| x.to_string()).unwrap_or_default())
        .collect()
}

/// Writes `actors.csv`, `relations.csv`, `statements.csv` and `queries.csv` for
/// `scale` (`tiny`, `small` or `large`) into `dir`, creating it.
pub fn generate(scale_name: &str, dir: &Path) -> io::Result<()> {
    let Some((s, o, p, r, m)) = scale(scale_name) else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("unknown scale `{scale_name}`")));
    };
    std::fs::create_dir_all(dir)?;
    let states: Vec<String> = (0..s).map(|i| format!("s{i}")).collect();
    let orgs: Vec<String> = (0..s * o).map(|j| format!("o{j}")).collect();
    let persons: Vec<String> = (0..s * o * p).map(|k| format!("p{k}")).collect();
    let actors: Vec<&str> = states.iter().chain(&orgs).chain(&persons).map(String::as_str).collect();
    let a = actors.len();
    let dates = dates();
    let file = |name: &str| File::create(dir.join(name)).map(|f| BufWriter::with_capacity(1 << 16, f));
    let mut rng = SplitMix64::new(42);

    let mut w = file("actors.csv")?;
    writeln!(w, "id,name,kind,parent")?;
    for (i, x) in states.iter().enumerate() {
        writeln!(w, "{x},State {i},state,")?;
    }
    for (j, x) in orgs.iter().enumerate() {
        writeln!(w, "{x},Org {j},org,{}", states[j / o])?;
    }
    for (k, x) in persons.iter().enumerate() {
        writeln!(w, "{x},Person {k},person,{}", orgs[k / p])?;
    }
    w.flush()?;

    let mut w = file("relations.csv")?;
    writeln!(w, "source,target,kind")?;
    for (j, x) in orgs.iter().enumerate() {
        writeln!(w, "{x},{},member_of", states[j / o])?;
    }
    for (k, x) in persons.iter().enumerate() {
        writeln!(w, "{x},{},member_of", orgs[k / p])?;
    }
    for _ in 0..r {
        let from = rng.below(a);
        let mut to = rng.below(a);
        while to == from {
            to = rng.below(a);
        }
        let kind = RELATION_KINDS[rng.below(5)];
        writeln!(w, "{},{},{kind}", actors[from], actors[to])?;
    }
    w.flush()?;

    let mut w = file("statements.csv")?;
    writeln!(w, "id,speaker,target,stance,date")?;
    for i in 0..m {
        let speaker = rng.below(a);
        let target = rng.below(s);
        let stance = STANCES[rng.below(5)];
        let day = rng.below(DAYS as usize);
        writeln!(w, "st{i},{},{},{stance},{}", actors[speaker], states[target], dates[day])?;
    }
    w.flush()?;

    let mut q = SplitMix64::new(7);
    let mut w = file("queries.csv")?;
    writeln!(w, "query,a,b,start")?;
    for _ in 0..1000 {
        let x = q.below(a);
        let y = q.below(a);
        writeln!(w, "path,{},{},", actors[x], actors[y])?;
    }
    for _ in 0..1000 {
        let sp = q.below(s);
        let tg = q.below(s);
        let st = q.below(DAYS as usize);
        writeln!(w, "said,{},{},{}", states[sp], states[tg], dates[st])?;
    }
    w.flush()
}
