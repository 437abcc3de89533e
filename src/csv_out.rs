//! CSV output, safe to open in a spreadsheet.

/// A table of text cells written as CSV.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    #[must_use]
    pub fn new(headers: &[&str]) -> Self {
        CsvTable {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for record in std::iter::once(&self.headers).chain(&self.rows) {
            // Writing into memory cannot fail, so an error here would be a csv crate bug.
            let _ = writer.write_record(record.iter().map(|cell| neutralise(cell).into_owned()));
        }
        writer.into_inner().unwrap_or_default()
    }

    /// With a UTF-8 byte-order mark, so that Excel opens accented text correctly.
    #[must_use]
    pub fn to_bytes_with_bom(&self) -> Vec<u8> {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(self.to_bytes());
        bytes
    }
}

/// Cells that a spreadsheet would read as a formula get a leading apostrophe, so they stay text.
#[must_use]
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_plain_number(cell) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn is_plain_number(cell: &str) -> bool {
    cell.starts_with('-') && cell[1..].parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_negative_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+1"), "'+1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("-1.5"), "-1.5");
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn writes_quoted_crlf_csv() {
        let mut t = CsvTable::new(&["a", "b"]);
        t.push(vec!["x,y".into(), "line\nbreak".into()]);
        assert_eq!(
            String::from_utf8(t.to_bytes()).unwrap(),
            "a,b\r\n\"x,y\",\"line\nbreak\"\r\n"
        );
        assert!(t.to_bytes_with_bom().starts_with(&[0xEF, 0xBB, 0xBF]));
    }
}
