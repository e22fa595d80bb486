//! The crate's layering, read from its source: `src/lib.rs` lists the top-level modules
//! bottom-up, and a module may use only those listed before it; no two files of the crate
//! import each other, directly or round a circle.
//!
//! What counts as a use: every `crate::`, `super::` and `self::` path in non-test code
//! (use statements, expressions, doc links and comments alike: a doc link up is a reader
//! sent up), and a path that starts with the name of a child module of the file's own
//! module. A path is resolved to the file of the longest module prefix it names. `mod`
//! declarations are not uses. Test modules (`#[cfg(test)] mod ...` at the end of a file) do
//! not count. The binary (`src/main.rs` and the modules it declares) sits on top of the
//! library and is checked for cycles among its own files.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One crate of the package: the library or the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Krate {
    Lib,
    Bin,
}

/// A source file and the module path it defines (`src/html/markdown/block.rs` -> `html::markdown::block`).
#[derive(Debug)]
struct SourceFile {
    krate: Krate,
    module: Vec<String>,
    shown: String,
    text: String,
}

/// The module path a file defines, relative to its crate root.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// `src` without its trailing test module.
fn non_test(src: &str) -> &str {
    let re = Regex::new(r"(?m)^#\[cfg\(test\)\]\s*\n(pub(\(crate\))? )?mod \w+").unwrap();
    match re.find(src) {
        Some(m) => &src[..m.start()],
        None => src,
    }
}

/// The `mod NAME;` declarations of a crate root.
fn declared_modules(root_file: &str) -> Vec<String> {
    let re = Regex::new(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;").unwrap();
    re.captures_iter(non_test(root_file))
        .map(|c| c[1].to_string())
        .collect()
}

/// Every `.rs` file under `src`, with the crate it belongs to.
fn source_files(src: &Path) -> Vec<SourceFile> {
    let bin_mods: BTreeSet<String> = std::fs::read_to_string(src.join("main.rs"))
        .map(|t| declared_modules(&t).into_iter().collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src");
        let module = module_path(rel);
        let is_bin =
            rel == Path::new("main.rs") || module.first().is_some_and(|m| bin_mods.contains(m));
        out.push(SourceFile {
            krate: if is_bin { Krate::Bin } else { Krate::Lib },
            module,
            shown: format!("src/{}", rel.display()),
            text: std::fs::read_to_string(path).expect("read source"),
        });
    }
    out
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn expand_tree(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim();
        return vec![path.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(expand_tree)
        .map(|p| match p.as_str() {
            "self" => prefix.trim_end_matches("::").to_string(),
            _ => format!("{prefix}{p}"),
        })
        .collect()
}

/// The paths a file names: use statements expanded, and every other path in its text.
fn named_paths(text: &str) -> Vec<String> {
    let use_re = Regex::new(r"(?s)\buse\s+([^;]*?);").unwrap();
    let path_re = Regex::new(r"\b[A-Za-z_]\w*(?:::[A-Za-z_]\w*)+").unwrap();
    let mut out: Vec<String> = Vec::new();
    for c in use_re.captures_iter(text) {
        out.extend(expand_tree(
            &c[1].split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    out.extend(path_re.find_iter(text).map(|m| m.as_str().to_string()));
    out
}

/// The file a path names from `file`, when it names one of `modules` (module path -> index).
fn resolve(
    file: &SourceFile,
    path: &str,
    modules: &BTreeMap<(Krate, Vec<String>), usize>,
) -> Option<usize> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<String> = match segs.first()? {
        &"crate" => Vec::new(),
        &"self" => file.module.clone(),
        &"super" => {
            let mut b = file.module.clone();
            while segs.first() == Some(&"super") {
                b.pop()?;
                segs.remove(0);
            }
            segs.insert(0, "super");
            b
        }
        first => {
            // A path starting at a child module of this file's module.
            let mut child = file.module.clone();
            child.push(first.to_string());
            if !modules.contains_key(&(file.krate, child)) {
                return None;
            }
            segs.insert(0, "self");
            file.module.clone()
        }
    };
    let mut found = modules.get(&(file.krate, base.clone())).copied();
    for seg in segs.iter().skip(1) {
        base.push(seg.to_string());
        match modules.get(&(file.krate, base.clone())) {
            Some(&i) => found = Some(i),
            None => break,
        }
    }
    found
}

/// The file graph: for each file, the files it uses.
fn file_graph(files: &[SourceFile]) -> Vec<BTreeSet<usize>> {
    let modules: BTreeMap<(Krate, Vec<String>), usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.krate, f.module.clone()), i))
        .collect();
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            named_paths(non_test(&f.text))
                .iter()
                .filter_map(|p| resolve(f, p, &modules))
                .filter(|&j| j != i)
                .collect()
        })
        .collect()
}

