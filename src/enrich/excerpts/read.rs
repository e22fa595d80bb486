//! Reading a review's commit and cited files from one checkout ([`Checkout`]): the cache
//! first, else the repository's reader in as few round trips as possible; a path not found
//! as written is looked for among the commit's files (`git ls-tree`, once per commit).

use super::cache::{lock, ExcerptCache, FileKey, SourceText};
use super::git::{list_tree, Object};
use super::paths::{clean_path, find_in_tree, TreeMatch};
use super::source::{ReadError, RepoSource};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// One configured checkout, read through the shared cache.
pub(super) struct Checkout<'a> {
    pub(super) source: &'a RepoSource,
    pub(super) cache: &'a ExcerptCache,
}

/// Why a review's commit could not be used.
pub(super) enum CommitProblem {
    Checkout,
    Ambiguous,
}

/// Why a cited file could not be read.
#[derive(Debug)]
pub(super) enum FileProblem {
    Missing,
    Ambiguous(Vec<String>),
    Directory(String),
    Binary(String),
    Invalid,
    /// The commit lists this path, but its content is not in the checkout (a partial
    /// clone, or a submodule).
    NotFetched(String),
}

/// The file a cited path names at a commit: its repository path and text, or why there
/// is none.
pub(super) type FileAt = Result<(String, Arc<SourceText>), FileProblem>;

/// A path looked up at a commit.
enum Lookup {
    File(Arc<SourceText>),
    Directory,
    Binary,
    Missing,
}

