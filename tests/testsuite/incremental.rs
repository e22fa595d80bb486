//! Incremental rebuilds (what `serve` does after a change): after editing, adding, removing
//! or renaming reports, or changing the theme or the static folder, the site rendered
//! incrementally is byte for byte the site a fresh full build renders, and only the outputs
//! whose inputs changed were rendered again.

use reviewsite::output::Collected;
use reviewsite::site::BuildOptions;
use reviewsite::site::{RenderReport, Site};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

type Files = BTreeMap<String, Vec<u8>>;

fn opts(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    }
}

/// Renders what `site` needs to, and applies it to `files` as `serve` does.
fn render_into(site: &mut Site, files: &mut Files) -> RenderReport {
    let out = Collected::default();
    let report = site.render(&out).expect("render");
    for p in &report.removed {
        files.remove(p);
    }
    for (p, b) in out.into_files() {
        files.insert(p, b.to_vec());
    }
    report
}

/// A full build of `root` from scratch, in memory.
fn fresh(root: &Path) -> Files {
    let mut site = Site::load(&opts(root)).expect("load");
    let mut files = Files::new();
    render_into(&mut site, &mut files);
    files
}

/// The example site, loaded and rendered once.
fn started() -> (tempfile::TempDir, PathBuf, Site, Files) {
    let (tmp, root) = crate::support::example_site();
    let mut site = Site::load(&opts(&root)).expect("load");
    let mut files = Files::new();
    render_into(&mut site, &mut files);
    (tmp, root, site, files)
}

/// Refreshes the content after the files in `touched` changed, renders, and checks the
/// result against a fresh build. Returns what was written.
fn rebuild(site: &mut Site, files: &mut Files, root: &Path, touched: &[&Path]) -> RenderReport {
    let touched: HashSet<PathBuf> = touched.iter().map(|p| p.to_path_buf()).collect();
    // Only the touched paths are looked at when they are known reports; otherwise (new,
    // gone, none named) the folder is listed again.
    site.refresh_content(&touched, false).expect("refresh");
    let report = render_into(site, files);
    assert_same(files, &fresh(root));
    report
}

fn assert_same(got: &Files, want: &Files) {
    let got_keys: BTreeSet<&String> = got.keys().collect();
    let want_keys: BTreeSet<&String> = want.keys().collect();
    assert_eq!(got_keys, want_keys, "same files");
    for (k, v) in want {
        assert!(
            got[k] == *v,
            "{k} differs from a full build:\n--- incremental\n{}\n--- full\n{}",
            String::from_utf8_lossy(&got[k]),
            String::from_utf8_lossy(v)
        );
    }
}

fn written(r: &RenderReport) -> BTreeSet<String> {
    r.written.iter().cloned().collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

const ROUND2: &str = "content/acme/tern/20260406-143003-pr-212.md";

#[test]
fn editing_a_finding_body_renders_its_page_the_search_index_and_threads_json_only() {
    let (_tmp, root, mut site, mut files) = started();
    let path = root.join(ROUND2);
    edit(
        &path,
        "measurable GC pressure.",
        "measurable GC pressure (zebracorn).",
    );
    let r = rebuild(&mut site, &mut files, &root, &[&path]);
    let id = "20260406-143003-pr-212";
    assert_eq!(
        written(&r),
        [
            format!("{id}.html"),
            format!("{id}.md"),
            // The example's index is one shard of each kind, and the manifest (its key
            // names the shards' content).
            "search-index.js".to_string(),
            "search/d0.js".to_string(),
            "search/t0.js".to_string(),
            // A round of a PR thread: its text may name findings of the round before.
            "threads.json".to_string()
        ]
        .into_iter()
        .collect::<BTreeSet<_>>()
    );
    assert!(r.removed.is_empty(), "{:?}", r.removed);
    let page = String::from_utf8_lossy(&files[&format!("{id}.html")]).into_owned();
    assert!(page.contains("zebracorn"));
    let index = String::from_utf8_lossy(&files["search/t0.js"]).into_owned();
    assert!(
        index.contains("\"zebracorn\""),
        "the new word is searchable"
    );
}

#[test]
fn threads_json_follows_what_a_round_says_of_the_round_before() {
    let (_tmp, root, mut site, mut files) = started();
    let outcome = |files: &Files, id: &str| {
        let doc: serde_json::Value = serde_json::from_slice(&files["threads.json"]).unwrap();
        let thread = doc["threads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["pr"] == 212)
            .unwrap()
            .clone();
        thread["rounds"][1]["previous_outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .map(|o| o["outcome"].as_str().unwrap().to_string())
    };
    assert_eq!(outcome(&files, "S4").as_deref(), Some("unmentioned"));
    let path = root.join(ROUND2);
    edit(
        &path,
        "What remains:",
        "Round 1's S4 was deferred to a follow-up. What remains:",
    );
    let r = rebuild(&mut site, &mut files, &root, &[&path]);
    assert!(written(&r).contains("threads.json"), "{:?}", r.written);
    assert_eq!(outcome(&files, "S4").as_deref(), Some("declined"));
    // A review in no PR thread does not touch it.
    let scan = root.join("content/acme/tern/20260415-080212-supply-chain.md");
    let text = std::fs::read_to_string(&scan).unwrap();
    std::fs::write(&scan, format!("{text}\nOne more line.\n")).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&scan]);
    assert!(!written(&r).is_empty());
    assert!(!written(&r).contains("threads.json"), "{:?}", r.written);
}

#[test]
fn a_file_saved_unchanged_renders_nothing() {
    let (_tmp, root, mut site, mut files) = started();
    let path = root.join(ROUND2);
    let text = std::fs::read(&path).unwrap();
    std::fs::write(&path, text).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&path]);
    assert!(r.written.is_empty(), "{:?}", r.written);
}

