//! Builds the real corpus under a sub-path base URL and checks every page the renderer
//! wrote: no duplicate ids, every relative link and fragment resolves, nothing absolute.
//! Skipped when the corpus is not beside the repository.

use reviewsite::build::{build, BuildOptions};
use reviewsite::config::Overrides;
use std::path::{Path, PathBuf};

mod render_common;
use render_common::{check_links, walk};

fn corpus() -> Option<PathBuf> {
    [
        std::env::var_os("REVIEWSITE_CORPUS").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.join("lima").is_dir())
}

#[test]
fn corpus_site_under_sub_path_has_no_broken_internal_links() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for e in std::fs::read_dir(corpus.join("lima")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, content.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = tmp.path().join("out");
    let opts = BuildOptions {
        root: tmp.path().to_path_buf(),
        overrides: Overrides {
            output_dir: Some(out.clone()),
            base_url: Some("https://user.github.io/repo/".into()),
        },
        ..Default::default()
    };
    build(&opts).expect("corpus builds");
    let problems = check_links(&out, &["404.html"]);
    assert!(problems.is_empty(), "{problems:#?}");
    let nf = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(nf.contains("href=\"/repo/index.html\""));
    assert!(out.join("sitemap.xml").is_file());
    for p in walk(&out) {
        if p.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&p).unwrap();
            assert!(html.contains("<html lang=\"en\">"), "{}", p.display());
            assert!(
                !html.to_ascii_lowercase().contains("<script"),
                "{}",
                p.display()
            );
        }
    }
}
