//! Aligned terminal tables, coloured only when the caller says the terminal wants colour.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::text::one_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    Good,
    Warn,
    Bad,
    Dim,
}

impl Style {
    fn ansi(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Bold => "\x1b[1m",
            Style::Good => "\x1b[32m",
            Style::Warn => "\x1b[33m",
            Style::Bad => "\x1b[31m",
            Style::Dim => "\x1b[2m",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Self {
        Cell {
            text: text.into(),
            style: Style::Plain,
        }
    }
}

pub fn styled(text: impl Into<String>, style: Style) -> Cell {
    Cell {
        text: text.into(),
        style,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    right_aligned: Vec<bool>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Columns named with a leading `>` are right-aligned (numbers).
    #[must_use]
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.trim_start_matches('>').to_string()).collect(),
            right_aligned: headers.iter().map(|h| h.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The table as aligned lines. Cell text is shown on one line with control characters made
    /// visible ([`one_line`]), so neither a line break nor an escape sequence in a user's value can
    /// break the layout or act on the terminal; widths are measured on that shown form.
    #[must_use]
    pub fn render(&self, colour: bool) -> String {
        let columns = self.headers.len();
        let header: Vec<Cell> = self.headers.iter().map(|h| styled(h.clone(), Style::Bold)).collect();
        let shown: Vec<Vec<(Cow<'_, str>, Style)>> = std::iter::once(&header)
            .chain(&self.rows)
            .map(|row| {
                row.iter()
                    .take(columns)
                    .map(|cell| (one_line(&cell.text), cell.style))
                    .collect()
            })
            .collect();
        let mut widths = vec![0; columns];
        for row in &shown {
            for (i, (text, _)) in row.iter().enumerate() {
                widths[i] = widths[i].max(text.width());
            }
        }
        let mut out = String::new();
        for row in &shown {
            let mut line = String::new();
            for (i, (text, style)) in row.iter().enumerate() {
                let pad = " ".repeat(widths[i] - text.width());
                let text = if colour && *style != Style::Plain {
                    format!("{}{}\x1b[0m", style.ansi(), text)
                } else {
                    text.to_string()
                };
                if i > 0 {
                    line.push_str("  ");
                }
                if self.right_aligned[i] {
                    line.push_str(&pad);
                    line.push_str(&text);
                } else {
                    line.push_str(&text);
                    line.push_str(&pad);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width_and_right_aligns_numbers() {
        let mut t = Table::new(&["Name", ">Score"]);
        t.row(vec!["Société".into(), "2.50".into()]);
        t.row(vec!["Ωmega Ltd".into(), "10.00".into()]);
        assert_eq!(
            t.render(false),
            "Name       Score\nSociété     2.50\nΩmega Ltd  10.00\n"
        );
    }

    #[test]
    fn line_breaks_tabs_and_escape_sequences_in_cells_keep_the_layout() {
        let mut t = Table::new(&["Name", ">Score"]);
        t.row(vec!["two\nlines\rand\ttab".into(), "1.00".into()]);
        t.row(vec!["red\x1b[31m\u{202e}".into(), "2.00".into()]);
        let text = t.render(false);
        assert_eq!(
            text,
            "Name                 Score\n\
             two lines and tab     1.00\n\
             red\\x1b[31m\\u{202e}   2.00\n"
        );
        assert!(!text.contains('\x1b') && !text.contains('\u{202e}') && !text.contains('\r'));
        assert!(!t.render(true).contains("\x1b[31m\u{202e}"));
    }

    #[test]
    fn colour_only_when_asked() {
        let mut t = Table::new(&["Gap"]);
        t.row(vec![styled("1.00", Style::Bad)]);
        assert!(!t.render(false).contains('\x1b'));
        assert!(t.render(true).contains("\x1b[31m1.00\x1b[0m"));
    }
}
