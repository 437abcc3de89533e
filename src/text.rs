//! Text helpers at the bottom of every stage: making user text safe to show on a terminal and
//! short enough to quote in a message.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that would act on a terminal instead of being shown (C0 and C1 controls, DEL, and
/// the bidirectional overrides that can make text read differently from its bytes).
fn is_active(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character and escape sequence written visibly (`\x1b`, `\r`,
/// `\u{202e}`), so nothing from a user's file can move the cursor, recolour or rewrite a terminal.
/// Newlines and tabs are kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_active) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_active(c) {
            out.push(c);
        } else if c == '\r' {
            out.push_str("\\r");
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// The lines of `text`, split at every line break a terminal or a Markdown reader acts on: `\r\n`,
/// `\n` and a lone `\r` (which `str::lines` leaves inside a line).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
}

/// `text` on one line for a table cell or a line of terminal output: every line break (`\r\n`,
/// `\n`, a lone `\r`) and tab becomes one space, so a user's value cannot break the layout, and
/// the rest is [`visible`].
#[must_use]
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r', '\t']) {
        return visible(text);
    }
    let mut joined = String::with_capacity(text.len());
    for (i, line) in lines(text).enumerate() {
        if i > 0 {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    let joined = joined.replace('\t', " ");
    Cow::Owned(visible(&joined).into_owned())
}

/// The plural ending for a count of `n`: "" for one, "s" otherwise.
#[must_use]
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Longest quotation of a user's value in a message, in characters.
pub const QUOTE_LIMIT: usize = 80;

/// `text` shortened to [`QUOTE_LIMIT`] characters for a message, saying how much was left out.
#[must_use]
pub fn shorten(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTE_LIMIT) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            Cow::Owned(format!("{}… ({rest} more characters)", &text[..cut]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_shown_not_sent() {
        assert_eq!(visible("plain Société"), "plain Société");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(visible("a\x1b[31mred"), "a\\x1b[31mred");
        assert_eq!(visible("over\rwrite"), "over\\rwrite");
        assert_eq!(visible("bell\x07 del\x7f c1\u{9b}"), "bell\\x07 del\\x7f c1\\x9b");
        assert_eq!(visible("rtl\u{202e}txt"), "rtl\\u{202e}txt");
        assert_eq!(visible("two\nlines\tand tab"), "two\nlines\tand tab");
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break() {
        assert_eq!(lines("a\r\nb\rc\nd").collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        assert_eq!(lines("one").collect::<Vec<_>>(), ["one"]);
        assert_eq!(lines("end\r\n").collect::<Vec<_>>(), ["end", ""]);
    }

    #[test]
    fn one_line_joins_lines_and_tabs_with_spaces_and_shows_controls() {
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(one_line("a\nb\r\nc\rd"), "a b c d");
        assert_eq!(one_line("tab\there"), "tab here");
        assert_eq!(one_line("  indent\r\n"), "  indent ");
        assert_eq!(one_line("red\x1b[31m\nrtl\u{202e}"), "red\\x1b[31m rtl\\u{202e}");
    }

    #[test]
    fn long_quotes_are_shortened_with_a_count() {
        assert_eq!(shorten("short"), "short");
        let long = "é".repeat(QUOTE_LIMIT + 5);
        let shown = shorten(&long);
        assert!(shown.starts_with(&"é".repeat(QUOTE_LIMIT)));
        assert!(shown.ends_with("… (5 more characters)"), "{shown}");
    }
}