impl Checkout<'_> {
    /// The full SHA of `written` (a full or short hex SHA): from the cache, else the
    /// reader. `Ok(None)`: not in the checkout.
    pub(super) fn resolve_commit(&self, written: &str) -> Result<Option<String>, CommitProblem> {
        let key = (self.source.slug.clone(), written.to_ascii_lowercase());
        let cached = || lock(&self.cache.commits).get(&key).cloned();
        if let Some(full) = cached() {
            return Ok(Some(full));
        }
        let answer = self
            .source
            .with_reader(self.cache, |r| match cached() {
                // Another thread resolved it while this one waited for the reader.
                Some(full) => Ok(Object::Found {
                    sha: full,
                    kind: "commit".into(),
                    data: Vec::new(),
                }),
                None => r.get(&format!("{}^{{commit}}", key.1)),
            })
            .map_err(|ReadError::Checkout| CommitProblem::Checkout)?;
        match answer {
            Object::Found { sha, kind, .. } if kind == "commit" => {
                lock(&self.cache.commits).insert(key, sha.clone());
                Ok(Some(sha))
            }
            Object::Ambiguous => Err(CommitProblem::Ambiguous),
            _ => Ok(None),
        }
    }

    /// The file each of `cited` names at `commit`. `Err(())`: the checkout broke while
    /// reading. Files not in the cache are read in at most two batches (as written; then
    /// the paths found in the commit's file list), each one round trip to the reader.
    pub(super) fn resolve_files(
        &self,
        commit: &str,
        cited: &BTreeSet<String>,
    ) -> Result<BTreeMap<String, FileAt>, ()> {
        let mut out = BTreeMap::new();
        // First: each cited path where it was found before, or as written.
        let mut first: Vec<(String, String)> = Vec::new();
        for c in cited {
            let key = (self.source.slug.clone(), commit.to_string(), c.clone());
            match lock(&self.cache.resolved)
                .get(&key)
                .cloned()
                .or_else(|| clean_path(c))
            {
                Some(path) => first.push((c.clone(), path)),
                None => {
                    out.insert(c.clone(), Err(FileProblem::Invalid));
                }
            }
        }
        let paths: Vec<&str> = first.iter().map(|(_, p)| p.as_str()).collect();
        let found = self.read_files(commit, &paths)?;
        // Then: the paths not found as written, among the commit's files.
        let mut second: Vec<(String, String)> = Vec::new();
        for ((c, path), lookup) in first.into_iter().zip(found) {
            match lookup {
                Lookup::Missing => match self.tree(commit).map(|t| find_in_tree(&t, &path)) {
                    Some(TreeMatch::One(p)) => second.push((c, p)),
                    Some(TreeMatch::Several(list)) => {
                        out.insert(c, Err(FileProblem::Ambiguous(list)));
                    }
                    _ => {
                        out.insert(c, Err(FileProblem::Missing));
                    }
                },
                other => {
                    out.insert(c, settle(path, other));
                }
            }
        }
        let paths: Vec<&str> = second.iter().map(|(_, p)| p.as_str()).collect();
        let found = self.read_files(commit, &paths)?;
        for ((c, path), lookup) in second.into_iter().zip(found) {
            let key = (self.source.slug.clone(), commit.to_string(), c.clone());
            let settled = match lookup {
                // Listed at the commit, so only its content is missing.
                Lookup::Missing => Err(FileProblem::NotFetched(path)),
                other => settle(path, other),
            };
            if let Ok((path, _)) = &settled {
                lock(&self.cache.resolved).insert(key, path.clone());
            }
            out.insert(c, settled);
        }
        Ok(out)
    }

    /// `paths` at `commit`, from the cache, else read in one batch. `Err(())`: the checkout
    /// broke.
    fn read_files(&self, commit: &str, paths: &[&str]) -> Result<Vec<Lookup>, ()> {
        let slug = &self.source.slug;
        let key = |path: &str| (slug.clone(), commit.to_string(), path.to_string());
        let cached = |path: &str| lock(&self.cache.files).get(&key(path)).cloned();
        let mut out: Vec<Option<Lookup>> =
            paths.iter().map(|p| cached(p).map(Lookup::File)).collect();
        if out.iter().all(Option::is_some) {
            return Ok(out.into_iter().flatten().collect());
        }
        self.source
            .with_reader(self.cache, |reader| {
                // Look again: another thread may have read some while this one waited.
                let mut names = Vec::new();
                let mut slots = Vec::new();
                for (i, p) in paths.iter().enumerate() {
                    if out[i].is_none() {
                        match cached(p) {
                            Some(text) => out[i] = Some(Lookup::File(text)),
                            None => {
                                names.push(format!("{commit}:{p}"));
                                slots.push(i);
                            }
                        }
                    }
                }
                for (i, answer) in slots.into_iter().zip(reader.get_many(&names)?) {
                    out[i] = Some(self.lookup(answer, paths[i], key(paths[i])));
                }
                Ok(())
            })
            .map_err(|ReadError::Checkout| ())?;
        Ok(out
            .into_iter()
            .map(|l| l.unwrap_or(Lookup::Missing))
            .collect())
    }

    /// A reader's answer about `path` as a [`Lookup`], cached when it is a text file.
    fn lookup(&self, answer: Object, path: &str, key: FileKey) -> Lookup {
        match answer {
            Object::Found { sha, kind, data } if kind == "blob" => {
                if data.contains(&0) {
                    return Lookup::Binary;
                }
                let text = lock(&self.cache.blobs)
                    .entry((sha, path.to_string()))
                    .or_insert_with(|| {
                        Arc::new(SourceText::new(String::from_utf8_lossy(&data).into_owned()))
                    })
                    .clone();
                lock(&self.cache.files).insert(key, text.clone());
                Lookup::File(text)
            }
            Object::Found { kind, .. } if kind == "tree" => Lookup::Directory,
            _ => Lookup::Missing,
        }
    }

    /// Every file path at `commit` (`git ls-tree`, once per commit over the cache's life).
    fn tree(&self, commit: &str) -> Option<Arc<Vec<String>>> {
        let key = (self.source.slug.clone(), commit.to_string());
        // One listing at a time per repository, so two reviews of one commit list it once.
        let _listing = lock(&self.source.listing);
        if let Some(t) = lock(&self.cache.trees).get(&key) {
            return Some(t.clone());
        }
        let listed = list_tree(&self.source.checkout, commit).ok()?;
        self.cache.tree_listings.fetch_add(1, Ordering::Relaxed);
        let paths = Arc::new(listed?);
        lock(&self.cache.trees).insert(key, paths.clone());
        Some(paths)
    }
}

/// What a look-up of `path` means for an excerpt.
fn settle(path: String, lookup: Lookup) -> FileAt {
    match lookup {
        Lookup::File(text) => Ok((path, text)),
        Lookup::Directory => Err(FileProblem::Directory(path)),
        Lookup::Binary => Err(FileProblem::Binary(path)),
        Lookup::Missing => Err(FileProblem::Missing),
    }
}
