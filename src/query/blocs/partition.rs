//! Partitions of a signed graph by structural balance: the sparse tie lists, the
//! exact branch and bound for small parts and the heuristic for large ones (see the
//! [parent module](super) for the formulas and their cost).

use std::collections::VecDeque;

use super::{BRANCH_BUDGET, HEURISTIC_SWEEPS, MAX_EXACT_LIMIT, Partition, SignedTie};

const EPS: f64 = 1e-12;

/// The signed ties of `n` items as adjacency lists: for each item, its neighbours
/// ascending with the summed weight of every tie between the two; pairs whose ties
/// add up to 0 are left out.
struct Ties {
    /// Item `i`'s neighbours are `edges[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    edges: Vec<(usize, f64)>,
}

impl Ties {
    fn new(n: usize, ties: &[SignedTie]) -> Ties {
        let mut pairs: Vec<(usize, usize, f64)> = ties
            .iter()
            .filter(|t| t.a < n && t.b < n && t.a != t.b && t.weight.is_finite())
            .map(|t| (t.a.min(t.b), t.a.max(t.b), t.weight))
            .collect();
        // Stable: the ties of one pair add up in input order. A matrix's ties come
        // sorted already.
        if !pairs.is_sorted_by_key(|p| (p.0, p.1)) {
            pairs.sort_by_key(|p| (p.0, p.1));
        }
        let mut summed: Vec<(usize, usize, f64)> = Vec::with_capacity(pairs.len());
        for (a, b, w) in pairs {
            match summed.last_mut() {
                Some(last) if (last.0, last.1) == (a, b) => last.2 += w,
                _ => summed.push((a, b, w)),
            }
        }
        summed.retain(|p| p.2 != 0.0);
        Ties::from_pairs(n, &summed)
    }

