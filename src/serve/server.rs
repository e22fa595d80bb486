//! The connections of `serve`: what one client can hold, and for how long, so that no
//! client (a slow phone on the LAN, a tab left open, a script gone wrong) can stop the
//! server answering the others.
//!
//! - One thread per connection, at most [`Limits::connections`] at once; past that, a new
//!   connection is answered 503 and closed at once, so the server never runs out of file
//!   descriptors on its own. Event streams are held by the live-reload thread, at most
//!   [`Limits::streams`].
//! - Per connection: a request head must arrive within [`HEAD_TIMEOUT`] and fit in
//!   [`wire::MAX_HEAD`] bytes (else 408, 431 or 414, and the connection is closed); a
//!   keep-alive connection idle for [`IDLE_TIMEOUT`] is closed; a write that makes no
//!   progress for [`WRITE_TIMEOUT`] closes the connection. Requests on one connection are
//!   answered one at a time and only what fits in the head buffer is read ahead, so a
//!   client that pipelines requests and never reads the answers holds its own thread
//!   until the write times out, and nothing more.
//! - `TCP_NODELAY`, and a small response in one write: a keep-alive request does not wait
//!   for a delayed acknowledgement.
//! - The accept loop survives every error: out of descriptors (`EMFILE`), it says so, waits
//!   (up to a second, doubling) and accepts again.
//!
//! (tiny_http, used before, could not be made to do this: it sets no socket option and has
//! no hook to set one, reads header lines without a bound, and its accept thread ends on
//! the first error.)

use super::http::{self, Reply};
use super::published::Shared;
use super::wire::{self, Head, Request, Response};
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a request head may take to arrive, from its first byte.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a keep-alive connection may wait for its next request.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a write may wait for the client to read.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest the accept loop waits after an error before it accepts again.
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// Connections turned away (503) and still being closed gently, at most.
const TURNED_AWAY: usize = 32;

/// How many clients `serve` holds at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections answering requests.
    pub(crate) connections: usize,
    /// Live-reload event streams (open pages).
    pub(crate) streams: usize,
}

impl Limits {
    /// 128 connections and 256 streams, or fewer where the process may open fewer than
    /// about 600 files (macOS allows 256 by default): a quarter of the limit each, the
    /// rest left to the build.
    pub(crate) fn for_this_process() -> Limits {
        let quarter = open_files_limit().map_or(usize::MAX, |n| n / 4).max(16);
        Limits {
            connections: quarter.min(128),
            streams: quarter.min(256),
        }
    }
}

/// The soft limit on open files, where there is one.
fn open_files_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct it is given, nothing else.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        if ok && limit.rlim_cur != libc::RLIM_INFINITY {
            return usize::try_from(limit.rlim_cur).ok();
        }
    }
    None
}

/// The server: the accept loop and the connections it started.
pub(crate) struct Server {
    stopping: Arc<AtomicBool>,
    addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Server {
    /// Answers the connections `listener` receives from the site `shared` holds.
    pub(crate) fn start(
        listener: TcpListener,
        shared: Arc<Shared>,
        limits: Limits,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let flag = stopping.clone();
        let accept = std::thread::Builder::new()
            .name("http-accept".into())
            .spawn(move || accept_loop(&listener, &shared, limits, &flag))?;
        Ok(Server {
            stopping,
            addr,
            accept,
        })
    }

    /// Stops accepting connections (those open end with the process).
    pub(crate) fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop with a connection of our own.
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let woke = TcpStream::connect_timeout(&(ip, self.addr.port()).into(), MAX_BACKOFF);
        if woke.is_ok() {
            let _ = self.accept.join();
        }
    }
}

/// Counts a connection while it lives.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections until `stopping`; each gets a thread of its own, or a 503 past the
/// limit.
fn accept_loop(
    listener: &TcpListener,
    shared: &Arc<Shared>,
    limits: Limits,
    stopping: &AtomicBool,
) {
    let open = Arc::new(AtomicUsize::new(0));
    let turned_away = TurnedAway::start();
    let mut backoff = Duration::ZERO;
    let mut said = None::<Instant>;
    loop {
        let accepted = listener.accept();
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) if is_transient(&e) => continue,
            Err(e) => {
                // Out of descriptors or memory: the connection waits in the backlog.
                backoff = (backoff * 2).clamp(Duration::from_millis(10), MAX_BACKOFF);
                if said.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                    eprintln!(
                        "warning: cannot accept a connection ({e}; {} open): trying again",
                        open.load(Ordering::SeqCst)
                    );
                    said = Some(Instant::now());
                }
                std::thread::sleep(backoff);
                continue;
            }
        };
        backoff = Duration::ZERO;
        if open.load(Ordering::SeqCst) >= limits.connections {
            busy(stream, &turned_away);
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(open.clone());
        let shared = shared.clone();
        let started = std::thread::Builder::new()
            .name("http".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                let _slot = slot;
                connection(stream, &shared);
            });
        if let Err(e) = started {
            // The closure (the stream, the slot) is dropped: the connection is closed.
            eprintln!("warning: cannot start a thread for a connection: {e}");
        }
    }
}

/// An accept error that concerns only the connection being accepted.
fn is_transient(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}

