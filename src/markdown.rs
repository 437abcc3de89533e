//! Markdown that survives any user text: every value is escaped so it reads as the text it is,
//! never as markup, links, raw HTML or a broken table row.

use crate::text::{lines, visible};

/// Escapes a value for anywhere in a Markdown document, a table cell included: markup characters
/// backslash-escaped, each line break (`\r\n`, `\n` or a lone `\r`) a `<br>`, blank lines dropped,
/// control characters shown visibly. This is the escape function of the Markdown templates.
pub fn cell(text: &str) -> String {
    // Written into one buffer: a value of millions of short lines costs no allocation per line.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in lines(text).map(str::trim).filter(|line| !line.is_empty()) {
        if !out.is_empty() {
            out.push_str("<br>");
        }
        escape_line_into(&mut out, line);
    }
    out
}

/// Escapes running text (a heading or a paragraph): markup characters escaped, lines joined by spaces.
#[must_use]
pub fn text(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    let mut out = String::with_capacity(joined.len() + 8);
    escape_line_into(&mut out, &joined);
    out
}

/// Characters that can start inline markup anywhere in a line: emphasis, code, links and images,
/// raw HTML and autolinks, entities, strikethrough, table cell breaks, and the escape itself.
fn is_inline_markup(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~')
}

/// Escapes one line of text (no line breaks in it) onto `out`. A value may land at the start of a
/// line, so what would start a block there (a heading, a list item, a setext underline) is escaped
/// too.
fn escape_line_into(out: &mut String, line: &str) {
    let shown = visible(line);
    let list_number = shown.bytes().take_while(u8::is_ascii_digit).count();
    let after = &shown[list_number..];
    let ordered_list_item = (1..=9).contains(&list_number)
        && after.starts_with(['.', ')'])
        && after[1..].chars().next().is_none_or(char::is_whitespace);
    for (i, c) in shown.char_indices() {
        let block_marker = match i {
            0 => matches!(c, '#' | '+' | '-' | '='),
            _ => ordered_list_item && i == list_number,
        };
        if block_marker || is_inline_markup(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A Markdown table; numeric columns (by index) are right-aligned. The headers are our own
/// literal text, written as they are; every row cell is escaped.
#[must_use]
pub fn table(headers: &[&'static str], rows: &[Vec<String>], right_aligned: &[usize]) -> String {
    let escaped: Vec<Vec<String>> = rows.iter().map(|row| row.iter().map(|c| cell(c)).collect()).collect();
    table_of_escaped(headers, &escaped, right_aligned)
}

/// A Markdown table of cells that are already Markdown: escaped user text, or markup we wrote
/// around it (bold names, numbers).
#[must_use]
pub fn table_of_escaped(headers: &[&'static str], rows: &[Vec<String>], right_aligned: &[usize]) -> String {
    let mut out = format!("| {} |\n|", headers.join(" | "));
    for i in 0..headers.len() {
        out.push_str(if right_aligned.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_join_lines() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(cell("<script>"), "\\<script\\>");
        assert_eq!(cell("x_y*z"), "x\\_y\\*z");
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break_in_cells_and_a_space_in_text() {
        assert_eq!(cell("one\rtwo\r\nthree"), "one<br>two<br>three");
        assert_eq!(text("one\rtwo"), "one two");
    }

    #[test]
    fn links_code_html_and_entities_stay_text() {
        assert_eq!(cell("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
        assert_eq!(cell("`code` ~~del~~ &amp;"), "\\`code\\` \\~\\~del\\~\\~ \\&amp;");
        assert_eq!(cell("back\\slash"), "back\\\\slash");
        assert_eq!(text("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
    }

    #[test]
    fn block_markers_at_the_start_of_a_value_are_escaped() {
        assert_eq!(cell("# Heading"), "\\# Heading");
        assert_eq!(cell("- item\n+ item\n==="), "\\- item<br>\\+ item<br>\\===");
        assert_eq!(cell("1. first\n2) second"), "1\\. first<br>2\\) second");
        assert_eq!(text("> quote"), "\\> quote");
        // Not at the start, or not a list number: left alone.
        assert_eq!(cell("a # b - c"), "a # b - c");
        assert_eq!(cell("1.0 and 2026-11"), "1.0 and 2026-11");
        assert_eq!(cell("1234567890. big"), "1234567890. big");
    }

    #[test]
    fn controls_and_bidi_overrides_are_shown_visibly() {
        assert_eq!(cell("red\x1b[31m"), "red\\\\x1b\\[31m");
        assert_eq!(text("rtl\u{202e}txt"), "rtl\\\\u{202e}txt");
        assert!(!cell("a\x07b\u{9b}c").chars().any(char::is_control));
    }

    #[test]
    fn tables_align_numeric_columns_right() {
        let t = table(&["Name", "Score"], &[vec!["A".into(), "2.00".into()]], &[1]);
        assert_eq!(t, "| Name | Score |\n| --- | ---: |\n| A | 2.00 |\n");
    }

    #[test]
    fn table_rows_keep_their_column_count_whatever_the_cells_hold() {
        let hostile = "a|b\r|c\n| d `|` \\|";
        let t = table(&["One", "Two"], &[vec![hostile.into(), "x".into()]], &[]);
        let row = t.lines().nth(2).unwrap();
        let unescaped_pipes = row
            .char_indices()
            .filter(|&(i, c)| c == '|' && row[..i].chars().rev().take_while(|&b| b == '\\').count() % 2 == 0)
            .count();
        assert_eq!(unescaped_pipes, 3, "{row}");
        assert_eq!(t.lines().count(), 3);
    }
}
