//! Runs `reviewsite serve` as a child process, and talks HTTP to it over a plain socket, so
//! that request paths reach the server exactly as written (`..`, `%2f` and all: an HTTP
//! client library would normalise them away).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `reviewsite serve`; stopped (Ctrl-C, then killed) when dropped.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    /// `http://127.0.0.1:<port>/<base>/`, as printed.
    pub url: String,
    output: Arc<Mutex<Vec<String>>>,
}

/// One HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Starts `reviewsite serve --root <root> --port 0 <args>` and waits until it serves.
pub fn start(root: &Path, args: &[&str]) -> Server {
    try_start(root, args).unwrap_or_else(|out| panic!("serve did not start:\n{out}"))
}

/// Starts `reviewsite serve --root <root>` with no `--port`: on 3000 or the next free port.
pub fn start_on_default_port(root: &Path) -> Server {
    spawn(root, &[], false).unwrap_or_else(|out| panic!("serve did not start:\n{out}"))
}

/// Like [`start`]; `Err` holds the output of a server that exited instead.
pub fn try_start(root: &Path, args: &[&str]) -> Result<Server, String> {
    spawn(root, args, !args.contains(&"--port"))
}

/// Like [`start`], with the process allowed at most `files` open files (`ulimit -n`).
pub fn start_with_open_files(root: &Path, files: u32) -> Server {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_reviewsite"));
    run(cmd, root, &["--port", "0"], false)
        .unwrap_or_else(|out| panic!("serve did not start:\n{out}"))
}

fn spawn(root: &Path, args: &[&str], any_port: bool) -> Result<Server, String> {
    run(
        Command::new(env!("CARGO_BIN_EXE_reviewsite")),
        root,
        args,
        any_port,
    )
}

fn run(mut cmd: Command, root: &Path, args: &[&str], any_port: bool) -> Result<Server, String> {
    cmd.arg("serve").arg("--root").arg(root);
    if any_port {
        cmd.args(["--port", "0"]);
    }
    let mut child = cmd
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reviewsite serve");
    let output = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("stderr")),
    ] {
        let output = output.clone();
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                output.lock().unwrap().push(line.clone());
                let _ = tx.send(line);
            }
        });
    }
    drop(tx);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(url) = line.strip_prefix("Serving ") {
                    let url = url.trim().to_string();
                    let port = url
                        .split(':')
                        .nth(2)
                        .and_then(|p| p.split('/').next())
                        .and_then(|p| p.parse().ok())
                        .expect("port in the URL");
                    // The watcher has started when "Serving" is printed; "Watching" follows
                    // (not with --quiet).
                    let quiet = args.iter().any(|a| *a == "--quiet" || *a == "-q");
                    let watching = quiet || wait_for_line(&rx, "Watching", Duration::from_secs(30));
                    let server = Server {
                        child: Some(child),
                        port,
                        url,
                        output,
                    };
                    assert!(watching, "serve started watching:\n{}", server.output());
                    return Ok(server);
                }
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                std::thread::sleep(Duration::from_millis(200));
                return Err(output.lock().unwrap().join("\n"));
            }
        }
    }
}

fn wait_for_line(rx: &Receiver<String>, prefix: &str, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if line.starts_with(prefix) {
            return true;
        }
    }
    false
}

impl Server {
    /// Everything the server printed so far.
    pub fn output(&self) -> String {
        self.output.lock().unwrap().join("\n")
    }

    /// Waits until the server printed a line containing `text`.
    pub fn wait_output(&self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.output().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// The server's resident memory in KiB (Linux: /proc), if it can be read.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    pub fn get(&self, target: &str) -> Reply {
        request(self.port, "GET", target, None)
    }

    pub fn head(&self, target: &str) -> Reply {
        request(self.port, "HEAD", target, None)
    }

    /// Sends Ctrl-C (SIGINT) and waits for the server to exit.
    pub fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().expect("running");
        interrupt_and_wait(&mut child).expect("serve stops on Ctrl-C within 10 s")
    }

    /// Opens the live-reload event stream under the base path.
    pub fn events(&self) -> Events {
        let base = self
            .url
            .splitn(4, '/')
            .nth(3)
            .map(|p| format!("/{p}"))
            .unwrap_or_else(|| "/".into());
        Events::open(self.port, &format!("{base}__reviewsite/events"))
    }
}

fn interrupt_and_wait(child: &mut Child) -> Option<ExitStatus> {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            interrupt_and_wait(&mut child);
        }
    }
}

/// Sends one request with `Connection: close` and reads the whole response.
pub fn request(port: u16, method: &str, target: &str, host: Option<&str>) -> Reply {
    let host = host
        .map(str::to_string)
        .unwrap_or(format!("127.0.0.1:{port}"));
    request_with(port, method, target, &format!("Host: {host}\r\n"))
}

/// [`request`] with these header lines (each ending in CRLF), `Host` among them.
pub fn request_with(port: u16, method: &str, target: &str, headers: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    // One write, as a browser sends a request; a server may answer (503) and close before
    // reading it, so a failed send still reads what was answered.
    let sent = s.write_all(
        format!("{method} {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").as_bytes(),
    );
    let raw = read_all(&mut s);
    parse(&raw).unwrap_or_else(|| {
        panic!(
            "not an HTTP response (send: {sent:?}): {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

/// Reads what a connection sends until it closes (or fails: a reset after the answer
/// still leaves the answer).
pub fn read_all(mut s: impl Read) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return raw,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Reads one response with a `Content-Length` from a keep-alive connection (its head only
/// when `head`: the answer to a HEAD request).
pub fn read_response(s: &mut BufReader<TcpStream>, head_only: bool) -> Option<Reply> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let n = s.read_until(b'\n', &mut head).ok()?;
        if n == 0 {
            return None;
        }
    }
    let mut reply = parse(&head)?;
    if head_only {
        return Some(reply);
    }
    let len: usize = reply.header("Content-Length")?.parse().ok()?;
    reply.body = vec![0; len];
    s.read_exact(&mut reply.body).ok()?;
    Some(reply)
}

pub fn parse(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    })
}

/// A live-reload event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(port: u16, target: &str) -> Events {
        match Events::try_open(port, target) {
            Ok(events) => events,
            Err(line) => panic!("event stream answers 200: {line}"),
        }
    }

    /// Opens an event stream; `Err`: the status line of any other answer.
    pub fn try_open(port: u16, target: &str) -> Result<Events, String> {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        reader
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(30)))
            .ok();
        reader.read_line(&mut line).expect("status line");
        if !line.starts_with("HTTP/1.1 200") {
            return Err(line);
        }
        loop {
            line.clear();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        Ok(Events { reader })
    }

    /// The next `build` event's id, or `None` after `timeout`.
    pub fn next_build(&mut self, timeout: Duration) -> Option<String> {
        self.reader.get_ref().set_read_timeout(Some(timeout)).ok();
        let mut event = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let l = line.trim_end();
            if let Some(e) = l.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = l.strip_prefix("data: ") {
                if event == "build" {
                    return Some(d.to_string());
                }
            }
        }
    }
}
