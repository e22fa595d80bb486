//! Never lose the site: the output folder is checked before anything is written (never the
//! content folder, the site folder or a folder holding them, `/`, the home folder, a file,
//! or a non-empty folder reviewsite did not write unless `--force`), a build writes into a
//! hidden staging folder swapped in only on success, leftovers of killed builds are never
//! published, and Ctrl-C during a build leaves the previous output byte for byte intact.

use crate::support::options;
use reviewsite::output::check_output_dir;
use reviewsite::site::build;
use std::path::Path;

#[test]
fn refuses_the_content_folder_the_site_folder_and_what_holds_them() {
    let (tmp, root) = crate::support::example_site();
    let before = crate::support::snapshot(tmp.path());
    for (what, out) in [
        ("content folder", root.join("content")),
        ("site folder", root.clone()),
        ("folder holding the site", tmp.path().to_path_buf()),
        ("static folder", root.join("static")),
        ("same path spelled with ..", root.join("content/../content")),
    ] {
        for force in [false, true] {
            let mut opts = options(&root, &out, None);
            opts.force = force;
            let err = build(&opts).expect_err(what);
            let msg = format!("{err:#}");
            assert!(msg.contains("refusing"), "{what}: {msg}");
            assert_eq!(
                crate::support::snapshot(tmp.path()),
                before,
                "{what}: nothing changed"
            );
        }
    }
}

#[test]
fn refuses_root_home_and_files_even_with_force() {
    // Checked without building: were the check broken, a build would replace them.
    for force in [false, true] {
        assert!(check_output_dir(Path::new("/"), &[], force).is_err());
        if let Some(home) = std::env::var_os("HOME") {
            assert!(check_output_dir(Path::new(&home), &[], force).is_err());
            assert!(check_output_dir(&Path::new(&home).join(".."), &[], force).is_err());
        }
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("notes.txt");
    std::fs::write(&file, "mine").expect("write");
    assert!(check_output_dir(&file, &[], true).is_err());
    // What may be replaced: a missing or empty folder, a previous output, or anything with
    // --force.
    assert!(check_output_dir(&tmp.path().join("new"), &[], false).is_ok());
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(check_output_dir(&empty, &[], false).is_ok());
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("x"), "x").expect("write");
    let err = check_output_dir(&foreign, &[], false).unwrap_err();
    assert!(err.to_string().contains("--force"), "{err}");
    assert!(check_output_dir(&foreign, &[], true).is_ok());
    std::fs::write(foreign.join(reviewsite::output::MARKER), "").expect("write");
    assert!(check_output_dir(&foreign, &[], false).is_ok());
}

#[test]
fn a_killed_builds_staging_folder_is_removed_and_never_published() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    // What a build killed outright (SIGKILL, power cut) leaves: a hidden partial site.
    let leftover = tmp.path().join(".out.reviewsite-tmp-999999999");
    std::fs::create_dir_all(leftover.join("repos")).expect("mkdir");
    std::fs::write(leftover.join("index.html"), "half-written").expect("write");
    std::fs::write(leftover.join("stale-only-here.html"), "x").expect("write");
    build(&options(&root, &out, None)).expect("builds");
    assert!(!leftover.exists(), "leftover removed");
    assert!(
        !out.join("stale-only-here.html").exists(),
        "never published"
    );
    assert_ne!(
        crate::support::read(&out.join("index.html")),
        "half-written"
    );
    assert_eq!(
        crate::support::entries(tmp.path()),
        vec!["out".to_string(), "site".to_string()]
    );
}

/// The example's reports copied `n` times under new stems: a site that takes a while.
fn large_site(root: &Path, n: usize) {
    let reports = crate::support::example_reports();
    for i in 0..n {
        for (stem, rel) in &reports {
            let text =
                crate::support::read(&crate::support::manifest_dir().join("content").join(rel));
            let new_stem = format!("{stem}-copy{i}");
            let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
            let to = root
                .join("content")
                .join(dir)
                .join(format!("{new_stem}.md"));
            std::fs::write(to, text.replace(stem.as_str(), &new_stem)).expect("write");
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_leaves_the_previous_output_intact() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    build(&options(&root, &out, None)).expect("first build");
    let before = crate::support::snapshot(&out);
    large_site(&root, 60);
    let mut child = Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn reviewsite");
    // Wait until the build is writing its staging folder, then press Ctrl-C.
    let staging_files = || -> usize {
        crate::support::entries(tmp.path())
            .iter()
            .filter(|n| n.starts_with(".out.reviewsite-tmp-"))
            .map(|n| crate::support::walk(&tmp.path().join(n)).len())
            .sum()
    };
    let start = Instant::now();
    while staging_files() < 20 {
        assert!(
            child.try_wait().expect("poll").is_none(),
            "the build ended before it could be interrupted"
        );
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "no staging folder appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(
        crate::support::snapshot(&out),
        before,
        "previous output intact"
    );
    // The build cache may keep the records of the reports read before Ctrl-C (each
    // complete: it is written under a temporary name, then renamed).
    assert_eq!(
        crate::support::entries(tmp.path())
            .into_iter()
            .filter(|n| n != ".reviewsite-cache")
            .collect::<Vec<_>>(),
        vec!["out".to_string(), "site".to_string()],
        "no staging folder left behind"
    );
}
