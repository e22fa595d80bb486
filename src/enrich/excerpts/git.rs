//! Git access: one long-lived `git cat-file --batch` child per repository and build
//! ([`GitReader`]), which resolves commits and reads blobs at a commit from a local clone,
//! and the `git` command line every call uses, which never prompts and never fetches.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The answer of `git cat-file --batch` to one object name.
#[derive(Debug)]
pub(super) enum Object {
    Found {
        sha: String,
        kind: String,
        data: Vec<u8>,
    },
    Missing,
    Ambiguous,
}

/// One `git cat-file --batch` child: object names in, objects out.
pub(super) struct GitReader {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    stdout: BufReader<ChildStdout>,
}

impl GitReader {
    pub(super) fn spawn(checkout: &Path) -> io::Result<GitReader> {
        let mut child = git(checkout)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("git cat-file has no pipes"));
        };
        Ok(GitReader {
            child,
            stdin: Some(BufWriter::new(stdin)),
            stdout: BufReader::new(stdout),
        })
    }

    /// Looks `name` up (`<sha>^{commit}`, `<sha>:<path>`). `name` has no newline.
    pub(super) fn get(&mut self, name: &str) -> io::Result<Object> {
        let mut answers = self.get_many(&[name.to_string()])?;
        answers
            .pop()
            .ok_or_else(|| io::Error::other("git cat-file gave no answer"))
    }

    /// Reads the answer to the next name written.
    fn read_answer(&mut self) -> io::Result<Object> {
        let mut header = String::new();
        if self.stdout.read_line(&mut header)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "git cat-file stopped answering",
            ));
        }
        let header = header.trim_end_matches('\n');
        if header.ends_with(" missing") {
            return Ok(Object::Missing);
        }
        if header.ends_with(" ambiguous") {
            return Ok(Object::Ambiguous);
        }
        let parts: Vec<&str> = header.split(' ').collect();
        let [sha, kind, size] = parts.as_slice() else {
            // `dangling`, `notdir`, ...: not an object we can use.
            return Ok(Object::Missing);
        };
        let size: usize = size
            .parse()
            .map_err(|_| io::Error::other(format!("unexpected answer {header:?}")))?;
        let mut data = vec![0; size + 1];
        self.stdout.read_exact(&mut data)?;
        data.pop();
        Ok(Object::Found {
            sha: sha.to_string(),
            kind: kind.to_string(),
            data,
        })
    }

    /// Looks every name up in one round trip: all names are written, then all answers
    /// read (in batches small enough that the names never fill the pipe while `git` waits
    /// for its answers to be read).
    pub(super) fn get_many(&mut self, names: &[String]) -> io::Result<Vec<Object>> {
        let mut out = Vec::with_capacity(names.len());
        for batch in names.chunks(128) {
            let stdin = self
                .stdin
                .as_mut()
                .ok_or_else(|| io::Error::other("reader closed"))?;
            for name in batch {
                stdin.write_all(name.as_bytes())?;
                stdin.write_all(b"\n")?;
            }
            stdin.flush()?;
            for _ in batch {
                out.push(self.read_answer()?);
            }
        }
        Ok(out)
    }
}

impl Drop for GitReader {
    fn drop(&mut self) {
        // Closing its input ends `cat-file`; then reap it.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// `git -C <checkout>` with an environment that never prompts and never fetches (a
/// partial clone's lazy fetches are off, and were a git too old to know
/// `GIT_NO_LAZY_FETCH` to try one, every transport is refused at once).
pub(super) fn git(checkout: &Path) -> Command {
    let mut c = Command::new("git");
    c.args(["-c", "protocol.allow=never", "-C"])
        .arg(checkout)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_OPTIONAL_LOCKS", "0");
    c
}

/// The refs of `checkout` (`git show-ref --head`, whatever its exit status: none is a
/// state too), then its `FETCH_HEAD` when it has one.
pub(super) fn refs(checkout: &Path) -> io::Result<Vec<u8>> {
    let out = git(checkout)
        .args(["show-ref", "--head"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()?;
    let mut refs = out.stdout;
    let fetch_head = git(checkout)
        .args(["rev-parse", "--git-path", "FETCH_HEAD"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()?;
    let path = String::from_utf8_lossy(&fetch_head.stdout)
        .trim()
        .to_string();
    if !path.is_empty() {
        if let Ok(bytes) = std::fs::read(checkout.join(path)) {
            refs.extend_from_slice(&bytes);
        }
    }
    Ok(refs)
}

/// Every file path at `commit` in `checkout`, sorted (`git ls-tree`): `Err` when git
/// cannot run, `Ok(None)` when it ran but could not list the commit.
pub(super) fn list_tree(checkout: &Path, commit: &str) -> io::Result<Option<Vec<String>>> {
    let out = git(checkout)
        .args(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()?;
    if !out.status.success() {
        return Ok(None);
    }
    let mut paths: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    paths.sort();
    Ok(Some(paths))
}

/// What git says is wrong with `checkout`, if anything (asked only after the reader
/// failed, so a good checkout costs no extra process).
pub(super) fn why_unreadable(checkout: &Path) -> Option<String> {
    match git(checkout).args(["rev-parse", "--git-dir"]).output() {
        Err(e) => Some(format!("cannot run git: {e}")),
        Ok(out) if !out.status.success() => Some(first_error_line(&out.stderr)),
        Ok(_) => None,
    }
}

/// The first line of a failed git command's error output.
fn first_error_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .map(|l| l.trim().trim_start_matches("fatal: ").to_string())
        .find(|l| !l.is_empty())
        .unwrap_or_else(|| "git failed".to_string())
}
