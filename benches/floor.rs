//! The hand-written floor of WORKLOAD.md, re-run on this machine so that the crate's
//! figures can be compared with it in one session: std only, flat arrays, no
//! validation, no provenance. BUILD reads the three data files whole and splits them
//! by hand, maps keys with a `HashMap<&[u8], u32>` (an Fx-style hasher), builds the undirected CSR
//! adjacency and buckets statements by (bloc, target) with sorted days; Q1 is
//! bidirectional BFS on reused buffers; Q4 writes plain DOT.
//!
//! ```text
//! cargo bench --bench floor -- DIR      # prints BUILD / Q1 / Q4 lines like the workload
//! ```
//! Without a directory (as `cargo bench` runs every bench) it does nothing.

use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

/// FxHash-style multiply-rotate hashing (std only): far cheaper than SipHash on short keys.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        // Mix the high bits down: the table picks buckets by the low ones.
        (self.0 ^ (self.0 >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (self.0 >> 32)
    }
}

type Map<'a> = HashMap<&'a [u8], u32, std::hash::BuildHasherDefault<Fx>>;

fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|&b| b == b',')
}

fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n').skip(1).filter(|l| !l.is_empty())
}

fn day(d: &[u8]) -> u16 {
    let n = |s: &[u8]| s.iter().fold(0u16, |a, &b| a * 10 + u16::from(b - b'0'));
    n(&d[5..7]) * 31 + n(&d[8..10])
}

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else { return };
    let read = |f: &str| std::fs::read(format!("{dir}/{f}")).expect("workload file");
    let t = Instant::now();
    let actors = read("actors.csv");
    let relations = read("relations.csv");
    let statements = read("statements.csv");
    let mut ids = Map::default();
    let mut names: Vec<&[u8]> = Vec::new();
    let mut parent_keys: Vec<&[u8]> = Vec::new();
    for l in lines(&actors) {
        let mut f = fields(l);
        let (id, name, _kind, parent) =
            (f.next().unwrap(), f.next().unwrap(), f.next(), f.next().unwrap_or(b""));
        ids.insert(id, names.len() as u32);
        names.push(name);
        parent_keys.push(parent);
    }
    let n = names.len();
    let parent: Vec<u32> = parent_keys.iter().map(|p| ids.get(p).copied().unwrap_or(u32::MAX)).collect();
    let bloc: Vec<u32> = (0..n as u32)
        .map(|mut a| {
            while parent[a as usize] != u32::MAX {
                a = parent[a as usize];
            }
            a
        })
        .collect();
    let mut rels: Vec<(u32, u32, &[u8])> = Vec::new();
    for l in lines(&relations) {
        let mut f = fields(l);
        rels.push((ids[f.next().unwrap()], ids[f.next().unwrap()], f.next().unwrap()));
    }
    let mut off = vec![0u32; n + 1];
    for &(a, b, _) in &rels {
        off[a as usize + 1] += 1;
        off[b as usize + 1] += 1;
    }
    for i in 1..=n {
        off[i] += off[i - 1];
    }
    let mut adj = vec![0u32; off[n] as usize];
    let mut fill = off.clone();
    for &(a, b, _) in &rels {
        adj[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
        adj[fill[b as usize] as usize] = a;
        fill[b as usize] += 1;
    }
    // Statements bucketed by (bloc, target), days sorted within a bucket.
    let mut st: Vec<(u32, u16, f32)> = Vec::new(); // (bucket, day, stance)
    let mut keys = Map::default();
    let states = bloc.iter().enumerate().filter(|&(i, &b)| b as usize == i).count();
    for l in lines(&statements) {
        let mut f = fields(l);
        let key = f.next().unwrap();
        let speaker = ids[f.next().unwrap()];
        let target = ids[f.next().unwrap()];
        let stance: f32 = std::str::from_utf8(f.next().unwrap()).unwrap().parse().unwrap();
        let d = day(f.next().unwrap());
        keys.insert(key, st.len() as u32);
        st.push((bloc[speaker as usize] * states as u32 + target, d, stance));
    }
    st.sort_unstable_by_key(|&(b, d, _)| (b, d));
    println!("BUILD {:.3} {}/{}/{}", t.elapsed().as_secs_f64(), n, rels.len(), st.len());

    let queries = read("queries.csv");
    let t = Instant::now();
    let (mut total, mut unreachable) = (0usize, 0usize);
    let (mut mark, mut dist) = (vec![0u32; n], vec![0u32; n]);
    let mut stamp = 0u32;
    let (mut fa, mut fb, mut next) = (Vec::new(), Vec::new(), Vec::new());
    for l in lines(&queries).filter(|l| l.starts_with(b"path")) {
        let mut f = fields(l).skip(1);
        let (a, b) = (ids[f.next().unwrap()], ids[f.next().unwrap()]);
        if a == b {
            continue;
        }
        stamp += 2;
        let (sa, sb) = (stamp - 1, stamp); // side marks
        mark[a as usize] = sa;
        mark[b as usize] = sb;
        dist[a as usize] = 0;
        dist[b as usize] = 0;
        fa.clear();
        fa.push(a);
        fb.clear();
        fb.push(b);
        let mut found = None;
        'search: while !fa.is_empty() && !fb.is_empty() {
            let (front, own, other) =
                if fa.len() <= fb.len() { (&mut fa, sa, sb) } else { (&mut fb, sb, sa) };
            next.clear();
            for &u in front.iter() {
                for &v in &adj[off[u as usize] as usize..off[u as usize + 1] as usize] {
                    if mark[v as usize] == other {
                        found = Some(dist[u as usize] + 1 + dist[v as usize]);
                        break 'search;
                    }
                    if mark[v as usize] != own {
                        mark[v as usize] = own;
                        dist[v as usize] = dist[u as usize] + 1;
                        next.push(v);
                    }
                }
            }
            std::mem::swap(front, &mut next);
        }
        match found {
            Some(d) => total += d as usize,
            None => unreachable += 1,
        }
    }
    println!("Q1 {:.3} {total}/{unreachable}", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let out = std::env::temp_dir().join(format!("floor-{}.dot", std::process::id()));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).expect("temp file"));
    let key_of: Vec<&[u8]> = lines(&actors).map(|l| fields(l).next().unwrap()).collect();
    w.write_all(b"digraph {\n").unwrap();
    for (i, name) in names.iter().enumerate() {
        w.write_all(b"\"").unwrap();
        w.write_all(key_of[i]).unwrap();
        w.write_all(b"\" [label=\"").unwrap();
        w.write_all(name).unwrap();
        w.write_all(b"\"];\n").unwrap();
    }
    for &(a, b, kind) in &rels {
        for part in [
            b"\"" as &[u8],
            key_of[a as usize],
            b"\" -> \"",
            key_of[b as usize],
            b"\" [label=\"",
            kind,
            b"\"];\n",
        ] {
            w.write_all(part).unwrap();
        }
    }
    w.write_all(b"}\n").unwrap();
    drop(w);
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_file(&out);
    println!("Q4 {:.3} {size}", t.elapsed().as_secs_f64());
}
