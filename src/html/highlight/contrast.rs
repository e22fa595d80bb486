//! Readable token colours: a syntax theme is written for its own background, and some of
//! its colours (comments above all) fall below WCAG AA (4.5:1) on the site's code
//! backgrounds. Each `color` of a theme's stylesheet is moved towards black (light scheme)
//! or white (dark scheme), in small steps keeping its hue, until it reaches the ratio on
//! every background a token can sit on; a rule with its own `background-color` is measured
//! against that one only. Colours already readable are left exactly as they are.

/// An sRGB colour.
type Rgb = [u8; 3];

/// The ratio aimed at: AA's 4.5, with a margin for the browser's rounding.
const TARGET: f64 = 4.6;

/// Backgrounds code sits on in the light scheme: `--pre-bg`, the surface, a cited line.
pub(super) const LIGHT_BACKGROUNDS: &[Rgb] =
    &[[0xf8, 0xf9, 0xfb], [0xff, 0xff, 0xff], [0xff, 0xf8, 0xc5]];
/// In the dark scheme: `--pre-bg`, `--code-bg`, a cited line (`--cited-bg` over `--pre-bg`).
pub(super) const DARK_BACKGROUNDS: &[Rgb] =
    &[[0x11, 0x16, 0x1d], [0x26, 0x2c, 0x36], [0x2c, 0x27, 0x1a]];

fn parse_hex(s: &str) -> Option<Rgb> {
    let h = s.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([c(0)?, c(2)?, c(4)?])
}

fn luminance(c: Rgb) -> f64 {
    let ch = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
}

/// The WCAG contrast ratio of two colours.
pub(super) fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `fg`, moved towards black (`dark` false) or white until it reads on every background.
pub(super) fn readable(fg: Rgb, backgrounds: &[Rgb], dark: bool) -> Rgb {
    let to = if dark { 255.0 } else { 0.0 };
    let ok = |c: Rgb| backgrounds.iter().all(|&b| ratio(c, b) >= TARGET);
    let mut c = fg;
    for step in 0..=50 {
        let t = f64::from(step) / 50.0;
        c = fg.map(|v| (f64::from(v) + (to - f64::from(v)) * t).round() as u8);
        if ok(c) {
            break;
        }
    }
    c
}

/// The stylesheet `css` (syntect's, one rule after another) with every `color` readable.
pub(super) fn readable_css(css: &str, backgrounds: &[Rgb], dark: bool) -> String {
    let mut out = String::with_capacity(css.len());
    for rule in css.split_inclusive('}') {
        let own_bg = rule
            .lines()
            .find_map(|l| l.trim().strip_prefix("background-color:"))
            .and_then(|v| parse_hex(v.trim_end_matches(';')));
        let bgs = own_bg
            .map(|b| vec![b])
            .unwrap_or_else(|| backgrounds.to_vec());
        for line in rule.split_inclusive('\n') {
            let fg = line
                .trim()
                .strip_prefix("color:")
                .and_then(|v| parse_hex(v.trim_end_matches(';')));
            match fg {
                Some(c) if bgs.iter().any(|&b| ratio(c, b) < TARGET) => {
                    let [r, g, b] = readable(c, &bgs, dark);
                    let indent = &line[..line.len() - line.trim_start().len()];
                    let end = if line.ends_with('\n') { "\n" } else { "" };
                    out.push_str(&format!("{indent}color: #{r:02x}{g:02x}{b:02x};{end}"));
                }
                _ => out.push_str(line),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ratios() {
        // The pairs axe reported: a light comment on the light code background, a dark one.
        let r = ratio([0x96, 0x98, 0x96], [0xf8, 0xf9, 0xfb]);
        assert!((r - 2.75).abs() < 0.01, "{r}");
        let r = ratio([0x65, 0x73, 0x7e], [0x11, 0x16, 0x1d]);
        assert!((r - 3.72).abs() < 0.01, "{r}");
    }

    #[test]
    fn faint_colours_become_readable_and_readable_ones_stay() {
        let css = ".hl-comment {\n color: #969896;\nfont-style: italic;\n}\n.hl-string {\n color: #183691;\n}\n";
        let out = readable_css(css, LIGHT_BACKGROUNDS, false);
        assert!(out.contains("color: #183691;"), "{out}");
        assert!(!out.contains("#969896"), "{out}");
        assert!(out.contains("font-style: italic;"), "{out}");
        let got = out
            .split("color: #")
            .nth(1)
            .and_then(|s| parse_hex(&format!("#{}", &s[..6])));
        for &b in LIGHT_BACKGROUNDS {
            assert!(ratio(got.unwrap(), b) >= 4.5, "{out}");
        }
        let dark = readable_css(
            ".hl-comment {\n color: #65737e;\n}\n",
            DARK_BACKGROUNDS,
            true,
        );
        let c = parse_hex(
            dark.split("color: ")
                .nth(1)
                .unwrap()
                .trim()
                .trim_end_matches("\n}")
                .trim_end_matches(';'),
        )
        .unwrap();
        assert!(
            c.iter().zip([0x65, 0x73, 0x7e]).all(|(a, b)| *a >= b),
            "lighter: {dark}"
        );
        for &b in DARK_BACKGROUNDS {
            assert!(ratio(c, b) >= 4.5, "{dark}");
        }
    }

    #[test]
    fn a_rule_with_its_own_background_is_measured_against_it() {
        // Readable on its own pale red, though not on the dark code background.
        let css = ".hl-invalid {\n color: #b52a1d;\n background-color: #ffecec;\n}\n";
        assert_eq!(readable_css(css, DARK_BACKGROUNDS, true), css);
    }
}
