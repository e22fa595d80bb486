//! The build cache (`reviewsite build`, `--cache-dir`, `--no-cache`), run as a user runs
//! it: after each change to the archive (a new round of a thread, an edited finding, a
//! report removed, a theme template overridden), a build through the cache writes byte
//! for byte what a build without it writes, and the pages nothing changed are taken
//! from the cache (the same file, not rendered again). A corrupt cache, or a cached page
//! edited in place, is never trusted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn reviewsite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reviewsite"))
}

/// Builds `root` into `out` with `extra` arguments; returns what it printed on stderr.
fn build(root: &Path, out: &Path, extra: &[&str]) -> String {
    let result = reviewsite()
        .arg("build")
        .arg("-r")
        .arg(root)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .expect("run reviewsite");
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "build failed: {stderr}");
    stderr
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Builds `root` through the default cache into `root/public`, and without it into
/// `reference`; asserts both sites are the same. Returns the warnings and notes printed.
fn build_both_ways(root: &Path, reference: &Path) -> String {
    let said = build(root, &root.join("public"), &[]);
    build(root, reference, &["--no-cache"]);
    let (cached, fresh) = (files(&root.join("public")), files(reference));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (rel, bytes) in &fresh {
        assert!(
            cached[rel] == *bytes,
            "{rel} differs from a build without the cache"
        );
    }
    said
}

/// Each output file's identity on disk (device and inode): a file the cache held is
/// linked into the next output, the same file; a page rendered again is a new one.
#[cfg(unix)]
fn identities(root: &Path) -> BTreeMap<String, (u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let out = root.join("public");
    walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(&out).unwrap();
            (rel.to_string_lossy().into_owned(), (m.dev(), m.ino()))
        })
        .collect()
}

/// Builds both ways ([`build_both_ways`]); returns the output files taken from the cache
/// (those that are the files of the output before).
#[cfg(unix)]
fn rebuild(root: &Path, reference: &Path) -> Vec<String> {
    let before = identities(root);
    build_both_ways(root, reference);
    let after = identities(root);
    after
        .into_iter()
        .filter(|(rel, id)| before.get(rel) == Some(id))
        .map(|(rel, _)| rel)
        .collect()
}

fn content(root: &Path, rel: &str) -> PathBuf {
    root.join("content/acme").join(rel)
}

#[cfg(unix)]
#[test]
fn a_build_through_the_cache_writes_what_a_build_without_it_writes() {
    let (tmp, root) = crate::support::example_site();
    let reference = tmp.path().join("reference");
    // A report that names a review the archive does not have yet.
    let naming = content(&root, "tern/20260320-000000-path-params.md");
    let text = std::fs::read_to_string(&naming).unwrap();
    std::fs::write(
        &naming,
        format!("{text}\nSee also 20260501-120000-follow-up.\n"),
    )
    .unwrap();
    build_both_ways(&root, &reference);
    let cache = root.join(".reviewsite-cache");
    assert!(cache.join("CACHEDIR.TAG").is_file());
    let ignore = std::fs::read_to_string(cache.join(".gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l.trim() == "*"),
        "the cache ignores itself in git"
    );
    assert!(!files(&root.join("public"))
        .keys()
        .any(|p| p.contains("reviewsite-cache")));

    // A fourth round of the PR 212 thread: its thread page and its rounds' pages change.
    let last = content(&root, "tern/20260409-110847-pr-212.md");
    let text = std::fs::read_to_string(&last).unwrap();
    let next = text.replacen("# ", "# Follow-up: ", 1);
    std::fs::write(content(&root, "tern/20260412-090000-pr-212.md"), next).unwrap();
    let reused = rebuild(&root, &reference);
    let reused = |rel: &str| reused.iter().any(|r| r == rel);
    assert!(reused("20260318-204455-pr-87.html"));
    assert!(reused("20260318-204455-pr-87.md"));
    assert!(reused("repos/acme/quill/index.html"));
    assert!(
        !reused("20260409-110847-pr-212.html"),
        "its thread has a round more"
    );
    assert!(!reused("repos/acme/tern/pr-212/index.html"));
    assert!(!reused("index.html"));

    // The review it names arrives: its page links to it now.
    let other = content(&root, "quill/20260422-083117-streaming-renderer.md");
    let text = std::fs::read_to_string(other).unwrap();
    std::fs::write(content(&root, "quill/20260501-120000-follow-up.md"), text).unwrap();
    let reused = rebuild(&root, &reference);
    assert!(!reused.contains(&"20260320-000000-path-params.html".to_string()));
    assert!(reused.contains(&"20260318-204455-pr-87.html".to_string()));

    // An edited finding, in a report that is not in a thread.
    let edited = content(&root, "quill/20260422-083117-streaming-renderer.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{text}\nOne more line at the end.\n")).unwrap();
    let reused = rebuild(&root, &reference);
    assert!(!reused.contains(&"20260422-083117-streaming-renderer.html".to_string()));
    assert!(reused.contains(&"20260318-204455-pr-87.html".to_string()));

    // A report removed, with its sidecar.
    std::fs::remove_file(content(&root, "quill/20260428-190233-pr-104.md")).unwrap();
    std::fs::remove_file(content(&root, "quill/20260428-190233-pr-104.json")).unwrap();
    build_both_ways(&root, &reference);
    assert!(!root.join("public/20260428-190233-pr-104.html").exists());
    assert!(!cache.join("site/20260428-190233-pr-104.html").exists());
}

