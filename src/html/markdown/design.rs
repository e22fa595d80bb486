//! Design-observation markup in report text: `(in-scope)` / `(future)` become small scope
//! tags and a bracketed list of agents (`[Claude Opus 4.6, Gemini 3.1 Pro]`) becomes agent
//! pills, by the agent-name rules of `text::names`.

use super::placeholders::Placeholders;
use crate::html::escape::escape;
use crate::text::names::{agent_class, agent_family, is_known_family};
use pulldown_cmark::{CowStr, Event};

fn design_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\((in[- ]scope|out[- ]of[- ]scope|future|follow[- ]up|pre[- ]existing)\)|\[([^\[\]\n]{2,160})\]",
        )
        .expect("valid regex")
    })
}

/// Pushes `text` as text events, with scope tags and agent attributions replaced by
/// generated (escaped) HTML through placeholders.
pub(super) fn design_markup<'e>(
    text: &CowStr<'e>,
    out: &mut Vec<Event<'e>>,
    replacements: &mut Placeholders,
) {
    let mut last = 0;
    for caps in design_regex().captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let html = if let Some(scope) = caps.get(1) {
            let label = scope.as_str().to_ascii_lowercase().replace(' ', "-");
            format!(
                "<span class=\"scope scope-{}\">{}</span>",
                escape(&label),
                escape(&label)
            )
        } else if let Some(list) = caps.get(2) {
            let names: Vec<&str> = list.as_str().split(',').map(str::trim).collect();
            let all_agents = names
                .iter()
                .all(|n| !n.is_empty() && is_known_family(&agent_family(n)));
            if !all_agents {
                continue;
            }
            let pills: Vec<String> = names
                .iter()
                .map(|n| {
                    format!(
                        "<span class=\"pill agent mini {}\">{}</span>",
                        agent_class(n),
                        escape(n)
                    )
                })
                .collect();
            format!("<span class=\"attrib\">{}</span>", pills.join(""))
        } else {
            continue;
        };
        if whole.start() > last {
            out.push(Event::Text(CowStr::from(
                text[last..whole.start()].to_string(),
            )));
        }
        out.push(Event::Html(CowStr::from(replacements.push(html))));
        last = whole.end();
    }
    if last == 0 {
        out.push(Event::Text(text.clone()));
    } else if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}
