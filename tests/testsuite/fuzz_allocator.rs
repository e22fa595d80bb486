//! The fuzz targets run under cargo-fuzz's address sanitizer (issue 20, item 14): they
//! must build with the system allocator, since mimalloc's `override` replaces malloc before
//! the sanitizer's and every target crashed at start. mimalloc is the root crate's
//! default feature; the fuzz crate turns default features off, and its lock file (what
//! `cargo fuzz build` resolves) holds no mimalloc at all.

use crate::support::manifest_dir;

#[test]
fn fuzz_builds_have_no_mimalloc() {
    let root: toml::Value = read_toml("Cargo.toml");
    let deps = &root["dependencies"];
    for dep in ["mimalloc", "libmimalloc-sys"] {
        assert_eq!(
            deps[dep].get("optional").and_then(toml::Value::as_bool),
            Some(true),
            "{dep} must stay behind the `mimalloc` feature"
        );
    }
    let features = &root["features"];
    assert_eq!(
        features["default"].as_array().unwrap()[0].as_str(),
        Some("mimalloc")
    );

    let fuzz: toml::Value = read_toml("fuzz/Cargo.toml");
    assert_eq!(
        fuzz["dependencies"]["reviewsite"]["default-features"].as_bool(),
        Some(false),
        "the fuzz crate must build reviewsite without mimalloc"
    );
    let lock = std::fs::read_to_string(manifest_dir().join("fuzz/Cargo.lock")).unwrap();
    assert!(
        !lock.contains("name = \"mimalloc\"") && !lock.contains("libmimalloc"),
        "fuzz/Cargo.lock resolves mimalloc"
    );
    // The binary's allocator and the memory release are gated on the same feature.
    let main = std::fs::read_to_string(manifest_dir().join("src/main.rs")).unwrap();
    assert!(main.contains("#[cfg(feature = \"mimalloc\")]\n#[global_allocator]"));
}

fn read_toml(rel: &str) -> toml::Value {
    let text = std::fs::read_to_string(manifest_dir().join(rel)).unwrap();
    toml::from_str(&text).unwrap()
}
