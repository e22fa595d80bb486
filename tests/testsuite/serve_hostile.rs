//! `reviewsite serve` against clients that misbehave (issue 20): a huge header, idle and
//! half-sent requests, a client that pipelines and never reads, more connections and more
//! open pages than the server holds. Each must cost the server only its own connection,
//! and the server must keep answering everyone else. Timings are asserted only where the
//! bug they catch is an order of magnitude away (the soak script, bench/serve-soak.py,
//! measures them).

use crate::support::serve::{self, parse, read_all, read_response, request, Events};
use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    s
}

#[test]
fn a_huge_header_is_refused_and_costs_no_memory() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let before = server.rss_kib();
    let mut s = connect(server.port);
    let mut writer = s.try_clone().unwrap();
    // 64 MB of one header line, sent until the server closes the connection.
    let sender = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        let mut sent = writer
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
            .map(|_| 0);
        for _ in 0..64 {
            match writer.write_all(&chunk) {
                Ok(()) => sent = sent.map(|n| n + chunk.len()),
                Err(_) => break,
            }
        }
        sent.unwrap_or(0)
    });
    let raw = read_all(&mut s);
    let sent = sender.join().unwrap();
    let reply = parse(&raw).unwrap_or_else(|| panic!("{:?}", String::from_utf8_lossy(&raw)));
    assert_eq!(reply.status, 431, "{}", reply.text());
    assert_eq!(reply.header("Connection"), Some("close"));
    assert!(
        sent < 64 << 20,
        "the server stopped reading ({sent} bytes taken)"
    );
    if let (Some(before), Some(after)) = (before, server.rss_kib()) {
        assert!(
            after < before + 32 * 1024,
            "memory grew from {before} KiB to {after} KiB"
        );
    }
    // A request line with no end gets 414.
    let mut s = connect(server.port);
    let _ = s.write_all(format!("GET /{}", "a".repeat(20_000)).as_bytes());
    assert_eq!(parse(&read_all(&mut s)).map(|r| r.status), Some(414));
    assert_eq!(server.get("/").status, 200, "still answering");
}

