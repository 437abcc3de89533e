//! What the PDF leaves out so that any input gives a document of bounded size, time and memory,
//! and the notes that say so. Every other format keeps the full text.

use std::borrow::Cow;

/// Characters of one text (a cell, paragraph, bullet or heading) shown in the PDF. About four times
/// the longest comment in the bundled example; in the narrowest table column it still fits on one
/// page, so no single text fills pages.
pub const TEXT_LIMIT: usize = 2_000;

/// Pages of the PDF, the closing note included. The bundled questionnaire with every text at its
/// limit gives under 300 pages; a page costs about 2 ms and 0.1 MB, so a custom catalog large
/// enough to reach this limit still gives its PDF in seconds and well under 512 MB.
pub const PAGE_LIMIT: usize = 1_000;

/// Characters the font lacks that are named one by one in warnings; the rest are counted.
pub const MISSING_GLYPH_WARNINGS: usize = 20;

/// Where a reader finds what the PDF leaves out.
const FULL_TEXT_FORMATS: &str = "the HTML, Markdown and JSON reports";

/// Line breaks of one text shown in the PDF: a text of many short lines fills pages as surely as
/// a long one. Forty keeps such a text within a page.
pub const LINE_BREAK_LIMIT: usize = 40;

/// `text` cut after `limit` characters or `LINE_BREAK_LIMIT` line breaks, whichever comes first,
/// ending with a note that says how much was left out.
pub fn shorten(text: &str, limit: usize) -> Cow<'_, str> {
    let mut breaks = 0;
    let cut = text.char_indices().enumerate().find_map(|(count, (at, c))| {
        breaks += usize::from(c == '\n');
        (count >= limit || breaks > LINE_BREAK_LIMIT).then_some(at)
    });
    let Some(cut) = cut else {
        return Cow::Borrowed(text);
    };
    let more = text[cut..].chars().count();
    Cow::Owned(format!("{}\n{}", text[..cut].trim_end(), shortened_note(more)))
}

/// The note that ends a shortened text.
pub fn shortened_note(more: usize) -> String {
    format!(
        "… [shortened in the PDF: {} more character{}; the full text is in {FULL_TEXT_FORMATS}]",
        thousands(more),
        crate::text::plural(more)
    )
}

/// The closing paragraph of a PDF stopped at `pages`: the section it stopped in and those after.
pub fn stopped_note(pages: usize, current: Option<&str>, left_out: &[String]) -> String {
    let rest = current.map(|section| format!("the rest of {section}"));
    let sections: Vec<&str> = rest
        .iter()
        .map(String::as_str)
        .chain(left_out.iter().map(String::as_str))
        .collect();
    format!(
        "This PDF stops at {} pages. Left out: {}. The full report is in {FULL_TEXT_FORMATS}.",
        thousands(pages),
        sections.join("; ")
    )
}

/// The warning that sums up characters the font lacks beyond those named one by one.
pub fn more_missing_glyphs(more: usize) -> String {
    format!(
        "the font has no glyph for {} more character{}; each is shown as \u{FFFD}",
        thousands(more),
        crate::text::plural(more)
    )
}

/// A count with commas between thousands: 1,234,567.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn short_texts_stay_whole() {
        assert!(matches!(shorten("short", 5), Cow::Borrowed("short")));
        assert_eq!(shorten("", 0), "");
    }

    #[test]
    fn long_texts_are_cut_at_the_limit_with_a_note_counting_what_is_left_out() {
        let text = "é".repeat(10) + &"x".repeat(1_234_567);
        let shortened = shorten(&text, 12);
        let (kept, note) = shortened.split_once('\n').unwrap();
        assert_eq!(kept, "ééééééééééxx");
        assert_eq!(
            note,
            "… [shortened in the PDF: 1,234,565 more characters; the full text is in the HTML, Markdown and JSON reports]"
        );
        assert!(
            shorten("ab", 1).ends_with("1 more character; the full text is in the HTML, Markdown and JSON reports]")
        );
    }

    #[test]
    fn texts_of_many_short_lines_are_cut_after_the_line_break_limit() {
        let text = "ab\n".repeat(1_000);
        let shortened = shorten(&text, TEXT_LIMIT);
        let lines: Vec<&str> = shortened.lines().collect();
        assert_eq!(lines.len(), LINE_BREAK_LIMIT + 2);
        assert!(lines[..=LINE_BREAK_LIMIT].iter().all(|l| *l == "ab"));
        assert!(
            lines[LINE_BREAK_LIMIT + 1].contains(": 2,878 more characters;"),
            "{shortened}"
        );
        let within = "ab\n".repeat(LINE_BREAK_LIMIT);
        assert_eq!(shorten(&within, TEXT_LIMIT), within);
    }
}
