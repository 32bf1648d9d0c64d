//! Import cycles among the source files and the top modules: `module_cycles.py`, ported.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use super::Source;

/// `["render", "mod.rs"]` -> `["render"]`; `["cache.rs"]` -> `["cache"]`.
pub(crate) fn module_of(parts: &[String]) -> Vec<String> {
    let mut module = parts.to_vec();
    if let Some(last) = module.last_mut() {
        last.truncate(last.len() - 3);
        if matches!(last.as_str(), "mod" | "lib" | "main") {
            module.pop();
        }
    }
    module
}

pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub(crate) fn starts_with(text: &[char], at: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| text.get(at + k) == Some(&w))
}

/// `chars` with each match of `find` (which says where a match at `i` ends, and what
/// replaces it) replaced, scanning left to right as `re.sub` does.
fn substitute(chars: &[char], find: impl Fn(&[char], usize) -> Option<(usize, &str)>) -> Vec<char> {
    let (mut out, mut i) = (Vec::with_capacity(chars.len()), 0);
    while i < chars.len() {
        if let Some((end, with)) = find(chars, i) {
            out.extend(with.chars());
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The text without `/* */` and `//` comments, each string literal made `""`: the tool's three
/// substitutions, in its order (so a `//` inside a string is a comment, as there).
fn strip_comments(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let chars = substitute(&chars, |c, i| {
        let close = |j: &usize| starts_with(c, *j, "*/");
        starts_with(c, i, "/*")
            .then(|| (i + 2..c.len()).find(close))
            .flatten()
            .map(|j| (j + 2, ""))
    });
    let chars = substitute(&chars, |c, i| {
        let eol = |at: usize| {
            c[at..]
                .iter()
                .position(|&x| x == '\n')
                .map_or(c.len(), |p| at + p)
        };
        starts_with(c, i, "//").then(|| (eol(i), ""))
    });
    substitute(&chars, |c, i| {
        (c[i] == '"')
            .then(|| string_end(c, i + 1))
            .flatten()
            .map(|end| (end + 1, "\"\""))
    })
}

/// Where the literal whose contents start at `from` closes, if it does.
fn string_end(chars: &[char], from: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        match chars[j] {
            '"' => return Some(j),
            '\\' if chars.get(j + 1).is_some_and(|&c| c != '\n') => j += 2,
            '\\' => return None,
            _ => j += 1,
        }
    }
    None
}

/// The trees of every `use ...;`, whitespace removed, as `\buse\s+([^;]+);` finds them.
fn use_trees(text: &[char]) -> Vec<String> {
    let mut trees = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let boundary = i == 0 || !is_word(text[i - 1]);
        if boundary && starts_with(text, i, "use") {
            let space = text[i + 3..]
                .iter()
                .take_while(|c| c.is_whitespace())
                .count();
            let semi = (i + 3..text.len()).find(|&j| text[j] == ';');
            if let Some(semi) = semi.filter(|&s| space > 0 && s >= i + 5) {
                let tree = text[i + 3..semi].iter().filter(|c| !c.is_whitespace());
                trees.push(tree.collect());
                i = semi + 1;
                continue;
            }
        }
        i += 1;
    }
    trees
}

/// Every `crate::a::b`, `super::x`, `self::y` path in the text, as the tool's `findall`.
fn rooted_paths(text: &[char]) -> Vec<String> {
    let ident_start = |c: &char| c.is_ascii_alphabetic() || *c == '_';
    let ident = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
    let mut paths = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let boundary = i == 0 || !is_word(text[i - 1]);
        let head = ["crate", "super", "self"]
            .into_iter()
            .find(|k| boundary && starts_with(text, i, k));
        if let Some(head) = head {
            let mut j = i + head.len();
            while starts_with(text, j, "::") && text.get(j + 2).is_some_and(ident_start) {
                j += 3;
                while text.get(j).is_some_and(ident) {
                    j += 1;
                }
            }
            if j > i + head.len() {
                paths.push(text[i..j].iter().collect());
                i = j;
                continue;
            }
        }
        i += 1;
    }
    paths
}

/// `a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    if !tree.ends_with('}') || tree.len() - 1 <= open {
        return vec![tree.to_string()];
    }
    let (prefix, inner) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
    let (mut parts, mut depth, mut cur) = (Vec::new(), 0, String::new());
    for ch in inner.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
    }
    parts.push(cur);
    let parts = parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty());
    parts
        .flat_map(|p| expand_use(p).into_iter().map(|q| format!("{prefix}{q}")))
        .collect()
}

/// The absolute module path a `crate::`/`super::`/`self::` path names, or None for others.
fn absolute(path: &str, module: &[String], folder: bool) -> Option<Vec<String>> {
    let mut segs: Vec<String> = path
        .split("::")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    match segs.first().map(String::as_str) {
        Some("crate") => Some(segs.split_off(1)),
        Some(head @ ("super" | "self")) => {
            let mut base = module.to_vec();
            if !folder && head == "super" {
                base.pop();
            }
            let mut rest = segs.as_slice();
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            Some(base)
        }
        _ => None,
    }
}

/// A directed graph whose edges carry the names that tie them, in the order first drawn.
#[derive(Default)]
struct Graph {
    names: Vec<String>,
    edges: Vec<Vec<(usize, BTreeSet<String>)>>,
}

impl Graph {
    fn node(&mut self, name: &str) -> usize {
        if let Some(id) = self.names.iter().position(|n| n == name) {
            return id;
        }
        self.names.push(name.to_string());
        self.edges.push(Vec::new());
        self.names.len() - 1
    }

    fn tie(&mut self, from: &str, to: &str, ties: impl IntoIterator<Item = String>) {
        let (a, b) = (self.node(from), self.node(to));
        match self.edges[a].iter_mut().find(|(t, _)| *t == b) {
            Some((_, set)) => set.extend(ties),
            None => self.edges[a].push((b, ties.into_iter().collect())),
        }
    }