/// Uses that reach up: a library file naming a top-level module listed after its own.
fn upward_uses(files: &[SourceFile], graph: &[BTreeSet<usize>], order: &[String]) -> Vec<String> {
    let rank = |f: &SourceFile| {
        f.module
            .first()
            .and_then(|m| order.iter().position(|o| o == m))
    };
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if f.krate != Krate::Lib || f.module.is_empty() {
            continue;
        }
        for &j in &graph[i] {
            let g = &files[j];
            if g.module.first() == f.module.first() || g.module.is_empty() {
                continue;
            }
            if let (Some(a), Some(b)) = (rank(f), rank(g)) {
                if b > a {
                    out.push(format!(
                        "{} uses {} ({} is listed after {} in src/lib.rs)",
                        f.shown, g.shown, g.module[0], f.module[0]
                    ));
                }
            }
        }
    }
    out
}

/// Top-level library modules that src/lib.rs does not list.
fn unlisted(files: &[SourceFile], order: &[String]) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.krate == Krate::Lib)
        .filter_map(|f| f.module.first())
        .filter(|m| !order.contains(m))
        .map(|m| format!("module {m} is not listed in src/lib.rs"))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Every cycle of the graph, as the files of each strongly connected component (Tarjan).
fn cycles(files: &[SourceFile], graph: &[BTreeSet<usize>]) -> Vec<String> {
    struct Tarjan<'g> {
        graph: &'g [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        found: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in self.graph[v].iter() {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.found.push(component);
                }
            }
        }
    }
    let n = graph.len();
    let mut t = Tarjan {
        graph,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    t.found
        .into_iter()
        .map(|c| {
            let mut names: Vec<&str> = c.iter().map(|&i| files[i].shown.as_str()).collect();
            names.sort();
            let circle: Vec<&str> = shortest_circle(graph, &c)
                .iter()
                .map(|&i| files[i].shown.as_str())
                .collect();
            format!(
                "files import each other: {} (for example {})",
                names.join(", "),
                circle.join(" -> ")
            )
        })
        .collect()
}

