//! `feed.xml` is Atom (parsed back with `atom_syndication`), one entry per review, newest
//! first; `reviews.json` matches its documented shape (a strict struct and
//! `docs/reviews.schema.json`).

use reviewsite::render::export::ReviewsJson;
use reviewsite::site;
use serde_json::Value;

fn built(base: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf, usize) {
    let (tmp, root) = crate::support::example_site();
    let out = root.join("public");
    let report = site::build(&crate::support::options(&root, &out, base)).expect("build");
    (tmp, out, report.reviews)
}

#[test]
fn feed_is_atom_newest_first_one_entry_per_review() {
    for base in [None, Some("https://acme.github.io/reviews/")] {
        let (_tmp, out, n) = built(base);
        let xml = crate::support::read(&out.join("feed.xml"));
        let feed = atom_syndication::Feed::read_from(xml.as_bytes()).expect("valid Atom");
        assert_eq!(feed.entries().len(), n);
        let dates: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {dates:?}"
        );
        assert_eq!(feed.updated(), &dates[0]);
        let mut ids = std::collections::HashSet::new();
        for e in feed.entries() {
            assert!(ids.insert(e.id().to_string()), "ids unique");
            let link = &e.links()[0].href;
            assert!(e.summary().is_some() && !e.title().value.is_empty());
            assert!(!e.authors().is_empty());
            match base {
                Some(b) => {
                    assert!(link.starts_with(b), "{link}");
                    assert_eq!(e.id(), link);
                }
                None => {
                    assert!(e.id().starts_with("urn:reviewsite:"), "{}", e.id());
                    // Relative to the feed at the site root: the page exists there.
                    assert!(out.join(link).is_file(), "{link}");
                }
            }
        }
        // Every page advertises the feed.
        assert!(
            crate::support::read(&out.join("index.html")).contains("type=\"application/atom+xml\"")
        );
    }
}

#[test]
fn reviews_json_matches_its_documented_shape() {
    let (_tmp, out, n) = built(None);
    let text = crate::support::read(&out.join("reviews.json"));
    let doc: ReviewsJson = serde_json::from_str(&text).expect("strict shape");
    assert_eq!(doc.version, 1);
    assert_eq!(doc.reviews.len(), n);
    assert!(
        doc.reviews.windows(2).all(|w| w[0].date >= w[1].date),
        "newest first"
    );
    for r in &doc.reviews {
        assert_eq!(r.url, format!("{}.html", r.id));
        assert!(out.join(&r.url).is_file() && out.join(&r.source_url).is_file());
        assert_eq!(
            r.counts.total,
            r.counts.critical + r.counts.important + r.counts.suggestion
        );
        if let Some(t) = &r.thread_url {
            assert!(out.join(t).is_file(), "{t}");
        }
    }
    assert!(doc
        .reviews
        .iter()
        .any(|r| r.pr.is_some() && r.verdict.is_some() && !r.agents.is_empty()));
    let schema: Value = serde_json::from_str(&crate::support::read(
        &crate::support::manifest_dir().join("docs/reviews.schema.json"),
    ))
    .expect("schema is JSON");
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema, &value, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator can fail: a record missing a field or with an extra one is caught.
    let mut bad = value.clone();
    bad["reviews"][0].as_object_mut().unwrap().remove("counts");
    bad["reviews"][0]["surprise"] = Value::Bool(true);
    let mut errors = Vec::new();
    validate(&schema, &schema, &bad, "$", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn reviews_json_urls_are_absolute_with_an_absolute_base() {
    let (_tmp, out, _) = built(Some("https://acme.github.io/reviews/"));
    let doc: ReviewsJson =
        serde_json::from_str(&crate::support::read(&out.join("reviews.json"))).unwrap();
    for r in &doc.reviews {
        assert_eq!(
            r.url,
            format!("https://acme.github.io/reviews/{}.html", r.id)
        );
    }
}

/// A JSON Schema validator for the keywords `docs/reviews.schema.json` uses (`type`,
/// `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `$ref` to
/// `#/$defs/...`, `minimum`); any other keyword fails, so the schema cannot grow past it.
fn validate(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let obj = schema.as_object().expect("schema object");
    for k in obj.keys() {
        assert!(
            [
                "$schema",
                "$id",
                "$ref",
                "$defs",
                "title",
                "description",
                "type",
                "properties",
                "required",
                "additionalProperties",
                "items",
                "enum",
                "minimum",
                "format"
            ]
            .contains(&k.as_str()),
            "schema keyword {k} not supported by this test"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local ref");
        return validate(root, &root["$defs"][name], v, at, errors);
    }
    if let Some(t) = obj.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("type"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => panic!("type {t}"),
        });
        if !ok {
            errors.push(format!("{at}: expected {types:?}, got {v}"));
            return;
        }
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let (Some(min), Some(n)) = (obj.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            errors.push(format!("{at}: {n} < {min}"));
        }
    }
    if let Some(o) = v.as_object() {
        let props = obj.get("properties").and_then(Value::as_object);
        for req in obj
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let req = req.as_str().unwrap();
            if !o.contains_key(req) {
                errors.push(format!("{at}: missing {req}"));
            }
        }
        for (k, val) in o {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(root, s, val, &format!("{at}.{k}"), errors),
                None if obj.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(a)) = (obj.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            validate(root, items, x, &format!("{at}[{i}]"), errors);
        }
    }
}
