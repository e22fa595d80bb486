//! Code links without a checkout: finding locations and `path:line` references link to
//! `<repository web URL>/blob/<reviewed commit>/<path>#L<a>-L<b>` from what the report says
//! alone, only for paths likely to exist, and only when the review names its repository
//! and its commit. Fixture reports made here, and the real corpus when it is present.

use crate::support::{options, read};
use reviewsite::diagnostics::Level;
use reviewsite::output::Collected;
use reviewsite::site;
use std::collections::HashSet;
use std::path::PathBuf;

/// Every code link of a page, in order: (href, the linked text without tags).
fn code_links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices("<a class=\"") {
        let rest = &html[i..];
        if !(rest.starts_with("<a class=\"code-ref\"") || rest.starts_with("<a class=\"loc-link\""))
        {
            continue;
        }
        let href_at = rest.find("href=\"").unwrap() + 6;
        let href_end = rest[href_at..].find('"').unwrap() + href_at;
        let body_at = rest.find('>').unwrap() + 1;
        let body_end = rest.find("</a>").unwrap();
        let text = strip_tags(&rest[body_at..body_end]);
        out.push((rest[href_at..href_end].to_string(), text));
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A review with the given metadata rows (after Date) and findings.
fn report(stem: &str, rows: &str, findings: &str) -> String {
    format!(
        "# Deep Review: {stem}\n\n| | |\n|---|---|\n| **Date** | 2026-04-02 09:15 |\n{rows}\
         | **Verdict** | **Merge with fixes** — see below. |\n\n\
         ## Executive Summary\n\nA demo.\n\n## Important Issues\n\n{findings}\n"
    )
}

const TERN: &str = "| **Repo** | [acme/tern](https://github.com/acme/tern) |\n\
                    | **PR** | [#7](https://github.com/acme/tern/pull/7) — demo |\n";

/// The findings every fixture review carries.
const FINDINGS: &str = "\
I1. **Range** — `pkg/a.go:12-30` [Claude Opus 4.7]

See `pkg/a.go:40` and also pkg/a.go:41; not `b.go:3`, `../etc/x.go:2` or `http://x.go:3`.

I2. **Base name explained by another citation** — `a.go:5` [Claude Opus 4.7]

x

I3. **Base name nothing explains** — `b.go:3` [Claude Opus 4.7]

x

I4. **A whole file, a root file and a folder** — `docs/usage.md`, `Makefile:7`, `pkg/` [Claude Opus 4.7]

x

I5. **Absolute paths** — `/home/me/tern/cmd/main.go:7`, also `/tmp/other/x.go:3` [Claude Opus 4.7]

x
";

/// A site in a temporary folder with `book` as its book.toml.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Site {
    fn new(book: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("book.toml"), book).unwrap();
        Site {
            out: tmp.path().join("out"),
            root,
            _tmp: tmp,
        }
    }
    /// Writes `content/<rel>/<stem>.md`.
    fn report(&self, rel: &str, stem: &str, text: &str) -> PathBuf {
        let dir = self.root.join("content").join(rel);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{stem}.md"));
        std::fs::write(&path, text).unwrap();
        path
    }
    fn page(&self, stem: &str) -> String {
        read(&self.out.join(format!("{stem}.html")))
    }
}

/// The links the fixture findings get for a review of a repository named `name` at
/// `blob` (the web URL, `/blob/` and the commit).
fn expected(blob: &str, name: &str) -> Vec<(String, String)> {
    let absolute = format!("/home/me/{name}/cmd/main.go:7");
    [
        ("pkg/a.go#L12-L30", "pkg/a.go:12-30"),
        ("pkg/a.go#L40", "pkg/a.go:40"),
        ("pkg/a.go#L41", "pkg/a.go:41"),
        ("pkg/a.go#L5", "a.go:5"),
        ("docs/usage.md", "docs/usage.md"),
        ("Makefile#L7", "Makefile:7"),
        ("cmd/main.go#L7", absolute.as_str()),
    ]
    .iter()
    .map(|(href, text)| (format!("{blob}/{href}"), text.to_string()))
    .collect()
}

