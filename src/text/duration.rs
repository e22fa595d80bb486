//! Durations: read from what reports write (`53 min 43 s`, `7:03`, `PT1H2M`, `~6m`) and
//! shown as the site shows them (`7m 15s`).

use super::names::strip_inline_markdown;

/// `435` -> `7m 15s`; `4730` -> `1h 18m 50s`; `None` -> `—`.
pub(crate) fn format_duration(secs: Option<u64>) -> String {
    match secs {
        None => "\u{2014}".into(),
        Some(s) if s < 60 => format!("{s}s"),
        Some(s) if s < 3600 => format!("{}m {:02}s", s / 60, s % 60),
        Some(s) => format!("{}h {:02}m {:02}s", s / 3600, (s % 3600) / 60, s % 60),
    }
}

/// Parses a wall-clock or duration text (`53 min 43 s`, `1 h 18 min 50 s`, `12m 52s`,
/// `7:03`, `312s`, `~6m`, `9m + 4m 30s`) into seconds. `—`, `N/A` and the like give `None`.
/// A bare integer is seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    parse_duration_in(text, None)
}

/// [`parse_duration`], with bare numbers (`12`, `12.5`) in `unit` when the row label names
/// one (`Duration (min)`); a number with its own unit (`12m 30s`) or a clock keeps its own.
pub(crate) fn parse_duration_in(text: &str, unit: Option<TimeUnit>) -> Option<u64> {
    let t = without_parentheticals(&strip_inline_markdown(text));
    // Parts added up: `9m + 4m 30s`. Every part must read (`5m+` is `5m`).
    if t.contains('+') {
        let parts: Vec<&str> = t.split('+').filter(|p| !p.trim().is_empty()).collect();
        if parts.is_empty() {
            return None;
        }
        return parts.iter().try_fold(0u64, |acc, part| {
            Some(acc.saturating_add(parse_one(part, unit)?))
        });
    }
    parse_one(&t, unit)
}

/// One duration without parentheticals or `+`.
fn parse_one(text: &str, unit: Option<TimeUnit>) -> Option<u64> {
    let t = text
        .trim()
        .trim_start_matches(['~', '≈', '<', '>', '≥', '≤', '='])
        .trim_start_matches("about ")
        .trim_start_matches("approx. ")
        .trim_start_matches("ca. ")
        .trim();
    if t.is_empty() || is_unknown(t) {
        return None;
    }
    if let Some(secs) = parse_iso8601(t) {
        return Some(secs);
    }
    // m:ss or h:mm:ss
    if t.contains(':') {
        return parse_clock(t);
    }
    if let Ok(n) = t.parse::<u64>() {
        return match unit {
            None | Some(TimeUnit::Seconds) => Some(n),
            Some(u) => scaled(n as f64, u),
        };
    }
    if let Some(u) = unit {
        if let Ok(v) = t.parse::<f64>() {
            return scaled(v, u);
        }
    }
    parse_unit_tokens(t)
}

/// `value` in `unit`, in whole seconds; `None` when not a finite, non-negative number.
fn scaled(value: f64, unit: TimeUnit) -> Option<u64> {
    let secs = value * unit.secs();
    (secs.is_finite() && secs >= 0.0).then(|| secs.round() as u64)
}

/// A unit of time a label or a cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    Seconds,
    Minutes,
    Hours,
}

impl TimeUnit {
    /// `s`, `sec`, `secs`, `second(s)`; `m`, `min`, `mins`, `minute(s)`; `h`, `hr`, `hrs`,
    /// `hour(s)` (any case); `None` for any other word.
    pub(crate) fn from_word(word: &str) -> Option<TimeUnit> {
        match word.trim().to_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Some(TimeUnit::Seconds),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(TimeUnit::Minutes),
            "h" | "hr" | "hrs" | "hour" | "hours" => Some(TimeUnit::Hours),
            _ => None,
        }
    }
    fn secs(self) -> f64 {
        match self {
            TimeUnit::Seconds => 1.0,
            TimeUnit::Minutes => 60.0,
            TimeUnit::Hours => 3600.0,
        }
    }
}

/// `text` without its parenthesised groups (`~25m (empty)` -> `~25m `); an unclosed `(`
/// drops the rest.
pub(crate) fn without_parentheticals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    out.push(' ');
                }
                depth += 1;
            }
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// ISO 8601 durations: `PT53M43S`, `PT1H2M`, `P1DT2H`.
fn parse_iso8601(t: &str) -> Option<u64> {
    let rest = t.strip_prefix(['P', 'p'])?;
    let mut total = 0f64;
    let mut num = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' if num.is_empty() => in_time = true,
            d if d.is_ascii_digit() || d == '.' || d == ',' => {
                num.push(if d == ',' { '.' } else { d })
            }
            u => {
                let v: f64 = num.parse().ok()?;
                num.clear();
                let f = match (u, in_time) {
                    ('W', false) => 604_800.0,
                    ('D', false) => 86_400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
                total += v * f;
                any = true;
            }
        }
    }
    (any && num.is_empty() && total.is_finite()).then(|| total.round() as u64)
}

fn parse_clock(t: &str) -> Option<u64> {
    let parts: Vec<&str> = t.split(':').map(str::trim).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() != parts.len() {
        return None;
    }
    match nums.as_slice() {
        // Checked: a clock too large for u64 seconds is not a duration.
        [m, s] if *s < 60 => m.checked_mul(60)?.checked_add(*s),
        [h, m, s] if *m < 60 && *s < 60 => h.checked_mul(3600)?.checked_add(m * 60 + s),
        _ => None,
    }
}

