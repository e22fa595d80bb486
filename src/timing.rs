//! Stage timings for profiling: with `REVIEWSITE_TIMINGS` set in the environment, each
//! timed stage prints `timing: <stage>: <ms> ms` and the resident memory to stderr; otherwise timing costs nothing
//! but a cached check.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("REVIEWSITE_TIMINGS").is_some())
}

/// Runs `f`, printing how long it took as `stage` when timings are on.
pub fn time<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!(
        "timing: {stage}: {:.1} ms{}",
        start.elapsed().as_secs_f64() * 1000.0,
        resident()
            .map(|r| format!(" (resident {r})"))
            .unwrap_or_default()
    );
    out
}

/// The process's resident and peak resident memory, where `/proc` tells them (Linux).
fn resident() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    Some(format!(
        "{} MB, peak {} MB",
        field("VmRSS:")?,
        field("VmHWM:")?
    ))
}
