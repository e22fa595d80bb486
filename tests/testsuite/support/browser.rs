//! Runs the Node scripts in `tests/browser/` that drive Debian's headless Chromium through
//! playwright-core, and returns the JSON object each prints.
//!
//! A machine without Chromium, Node or `tests/browser/node_modules` skips browser tests
//! (the test prints why and passes), unless `REVIEWSITE_BROWSER_TESTS=require` is set, as
//! `.ci/run` does: then a missing browser fails the test, so CI can never skip them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder holding the scripts and their `node_modules`.
pub fn dir() -> PathBuf {
    super::manifest_dir().join("tests/browser")
}

/// Why browser tests cannot run here, or `None` when they can.
pub fn unavailable() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("no Chromium at {chromium}"));
    }
    if !dir().join("node_modules/playwright-core").is_dir() {
        return Some(
            "tests/browser/node_modules is missing (run `npm ci` in tests/browser)".into(),
        );
    }
    // Installed before a dependency was added (axe-core): out of date, not broken.
    if let Some(name) = missing_dependency() {
        return Some(format!(
            "tests/browser/node_modules lacks {name} (run `npm ci` in tests/browser)"
        ));
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => None,
        _ => Some("no `node` on PATH".into()),
    }
}

/// A dependency `tests/browser/package.json` names that `node_modules` does not hold.
fn missing_dependency() -> Option<String> {
    let manifest = std::fs::read_to_string(dir().join("package.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest).ok()?;
    manifest["dependencies"]
        .as_object()?
        .keys()
        .find(|name| !dir().join("node_modules").join(name).is_dir())
        .cloned()
}

/// Whether a browser test should return at once: browser tests cannot run here and are
/// not required (says why). When they are required, the test goes on and [`run`] fails.
pub fn skip() -> bool {
    match unavailable() {
        Some(why) if std::env::var("REVIEWSITE_BROWSER_TESTS").as_deref() != Ok("require") => {
            eprintln!("skipped: {why}");
            true
        }
        _ => false,
    }
}

/// Runs `tests/browser/<script>` with `args` and parses its JSON output. Returns `None`
/// (after printing "skipped: ...") when browser tests cannot run here and are not required.
pub fn run(script: &str, args: &[&str]) -> Option<serde_json::Value> {
    if let Some(why) = unavailable() {
        if std::env::var("REVIEWSITE_BROWSER_TESTS").as_deref() == Ok("require") {
            panic!("browser tests are required (REVIEWSITE_BROWSER_TESTS=require) but {why}");
        }
        eprintln!("skipped: {why}");
        return None;
    }
    let out = Command::new("node")
        .arg(dir().join(script))
        .args(args)
        .current_dir(dir())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script} failed ({}):\n{stderr}\n{stdout}",
        out.status
    );
    let line = stdout.lines().last().unwrap_or_default();
    Some(
        serde_json::from_str(line).unwrap_or_else(|e| {
            panic!("{script} printed no JSON result ({e}):\n{stdout}\n{stderr}")
        }),
    )
}

/// A `file://` URL for a path.
pub fn file_url(path: &Path) -> String {
    let p = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", p.display())
}