    /// From pairs `a < b`, sorted, each once.
    fn from_pairs(n: usize, pairs: &[(usize, usize, f64)]) -> Ties {
        let mut start = vec![0usize; n + 1];
        for &(a, b, _) in pairs {
            start[a + 1] += 1;
            start[b + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut edges = vec![(0usize, 0.0f64); start[n]];
        // Pairs sorted by (a, b): each list fills in ascending neighbour order.
        for &(a, b, w) in pairs {
            edges[fill[b]] = (a, w);
            fill[b] += 1;
        }
        for &(a, b, w) in pairs {
            edges[fill[a]] = (b, w);
            fill[a] += 1;
        }
        Ties { start, edges }
    }

    fn len(&self) -> usize {
        self.start.len() - 1
    }

    fn of(&self, i: usize) -> &[(usize, f64)] {
        &self.edges[self.start[i]..self.start[i + 1]]
    }

    fn strength(&self, i: usize) -> f64 {
        self.of(i).iter().map(|e| e.1.abs()).sum()
    }

    /// The ties among `members` (ascending), renumbered by position.
    fn restricted(&self, members: &[usize], local: &mut [usize]) -> Ties {
        for (k, &i) in members.iter().enumerate() {
            local[i] = k;
        }
        // Members ascending and neighbours ascending: the pairs come out sorted.
        let mut pairs = Vec::new();
        for (k, &i) in members.iter().enumerate() {
            for &(j, w) in self.of(i) {
                if i < j {
                    pairs.push((k, local[j], w));
                }
            }
        }
        Ties::from_pairs(members.len(), &pairs)
    }
}

/// The frustration a tie of weight `w` adds.
pub(super) fn cost(w: f64, same: bool) -> f64 {
    if same { (-w).max(0.0) } else { w.max(0.0) }
}

pub(super) fn partition(n: usize, ties: &[SignedTie], exact_up_to: usize) -> Partition {
    let exact_up_to = exact_up_to.min(MAX_EXACT_LIMIT);
    let net = Ties::new(n, ties);
    // Connected parts of the nonzero ties, each solved on its own.
    let mut part = vec![usize::MAX; n];
    let mut local = vec![0usize; n];
    let mut group_of = vec![0usize; n];
    let mut next_group = 0;
    let mut exact = true;
    let mut members = Vec::new();
    for s in 0..n {
        if part[s] != usize::MAX {
            continue;
        }
        members.clear();
        members.push(s);
        part[s] = s;
        let mut next = 0;
        while let Some(&v) = members.get(next) {
            next += 1;
            for &(u, _) in net.of(v) {
                if part[u] == usize::MAX {
                    part[u] = s;
                    members.push(u);
                }
            }
        }
        members.sort_unstable();
        let labels = if members.len() == 1 {
            vec![0]
        } else {
            // A part of every item (a dense matrix's ties) is the whole list: no copy.
            let restricted;
            let sub = if members.len() == n {
                &net
            } else {
                restricted = net.restricted(&members, &mut local);
                &restricted
            };
            if members.len() <= exact_up_to {
                let (labels, proven) = exact_partition(sub);
                exact &= proven;
                labels
            } else {
                exact = false;
                heuristic_partition(sub)
            }
        };
        let used = labels.iter().copied().max().map_or(0, |m| m + 1);
        for (k, &i) in members.iter().enumerate() {
            group_of[i] = next_group + labels[k];
        }
        next_group += used;
    }
    finish(&net, &group_of, ties, exact)
}

fn finish(net: &Ties, group_of: &[usize], ties: &[SignedTie], exact: bool) -> Partition {
    let n = net.len();
    // Canonical groups: members ascending, groups by first member.
    let mut slot = vec![usize::MAX; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &g) in group_of.iter().enumerate() {
        if slot[g] == usize::MAX {
            slot[g] = groups.len();
            groups.push(Vec::new());
        }
        groups[slot[g]].push(i);
    }
    let mut frustration = 0.0;
    for i in 0..n {
        for &(j, w) in net.of(i) {
            if i < j {
                frustration += cost(w, group_of[i] == group_of[j]);
            }
        }
    }
    let contradicting = ties
        .iter()
        .filter(|t| {
            t.a < n
                && t.b < n
                && t.a != t.b
                && t.weight.is_finite()
                && cost(t.weight, group_of[t.a] == group_of[t.b]) > 0.0
        })
        .copied()
        .collect();
    Partition { groups, frustration, contradicting, exact }
}

/// The frustration of `labels` on the ties of one part.
fn total(net: &Ties, labels: &[usize]) -> f64 {
    let mut f = 0.0;
    for i in 0..net.len() {
        for &(j, w) in net.of(i) {
            if i < j {
                f += cost(w, labels[i] == labels[j]);
            }
        }
    }
    f
}

/// Branch and bound over restricted-growth strings on a part of at most
/// [`MAX_EXACT_LIMIT`] items; false when the budget ran out.
fn exact_partition(net: &Ties) -> (Vec<usize>, bool) {
    let n = net.len();
    let start = heuristic_partition(net);
    let mut w = vec![vec![0.0f64; n]; n];
    for (i, row) in w.iter_mut().enumerate() {
        for &(j, x) in net.of(i) {
            row[j] = x;
        }
    }
    // Place strongly tied actors first: they prune most.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| net.strength(b).total_cmp(&net.strength(a)).then(a.cmp(&b)));
    let mut search = Branch {
        w: &w,
        best: (total(net, &start), start),
        order,
        labels: vec![usize::MAX; n],
        budget: BRANCH_BUDGET,
    };
    search.branch(0, 0, 0.0);
    let proven = search.budget > 0;
    (search.best.1, proven)
}

/// The state of the branch-and-bound search.
struct Branch<'w> {
    w: &'w [Vec<f64>],
    order: Vec<usize>,
    labels: Vec<usize>,
    best: (f64, Vec<usize>),
    budget: usize,
}

impl Branch<'_> {
    fn branch(&mut self, depth: usize, groups: usize, so_far: f64) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        if depth == self.order.len() {
            if so_far < self.best.0 - EPS {
                self.best = (so_far, self.labels.clone());
            }
            return;
        }
        // Lower bound: each unplaced actor's cheapest placement against the placed ones.
        let mut bound = so_far;
        for &v in &self.order[depth..] {
            let mut cheapest = f64::INFINITY;
            for g in 0..=groups {
                cheapest = cheapest.min(increment(self.w, &self.order, depth, &self.labels, v, g));
            }
            bound += cheapest;
        }
        if bound >= self.best.0 - EPS {
            return;
        }
        let v = self.order[depth];
        for g in 0..=groups {
            let inc = increment(self.w, &self.order, depth, &self.labels, v, g);
            self.labels[v] = g;
            self.branch(depth + 1, groups.max(g + 1), so_far + inc);
            self.labels[v] = usize::MAX;
        }
    }
}

fn increment(w: &[Vec<f64>], order: &[usize], depth: usize, labels: &[usize], v: usize, g: usize) -> f64 {
    order[..depth].iter().map(|&u| cost(w[u][v], labels[u] == g)).sum()
}

