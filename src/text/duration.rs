//! Durations as the site shows them (`7m 15s`).

/// `435` -> `7m 15s`; `4730` -> `1h 18m 50s`; `None` -> `—`.
pub(crate) fn format_duration(secs: Option<u64>) -> String {
    match secs {
        None => "\u{2014}".into(),
        Some(s) if s < 60 => format!("{s}s"),
        Some(s) if s < 3600 => format!("{}m {:02}s", s / 60, s % 60),
        Some(s) => format!("{}h {:02}m {:02}s", s / 3600, (s % 3600) / 60, s % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(format_duration(Some(435)), "7m 15s");
        assert_eq!(format_duration(Some(4730)), "1h 18m 50s");
        assert_eq!(format_duration(Some(42)), "42s");
        assert_eq!(format_duration(None), "\u{2014}");
    }
}