#[test]
fn editing_a_title_renders_the_pages_that_list_it() {
    let (_tmp, root, mut site, mut files) = started();
    let path = root.join(ROUND2);
    edit(
        &path,
        "router: route groups with inherited middleware",
        "router: nested route groups",
    );
    let r = rebuild(&mut site, &mut files, &root, &[&path]);
    let w = written(&r);
    for page in [
        "index.html",
        "repos/acme/tern/index.html",
        "repos/acme/tern/pr-212/index.html",
        "feed.xml",
        "reviews.json",
        "20260406-143003-pr-212.html",
    ] {
        assert!(w.contains(page), "{page} rendered again: {w:?}");
    }
    // The other repository's page and the other reviews' pages do not show it.
    assert!(!w.contains("repos/acme/quill/index.html"), "{w:?}");
    assert!(!w.contains("20260402-091512-pr-212.html"), "{w:?}");
}

#[test]
fn editing_the_retro_renders_the_agent_pages() {
    let (_tmp, root, mut site, mut files) = started();
    let path = root.join(ROUND2);
    let text = std::fs::read_to_string(&path).unwrap();
    let retro = text
        .find("## Agent")
        .expect("the report has an agent retro");
    let tail = &text[retro..];
    let para = tail.find("\n\n").expect("a paragraph after the heading") + retro;
    let mut changed = text.clone();
    changed.insert_str(para, "\n\nThe retro mentions quuxbadger.");
    std::fs::write(&path, changed).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&path]);
    let w = written(&r);
    assert!(w.contains("agents/index.html"), "{w:?}");
}

#[test]
fn adding_removing_and_renaming_reports_moves_their_pages() {
    let (_tmp, root, mut site, mut files) = started();
    let tern = root.join("content/acme/tern");
    // Add: a copy of a report under a new stem.
    let added = tern.join("20260501-120000-pr-300.md");
    std::fs::copy(tern.join("20260409-110847-pr-212.md"), &added).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&added]);
    assert!(files.contains_key("20260501-120000-pr-300.html"));
    assert!(written(&r).contains("index.html"));

    // Remove one.
    let gone = tern.join("20260415-080212-supply-chain.md");
    std::fs::remove_file(&gone).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&gone]);
    assert!(r
        .removed
        .contains(&"20260415-080212-supply-chain.html".to_string()));
    assert!(r
        .removed
        .contains(&"20260415-080212-supply-chain.md".to_string()));
    assert!(!files.contains_key("20260415-080212-supply-chain.html"));

    // Rename one, with its sidecar.
    let from = tern.join("20260406-143003-pr-212.md");
    let to = tern.join("20260406-143004-pr-212.md");
    std::fs::rename(&from, &to).unwrap();
    std::fs::rename(from.with_extension("json"), to.with_extension("json")).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&from, &to]);
    assert!(r
        .removed
        .contains(&"20260406-143003-pr-212.html".to_string()));
    assert!(files.contains_key("20260406-143004-pr-212.html"));

    // A report whose stem another file already owns, then the owner goes away.
    let quill = root.join("content/acme/quill");
    let twin = quill.join("20260409-110847-pr-212.md");
    std::fs::copy(tern.join("20260402-091512-pr-212.md"), &twin).unwrap();
    rebuild(&mut site, &mut files, &root, &[&twin]);
    // The first in walk order (acme/quill/) owns the page; editing the other one changes
    // nothing on the site.
    let other = tern.join("20260409-110847-pr-212.md");
    edit(
        &other,
        "## Executive Summary\n",
        "## Executive Summary\n\nTwin text.\n",
    );
    let r = rebuild(&mut site, &mut files, &root, &[&other]);
    assert!(r.written.is_empty(), "{:?}", r.written);
    std::fs::remove_file(tern.join("20260409-110847-pr-212.md")).unwrap();
    rebuild(&mut site, &mut files, &root, &[]);
}