#[test]
fn without_a_checkout_locations_and_references_link_to_the_reviewed_commit() {
    let site = Site::new("[repos.\"acme/quill\"]\nurl = \"https://git.example.com/acme/quill\"\n");
    // The newest commit of the Commits row, as written (lower case).
    let commits = "| **Commits** | `0123ABCD` newest<br>`4567ef01` older |\n";
    site.report(
        "acme/tern",
        "20260402-091512-pr-7",
        &report(
            "20260402-091512-pr-7",
            &format!("{TERN}{commits}"),
            FINDINGS,
        ),
    );
    // No commit at all: no links.
    site.report(
        "acme/tern",
        "20260403-091512-pr-8",
        &report("20260403-091512-pr-8", TERN, FINDINGS),
    );
    // No repository (no Repo row, not under content/<owner>/<repo>/): no links.
    site.report(
        "",
        "20260404-091512-pr-9",
        &report("20260404-091512-pr-9", commits, FINDINGS),
    );
    // The SHA of a `main @ sha` Branch row, and the web URL book.toml gives.
    let quill = "| **Repo** | [acme/quill](https://github.com/acme/quill) |\n\
                 | **Branch** | `main` @ `89abcdef` |\n";
    site.report(
        "acme/quill",
        "20260405-091512-pr-3",
        &report(
            "20260405-091512-pr-3",
            quill,
            &FINDINGS.replace("tern", "quill"),
        ),
    );
    let mut opts = options(&site.root, &site.out, None);
    opts.strict = true;
    let built = site::build(&opts).expect("a strict build: links warn about nothing");
    assert_eq!(built.warnings(), 0, "{}", crate::support::show(&built));

    let links = code_links(&site.page("20260402-091512-pr-7"));
    assert_eq!(
        links,
        expected("https://github.com/acme/tern/blob/0123abcd", "tern")
    );
    assert!(code_links(&site.page("20260403-091512-pr-8")).is_empty());
    assert!(code_links(&site.page("20260404-091512-pr-9")).is_empty());
    assert_eq!(
        code_links(&site.page("20260405-091512-pr-3")),
        expected("https://git.example.com/acme/quill/blob/89abcdef", "quill")
    );
    // What is not linked is still there, as text.
    let page = site.page("20260402-091512-pr-7");
    for plain in [
        "<code class=\"loc\">b.go:3</code>",
        "<code>b.go:3</code>",
        "<code>../etc/x.go:2</code>",
        "<code class=\"loc\">pkg/</code>",
        "<code>/tmp/other/x.go:3</code>",
    ] {
        assert!(page.contains(plain), "{plain} missing from the page");
    }
}

#[test]
fn a_review_sha_row_wins_and_an_edit_in_serve_renders_the_new_links() {
    let site = Site::new("");
    let rows = format!(
        "{TERN}| **Review SHA** | `fedcba9876543210fedcba9876543210fedcba98` |\n\
         | **Commits** | `0123abcd` newest |\n"
    );
    let path = site.report(
        "acme/tern",
        "20260402-091512-pr-7",
        &report("20260402-091512-pr-7", &rows, FINDINGS),
    );
    // What `serve` does: load once, render, then refresh after a save and render again.
    let opts = options(&site.root, &site.out, None);
    let mut kept = reviewsite::site::Site::load(&opts).expect("load");
    let page = |kept: &mut reviewsite::site::Site| {
        let out = Collected::default();
        kept.render(&out).expect("render");
        out.into_files()
            .into_iter()
            .find(|(p, _)| p == "20260402-091512-pr-7.html")
            .map(|(_, b)| String::from_utf8(b.to_vec()).unwrap())
    };
    let blob = "https://github.com/acme/tern/blob/fedcba9876543210fedcba9876543210fedcba98";
    let before = page(&mut kept).expect("rendered");
    assert_eq!(code_links(&before), expected(blob, "tern"));
    // A new citation explains `b.go`, and the range moves.
    let text = read(&path)
        .replace("`pkg/a.go:12-30`", "`pkg/a.go:13-31`")
        .replace("x\n\nI4.", "See `internal/b.go:8`.\n\nI4.");
    std::fs::write(&path, text).unwrap();
    let touched: HashSet<PathBuf> = [path].into_iter().collect();
    kept.refresh_content(&touched, false).expect("refresh");
    let after = page(&mut kept).expect("the page was rendered again");
    let links = code_links(&after);
    assert_eq!(links[0].0, format!("{blob}/pkg/a.go#L13-L31"));
    let b: Vec<&String> = links
        .iter()
        .filter(|(_, t)| t.starts_with("b.go") || t.contains("/b.go"))
        .map(|(h, _)| h)
        .collect();
    assert_eq!(
        b,
        [
            &format!("{blob}/internal/b.go#L3"),
            &format!("{blob}/internal/b.go#L3"),
            &format!("{blob}/internal/b.go#L8")
        ]
    );
    // Rendered again without a change: the page is not.
    assert!(page(&mut kept).is_none());
}

