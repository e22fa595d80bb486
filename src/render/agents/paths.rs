//! Where the agent pages live: the leaderboard's URL and each family's, which never
//! collides with the leaderboard's own pages.

/// Site-relative URL of the leaderboard.
pub(super) const INDEX_URL: &str = "agents/index.html";

/// Site-relative URL of a family's page: `agents/claude.html`.
pub(super) fn family_url(family: &str) -> String {
    let slug: String = family
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    // `index` and `by-*` are the leaderboard's own pages.
    if slug.is_empty() || slug == "index" || slug.starts_with("by-") {
        format!("agents/agent-{slug}.html")
    } else {
        format!("agents/{slug}.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_urls_never_collide_with_leaderboard_pages() {
        assert_eq!(family_url("claude"), "agents/claude.html");
        assert_eq!(family_url("index"), "agents/agent-index.html");
        assert_eq!(family_url("by-x"), "agents/agent-by-x.html");
        assert_eq!(family_url("a/b"), "agents/a-b.html");
    }
}
