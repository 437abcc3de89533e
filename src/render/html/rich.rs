//! The consultancy's Markdown texts, from the report model's blocks, as HTML or as Markdown: the
//! `rich` filter of the templates.

use std::fmt::Write;

use crate::markdown;
use crate::report::rich::{Block, Span};

/// The blocks as HTML; every text is escaped with `escape`, and only web and mail links are made.
pub fn html(blocks: &[Block], escape: fn(&str) -> String) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph { spans } => {
                let _ = writeln!(out, "<p class=\"narrative\">{}</p>", html_spans(spans, escape));
            }
            Block::Bullets { items } => html_list(&mut out, "<ul class=\"narrative\">", "</ul>", items, escape),
            Block::Numbered { start, items } => {
                let open = format!("<ol class=\"narrative\" start=\"{start}\">");
                html_list(&mut out, &open, "</ol>", items, escape);
            }
        }
    }
    out
}

fn html_list(out: &mut String, open: &str, close: &str, items: &[Vec<Span>], escape: fn(&str) -> String) {
    out.push_str(open);
    for item in items {
        let _ = write!(out, "<li>{}</li>", html_spans(item, escape));
    }
    out.push_str(close);
    out.push('\n');
}

fn html_spans(spans: &[Span], escape: fn(&str) -> String) -> String {
    let mut out = String::new();
    for span in spans {
        let mut text = escape(&span.text).replace('\n', "<br>");
        for (on, open, close) in [
            (span.code, "<code>", "</code>"),
            (span.emphasis, "<em>", "</em>"),
            (span.strong, "<strong>", "</strong>"),
        ] {
            if on {
                text = format!("{open}{text}{close}");
            }
        }
        if let Some(url) = &span.link {
            text = format!("<a href=\"{}\">{text}</a>", escape(url));
        }
        out.push_str(&text);
    }
    out
}

/// The blocks as Markdown, every text escaped: the report's own structure cannot be broken by
/// what a narrative holds (a heading there is already a bold paragraph).
pub fn markdown(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        parts.push(match block {
            Block::Paragraph { spans } => markdown_spans(spans),
            Block::Bullets { items } => items
                .iter()
                .map(|item| format!("- {}", markdown_spans(item)))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Numbered { start, items } => (*start..)
                .zip(items)
                .map(|(n, item)| format!("{n}. {}", markdown_spans(item)))
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    parts.join("\n\n")
}

/// Styles as inline HTML (`<strong>`, `<em>`, `<code>`, as elsewhere in the report) rather than
/// `**` and `*`, whose meaning depends on the characters around them: text that holds asterisks or
/// sits against punctuation keeps exactly its styles.
fn markdown_spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let inner = span.text.trim();
        if inner.is_empty() {
            out.push(' ');
            continue;
        }
        let lead = if span.text.starts_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        let trail = if span.text.ends_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        let mut text = markdown::text(inner);
        for (on, tag) in [(span.code, "code"), (span.emphasis, "em"), (span.strong, "strong")] {
            if on {
                text = format!("<{tag}>{text}</{tag}>");
            }
        }
        if let Some(url) = &span.link {
            text = format!("[{text}](<{}>)", url.replace(['<', '>', '\n'], ""));
        }
        let _ = write!(out, "{lead}{text}{trail}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::rich::parse;

    #[test]
    fn html_escapes_text_and_keeps_styles_lists_and_links() {
        let blocks =
            parse("A **bold** <b>claim</b> and *x* `id`\n\n- one\n- [two](https://e.com/?a=1&b=2)\n\n2. second");
        let html = html(&blocks, tera::escape_html);
        assert!(html.contains("<p class=\"narrative\">A <strong>bold</strong> &lt;b&gt;claim&lt;&#x2F;b&gt; and <em>x</em> <code>id</code></p>"), "{html}");
        assert!(html.contains("<ul class=\"narrative\"><li>one</li><li><a href=\"https:&#x2F;&#x2F;e.com&#x2F;?a=1&amp;b=2\">two</a></li></ul>"), "{html}");
        assert!(
            html.contains("<ol class=\"narrative\" start=\"2\"><li>second</li></ol>"),
            "{html}"
        );
    }

    #[test]
    fn markdown_round_trips_styles_and_escapes_markup() {
        let blocks = parse("# Title\n\nPlain **bold text** and *it* with a # and [link](https://e.com).\n\n1. a\n2. b");
        let md = markdown(&blocks);
        assert_eq!(
            md,
            "<strong>Title</strong>\n\nPlain <strong>bold text</strong> and <em>it</em> with a # and [link](<https://e.com>).\n\n1. a\n2. b"
        );
        assert_eq!(untagged(&parse(&md)), untagged(&blocks));
    }

    /// The blocks' text with the style tags we write removed and spaces normalised: what a
    /// reader of the Markdown report sees once it is rendered.
    fn untagged(blocks: &[Block]) -> String {
        let mut text = blocks.iter().map(Block::plain).collect::<Vec<_>>().join(" ");
        for tag in ["<strong>", "</strong>", "<em>", "</em>", "<code>", "</code>"] {
            text = text.replace(tag, "");
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    const TOKENS: [&str; 26] = [
        "alpha",
        "beta",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "**",
        "*",
        "_",
        "`",
        "[",
        "](",
        "https://e.com",
        ")",
        "- ",
        "1. ",
        "# ",
        "> ",
        "<b>",
        "</b>",
        "<script>",
        "&amp;",
        "\\",
        "|",
        "é",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 256, ..proptest::test_runner::Config::default() })]

        /// Any Markdown: the HTML holds no markup from the text, and the Markdown written back
        /// reads as the same text.
        #[test]
        fn any_markdown_renders_safely_and_round_trips(tokens in proptest::collection::vec(proptest::sample::select(TOKENS.to_vec()), 0..60)) {
            let source = tokens.concat();
            let blocks = parse(&source);
            let html = html(&blocks, tera::escape_html);
            proptest::prop_assert!(!html.contains("<b>") && !html.contains("<script"), "{}", html);
            let again = parse(&markdown(&blocks));
            proptest::prop_assert_eq!(untagged(&again), untagged(&blocks), "{:?} -> {:?}", source, markdown(&blocks));
        }
    }
}