/// `(linked, plain)` location chips of a page: the chips of a finding's head line, and the
/// code spans of its locations as written.
fn location_chips(html: &str) -> (usize, usize) {
    let (mut linked, mut plain) = (0, 0);
    for (i, _) in html.match_indices("<code class=\"loc\">") {
        if html[..i].ends_with("title=\"At the reviewed commit\">") {
            linked += 1;
        } else {
            plain += 1;
        }
    }
    for (i, _) in html.match_indices("<span class=\"locs-text\">") {
        let span = &html[i..i + html[i..].find("</span>").unwrap()];
        for (j, _) in span.match_indices("<code>") {
            if span[..j].ends_with("rel=\"nofollow noopener\">") {
                linked += 1;
            } else {
                plain += 1;
            }
        }
    }
    (linked, plain)
}

/// The SHA of a report's Commits row (the newest, first).
fn newest_commit(md: &str) -> String {
    let row = md
        .lines()
        .find(|l| l.starts_with("| **Commits** |"))
        .expect("a Commits row");
    let at = row.find('`').unwrap() + 1;
    let end = row[at..].find('`').unwrap() + at;
    row[at..end].to_string()
}

#[test]
fn the_corpus_without_a_checkout_links_most_locations() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus at ../shared/corpus");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    crate::support::copy_tree(&corpus.join("lima"), &content);
    let out = tmp.path().join("out");
    let report = site::build(&options(tmp.path(), &out, None)).expect("corpus builds");
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.level != Level::Warning || !d.message.contains("checkout")),
        "{}",
        crate::support::show(&report)
    );

    let stem = "20260519-100641-pr-4985";
    let sha = newest_commit(&read(&corpus.join(format!("lima/{stem}.md"))));
    assert_eq!(sha, "f3cd7c9b");
    let page = read(&out.join(format!("{stem}.html")));
    // I6's location chip, and I3's locations as written.
    let permalink =
        format!("https://github.com/lima-vm/lima/blob/{sha}/pkg/cidata/cidata.go#L393-L402");
    assert!(
        page.contains(&format!("<a class=\"loc-link\" href=\"{permalink}\"")),
        "{stem}: no chip linking {permalink}"
    );
    assert!(page.contains(&format!(
        "<a class=\"code-ref\" href=\"{permalink}\" rel=\"nofollow noopener\"><code>pkg/cidata/cidata.go:393-402</code></a>, also \
         <a class=\"code-ref\" href=\"https://github.com/lima-vm/lima/blob/{sha}/pkg/driver/qemu/qemu.go#L715-L760\""
    )));
    // A location without lines links the whole file.
    assert!(page.contains(&format!(
        "<a class=\"code-ref\" href=\"https://github.com/lima-vm/lima/blob/{sha}/pkg/cidata/cidata.TEMPLATE.d.Windows.amd64/autounattend.xml\" rel=\"nofollow noopener\"><code>pkg/cidata/cidata.TEMPLATE.d.Windows.amd64/autounattend.xml</code></a>"
    )));
    // A base name the same review cites in full elsewhere.
    let other = read(&out.join("20260519-084740-pr-5013.html"));
    assert!(other.contains(
        "/pkg/windows/autounattend/autounattend.go#L20\" rel=\"nofollow noopener\"><code>autounattend.go:20</code></a>"
    ));

    let (mut linked, mut plain, mut refs) = (0, 0, 0);
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "html") {
            let html = read(&p);
            let (l, n) = location_chips(&html);
            linked += l;
            plain += n;
            for (href, text) in code_links(&html) {
                refs += 1;
                let rest = href.strip_prefix("https://github.com/lima-vm/lima/blob/");
                let (sha, path) = rest.and_then(|r| r.split_once('/')).unwrap_or_default();
                assert!(
                    sha.len() >= 7
                        && sha.chars().all(|c| c.is_ascii_hexdigit())
                        && !path.is_empty()
                        && !path.starts_with('/')
                        && !path.contains(".."),
                    "{}: {href} ({text})",
                    p.display()
                );
            }
        }
    }
    println!("corpus location chips: {linked} linked, {plain} plain; {refs} code links in all");
    // Unlinked: a review that names no repository or commit, folders, `arm64:211`.
    assert!(linked >= 250, "{linked} linked, {plain} plain");
    assert!(
        linked * 10 >= (linked + plain) * 9,
        "{linked} linked, {plain} plain"
    );
}