/// A shortest circle through the first file of `component` (breadth-first), first file
/// repeated at the end.
fn shortest_circle(graph: &[BTreeSet<usize>], component: &[usize]) -> Vec<usize> {
    let start = *component.iter().min().expect("a component has files");
    let inside: BTreeSet<usize> = component.iter().copied().collect();
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &graph[v] {
            if w == start {
                let mut chain = vec![v];
                let mut at = v;
                while at != start {
                    at = came_from[&at];
                    chain.push(at);
                }
                chain.reverse();
                chain.push(start);
                return chain;
            }
            if inside.contains(&w) && !came_from.contains_key(&w) && w != start {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// Modules the layer diagram of `lib` (its `text` block) leaves out or lists out of order.
fn diagram_disagrees(lib: &str, order: &[String]) -> Vec<String> {
    let diagram: String = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .skip_while(|l| !l.trim_start().starts_with("```text"))
        .take_while(|l| !l.trim().eq("```") || l.contains("text"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut at = 0;
    let mut out = Vec::new();
    for m in order {
        let word = Regex::new(&format!(r"\b{m}\b")).unwrap();
        match word.find_at(&diagram, at) {
            Some(found) => at = found.end(),
            None => out.push(format!(
                "the layer diagram in src/lib.rs does not list {m} in the order of its mod declarations"
            )),
        }
    }
    out
}

/// Every layering problem of the crate whose `src/` is given.
fn problems(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read src/lib.rs");
    let order = declared_modules(&lib);
    let files = source_files(src);
    let graph = file_graph(&files);
    let mut out = diagram_disagrees(&lib, &order);
    out.extend(unlisted(&files, &order));
    out.extend(upward_uses(&files, &graph, &order));
    out.extend(cycles(&files, &graph));
    out
}

#[test]
fn no_module_reaches_up_and_no_files_import_each_other() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = problems(&src);
    assert!(
        found.is_empty(),
        "{} layering problem(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Writes a small crate's `src/` into a temporary folder.
fn fake_src(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    for (rel, text) in files {
        let p = src.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (tmp, src)
}

#[test]
fn the_checker_finds_an_upward_use_a_doc_link_up_and_a_cycle() {
    let (_tmp, src) = fake_src(&[
        (
            "lib.rs",
            "//! ```text\n//! model text render\n//! ```\npub mod model;\npub mod text;\npub mod render;\n",
        ),
        ("model.rs", "//! Filled by [`crate::render`].\npub struct M;\n"),
        ("text/mod.rs", "pub mod a;\npub mod b;\npub fn shared() {}\n"),
        ("text/a.rs", "use super::b::g;\npub fn f() { g() }\n"),
        ("text/b.rs", "pub fn g() { super::shared(); }\n"),
        (
            "render.rs",
            "use crate::{model::M, text::{a::f}};\n#[cfg(test)]\nmod tests {\n    use crate::render;\n}\n",
        ),
    ]);
    // The doc link up is a use up, and closes a circle with render's use of model. b uses
    // its parent's item, but the parent only declares b: no cycle there.
    assert_eq!(
        problems(&src),
        vec![
            "src/model.rs uses src/render.rs (render is listed after model in src/lib.rs)"
                .to_string(),
            "files import each other: src/model.rs, src/render.rs (for example src/model.rs -> src/render.rs -> src/model.rs)".to_string(),
        ]
    );

    // Now the parent uses b, and a and b use each other: two cycles.
    let (_tmp, src) = fake_src(&[
        ("lib.rs", "//! ```text\n//! text\n//! ```\npub mod text;\n"),
        (
            "text/mod.rs",
            "pub mod a;\npub mod b;\npub use b::g;\npub fn shared() {}\n",
        ),
        ("text/a.rs", "use super::b::g;\npub fn f() { g() }\n"),
        (
            "text/b.rs",
            "pub fn g() { super::shared(); crate::text::a::f(); }\n",
        ),
    ]);
    let found = problems(&src);
    assert_eq!(
        found,
        vec!["files import each other: src/text/a.rs, src/text/b.rs, src/text/mod.rs (for example src/text/a.rs -> src/text/b.rs -> src/text/a.rs)".to_string()]
    );

    // A module that src/lib.rs does not declare, or its diagram does not show in order.
    let (_tmp, src) = fake_src(&[
        (
            "lib.rs",
            "//! ```text\n//! c a\n//! ```\npub mod a;\npub mod c;\n",
        ),
        ("a.rs", ""),
        ("b.rs", ""),
        ("c.rs", ""),
    ]);
    assert_eq!(
        problems(&src),
        vec![
            "the layer diagram in src/lib.rs does not list c in the order of its mod declarations"
                .to_string(),
            "module b is not listed in src/lib.rs".to_string()
        ]
    );
}

#[test]
fn a_renamed_import_in_a_use_tree_is_a_use_of_its_module() {
    let (_tmp, src) = fake_src(&[
        (
            "lib.rs",
            "//! ```text\n//! model render\n//! ```\npub mod model;\npub mod render;\n",
        ),
        (
            "model.rs",
            "use crate::{\n    render::{page as p},\n};\npub fn g() { p::f() }\n",
        ),
        ("render/mod.rs", "pub mod page;\n"),
        ("render/page.rs", "pub fn f() {}\n"),
    ]);
    assert_eq!(
        problems(&src),
        vec![
            "src/model.rs uses src/render/page.rs (render is listed after model in src/lib.rs)"
                .to_string()
        ]
    );
}

#[test]
fn use_trees_expand_to_their_paths() {
    assert_eq!(
        expand_tree("crate::{model::{self,M},text::a::f as g}"),
        vec!["crate::model", "crate::model::M", "crate::text::a::f"]
    );
}