#[test]
fn a_sidecar_change_is_seen_without_the_report_changing() {
    let (_tmp, root, mut site, mut files) = started();
    let sidecar = root.join("content/acme/tern/20260406-143003-pr-212.json");
    let text = std::fs::read_to_string(&sidecar).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut json = json;
    json["review"]["wall_clock_secs"] = serde_json::json!(4242);
    std::fs::write(&sidecar, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&sidecar]);
    assert!(written(&r).contains("20260406-143003-pr-212.html"));
}

#[test]
fn a_theme_change_renders_every_page_without_parsing_again() {
    let (_tmp, root, mut site, mut files) = started();
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>Lost: zebrafinch.</p>{% endblock main %}",
    )
    .unwrap();
    site.theme_changed();
    let r = render_into(&mut site, &mut files);
    assert_same(&files, &fresh(&root));
    assert!(String::from_utf8_lossy(&files["404.html"]).contains("zebrafinch"));
    let pages = files.keys().filter(|k| k.ends_with(".html")).count();
    assert_eq!(
        r.written.iter().filter(|k| k.ends_with(".html")).count(),
        pages
    );

    // A template that does not compile is an error naming its file and line; the site's
    // record is unchanged, and fixing the file renders again.
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}\n{{ oops(",
    )
    .unwrap();
    site.theme_changed();
    let err = format!("{:#}", site.render(&Collected::default()).unwrap_err());
    assert!(err.contains("themes/default/templates/404.html"), "{err}");
    assert!(err.contains("2:"), "line of the error: {err}");
    std::fs::remove_file(templates.join("404.html")).unwrap();
    site.theme_changed();
    render_into(&mut site, &mut files);
    assert_same(&files, &fresh(&root));
}

#[test]
fn static_files_are_copied_and_removed() {
    let (_tmp, root, mut site, mut files) = started();
    let extra = root.join("static/extra/notes.txt");
    std::fs::create_dir_all(extra.parent().unwrap()).unwrap();
    std::fs::write(&extra, "hello").unwrap();
    site.static_changed();
    let r = render_into(&mut site, &mut files);
    assert!(written(&r).contains("extra/notes.txt"));
    assert!(!written(&r).contains("index.html"));
    assert_same(&files, &fresh(&root));
    std::fs::remove_file(&extra).unwrap();
    site.static_changed();
    let r = render_into(&mut site, &mut files);
    assert_eq!(r.removed, vec!["extra/notes.txt".to_string()]);
    assert_same(&files, &fresh(&root));

    // A static file goes over a page of the same name, also when the page is rendered
    // again later.
    std::fs::write(root.join("static/search.html"), "my own search page").unwrap();
    site.static_changed();
    render_into(&mut site, &mut files);
    assert_eq!(files["search.html"], b"my own search page");
    assert_same(&files, &fresh(&root));
    site.theme_changed();
    render_into(&mut site, &mut files);
    assert_eq!(files["search.html"], b"my own search page");
    assert_same(&files, &fresh(&root));
}

/// Makes the example's `20260409-110847-pr-212` link to the review `stem` and rebuilds.
fn link_from_pr_212(site: &mut Site, files: &mut Files, root: &Path, stem: &str) {
    let linking = root.join("content/acme/tern/20260409-110847-pr-212.md");
    let text = std::fs::read_to_string(&linking).unwrap();
    std::fs::write(
        &linking,
        text.replacen(
            "## Executive Summary\n",
            &format!("## Executive Summary\n\nSee also [that review]({stem}.md).\n"),
            1,
        ),
    )
    .unwrap();
    rebuild(site, files, root, &[&linking]);
}

#[test]
fn a_new_report_renders_the_pages_that_link_to_it() {
    let (_tmp, root, mut site, mut files) = started();
    // A report linking to a stem that does not exist yet: the link is not resolved.
    let tern = root.join("content/acme/tern");
    link_from_pr_212(&mut site, &mut files, &root, "20260601-090000-pr-400");
    let target = tern.join("20260601-090000-pr-400.md");
    std::fs::copy(tern.join("20260415-080212-supply-chain.md"), &target).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&target]);
    assert!(
        written(&r).contains("20260409-110847-pr-212.html"),
        "{:?}",
        r.written
    );
}

