//! Stage timings for profiling: with `REVIEWSITE_TIMINGS` set in the environment, each
//! timed stage prints `timing: <stage>: <ms> ms` and the resident memory to stderr; otherwise timing costs nothing
//! but a cached check. The resident memory is the process's at the stage's end, its peak
//! so far, and the stage's own peak (`stage peak`): the most a sampler thread saw while
//! the stage ran (it reads the resident memory every 2 ms while timings are on).

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("REVIEWSITE_TIMINGS").is_some())
}

/// Runs `f`, printing how long it took as `stage` when timings are on.
pub fn time<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let samples = sampler();
    let start = Instant::now();
    let out = f();
    let peak = samples.and_then(|s| s.peak_since(start));
    eprintln!(
        "timing: {stage}: {:.1} ms{}",
        start.elapsed().as_secs_f64() * 1000.0,
        resident()
            .map(|r| match peak {
                Some(p) => format!(" (resident {r}, stage peak {} MB)", p / 1024),
                None => format!(" (resident {r})"),
            })
            .unwrap_or_default()
    );
    out
}

/// The resident memory, sampled every few milliseconds: (when, kB).
struct Samples(Mutex<Vec<(Instant, u64)>>);

impl Samples {
    /// The most resident memory sampled since `start` (and at the moment of asking).
    fn peak_since(&self, start: Instant) -> Option<u64> {
        let now = resident_kb();
        let log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let from = log.partition_point(|(t, _)| *t < start);
        log[from..].iter().map(|(_, kb)| *kb).chain(now).max()
    }
}

/// The sampler, started on first use (Linux only: `None` where `/proc` does not tell).
fn sampler() -> Option<&'static Samples> {
    static SAMPLES: OnceLock<Option<&'static Samples>> = OnceLock::new();
    *SAMPLES.get_or_init(|| {
        resident_kb()?;
        let samples: &'static Samples = Box::leak(Box::new(Samples(Mutex::new(Vec::new()))));
        std::thread::spawn(move || loop {
            if let Some(kb) = resident_kb() {
                let mut log = samples.0.lock().unwrap_or_else(|e| e.into_inner());
                log.push((Instant::now(), kb));
            }
            std::thread::sleep(Duration::from_millis(2));
        });
        Some(samples)
    })
}

/// The resident memory in kB (`VmRSS` of `/proc/self/status`, Linux).
fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    line.trim().trim_end_matches(" kB").parse().ok()
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
