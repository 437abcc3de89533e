//! The consultancy's own texts (narrative, commentary), written in Markdown, as a small model each
//! renderer can place: paragraphs and lists of styled spans. Only what a report narrative needs is
//! kept; headings become bold paragraphs (the report's own headings give the structure), raw HTML
//! is shown as text, and nested lists are flattened into their parent list.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// A run of text in one style.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub emphasis: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub code: bool,
    /// The target of a link with an `http`, `https` or `mailto` address; other links are text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(value: &bool) -> bool {
    !value
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph { spans: Vec<Span> },
    Bullets { items: Vec<Vec<Span>> },
    Numbered { start: u64, items: Vec<Vec<Span>> },
}

impl Block {
    /// The block's text without styles, for tests.
    #[cfg(test)]
    #[must_use]
    pub fn plain(&self) -> String {
        let join = |spans: &[Span]| spans.iter().map(|s| s.text.as_str()).collect::<String>();
        match self {
            Block::Paragraph { spans } => join(spans),
            Block::Bullets { items } | Block::Numbered { items, .. } => {
                items.iter().map(|i| join(i)).collect::<Vec<_>>().join("\n")
            }
        }
    }
}

/// The blocks of a Markdown text. The text is bounded by the assessment's field limit, and the
/// parser works through it iteratively, so any input takes bounded time and stack.
#[must_use]
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    builder.finish_paragraph();
    builder.blocks
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// The spans of the paragraph or list item being read.
    spans: Vec<Span>,
    strong: usize,
    emphasis: usize,
    link: Vec<Option<String>>,
    /// The outermost open list: its start number (`None` for bullets) and items so far.
    list: Option<(Option<u64>, Vec<Vec<Span>>)>,
    depth: usize,
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => self.push(&text, false),
            Event::Code(text) => self.push(&text, true),
            Event::SoftBreak => self.push(" ", false),
            Event::HardBreak => self.push("\n", false),
            Event::Rule => self.finish_paragraph(),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Strong | Tag::Heading { .. } => self.strong += 1,
            Tag::Emphasis => self.emphasis += 1,
            Tag::Link { dest_url, .. } => self.link.push(safe_link(&dest_url)),
            Tag::List(start) => {
                self.depth += 1;
                if self.depth == 1 {
                    self.finish_paragraph();
                    self.list = Some((start, Vec::new()));
                } else {
                    self.finish_item();
                }
            }
            Tag::Item => self.finish_item(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Heading(_) => {
                self.strong = self.strong.saturating_sub(1);
                self.finish_paragraph();
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Link => {
                self.link.pop();
            }
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock => {
                if self.list.is_some() {
                    self.push(" ", false);
                } else {
                    self.finish_paragraph();
                }
            }
            TagEnd::Item => self.finish_item(),
            TagEnd::List(_) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.finish_item();
                    if let Some((start, items)) = self.list.take() {
                        self.blocks.push(match start {
                            Some(start) => Block::Numbered { start, items },
                            None => Block::Bullets { items },
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, text: &str, code: bool) {
        let span = Span {
            text: text.to_string(),
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            code,
            link: self.link.last().cloned().flatten(),
        };
        match self.spans.last_mut() {
            Some(last) if same_style(last, &span) => last.text.push_str(text),
            _ => self.spans.push(span),
        }
    }

    fn taken_spans(&mut self) -> Option<Vec<Span>> {
        let mut spans = std::mem::take(&mut self.spans);
        trim(&mut spans);
        (!spans.is_empty()).then_some(spans)
    }

    fn finish_paragraph(&mut self) {
        if let Some(spans) = self.taken_spans() {
            self.blocks.push(Block::Paragraph { spans });
        }
    }

    fn finish_item(&mut self) {
        let Some(spans) = self.taken_spans() else { return };
        match &mut self.list {
            Some((_, items)) => items.push(spans),
            None => self.blocks.push(Block::Paragraph { spans }),
        }
    }
}

fn same_style(a: &Span, b: &Span) -> bool {
    (a.strong, a.emphasis, a.code, &a.link) == (b.strong, b.emphasis, b.code, &b.link)
}

/// Runs of spaces made one space, also across spans, none beside a line break or at either end.
fn trim(spans: &mut Vec<Span>) {
    let mut last = '\n';
    for span in spans.iter_mut() {
        let mut text = String::with_capacity(span.text.len());
        for c in span.text.chars() {
            let c = if c == '\t' { ' ' } else { c };
            if c == ' ' && (last == ' ' || last == '\n') {
                continue;
            }
            if c == '\n' && text.ends_with(' ') {
                text.pop();
            }
            text.push(c);
            last = c;
        }
        span.text = text;
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    spans.retain(|s| !s.text.is_empty());
}

fn safe_link(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    #[test]
    fn paragraphs_keep_bold_italic_code_and_safe_links() {
        let blocks = parse(
            "We found **strong** practice and *some* gaps in `SVC-01`.\nSee [the site](https://example.com) and [this](javascript:alert(1)).\n\nSecond paragraph.",
        );
        assert_eq!(blocks.len(), 2);
        let Block::Paragraph { spans } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(spans[0], span("We found "));
        assert!(spans[1].strong && spans[1].text == "strong");
        assert!(spans[3].emphasis && spans[3].text == "some");
        assert!(spans[5].code && spans[5].text == "SVC-01");
        let link = spans
            .iter()
            .find(|s| s.text == "the site")
            .unwrap_or_else(|| panic!("{spans:?}"));
        assert_eq!(link.link.as_deref(), Some("https://example.com"));
        assert!(blocks[0].plain().ends_with("and this."), "{spans:?}");
        assert_eq!(
            spans.iter().filter(|s| s.link.is_some()).count(),
            1,
            "only web and mail addresses become links"
        );
        assert_eq!(blocks[1].plain(), "Second paragraph.");
        assert!(
            blocks[0].plain().contains("SVC-01. See the site"),
            "a soft break is a space"
        );
    }

    #[test]
    fn lists_are_flattened_and_numbered_lists_keep_their_start() {
        let blocks = parse("Before.\n\n- one\n- two\n  - nested\n- three\n\n3. third\n4. fourth\n");
        assert_eq!(blocks[0].plain(), "Before.");
        assert_eq!(
            blocks[1],
            Block::Bullets {
                items: vec![
                    vec![span("one")],
                    vec![span("two")],
                    vec![span("nested")],
                    vec![span("three")]
                ]
            }
        );
        let Block::Numbered { start, items } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!((*start, items.len()), (3, 2));
    }

    #[test]
    fn headings_are_bold_paragraphs_and_html_is_text() {
        let blocks = parse("# Our view\n\n<script>alert(1)</script>\n\nText <b>x</b>");
        let Block::Paragraph { spans } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(spans[0].strong && spans[0].text == "Our view");
        assert!(blocks.iter().any(|b| b.plain().contains("<script>")), "{blocks:?}");
        assert!(blocks[2].plain().contains("<b>x</b>"));
    }

    #[test]
    fn deep_nesting_and_empty_text_are_handled() {
        assert!(parse("").is_empty());
        assert!(parse("   \n\n  ").is_empty());
        let deep = format!("{}x", "> ".repeat(5000));
        assert_eq!(parse(&deep).len(), 1);
        let emphasis = format!("{}x{}", "*".repeat(5000), "*".repeat(5000));
        assert!(!parse(&emphasis).is_empty());
    }
}