#[test]
fn a_report_emptied_or_filled_again_renders_the_pages_that_link_to_it() {
    // The review goes away and comes back while its file stays: no file is added or
    // removed, yet the pages that link to it change.
    let (_tmp, root, mut site, mut files) = started();
    let tern = root.join("content/acme/tern");
    link_from_pr_212(&mut site, &mut files, &root, "20260415-080212-supply-chain");
    let target = tern.join("20260415-080212-supply-chain.md");
    let kept = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, "").unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&target]);
    assert!(
        written(&r).contains("20260409-110847-pr-212.html"),
        "{:?}",
        r.written
    );
    std::fs::write(&target, kept).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&target]);
    assert!(
        written(&r).contains("20260409-110847-pr-212.html"),
        "{:?}",
        r.written
    );
}

/// A file being written in `serve` turns from a document into a report and back (see
/// `shape.rs`): its page appears and goes away, also when what makes it a report is its
/// sidecar alone (its summary, what the index shows of it, is the same either way).
#[test]
fn a_file_that_becomes_a_report_gets_its_page_and_loses_it_again() {
    let (_tmp, root, mut site, mut files) = started();
    let draft = root.join("content/acme/tern/draft.md");
    let prose = "# Draft\n\nSome thoughts on the router.\n\n- more tests\n";
    std::fs::write(&draft, prose).unwrap();
    rebuild(&mut site, &mut files, &root, &[&draft]);
    assert!(!files.contains_key("draft.html"));
    let reviews = site.reviews();

    // A sidecar of the review format beside it: a report.
    let sidecar = draft.with_extension("json");
    std::fs::write(&sidecar, r#"{"schema": 1}"#).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&sidecar]);
    assert!(files.contains_key("draft.html"), "{:?}", r.written);
    assert_eq!(site.reviews(), reviews + 1);
    std::fs::remove_file(&sidecar).unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&sidecar]);
    assert!(r.removed.contains(&"draft.html".to_string()));
    assert_eq!(site.reviews(), reviews);

    // A report's title, written and taken back.
    std::fs::write(&draft, prose.replace("# Draft", "# Deep Review: draft")).unwrap();
    rebuild(&mut site, &mut files, &root, &[&draft]);
    assert!(files.contains_key("draft.html"));
    std::fs::write(&draft, prose).unwrap();
    rebuild(&mut site, &mut files, &root, &[&draft]);
    assert!(!files.contains_key("draft.html"));
}

/// Every file a site loaded for one build writes, with the site's options.
fn one_off(root: &Path) -> Files {
    let mut site = Site::load_for_build(&opts(root), Default::default()).expect("load");
    let mut files = Files::new();
    render_into(&mut site, &mut files);
    files
}

/// A one-off build makes each report's excerpts as it loads and packs its review away,
/// reading it back (or only what the agent pages read of it) when a page needs it: every
/// page must come out exactly as a site that keeps every review in memory renders it.
#[test]
fn a_one_off_build_writes_the_same_files_as_a_kept_site() {
    let (_tmp, root) = crate::support::example_site();
    let kept = fresh(&root);
    let once = one_off(&root);
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        once.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &kept {
        assert!(once[path] == *bytes, "{path} differs");
    }

    // The same on the real corpus, whose retros, resolutions and appendices the agent and
    // thread pages draw on.
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped the corpus half: no corpus at ../shared/corpus");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    crate::support::copy_tree(&corpus.join("lima"), &tmp.path().join("content"));
    let kept = fresh(tmp.path());
    let once = one_off(tmp.path());
    assert_eq!(kept.len(), once.len());
    for (path, bytes) in &kept {
        assert!(once.get(path) == Some(bytes), "{path} differs");
    }
}

#[test]
fn editing_a_middle_round_of_a_long_thread_links_its_thread_as_a_fresh_build_does() {
    // pr-877 has six rounds: an edit of the fourth links the pairs it is in again and
    // keeps the others' links (serve); the site must be what a fresh build makes.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    crate::support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lineage/blind2"),
        &root,
    );
    let mut site = Site::load(&opts(&root)).expect("load");
    let mut files = Files::new();
    render_into(&mut site, &mut files);
    let round = root.join("content/fernhollow/ledgerline/20260910-214405-pr-877.md");
    let text = std::fs::read_to_string(&round).unwrap();
    std::fs::write(
        &round,
        format!("{text}\nAll prior findings were declined.\n"),
    )
    .unwrap();
    let r = rebuild(&mut site, &mut files, &root, &[&round]);
    assert!(written(&r).contains("threads.json"), "{:?}", r.written);
    // And back: the thread as it was.
    std::fs::write(&round, text).unwrap();
    rebuild(&mut site, &mut files, &root, &[&round]);
}
