//! The Author row into [`Author`], and the e-mail addresses of rows that name a person
//! taken out of their text.
//!
//! Forms read: `@user`, `` `@user` ``, `user`, `[@user](https://github.com/user)`,
//! `Full Name`, `Full Name <e-mail>`, `Full Name (@user)`, `@user (Full Name)`,
//! `[Full Name](https://github.com/user)`, `<e-mail>` alone. The handle is kept when the
//! row gives one (an `@user`, a link to a GitHub or GitLab profile, a GitHub `noreply`
//! e-mail); the name when what is left looks like one (words of letters, the first
//! capitalised). An e-mail address is never kept: not in the typed author, and not in the
//! row's text, which the page, the search index and the exports show.

use super::static_regex::re;
use crate::model::Author;
use crate::text::plain::plain_text;
use regex::Regex;
use std::sync::OnceLock;

/// What a person row shows when it held nothing but e-mail addresses.
pub(crate) const EMAIL_HIDDEN: &str = "(e-mail address not shown)";

/// Whether a metadata row (its label, canonical) names a person, so that its e-mail
/// addresses are taken out.
pub(crate) fn is_person_label(label: &str) -> bool {
    is_author_label(label)
        || matches!(
            label,
            "committer"
                | "co-author"
                | "co-authors"
                | "co-authored-by"
                | "contact"
                | "maintainer"
                | "owner"
                | "reporter"
                | "reported by"
                | "requested by"
                | "reviewer contact"
        )
}

/// Whether a metadata row (its label, canonical) is the one the author is read from.
pub(crate) fn is_author_label(label: &str) -> bool {
    matches!(
        label,
        "author" | "authors" | "pr author" | "opened by" | "submitted by"
    )
}

/// `v` without its e-mail addresses (`<a@b.org>`, `a@b.org`, `mailto:` links, whose text
/// stays), or `None` when it has none. What is left empty says [`EMAIL_HIDDEN`].
pub(crate) fn without_emails(v: &str) -> Option<String> {
    static MAILTO_LINK: OnceLock<Regex> = OnceLock::new();
    static ADDRESS: OnceLock<Regex> = OnceLock::new();
    static EMPTY: OnceLock<Regex> = OnceLock::new();
    let address = re(
        &ADDRESS,
        r"(?i)<?(?:mailto:)?[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+>?",
    );
    let link = re(&MAILTO_LINK, r"(?i)\[([^\]]*)\]\(\s*<?mailto:[^)]*\)");
    if !address.is_match(v) && !link.is_match(v) {
        return None;
    }
    let out = link.replace_all(v, "$1");
    let out = address.replace_all(&out, "");
    // Brackets and separators the addresses leave behind: `Ana ()`, `Ana, `.
    let out = re(&EMPTY, r"\(\s*\)|\[\s*\]|<\s*>").replace_all(&out, "");
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = out
        .trim_matches(|c: char| c.is_whitespace() || ",;:/|·—–-".contains(c))
        .to_string();
    Some(if out.is_empty() {
        EMAIL_HIDDEN.to_string()
    } else {
        out
    })
}

/// The author an Author row names, or `None` when it names nobody (empty, or only an
/// e-mail address that is not GitHub's `noreply` one).
pub(crate) fn parse_author(v: &str) -> Option<Author> {
    static LINK: OnceLock<Regex> = OnceLock::new();
    let noreply = noreply_login(v);
    let clean = without_emails(v).unwrap_or_else(|| v.to_string());
    let clean = if clean == EMAIL_HIDDEN { "" } else { &clean };
    let mut login: Option<String> = None;
    let mut url: Option<String> = None;
    let mut linked_name: Option<String> = None;
    let mut rest = clean.to_string();
    if let Some(c) = re(&LINK, r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?[^)]*\)").captures(clean) {
        let text = plain_text(&c[1]).trim_matches('`').trim().to_string();
        url = web_url(&c[2]);
        let profile = url.as_deref().and_then(profile_login);
        match handle(&text) {
            Some(h) if text.starts_with('@') || profile.is_none() => login = Some(h),
            _ => linked_name = Some(text),
        }
        login = login.or(profile);
        rest = clean.replacen(&c[0], " ", 1);
    }
    let mut rest = plain_text(&rest);
    if login.is_none() {
        if let Some((h, range)) = at_handle(&rest) {
            login = Some(h);
            rest.replace_range(range, " ");
        }
    }
    let word = rest.trim();
    let mut name = None;
    if login.is_none() && linked_name.is_none() && !word.contains(char::is_whitespace) {
        // One word and no handle: a login written bare (`jandubois`, `dependabot[bot]`).
        login = (!word.is_empty()).then(|| word.to_string());
    } else {
        name = linked_name
            .as_deref()
            .and_then(person_name)
            .or_else(|| person_name(&leftover(&rest)));
    }
    let login = login.or(noreply);
    if login.is_none() && name.is_none() {
        return None;
    }
    Some(Author {
        login: login.unwrap_or_default(),
        url,
        name,
    })
}

/// `url` when it is an http(s) URL: a link a report gives for its PR or author travels on
/// into pages, the feed and `reviews.json`, so a `javascript:` one is never kept.
pub(crate) fn web_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_string())
}

/// `user` of `@user` or `user` written alone (letters, digits, `.`, `_`, `-`).
fn handle(text: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^@?([A-Za-z0-9][\w.-]*)$")
        .captures(text.trim())
        .map(|c| c[1].trim_end_matches('.').to_string())
}