    fn edge_count(&self) -> usize {
        self.edges.iter().map(Vec::len).sum()
    }

    /// The strongly connected sets of two or more nodes (Tarjan, roots by name), largest
    /// first, each as its sorted names.
    fn cycles(&self) -> Vec<Vec<usize>> {
        let mut t = Tarjan {
            index: vec![None; self.names.len()],
            low: vec![0; self.names.len()],
            on: vec![false; self.names.len()],
            ..Tarjan::default()
        };
        let mut roots: Vec<usize> = (0..self.names.len()).collect();
        roots.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        for v in roots {
            if t.index[v].is_none() {
                t.visit(self, v);
            }
        }
        for comp in &mut t.comps {
            comp.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        }
        t.comps.sort_by_key(|c| std::cmp::Reverse(c.len()));
        t.comps
    }

    /// The edges inside a cycle, `a -> b` by name, with their ties.
    fn inside<'g>(&'g self, comp: &[usize]) -> Vec<(&'g str, &'g str, &'g BTreeSet<String>)> {
        let mut out = Vec::new();
        for &a in comp {
            let mut targets: Vec<_> = self.edges[a]
                .iter()
                .filter(|(b, _)| comp.contains(b))
                .collect();
            targets.sort_by(|x, y| self.names[x.0].cmp(&self.names[y.0]));
            for (b, ties) in targets {
                out.push((self.names[a].as_str(), self.names[*b].as_str(), ties));
            }
        }
        out
    }
}

#[derive(Default)]
struct Tarjan {
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on: Vec<bool>,
    stack: Vec<usize>,
    counter: usize,
    comps: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, g: &Graph, v: usize) {
        self.index[v] = Some(self.counter);
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.on[v] = true;
        for &(w, _) in &g.edges[v] {
            match self.index[w] {
                None => {
                    self.visit(g, w);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on[w] => self.low[v] = self.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                self.comps.push(comp);
            }
        }
    }
}

/// The file graph: an edge from each file to each module file its paths resolve to.
fn file_graph(files: &[Source]) -> Graph {
    let mut mods: HashMap<&[String], usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.name != "main.rs" {
            mods.insert(&f.module, i);
        }
    }
    let mut graph = Graph::default();
    for f in files {
        graph.node(&f.shown);
    }
    for (i, f) in files.iter().enumerate() {
        let text = strip_comments(&f.text);
        let mut paths: Vec<String> = use_trees(&text)
            .iter()
            .flat_map(|t| expand_use(t))
            .collect();
        paths.extend(rooted_paths(&text));
        let folder = matches!(f.name.as_str(), "mod.rs" | "lib.rs" | "main.rs");
        for path in paths {
            let Some(segs) = absolute(&path, &f.module, folder) else {
                continue;
            };
            let Some((target, name)) = (1..=segs.len())
                .rev()
                .find_map(|k| mods.get(&segs[..k]).map(|&t| (t, segs.get(k))))
            else {
                continue;
            };
            let module = &files[target].module;
            if target == i || (folder && module.starts_with(&f.module)) {
                continue;
            }
            let name = name.cloned().unwrap_or_else(|| "*".into());
            graph.tie(&f.shown, &files[target].shown, [name]);
        }
    }
    graph
}

/// The top-module graph: `a -> b` when a file of top module a draws an edge to one of b.
fn top_graph(files: &[Source], by_file: &Graph) -> Graph {
    // the file graph's nodes are the files, in the same order
    let top = |i: usize| {
        files[i]
            .module
            .first()
            .map_or("(crate root)", String::as_str)
    };
    let mut graph = Graph::default();
    for (a, targets) in by_file.edges.iter().enumerate() {
        for &(b, _) in targets {
            if top(a) != top(b) && top(a) != "(crate root)" {
                let tie = format!("{} -> {}", by_file.names[a], by_file.names[b]);
                graph.tie(top(a), top(b), [tie]);
            }
        }
    }
    graph
}

/// The cycles among files and among top modules, written as `module_cycles.py` prints them,
/// and whether there is any.
pub(crate) fn cycle_report(files: &[Source]) -> (bool, String) {
    let by_file = file_graph(files);
    let by_top = top_graph(files, &by_file);
    let (file_cycles, top_cycles) = (by_file.cycles(), by_top.cycles());
    let mut out = String::new();
    for comp in &file_cycles {
        let _ = writeln!(out, "cycle of {} files:", comp.len());
        for (a, b, names) in by_file.inside(comp) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let _ = writeln!(out, "  {a} -> {b}: {}", names.join(", "));
        }
    }
    for comp in &top_cycles {
        let names: Vec<&str> = comp.iter().map(|&v| by_top.names[v].as_str()).collect();
        let _ = writeln!(
            out,
            "cycle of {} top modules: {}",
            comp.len(),
            names.join(", ")
        );
        for (a, b, ties) in by_top.inside(comp) {
            let shown: Vec<&str> = ties.iter().take(3).map(String::as_str).collect();
            let more = if ties.len() > 3 { " ..." } else { "" };
            let _ = writeln!(out, "  {a} -> {b}: {}{more}", shown.join("; "));
        }
    }
    let members = |c: &[Vec<usize>]| c.iter().map(Vec::len).sum::<usize>();
    let _ = writeln!(
        out,
        "file cycles {} ({} files), top-module cycles {} ({} modules), file edges {}",
        file_cycles.len(),
        members(&file_cycles),
        top_cycles.len(),
        members(&top_cycles),
        by_file.edge_count()
    );
    (!file_cycles.is_empty() || !top_cycles.is_empty(), out)
}