#[cfg(unix)]
#[test]
fn a_theme_template_or_the_settings_changed_make_every_page_again() {
    let (tmp, root) = crate::support::example_site();
    let reference = tmp.path().join("reference");
    build_both_ways(&root, &reference);
    let base = crate::support::manifest_dir().join("themes/default/templates/base.html");
    let template = std::fs::read_to_string(base).unwrap();
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("base.html"),
        template.replacen("<body", "<!-- a theme of our own --><body", 1),
    )
    .unwrap();
    let reused = rebuild(&root, &reference);
    assert!(
        reused.is_empty(),
        "nothing taken from the cache: {reused:?}"
    );
    let page = std::fs::read_to_string(root.join("public/20260318-204455-pr-87.html")).unwrap();
    assert!(page.contains("a theme of our own"));

    // The base URL is a setting: every page links from it.
    let said = build(
        &root,
        &root.join("public"),
        &["-u", "https://example.org/reviews/"],
    );
    assert!(
        !said.contains("build cache"),
        "a change of settings is expected: {said}"
    );
    let page = std::fs::read_to_string(root.join("public/20260318-204455-pr-87.html")).unwrap();
    assert!(page.contains("https://example.org/reviews/"));
}

#[cfg(unix)]
#[test]
fn a_corrupt_cache_or_an_edited_cached_page_is_not_trusted() {
    let (tmp, root) = crate::support::example_site();
    let reference = tmp.path().join("reference");
    build_both_ways(&root, &reference);
    let cache = root.join(".reviewsite-cache");

    // A cached page edited in place (the output shares it): rendered again.
    let page = cache.join("site/20260318-204455-pr-87.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes.extend_from_slice(b"<script>alert(1)</script>");
    std::fs::write(&page, &bytes).unwrap();
    let reused = rebuild(&root, &reference);
    assert!(!reused.contains(&"20260318-204455-pr-87.html".to_string()));
    assert!(reused.contains(&"20260422-083117-streaming-renderer.html".to_string()));

    // Every record overwritten with garbage: the reports are parsed again.
    for entry in std::fs::read_dir(cache.join("reports")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"RSCACHER\x05\x00\x00garbage").unwrap();
    }
    build_both_ways(&root, &reference);

    // A manifest cut short: a note, then a build from the reports.
    let manifest = cache.join("manifest.bin");
    let bytes = std::fs::read(&manifest).unwrap();
    std::fs::write(&manifest, &bytes[..bytes.len() / 2]).unwrap();
    let said = build_both_ways(&root, &reference);
    assert!(said.contains("build cache not used"), "{said}");
    assert!(
        said.contains(".reviewsite-cache"),
        "names the cache: {said}"
    );
    assert!(files(&cache.join("site")).len() > 10, "made again");

    // A manifest an earlier version wrote (format 3 and before: a whole LZ4 block): not
    // used, and nothing to note: an upgrade is not a problem.
    std::fs::write(&manifest, b"RSCACHEM\x10\x00\x00\x00what it held").unwrap();
    let said = build_both_ways(&root, &reference);
    assert!(!said.contains("build cache"), "{said}");
    assert!(std::fs::read(&manifest).unwrap().starts_with(b"RSCACHEF"));

    // A file that is not a cache at all, where --cache-dir points.
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("manifest.bin"), b"not ours").unwrap();
    let out = tmp.path().join("elsewhere");
    let said = build(&root, &out, &["--cache-dir", foreign.to_str().unwrap()]);
    assert!(said.contains("not a reviewsite build cache"), "{said}");
    assert_eq!(files(&out), files(&reference));
}

