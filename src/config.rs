//! Site configuration: `book.toml` read and validated once into [`Config`].
//!
//! Every key is optional; a folder with only `content/` builds with the defaults. Command-line
//! flags (`--output`, `--base-url`, `--checkout`) override the file. Later stages only read
//! the validated struct, never the file.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder (holds book.toml, content/, themes/, static/).
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute base URL ending in `/` (`https://user.github.io/repo/`), or `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/` (`/repo/`).
    pub base_path: String,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    pub static_dir: PathBuf,
    /// Theme name; templates and assets in `themes/<name>/` override the embedded default.
    pub theme: String,
    pub theme_dir: PathBuf,
    /// Per-repository settings keyed by `owner/name`.
    pub repos: BTreeMap<String, RepoConfig>,
}

/// Settings of one reviewed repository.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    /// Display name on pages (defaults to `owner/name`).
    pub title: Option<String>,
    /// Web URL of the repository (defaults to `https://github.com/owner/name`).
    pub url: Option<String>,
    /// A local clone, for code excerpts.
    pub checkout: Option<PathBuf>,
    /// Lines of context around cited lines in excerpts.
    pub context_lines: Option<u32>,
    /// The path a `--checkout` gave, as written, when that flag set `checkout` for this
    /// run (then `checkout` is absolute); for messages. Never read from book.toml.
    #[serde(skip)]
    pub checkout_flag: Option<String>,
}

/// The file as written: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    content_dir: Option<PathBuf>,
    output_dir: Option<PathBuf>,
    static_dir: Option<PathBuf>,
    theme: Option<String>,
    #[serde(default)]
    repos: BTreeMap<String, RepoConfig>,
}

/// Overrides from the command line.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    /// `--checkout OWNER/NAME=PATH` values as given, each setting `checkout` of one
    /// repository; a relative PATH is relative to the current folder. Checked by
    /// [`Config::load`].
    pub checkouts: Vec<String>,
}

impl Config {
    /// Reads `<root>/book.toml` (if present), applies `overrides` and validates.
    pub fn load(root: &Path, overrides: &Overrides) -> anyhow::Result<Config> {
        let path = root.join("book.toml");
        let raw: RawConfig = if path.exists() {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
            toml::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {}\n  (see the README's \"Configuration\" section for the keys book.toml takes)",
                    path.display(),
                    e.to_string().trim_end()
                )
            })?
        } else {
            RawConfig::default()
        };
        Self::from_raw(root, raw, overrides)
    }

    fn from_raw(root: &Path, raw: RawConfig, overrides: &Overrides) -> anyhow::Result<Config> {
        let base_url = overrides
            .base_url
            .clone()
            .or(raw.base_url)
            .unwrap_or_else(|| "/".to_string());
        let base_url = normalise_base_url(&base_url)?;
        let base_path = base_path_of(&base_url);
        let mut repos = raw.repos;
        for (key, rc) in repos.iter_mut() {
            if !is_slug(key) {
                anyhow::bail!(
                    "book.toml: [repos.\"{key}\"]: repository keys must be \"owner/name\""
                );
            }
            if let Some(url) = &rc.url {
                let u = url.trim();
                let l = u.to_ascii_lowercase();
                let web = (l.starts_with("https://") || l.starts_with("http://"))
                    && !u.contains(|c: char| {
                        c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>')
                    });
                if !web {
                    anyhow::bail!(
                        "book.toml: [repos.\"{key}\"] url = {url:?}: the repository's web \
                         address must be an http(s) URL (https://github.com/{key} when unset)"
                    );
                }
                rc.url = Some(u.trim_end_matches('/').to_string());
            }
        }
        apply_checkouts(&mut repos, &overrides.checkouts)?;
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        if theme.contains(['/', '\\']) || theme == ".." || theme.is_empty() {
            anyhow::bail!("book.toml: theme = {theme:?}: a theme is a folder name under themes/");
        }
        let resolve = |p: Option<PathBuf>, default: &str| -> PathBuf {
            let p = p.unwrap_or_else(|| PathBuf::from(default));
            if p.is_absolute() {
                p
            } else {
                root.join(p)
            }
        };
        let output_dir = match &overrides.output_dir {
            Some(p) => p.clone(),
            None => resolve(raw.output_dir, "public"),
        };
        Ok(Config {
            root: root.to_path_buf(),
            title: raw
                .title
                .unwrap_or_else(|| "Code review archive".to_string()),
            description: raw.description.unwrap_or_default(),
            base_url,
            base_path,
            content_dir: match raw.content_dir {
                Some(dir) => resolve(Some(dir), "content"),
                // A folder of reports with no content/ inside is itself the content.
                None if !root.join("content").is_dir() => root.to_path_buf(),
                None => root.join("content"),
            },
            output_dir,
            static_dir: resolve(raw.static_dir, "static"),
            theme_dir: root.join("themes").join(&theme),
            theme,
            repos,
        })
    }

    /// The web address of repository `slug`: its `url` (checked at load), else GitHub's.
    pub(crate) fn repo_web_url(&self, slug: &str) -> String {
        self.repo(slug)
            .and_then(|r| r.url.clone())
            .unwrap_or_else(|| format!("https://github.com/{slug}"))
    }

    /// Settings for `owner/name`, if book.toml has any.
    pub fn repo(&self, slug: &str) -> Option<&RepoConfig> {
        self.repos.get(slug)
    }
}

