//! Running Graphviz from tests: one `dot` process for many graphs, SVG or JSON out,
//! and the geometry the picture tests measure (label boxes, splines, the legend).
//! Included with `#[path]` by the DOT tests.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Whether `dot` can be run; fails the test under CI when it cannot.
pub fn have_dot() -> bool {
    let ok = Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` is not installed, and CI is set: install it (apt-get install graphviz)"
        );
        eprintln!("note: Graphviz `dot` is not installed; skipping the rendering check");
    }
    ok
}

/// One `dot -T<format>` run over `input`: (success, stdout, stderr).
pub fn dot(format: &str, input: String) -> (bool, String, String) {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    let mut stdin = child.stdin.take().expect("stdin");
    // Written from another thread: dot may fill its output pipe before it has read
    // all of its input.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("dot finishes");
    writer.join().expect("writer thread").expect("dot reads its input");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), String::from_utf8(out.stdout).expect("dot writes UTF-8"), stderr)
}

/// Runs `dot -T<format>` once over all `docs` and returns its output, asserting success.
pub fn run(format: &str, docs: &[String]) -> String {
    let (ok, out, stderr) = dot(format, docs.concat());
    assert!(ok, "dot failed: {stderr}");
    out
}

/// One parsed `-Tjson` layout per input graph.
pub fn layouts(docs: &[String]) -> Vec<serde_json::Value> {
    let out = run("json", docs);
    let values: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
        .into_iter::<serde_json::Value>()
        .collect::<Result<_, _>>()
        .expect("dot writes JSON");
    assert_eq!(values.len(), docs.len(), "one layout per graph");
    values
}

/// A box `(x0, y0, x1, y1)` in points.
pub type Rect = (f64, f64, f64, f64);

fn num(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// The bounding box of the picture (`bb`).
pub fn picture(layout: &serde_json::Value) -> Rect {
    let bb: Vec<f64> =
        layout["bb"].as_str().unwrap_or("").split(',').filter_map(|x| x.trim().parse().ok()).collect();
    match bb.as_slice() {
        [x0, y0, x1, y1] => (*x0, *y0, *x1, *y1),
        _ => panic!("no bb in the layout"),
    }
}

/// The box around the text drawn by xdot operations (`_ldraw_`, `_xldraw_` ...).
pub fn text_box(ops: &serde_json::Value) -> Option<Rect> {
    let mut size = 14.0;
    let mut rect: Option<Rect> = None;
    for op in ops.as_array()? {
        match op["op"].as_str() {
            Some("F") => size = num(&op["size"]),
            Some("T") => {
                let (x, y, w) = (num(&op["pt"][0]), num(&op["pt"][1]), num(&op["width"]));
                let x0 = match op["align"].as_str() {
                    Some("l") => x,
                    Some("r") => x - w,
                    _ => x - w / 2.0,
                };
                let r = (x0, y - size * 0.25, x0 + w, y + size * 0.8);
                rect = Some(rect.map_or(r, |a| (a.0.min(r.0), a.1.min(r.1), a.2.max(r.2), a.3.max(r.3))));
            }
            _ => {}
        }
    }
    rect
}

/// The box around the polygons drawn by xdot operations (an HTML table's borders).
pub fn polygon_box(ops: &serde_json::Value) -> Option<Rect> {
    let mut rect: Option<Rect> = None;
    for op in ops.as_array()?.iter().filter(|op| matches!(op["op"].as_str(), Some("p" | "P"))) {
        for p in op["points"].as_array()? {
            let (x, y) = (num(&p[0]), num(&p[1]));
            rect = Some(rect.map_or((x, y, x, y), |a| (a.0.min(x), a.1.min(y), a.2.max(x), a.3.max(y))));
        }
    }
    rect
}

/// Points along an edge's drawn splines (`_draw_` Bézier operations), 24 per segment.
pub fn spline_points(edge: &serde_json::Value) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for op in edge["_draw_"].as_array().into_iter().flatten().filter(|op| op["op"] == "b") {
        let pts: Vec<(f64, f64)> =
            op["points"].as_array().into_iter().flatten().map(|p| (num(&p[0]), num(&p[1]))).collect();
        let mut i = 0;
        while i + 3 < pts.len() {
            let [p0, p1, p2, p3] = [pts[i], pts[i + 1], pts[i + 2], pts[i + 3]];
            for k in 0..=24 {
                let t = f64::from(k) / 24.0;
                let u = 1.0 - t;
                let b = |a: f64, b: f64, c: f64, d: f64| {
                    u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
                };
                out.push((b(p0.0, p1.0, p2.0, p3.0), b(p0.1, p1.1, p2.1, p3.1)));
            }
            i += 3;
        }
    }
    out
}

/// The distance from a point to a box (0 inside).
pub fn distance(r: Rect, p: (f64, f64)) -> f64 {
    let dx = (r.0 - p.0).max(0.0).max(p.0 - r.2);
    let dy = (r.1 - p.1).max(0.0).max(p.1 - r.3);
    dx.hypot(dy)
}

/// Every edge label of a layout with the distance from its text to its own edge:
/// (label text, distance in points).
pub fn label_distances(layout: &serde_json::Value) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for edge in layout["edges"].as_array().into_iter().flatten() {
        let spline = spline_points(edge);
        for key in ["_ldraw_", "_xldraw_", "_hldraw_", "_tldraw_"] {
            let Some(r) = text_box(&edge[key]) else { continue };
            let text: Vec<&str> =
                edge[key].as_array().into_iter().flatten().filter_map(|op| op["text"].as_str()).collect();
            let d = spline.iter().map(|&p| distance(r, p)).fold(f64::INFINITY, f64::min);
            out.push((text.join(" / "), d));
        }
    }
    out
}
