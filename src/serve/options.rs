//! What the user asks of `serve`.

use crate::site::BuildOptions;
use std::net::IpAddr;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// `None`: 3000, or the next free port.
    pub port: Option<u16>,
    /// Open the site in the default browser.
    pub open: bool,
    /// `--quiet`: print the URL, the reminder that the preview is open to the network, and
    /// errors; not the progress and the warnings.
    pub quiet: bool,
}