/// Whether `s` is `owner/name`: two non-empty parts.
fn is_slug(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() == 2 && parts.iter().all(|p| !p.is_empty())
}

/// Sets `checkout` of each repository a `--checkout OWNER/NAME=PATH` names (adding the
/// repository when book.toml has none), PATH made absolute from the current folder.
fn apply_checkouts(
    repos: &mut BTreeMap<String, RepoConfig>,
    flags: &[String],
) -> anyhow::Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for flag in flags {
        let parsed = flag
            .split_once('=')
            .map(|(slug, path)| (slug.trim(), path))
            .filter(|(slug, path)| is_slug(slug) && !path.is_empty());
        let Some((slug, path)) = parsed else {
            anyhow::bail!(
                "--checkout {flag:?}: expected OWNER/NAME=PATH, the repository as in its \
                 Repo row and a local clone of it, e.g. --checkout lima-vm/lima=../lima"
            );
        };
        if !seen.insert(slug) {
            anyhow::bail!("--checkout {flag:?}: {slug} is given a checkout more than once");
        }
        let absolute =
            std::path::absolute(path).map_err(|e| anyhow::anyhow!("--checkout {flag:?}: {e}"))?;
        let rc = repos.entry(slug.to_string()).or_default();
        rc.checkout = Some(absolute);
        rc.checkout_flag = Some(path.to_string());
    }
    Ok(())
}

/// Accepts `/`, `/sub/`, `https://host/sub`; returns it with a trailing `/`.
fn normalise_base_url(url: &str) -> anyhow::Result<String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok("/".to_string());
    }
    let ok = url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://");
    if !ok || url.contains(['"', '<', '>', ' ', '\'']) {
        anyhow::bail!(
            "base_url {url:?} is not a URL: use an absolute URL such as \
             https://user.github.io/repo/ or a path such as /repo/"
        );
    }
    // A path that starts with `//` (or `/\`, which browsers read the same way) names
    // another host: `//host/style.css` loads the pages' assets from there.
    let path = base_path_of(url);
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    if url.contains('\\') || path.contains("//") || host == Some("") {
        anyhow::bail!(
            "base_url {url:?} names no site of its own: a path must start with a single `/` \
             (`//host/` is a protocol-relative URL, which would load every page's styles and \
             scripts from that host); use https://host/path/ or a path such as /repo/"
        );
    }
    let mut s = url.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

