//! Stage timings for profiling: with `REVIEWSITE_TIMINGS` set in the environment, each
//! timed stage prints `timing: <stage>: <ms> ms` to stderr; otherwise timing costs nothing
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
        "timing: {stage}: {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    out
}