/// Per-group sums of one item's ties, over the groups its neighbours are in: a
/// scratch array indexed by group and the list of groups touched, so that reading
/// an item's ties costs its degree, not the number of groups.
struct GroupSums {
    weight: Vec<f64>,
    friends: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl GroupSums {
    fn new(groups: usize) -> GroupSums {
        GroupSums {
            weight: vec![0.0; groups],
            friends: vec![0.0; groups],
            seen: vec![false; groups],
            touched: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &g in &self.touched {
            self.weight[g] = 0.0;
            self.friends[g] = 0.0;
            self.seen[g] = false;
        }
        self.touched.clear();
    }

    /// Adds the ties of `v` to its neighbours with a label; returns `Σ max(w, 0)`,
    /// the frustration `v` would add alone in a group of its own.
    fn gather(&mut self, net: &Ties, v: usize, labels: &[usize]) -> f64 {
        self.clear();
        let mut positive = 0.0;
        for &(u, w) in net.of(v) {
            let g = labels[u];
            if u == v || g == usize::MAX {
                continue;
            }
            if !self.seen[g] {
                self.seen[g] = true;
                self.touched.push(g);
            }
            self.weight[g] += w;
            self.friends[g] += w.max(0.0);
            positive += w.max(0.0);
        }
        positive
    }
}

/// Greedy placement in breadth-first order, then improving moves and merges, each
/// sweep linear in the ties; see the [parent module](super).
fn heuristic_partition(net: &Ties) -> Vec<usize> {
    let n = net.len();
    if n == 0 {
        return Vec::new();
    }
    let first =
        (0..n).max_by(|&a, &b| net.strength(a).total_cmp(&net.strength(b)).then(b.cmp(&a))).unwrap_or(0);
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for s in std::iter::once(first).chain(0..n) {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &(u, _) in net.of(v) {
                if !seen[u] {
                    seen[u] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    let mut labels = vec![usize::MAX; n];
    let mut sums = GroupSums::new(n);
    let mut candidates = Vec::new();
    let mut groups = 0;
    for &v in &order {
        // Joining group g adds `positive − weight[g]`; a new group adds `positive`.
        // Cheapest wins; on a tie the one with the most friends of `v`, and a new
        // group rather than one `v` has no tie to (those cost the same as a new one).
        let positive = sums.gather(net, v, &labels);
        candidates.clear();
        candidates.extend_from_slice(&sums.touched);
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        let mut pick = (positive, 0.0, groups);
        for &g in &candidates {
            let (inc, friends) = (positive - sums.weight[g], sums.friends[g]);
            if inc < pick.0 - EPS || (inc <= pick.0 + EPS && friends > pick.1 + EPS) {
                pick = (inc, friends, g);
            }
        }
        labels[v] = pick.2;
        groups = groups.max(pick.2 + 1);
    }
    improve(net, &mut labels, &mut sums);
    // Relabel densely in order of first appearance.
    let mut map = vec![usize::MAX; n];
    let mut used = 0;
    for l in &mut labels {
        if map[*l] == usize::MAX {
            map[*l] = used;
            used += 1;
        }
        *l = map[*l];
    }
    labels
}

/// Local search: each item moves to the group it has the most tie weight to (or a
/// group of its own) when that lowers the frustration, then pairs of groups with a
/// positive total tie weight between them merge; repeated while anything improves,
/// at most [`HEURISTIC_SWEEPS`] times.
fn improve(net: &Ties, labels: &mut [usize], sums: &mut GroupSums) {
    let n = net.len();
    let mut size = vec![0usize; n];
    for &l in labels.iter() {
        size[l] += 1;
    }
    let mut free: Vec<usize> = (0..n).rev().filter(|&g| size[g] == 0).collect();
    let mut candidates = Vec::new();
    for _ in 0..HEURISTIC_SWEEPS {
        let mut improved = false;
        for v in 0..n {
            let here = labels[v];
            // Frustration of v in group g: `positive − weight[g]`, so the best group
            // has the most weight; a group of its own has weight 0.
            sums.gather(net, v, labels);
            let mut best = (sums.weight[here], here);
            candidates.clear();
            candidates.extend_from_slice(&sums.touched);
            candidates.sort_unstable();
            for &g in &candidates {
                if sums.weight[g] > best.0 + EPS {
                    best = (sums.weight[g], g);
                }
            }
            let alone = size[here] == 1;
            let target = if 0.0 > best.0 + EPS && !alone { free.pop() } else { None };
            let to = target.unwrap_or(best.1);
            if to != here {
                size[here] -= 1;
                if size[here] == 0 {
                    free.push(here);
                }
                size[to] += 1;
                labels[v] = to;
                improved = true;
            }
        }
        // Merges: two groups with positive weight between them lose that much
        // frustration together. Disjoint pairs merge in one sweep, best first. Each
        // tie between groups a < b is counted once, from its end in a.
        let mut between: Vec<(usize, usize, f64)> = Vec::new();
        for v in 0..n {
            sums.gather(net, v, labels);
            let a = labels[v];
            between.extend(sums.touched.iter().filter(|&&b| b > a).map(|&b| (a, b, sums.weight[b])));
        }
        between.sort_by_key(|x| (x.0, x.1));
        let mut gains: Vec<(usize, usize, f64)> = Vec::new();
        for (a, b, w) in between {
            match gains.last_mut() {
                Some(last) if (last.0, last.1) == (a, b) => last.2 += w,
                _ => gains.push((a, b, w)),
            }
        }
        gains.retain(|x| x.2 > EPS);
        gains.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        let mut into: Vec<usize> = (0..n).collect();
        let mut merged = vec![false; n];
        for (a, b, _) in gains {
            if !merged[a] && !merged[b] {
                merged[a] = true;
                merged[b] = true;
                into[b] = a;
                improved = true;
            }
        }
        for l in labels.iter_mut() {
            let to = into[*l];
            if to != *l {
                size[*l] -= 1;
                if size[*l] == 0 {
                    free.push(*l);
                }
                size[to] += 1;
                *l = to;
            }
        }
        if !improved {
            break;
        }
    }
}