#[test]
fn idle_slow_and_never_reading_clients_do_not_block_others() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let port = server.port;
    let big = server.get("/style.css").body.len();
    assert!(
        big > 32 * 1024,
        "a file larger than the socket buffers take at once"
    );
    // More hostile connections than tiny_http had request threads (8), of every kind.
    let mut hostile = Vec::new();
    for _ in 0..10 {
        hostile.push(connect(port)); // connects, says nothing
    }
    for _ in 0..10 {
        let mut s = connect(port);
        s.write_all(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0")
            .unwrap(); // never finishes
        hostile.push(s);
    }
    for _ in 0..10 {
        // Pipelines 100 requests for the largest file and never reads an answer.
        let mut s = connect(port);
        let rq = format!("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        s.write_all(rq.repeat(100).as_bytes()).unwrap();
        hostile.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    // Everyone else is answered, promptly.
    let start = Instant::now();
    for path in [
        "/",
        "/style.css",
        "/search-index.js",
        "/agents/",
        "/nope.html",
    ]
    .repeat(10)
    {
        let t = Instant::now();
        let r = server.get(path);
        assert!(r.status == 200 || r.status == 404, "{path}: {}", r.status);
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{path} took {:?} beside hostile clients",
            t.elapsed()
        );
    }
    eprintln!(
        "50 requests beside 30 hostile connections: {:?}",
        start.elapsed()
    );
    let mut events = server.events();
    assert!(events.next_build(Duration::from_secs(5)).is_some());
    drop(hostile);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn past_the_connection_limit_new_connections_get_503_then_are_served_again() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    // More idle connections than the server holds (128, or fewer under a low open-files
    // limit): those past the limit are answered 503 at once and closed.
    let idle: Vec<TcpStream> = (0..200).map(|_| connect(server.port)).collect();
    let r = server.get("/index.html");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("Retry-After"), Some("1"));
    let turned_away = idle
        .iter()
        .filter(|s| {
            // The answers arrived long ago: no waiting for connections that hold a thread.
            s.set_nonblocking(true).unwrap();
            parse(&read_all(*s)).is_some_and(|r| r.status == 503)
        })
        .count();
    assert!(
        (200 - 128..200 - 16).contains(&turned_away),
        "{turned_away} of 200 idle connections turned away"
    );
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/index.html").status != 200 {
        assert!(Instant::now() < deadline, "never served again");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn past_the_stream_limit_pages_get_503_and_room_is_made_when_they_close() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let target = "/__reviewsite/events";
    let mut open = Vec::new();
    let busy = loop {
        match Events::try_open(server.port, target) {
            Ok(events) => open.push(events),
            Err(line) => break line,
        }
        assert!(open.len() <= 256, "more than 256 streams held");
    };
    assert!(busy.starts_with("HTTP/1.1 503"), "{busy}");
    assert!(open.len() >= 16, "{} streams held", open.len());
    // The script retries after a 503 (an EventSource gives up on one).
    let script = server.get("/__reviewsite/live-reload.js").text();
    assert!(script.contains("EventSource.CLOSED") && script.contains("setTimeout(listen"));
    // A page that closes makes room for the next.
    open.truncate(open.len() - 1);
    std::thread::sleep(Duration::from_millis(100));
    let mut again = Events::try_open(server.port, target).expect("room after a page closed");
    assert!(again.next_build(Duration::from_secs(5)).is_some());
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn keep_alive_requests_are_answered_at_once_and_in_order() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let s = connect(server.port);
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    let rq = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        w.write_all(rq("/style.css").as_bytes()).unwrap();
        let r = read_response(&mut reader, false).expect("an answer on the same connection");
        assert_eq!(r.status, 200);
        assert!(r.text().contains('{'));
        times.push(t.elapsed());
    }
    // Waiting for a delayed acknowledgement (no TCP_NODELAY, a response in several
    // writes) costs every request but the first ~40 ms; without it they take ~1 ms.
    let fastest = times[1..].iter().min().unwrap();
    assert!(*fastest < Duration::from_millis(30), "{times:?}");
    // Pipelined requests are answered in order, HEAD with no body.
    let paths = ["/style.css", "/nope.html", "/", "/agents"];
    let mut batch: String = paths.iter().map(|p| rq(p)).collect();
    batch.push_str("HEAD /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n");
    w.write_all(batch.as_bytes()).unwrap();
    let statuses: Vec<u16> = (0..4)
        .map(|_| read_response(&mut reader, false).expect("answer").status)
        .collect();
    assert_eq!(statuses, [200, 404, 200, 302]);
    let head = read_response(&mut reader, true).expect("the HEAD answer");
    assert_eq!(head.status, 200);
    assert!(
        head.header("Content-Length")
            .unwrap()
            .parse::<usize>()
            .unwrap()
            > 32 * 1024
    );
    w.write_all(rq("/style.css").as_bytes()).unwrap();
    let after = read_response(&mut reader, false).expect("an answer after HEAD");
    assert!(after.text().contains('{'), "no body was sent for HEAD");
    // HTTP/1.0 and `Connection: close` close after the answer.
    let mut s = connect(server.port);
    s.write_all(b"GET /style.css HTTP/1.0\r\n\r\n").unwrap();
    let r = parse(&read_all(&mut s)).expect("an answer, then the end");
    assert_eq!(r.header("Connection"), Some("close"));
    assert_eq!(request(server.port, "GET", "/", None).status, 200);
}

#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let (_tmp, root) = crate::support::example_site();
    // 48 open files: the server holds 16 connections and 16 pages (its floor), and the
    // descriptors run out before the limits are reached.
    let server = serve::start_with_open_files(&root, 48);
    let port = server.port;
    let target = "/__reviewsite/events";
    let pages: Vec<_> = (0..16)
        .filter_map(|_| Events::try_open(port, target).ok())
        .collect();
    let held: Vec<TcpStream> = (0..80).map(|_| connect(port)).collect();
    assert!(
        server.wait_output("cannot accept a connection", Duration::from_secs(10)),
        "the accept loop says why it waits:\n{}",
        server.output()
    );
    drop(held);
    drop(pages);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let mut s = connect(port);
        s.write_all(b"GET /style.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        if parse(&read_all(&mut s)).is_some_and(|r| r.status == 200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never answered again:\n{}",
            server.output()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut events = server.events();
    assert!(events.next_build(Duration::from_secs(5)).is_some());
}