/// `1 h 18 min 50 s`, `12m 52s`, `1h18m50s`, `354 s`, `2.5 min`.
fn parse_unit_tokens(t: &str) -> Option<u64> {
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut total = 0f64;
    let mut matched = false;
    while i < chars.len() {
        // Skip separators.
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        // Optional `and` between tokens.
        let rest: String = chars[i..].iter().take(4).collect();
        if matched && rest.to_lowercase().starts_with("and ") {
            i += 4;
            continue;
        }
        let num_start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        if i == num_start {
            // Trailing words after a duration (`5m total`) are ignored; leading ones fail.
            break;
        }
        let num: String = chars[num_start..i].iter().collect();
        let value: f64 = num.parse().ok()?;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let unit_start = i;
        while i < chars.len() && chars[i].is_alphabetic() {
            i += 1;
        }
        let unit: String = chars[unit_start..i].iter().collect();
        total += value * TimeUnit::from_word(&unit)?.secs();
        matched = true;
    }
    if matched && total.is_finite() && total >= 0.0 {
        Some(total.round() as u64)
    } else {
        None
    }
}

/// Whether a cell says "unknown": `—`, `–`, `-`, `N/A`, `n/a`, `?`, `unknown`, `TBD`, empty.
pub(crate) fn is_unknown(text: &str) -> bool {
    let t = strip_inline_markdown(text);
    let t = t.trim().to_lowercase();
    matches!(
        t.as_str(),
        "" | "—" | "–" | "-" | "--" | "n/a" | "na" | "?" | "unknown" | "tbd" | "n.a." | "…" | "..."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_shown() {
        assert_eq!(format_duration(Some(435)), "7m 15s");
        assert_eq!(format_duration(Some(4730)), "1h 18m 50s");
        assert_eq!(format_duration(Some(42)), "42s");
        assert_eq!(format_duration(None), "\u{2014}");
    }

    #[test]
    fn huge_clock_durations_are_unknown() {
        // Minutes or hours that overflow u64 seconds: not a duration, and no panic.
        assert_eq!(parse_duration("999999999999999999:00"), None);
        assert_eq!(parse_duration("9999999999999999:00:00"), None);
        assert_eq!(parse_duration("18446744073709551615:59:59"), None);
    }

    #[test]
    fn durations_read() {
        for (text, secs) in [
            ("53 min 43 s", Some(3223)),
            ("`1 h 18 min 50 s`", Some(4730)),
            ("17 min 40 s", Some(1060)),
            ("12m 52s", Some(772)),
            ("83m 01s", Some(4981)),
            ("7:03", Some(423)),
            ("0:35", Some(35)),
            ("1:02:03", Some(3723)),
            ("312s", Some(312)),
            ("354 s", Some(354)),
            ("~6m", Some(360)),
            ("~25m (empty)", Some(1500)),
            ("1h18m50s", Some(4730)),
            ("2 hours and 5 minutes", Some(7500)),
            ("600", Some(600)),
            ("PT53M43S", Some(3223)),
            ("PT1H2M", Some(3720)),
            ("P1DT1S", Some(86401)),
            ("PT", None),
            ("P5X", None),
            ("—", None),
            ("-", None),
            ("N/A", None),
            ("n/a", None),
            ("", None),
            ("unknown", None),
            ("**—**", None),
            ("fast", None),
            ("7:93", None),
            ("5 files", None),
            // Parts added up; every part must read.
            ("9m + 4m 30s", Some(810)),
            ("7m (pass 1) + 5m (pass 2)", Some(720)),
            ("5m+", Some(300)),
            ("5m + —", None),
            ("+", None),
            ("≥ 12m", Some(720)),
            ("12.5", None),
        ] {
            assert_eq!(parse_duration(text), secs, "{text:?}");
        }
    }

    #[test]
    fn bare_numbers_in_the_label_unit() {
        use TimeUnit::*;
        for (text, unit, secs) in [
            ("12", Some(Minutes), Some(720)),
            ("2.5", Some(Minutes), Some(150)),
            ("~3", Some(Minutes), Some(180)),
            ("1.5", Some(Hours), Some(5400)),
            ("312", Some(Seconds), Some(312)),
            ("181.6", Some(Seconds), Some(182)),
            // A cell's own unit or clock wins over the label's.
            ("3m 10s", Some(Minutes), Some(190)),
            ("7:03", Some(Minutes), Some(423)),
            ("—", Some(Minutes), None),
            ("-5", Some(Minutes), None),
            ("12", None, Some(12)),
        ] {
            assert_eq!(parse_duration_in(text, unit), secs, "{text:?} in {unit:?}");
        }
        assert_eq!(TimeUnit::from_word("Min"), Some(Minutes));
        assert_eq!(TimeUnit::from_word("wall"), None);
    }

    #[test]
    fn parentheticals_dropped() {
        assert_eq!(without_parentheticals("~25m (empty)"), "~25m  ");
        assert_eq!(without_parentheticals("a (b (c)) d"), "a   d");
        assert_eq!(without_parentheticals("S1 (unclosed"), "S1  ");
        assert_eq!(without_parentheticals("x) y"), "x) y");
    }
}