fn base_path_of(base_url: &str) -> String {
    let path = if let Some(rest) = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
    {
        match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        }
    } else {
        base_url
    };
    let mut p = path.to_string();
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_forms() {
        assert_eq!(
            normalise_base_url("https://u.github.io/repo").unwrap(),
            "https://u.github.io/repo/"
        );
        assert_eq!(base_path_of("https://u.github.io/repo/"), "/repo/");
        assert_eq!(base_path_of("https://example.com"), "/");
        assert_eq!(base_path_of("/sub/"), "/sub/");
        assert!(normalise_base_url("javascript:alert(1)").is_err());
    }

    #[test]
    fn protocol_relative_base_urls_are_refused() {
        for url in [
            "//evil.example/",
            "//evil.example",
            "/\\evil.example/",
            "https:///path/",
            "https://u.github.io//evil.example/",
            "/repo//x/",
        ] {
            let e = normalise_base_url(url).unwrap_err().to_string();
            assert!(e.contains("protocol-relative"), "{url}: {e}");
        }
        for url in [
            "/",
            "/repo/",
            "https://u.github.io/repo/",
            "http://localhost:3000",
        ] {
            assert!(normalise_base_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn empty_config_has_defaults() {
        let c = Config::from_raw(
            Path::new("/site"),
            RawConfig::default(),
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(c.base_path, "/");
        // No /site/content on disk: the root itself holds the reports.
        assert_eq!(c.content_dir, Path::new("/site"));
        assert_eq!(c.output_dir, Path::new("/site/public"));
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let e = toml::from_str::<RawConfig>("titel = 'x'")
            .unwrap_err()
            .to_string();
        assert!(e.contains("titel"), "{e}");
    }

    #[test]
    fn a_repository_url_is_a_web_url_checked_once() {
        let load = |toml_text: &str| {
            let raw: RawConfig = toml::from_str(toml_text).unwrap();
            Config::from_raw(Path::new("/s"), raw, &Overrides::default())
        };
        let c = load("[repos.\"o/n\"]\nurl = ' https://git.example.com/o/n/ '").unwrap();
        assert_eq!(c.repo_web_url("o/n"), "https://git.example.com/o/n");
        assert_eq!(c.repo_web_url("a/b"), "https://github.com/a/b");
        for bad in [
            "git.example.com/o/n",
            "javascript:alert(1)",
            "https://x/a b",
        ] {
            let e = load(&format!("[repos.\"o/n\"]\nurl = '{bad}'")).unwrap_err();
            assert!(e.to_string().contains("[repos.\"o/n\"] url"), "{e}");
        }
    }

    #[test]
    fn checkout_flags_set_or_override_checkouts_from_the_current_folder() {
        let raw: RawConfig =
            toml::from_str("[repos.\"o/n\"]\ncheckout = \"../n\"\ntitle = \"N\"").unwrap();
        let overrides = Overrides {
            checkouts: vec!["o/n=clones/n".into(), "a/b=/abs/b".into()],
            ..Default::default()
        };
        let c = Config::from_raw(Path::new("/s"), raw, &overrides).unwrap();
        let cwd = std::env::current_dir().unwrap();
        let on = c.repo("o/n").unwrap();
        assert_eq!(on.checkout.as_deref(), Some(cwd.join("clones/n").as_path()));
        assert_eq!(on.checkout_flag.as_deref(), Some("clones/n"));
        assert_eq!(
            on.title.as_deref(),
            Some("N"),
            "the rest of the table stays"
        );
        let ab = c.repo("a/b").unwrap();
        assert_eq!(ab.checkout.as_deref(), Some(Path::new("/abs/b")));
        // Without the flag, book.toml's path stays as written (relative to the site).
        let raw: RawConfig = toml::from_str("[repos.\"o/n\"]\ncheckout = \"../n\"").unwrap();
        let c = Config::from_raw(Path::new("/s"), raw, &Overrides::default()).unwrap();
        assert_eq!(
            c.repo("o/n").unwrap().checkout.as_deref(),
            Some(Path::new("../n"))
        );
        assert_eq!(c.repo("o/n").unwrap().checkout_flag, None);
    }

    #[test]
    fn bad_checkout_flags_name_the_value_and_the_form() {
        for bad in [
            "lima",
            "lima=../lima",
            "o/n",
            "o/n=",
            "/n=x",
            "o/=x",
            "o/n/x=y",
            "=x",
        ] {
            let overrides = Overrides {
                checkouts: vec![bad.into()],
                ..Default::default()
            };
            let e = Config::from_raw(Path::new("/s"), RawConfig::default(), &overrides)
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with(&format!("--checkout {bad:?}: expected OWNER/NAME=PATH")),
                "{bad}: {e}"
            );
        }
        let twice = Overrides {
            checkouts: vec!["o/n=a".into(), "o/n=b".into()],
            ..Default::default()
        };
        let e = Config::from_raw(Path::new("/s"), RawConfig::default(), &twice).unwrap_err();
        assert!(e.to_string().contains("more than once"), "{e}");
    }

    #[test]
    fn bad_repo_key_rejected() {
        let raw: RawConfig = toml::from_str("[repos.\"lima\"]\ntitle='x'").unwrap();
        assert!(Config::from_raw(Path::new("/"), raw, &Overrides::default()).is_err());
    }
}
