//! Minimum-cost flow by the primal-dual method: Dijkstra with potentials finds the
//! cheapest distance to every node, then a blocking flow (Dinic) pushes as much as
//! possible along all edges of zero reduced cost at once. When many assignments cost the
//! same, as in a rotation, a phase routes hundreds of units, so there are few phases.
//!
//! Costs must be non-negative on the initial graph. They are 128-bit: the rotation's
//! rules are weighted so that each outweighs everything below it, which needs the room.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const INF: i128 = i128::MAX / 4;

/// A flow network with integer capacities and costs.
#[derive(Clone, Debug, Default)]
pub struct MinCostFlow {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i32>,
    cost: Vec<i128>,
}

impl MinCostFlow {
    pub fn new(nodes: usize) -> Self {
        Self {
            adj: vec![Vec::new(); nodes],
            ..Default::default()
        }
    }

    /// Add an edge `from → to`; returns its index, for [`flow_on`](Self::flow_on).
    pub fn add_edge(&mut self, from: usize, to: usize, cap: i32, cost: i128) -> usize {
        let e = self.to.len();
        self.adj[from].push(e);
        self.to.push(to);
        self.cap.push(cap);
        self.cost.push(cost);
        self.adj[to].push(e + 1);
        self.to.push(from);
        self.cap.push(0);
        self.cost.push(-cost);
        e
    }

    /// The flow on edge `e` (the capacity its reverse edge has gained).
    pub fn flow_on(&self, e: usize) -> i32 {
        self.cap[e ^ 1]
    }

    /// Send up to `limit` units from `s` to `t` at minimum cost; returns (flow, cost).
    pub fn solve(&mut self, s: usize, t: usize, limit: i32) -> (i32, i128) {
        let n = self.adj.len();
        let mut potential = vec![0i128; n];
        let (mut flow, mut total) = (0i32, 0i128);
        while flow < limit {
            let dist = self.dijkstra(s, &potential);
            if dist[t] >= INF {
                break;
            }
            for v in 0..n {
                potential[v] += dist[v].min(dist[t]);
            }
            let pushed = self.blocking_flow(s, t, &potential, limit - flow);
            if pushed == 0 {
                break;
            }
            flow += pushed;
            total += i128::from(pushed) * (potential[t] - potential[s]);
        }
        (flow, total)
    }

    fn reduced(&self, e: usize, from: usize, potential: &[i128]) -> i128 {
        self.cost[e] + potential[from] - potential[self.to[e]]
    }

    fn dijkstra(&self, s: usize, potential: &[i128]) -> Vec<i128> {
        let mut dist = vec![INF; self.adj.len()];
        let mut heap = BinaryHeap::new();
        dist[s] = 0;
        heap.push(Reverse((0i128, s)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &e in &self.adj[u] {
                if self.cap[e] <= 0 {
                    continue;
                }
                let v = self.to[e];
                let nd = d + self.reduced(e, u, potential);
                if nd < dist[v] {
                    dist[v] = nd;
                    heap.push(Reverse((nd, v)));
                }
            }
        }
        dist
    }

    /// Dinic's blocking flow restricted to edges of zero reduced cost.
    fn blocking_flow(&mut self, s: usize, t: usize, potential: &[i128], limit: i32) -> i32 {
        let n = self.adj.len();
        let mut pushed = 0;
        loop {
            // Levels over the admissible graph.
            let mut level = vec![u32::MAX; n];
            let mut queue = std::collections::VecDeque::new();
            level[s] = 0;
            queue.push_back(s);
            while let Some(u) = queue.pop_front() {
                for &e in &self.adj[u] {
                    let v = self.to[e];
                    if self.cap[e] > 0 && level[v] == u32::MAX && self.reduced(e, u, potential) == 0
                    {
                        level[v] = level[u] + 1;
                        queue.push_back(v);
                    }
                }
            }
            if level[t] == u32::MAX {
                return pushed;
            }
            let mut next = vec![0usize; n];
            let before = pushed;
            // Iterative DFS with current-arc pointers.
            let mut path: Vec<usize> = Vec::new();
            let mut u = s;
            while pushed < limit {
                if u == t {
                    let bottleneck = path
                        .iter()
                        .map(|&e| self.cap[e])
                        .min()
                        .unwrap_or(0)
                        .min(limit - pushed);
                    for &e in &path {
                        self.cap[e] -= bottleneck;
                        self.cap[e ^ 1] += bottleneck;
                    }
                    pushed += bottleneck;
                    // Resume from the tail of the first saturated edge.
                    let cut = path.iter().position(|&e| self.cap[e] == 0).unwrap_or(0);
                    path.truncate(cut);
                    u = path.last().map_or(s, |&e| self.to[e]);
                    continue;
                }
                let mut advanced = false;
                while next[u] < self.adj[u].len() {
                    let e = self.adj[u][next[u]];
                    let v = self.to[e];
                    if self.cap[e] > 0
                        && level[v] == level[u] + 1
                        && self.reduced(e, u, potential) == 0
                    {
                        path.push(e);
                        u = v;
                        advanced = true;
                        break;
                    }
                    next[u] += 1;
                }
                if !advanced {
                    // Dead end: retreat one edge.
                    level[u] = u32::MAX;
                    match path.pop() {
                        Some(e) => {
                            u = self.to[e ^ 1];
                            next[u] += 1;
                        }
                        None => break,
                    }
                }
            }
            if pushed == before || pushed >= limit {
                return pushed;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cheapest_perfect_assignment() {
        // Workers 1..=3, jobs 4..=6; the cheapest assignment costs 1 + 2 + 2 = 5.
        let costs = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];
        let mut g = MinCostFlow::new(8);
        for (w, row) in costs.iter().enumerate() {
            g.add_edge(0, 1 + w, 1, 0);
            g.add_edge(4 + w, 7, 1, 0);
            for (j, cost) in row.iter().enumerate() {
                g.add_edge(1 + w, 4 + j, 1, *cost);
            }
        }
        assert_eq!(g.solve(0, 7, 3), (3, 5));
    }

    #[test]
    fn stops_at_the_maximum_flow_when_the_limit_cannot_be_reached() {
        let mut g = MinCostFlow::new(3);
        g.add_edge(0, 1, 2, 1);
        g.add_edge(1, 2, 1, 1);
        assert_eq!(g.solve(0, 2, 5), (1, 2));
    }
}