/// Answers a connection past the limit 503, and hands it to the thread that closes it.
fn busy(mut stream: TcpStream, turned_away: &TurnedAway) {
    let _ = stream.set_nonblocking(true);
    let _ = stream.set_nodelay(true);
    let mut out = Vec::new();
    let _ = Response::text(503, "503: the server is busy, try again\n")
        .with("Retry-After", "1")
        .write_to(&mut out, false, true);
    let _ = stream.write(&out);
    let _ = stream.shutdown(Shutdown::Write);
    turned_away.hold(stream);
}

/// Turned-away connections being closed gently: their clients' requests are read (for up
/// to a second) before the socket is closed, since closing a socket with unread bytes, or
/// one that bytes still reach, resets it, and the client could lose the 503. At most
/// [`TURNED_AWAY`] are held; past that the oldest is closed, as its client has most
/// likely sent its request and read the answer by then, and the newest is kept.
#[derive(Clone)]
struct TurnedAway(Arc<(Mutex<VecDeque<Held>>, Condvar)>);

/// A turned-away connection, and when it was turned away.
type Held = (TcpStream, Instant);

impl TurnedAway {
    /// The queue, and the thread that reads and closes what it holds (it ends with the
    /// accept loop).
    fn start() -> TurnedAway {
        let queue = TurnedAway(Arc::default());
        let drained = queue.clone();
        let _ = std::thread::Builder::new()
            .name("http-busy".into())
            .spawn(move || drained.drain());
        queue
    }

    fn hold(&self, stream: TcpStream) {
        let (held, wake) = &*self.0;
        let mut held = held.lock().unwrap_or_else(|e| e.into_inner());
        if held.len() >= TURNED_AWAY {
            held.pop_front();
        }
        held.push_back((stream, Instant::now()));
        wake.notify_one();
    }

    fn drain(&self) {
        let (held, wake) = &*self.0;
        let mut scratch = [0u8; 4096];
        let mut queue = held.lock().unwrap_or_else(|e| e.into_inner());
        while Arc::strong_count(&self.0) > 1 {
            queue.retain_mut(|(s, since)| {
                since.elapsed() < Duration::from_secs(1) && still_sending(s, &mut scratch)
            });
            let wait = match queue.is_empty() {
                true => Duration::from_secs(1),
                false => Duration::from_millis(20),
            };
            queue = wake
                .wait_timeout(queue, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// Reads (and drops) what a turned-away client has sent; false once it has closed.
fn still_sending(s: &mut TcpStream, scratch: &mut [u8]) -> bool {
    loop {
        match s.read(scratch) {
            Ok(0) => return false,
            Ok(_) => continue,
            Err(e) => return e.kind() == io::ErrorKind::WouldBlock,
        }
    }
}

/// What the next request on a connection is.
enum Next {
    Request(Request),
    /// The client closed the connection, or left it idle too long.
    Closed,
    /// A head that cannot be answered: this status, then close.
    Refuse(u16),
}

/// Answers the requests of one connection until it closes.
fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buf = Vec::with_capacity(2048);
    loop {
        let rq = match next_request(&mut stream, &mut buf) {
            Next::Request(rq) => rq,
            Next::Closed => return,
            Next::Refuse(status) => {
                let text = format!("{status}: {}\n", refusal(status));
                let _ = Response::text(status, &text).write_to(&mut stream, false, true);
                return linger(stream);
            }
        };
        let response = match http::handle(&rq, shared) {
            Reply::Response(r) => r,
            Reply::Events => return shared.hub.attach(stream),
        };
        let close = !rq.keep_alive;
        if response.write_to(&mut stream, rq.is_head(), close).is_err() {
            return;
        }
        if rq.has_body {
            return linger(stream);
        }
        if close {
            return;
        }
    }
}

fn refusal(status: u16) -> &'static str {
    match status {
        408 => "the request took too long to arrive",
        414 => "the request line is too long",
        431 => "the request headers are too large",
        _ => "not an HTTP/1.1 request",
    }
}

/// Reads until `buf` starts with a whole request head, and takes it from `buf` (what a
/// client pipelined after it stays there, at most [`wire::MAX_HEAD`] bytes).
fn next_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Next {
    let mut deadline = None::<Instant>;
    let mut chunk = [0u8; 4096];
    loop {
        match wire::parse(buf) {
            Head::Request(rq, used) => {
                buf.drain(..used);
                return Next::Request(rq);
            }
            Head::Partial => {}
            Head::Bad => return Next::Refuse(400),
            Head::TargetTooLong => return Next::Refuse(414),
            Head::TooLarge => return Next::Refuse(431),
        }
        let wait = match buf.is_empty() {
            true => IDLE_TIMEOUT,
            false => deadline
                .get_or_insert_with(|| Instant::now() + HEAD_TIMEOUT)
                .saturating_duration_since(Instant::now()),
        };
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return Next::Refuse(408);
        }
        // Never more than one byte past the largest head: enough to know it is too large.
        let room = (wire::MAX_HEAD + 1 - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Next::Closed,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) && !buf.is_empty() => return Next::Refuse(408),
            Err(_) => return Next::Closed,
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Closes a connection whose client may still be sending (a body, a huge header): stops
/// writing, then reads and drops what comes for a moment, so that the answer is not lost
/// to a reset.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut scratch = [0u8; 8192];
    let mut left: usize = 1 << 20;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut scratch) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}
