//! Aligned terminal tables, coloured only when the caller says the terminal wants colour.

use unicode_width::UnicodeWidthStr;

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

    pub fn render(&self, colour: bool) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.text.width());
            }
        }
        let header: Vec<Cell> = self.headers.iter().map(|h| styled(h.clone(), Style::Bold)).collect();
        let mut out = String::new();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                let pad = " ".repeat(widths[i] - cell.text.width());
                let text = if colour && cell.style != Style::Plain {
                    format!("{}{}\x1b[0m", cell.style.ansi(), cell.text)
                } else {
                    cell.text.clone()
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
    fn colour_only_when_asked() {
        let mut t = Table::new(&["Gap"]);
        t.row(vec![styled("1.00", Style::Bad)]);
        assert!(!t.render(false).contains('\x1b'));
        assert!(t.render(true).contains("\x1b[31m1.00\x1b[0m"));
    }
}
