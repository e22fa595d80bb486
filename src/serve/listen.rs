//! Where `serve` listens: the port (3000, or the next free one, unless one is given), the
//! reasons a port cannot be had, in words, and the URL the site is served at.

use anyhow::{bail, Result};
use std::net::{IpAddr, SocketAddr, TcpListener};

/// The port tried first when none is given.
pub(crate) const DEFAULT_PORT: u16 = 3000;

/// `http://127.0.0.1:3000/base/`.
pub(super) fn site_url(addr: SocketAddr, base_path: &str) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        ip if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    format!("http://{host}:{}{base_path}", addr.port())
}

/// Listens on `interface:port`; with no port, on 3000 or the next free port (and says so).
pub(super) fn bind(interface: IpAddr, port: Option<u16>) -> Result<(TcpListener, Option<String>)> {
    let explain = |port: u16, e: std::io::Error| -> anyhow::Error {
        match e.kind() {
            std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
                "port {port} on {interface} is already in use (another `reviewsite serve`?): \
                 stop that server, choose another port with --port, or leave --port out to \
                 take the next free port from {DEFAULT_PORT}"
            ),
            std::io::ErrorKind::AddrNotAvailable => anyhow::anyhow!(
                "cannot listen on {interface}: this machine has no such address \
                 (--interface takes one of its own addresses, e.g. 127.0.0.1)"
            ),
            std::io::ErrorKind::PermissionDenied => anyhow::anyhow!(
                "cannot listen on port {port}: permission denied (ports below 1024 need \
                 privileges; choose another with --port)"
            ),
            _ => anyhow::anyhow!("cannot listen on {interface}:{port}: {e}"),
        }
    };
    if let Some(port) = port {
        return Ok((
            TcpListener::bind((interface, port)).map_err(|e| explain(port, e))?,
            None,
        ));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + 100 {
        match TcpListener::bind((interface, port)) {
            Ok(l) => {
                let moved = (port != DEFAULT_PORT).then(|| {
                    format!("Port {DEFAULT_PORT} is in use; serving on port {port} instead.")
                });
                return Ok((l, moved));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(explain(port, e)),
        }
    }
    bail!(
        "ports {DEFAULT_PORT} to {} on {interface} are all in use: choose one with --port",
        DEFAULT_PORT + 99
    )
}