#[cfg(target_os = "linux")]
#[test]
fn a_cache_another_build_is_using_is_left_alone() {
    let (tmp, root) = crate::support::example_site();
    let reference = tmp.path().join("reference");
    build_both_ways(&root, &reference);
    let lock = root.join(".reviewsite-cache/lock");
    assert!(!lock.exists(), "a build leaves no lock behind");

    // A build running now (this test's process stands for it) holds the cache.
    let holder = std::process::id().to_string();
    std::fs::write(&lock, &holder).unwrap();
    let said = build_both_ways(&root, &reference);
    assert!(
        said.contains(&format!("another build, process {holder}, is using it")),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap(),
        holder,
        "its lock is left alone"
    );

    // The lock of a build that died is taken over, and the cache used: the page is the
    // file the cache held.
    std::fs::write(&lock, "999999999").unwrap();
    use std::os::unix::fs::MetadataExt;
    let inode = |p: PathBuf| std::fs::metadata(p).unwrap().ino();
    let page = "20260318-204455-pr-87.html";
    let cached = inode(root.join(".reviewsite-cache/site").join(page));
    build_both_ways(&root, &reference);
    assert_eq!(inode(root.join("public").join(page)), cached);
    assert!(!lock.exists());
}

/// `serve` starts from what a build left in the cache (read only): the site it renders is
/// the site a load from the reports renders, and the cache is as the build left it.
#[test]
fn serve_starting_from_a_build_s_cache_renders_the_same_site() {
    use reviewsite::output::Collected;
    use reviewsite::site::{BuildOptions, CacheDir, Site};
    let (_tmp, root) = crate::support::example_site();
    build(&root, &root.join("public"), &[]);
    let cache = root.join(".reviewsite-cache");
    let before = files(&cache);
    let render = |cache: CacheDir| {
        let opts = BuildOptions {
            root: root.clone(),
            cache,
            ..Default::default()
        };
        let mut site = Site::load(&opts).expect("load");
        let out = Collected::default();
        site.render(&out).expect("render");
        let files: BTreeMap<String, Vec<u8>> = out
            .into_files()
            .into_iter()
            .map(|(p, b)| (p, b.to_vec()))
            .collect();
        (files, site.diagnostics())
    };
    let (from_cache, said_from_cache) = render(CacheDir::BesideOutput);
    let (from_reports, said_from_reports) = render(CacheDir::Off);
    assert_eq!(from_cache.len(), from_reports.len());
    for (rel, bytes) in &from_reports {
        assert!(
            from_cache[rel] == *bytes,
            "{rel} differs when taken from the cache"
        );
    }
    assert_eq!(said_from_cache, said_from_reports);
    assert_eq!(files(&cache), before, "serve never writes the cache");
}
