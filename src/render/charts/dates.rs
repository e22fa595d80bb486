//! Dates on the time axis: a review's date as a day number (days since 1970-01-01, the
//! time of day as a fraction) and back to `YYYY-MM-DD` for the tick labels.

/// `2026-05-19T10:06` -> days since 1970-01-01 (with the time as a fraction).
pub(super) fn day_number(date: &str) -> Option<f64> {
    let (d, t) = match date.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (date, None),
    };
    let mut parts = d.split('-');
    let y: i64 = parts.next()?.trim().parse().ok()?;
    let m: i64 = parts.next()?.trim().parse().ok()?;
    let day: i64 = parts.next()?.trim().parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = if y2 >= 0 { y2 } else { y2 - 399 } / 400;
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let frac = t
        .and_then(|t| {
            let mut hm = t.split(':');
            let h: f64 = hm.next()?.trim().parse().ok()?;
            let min: f64 = hm.next().and_then(|m| m.trim().parse().ok()).unwrap_or(0.0);
            Some((h * 60.0 + min) / 1440.0)
        })
        .unwrap_or(0.0);
    Some(days as f64 + frac.clamp(0.0, 1.0))
}

/// Days since 1970-01-01 -> `2026-05-19`.
pub(super) fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let d = day_number("2026-05-19T10:06").unwrap();
        assert_eq!(civil_from_days(d as i64), "2026-05-19");
        assert_eq!(day_number("1970-01-01"), Some(0.0));
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("soon"), None);
    }
}
