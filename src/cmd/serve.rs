//! `reviewsite serve`, until Ctrl-C: the library's `serve` prints as it goes; an error
//! that stops it is printed here.

use super::common::CommonArgs;
use super::problems::fail;
use clap::Args;
use reviewsite::config::Overrides;
use reviewsite::serve::{self, ServeOptions};
use reviewsite::site::{BuildOptions, CacheDir};
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on. The default keeps the preview to this machine; 0.0.0.0
    /// shares it with every machine that can reach this one.
    #[arg(long, short, default_value = "127.0.0.1")]
    interface: std::net::IpAddr,
    /// Port to listen on [default: 3000, or the next free port]; 0 picks any free port.
    #[arg(long, short)]
    port: Option<u16>,
    /// Open the site in the default web browser.
    #[arg(long, short = 'O')]
    open: bool,
    /// Base URL the site is published at (overrides base_url); the preview is served under
    /// its path, e.g. /repo/ for https://user.github.io/repo/.
    #[arg(long, short = 'u')]
    base_url: Option<String>,
}

/// Serves the site until Ctrl-C.
pub fn run(args: ServeArgs, quiet: bool) -> ExitCode {
    let opts = ServeOptions {
        build: BuildOptions {
            root: args.common.root,
            overrides: Overrides {
                output_dir: None,
                base_url: args.base_url,
                checkouts: args.common.checkout,
            },
            strict: args.common.strict,
            force: false,
            include_non_reports: args.common.include_non_reports,
            // What a build left speeds the start up (read only: serve never writes it).
            cache: CacheDir::BesideOutput,
        },
        interface: args.interface,
        port: args.port,
        open: args.open,
        quiet,
    };
    match serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}