/// The first `@user` in `text` that is not part of an e-mail address, and its range.
fn at_handle(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let c = re(&R, r"(?:^|[^\w.@])(@([A-Za-z0-9][\w.-]*))").captures(text)?;
    let whole = c.get(1)?;
    Some((c[2].trim_end_matches('.').to_string(), whole.range()))
}

/// The user of a GitHub or GitLab profile link (`https://github.com/user`).
fn profile_login(url: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^https?://(?:www\.)?(?:github|gitlab)\.com/([A-Za-z0-9][A-Za-z0-9-]*)/?$",
    )
    .captures(url)
    .map(|c| c[1].to_string())
}

/// The user of a GitHub `noreply` address (`12345+user@users.noreply.github.com`).
fn noreply_login(v: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)(?:^|[^\w.+-])(?:\d+\+)?([a-z0-9][a-z0-9-]*)@users\.noreply\.github\.com",
    )
    .captures(v)
    .map(|c| c[1].to_string())
}

/// What is left of a row once the handle and link are taken: brackets and separators off.
fn leftover(text: &str) -> String {
    let t: String = text
        .chars()
        .map(|c| if "()[]<>".contains(c) { ' ' } else { c })
        .collect();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || ",;:/|·—–-".contains(c))
        .to_string()
}

/// `text` when it looks like a person's name: one to six words of letters (with `.`,
/// `'`, `-`), the first capitalised. Roles and notes (`external contributor`) are not.
fn person_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let letters = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
            && w.chars().any(char::is_alphabetic)
    };
    let capitalised = text.chars().next().is_some_and(char::is_uppercase);
    (!words.is_empty() && words.len() <= 6 && words.iter().all(letters) && capitalised)
        .then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(v: &str) -> (String, Option<String>, Option<String>) {
        let a = parse_author(v).unwrap_or_else(|| panic!("no author in {v:?}"));
        (a.login, a.name, a.url)
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn every_author_form_keeps_the_name_and_the_handle() {
        assert_eq!(author("@opjt"), ("opjt".into(), None, None));
        assert_eq!(author("`@opjt`"), ("opjt".into(), None, None));
        assert_eq!(author("jandubois"), ("jandubois".into(), None, None));
        assert_eq!(
            author("dependabot[bot]"),
            ("dependabot[bot]".into(), None, None)
        );
        assert_eq!(
            author("[@alima](https://github.com/alima) (Ana Lima)"),
            ("alima".into(), s("Ana Lima"), s("https://github.com/alima"))
        );
        assert_eq!(
            author("[@Horiodino](https://github.com/Horiodino)"),
            ("Horiodino".into(), None, s("https://github.com/Horiodino"))
        );
        assert_eq!(author("Ana Lima"), (String::new(), s("Ana Lima"), None));
        assert_eq!(
            author("Ana Lima <ana.lima@example.org>"),
            (String::new(), s("Ana Lima"), None)
        );
        assert_eq!(
            author("@alima (Ana Lima)"),
            ("alima".into(), s("Ana Lima"), None)
        );
        assert_eq!(
            author("Ana Lima (@alima)"),
            ("alima".into(), s("Ana Lima"), None)
        );
        assert_eq!(
            author("**Ana Lima** — @alima"),
            ("alima".into(), s("Ana Lima"), None)
        );
        assert_eq!(
            author("[Ana Lima](https://github.com/alima)"),
            ("alima".into(), s("Ana Lima"), s("https://github.com/alima"))
        );
        assert_eq!(
            author("[Ana Lima](https://ana.example.org/about)"),
            (
                String::new(),
                s("Ana Lima"),
                s("https://ana.example.org/about")
            )
        );
        assert_eq!(
            author("José María van der Berg <jm@example.es>"),
            (String::new(), s("José María van der Berg"), None)
        );
        assert_eq!(
            author("<12345+alima@users.noreply.github.com>"),
            ("alima".into(), None, None)
        );
    }

    #[test]
    fn look_alikes_are_not_names_and_no_email_is_kept() {
        // An e-mail alone names nobody; a role in parentheses is not a name.
        assert_eq!(parse_author("<ana@example.org>"), None);
        assert_eq!(parse_author("ana@example.org"), None);
        assert_eq!(
            author("@alima (external contributor)"),
            ("alima".into(), None, None)
        );
        assert_eq!(author("@a, @b"), ("a".into(), None, None));
        assert_eq!(parse_author(""), None);
        assert_eq!(
            author("[Ana](mailto:ana@example.org)"),
            ("Ana".into(), None, None)
        );
        for v in [
            "Ana Lima <ana@example.org>",
            "[Ana](mailto:ana@example.org)",
            "<mailto:ana@example.org>",
            "@alima (ana@example.org)",
        ] {
            let a = parse_author(v).unwrap_or_default();
            let all = format!("{a:?}");
            assert!(!all.contains("example"), "{v}: {all}");
        }
    }

    #[test]
    fn emails_are_taken_out_of_the_row_text() {
        assert_eq!(
            without_emails("Ana Lima <ana@example.org>").as_deref(),
            Some("Ana Lima")
        );
        assert_eq!(
            without_emails("Ana Lima (ana.lima+rs@mail.example.co.uk)").as_deref(),
            Some("Ana Lima")
        );
        assert_eq!(
            without_emails("[Ana](mailto:ana@example.org)").as_deref(),
            Some("Ana")
        );
        assert_eq!(
            without_emails("<ana@example.org>").as_deref(),
            Some(EMAIL_HIDDEN)
        );
        // No address: nothing to change (handles and links are not addresses).
        assert_eq!(without_emails("[@ana](https://github.com/ana)"), None);
        assert_eq!(without_emails("@ana (Ana Lima)"), None);
    }
}
