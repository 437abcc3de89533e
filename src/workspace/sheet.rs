//! Sheets saved as CSV, by the tool or by a spreadsheet: the response files and the evidence
//! register. Delimiter, header names in any case and order, multi-line cells, and the line and
//! spreadsheet row of every record for messages.

use crate::error::{Diagnostic, Diagnostics};

/// One record: its cells in the order the columns were asked for, where it starts as a text line
/// and as a spreadsheet row.
#[derive(Debug)]
pub struct Row {
    pub cells: Vec<String>,
    pub line: usize,
    pub row: usize,
}

/// The delimiter of a header line: whichever of `,`, `;` and tab occurs most outside quotes.
#[must_use]
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.split(['\n', '\r']).next().unwrap_or("");
    let mut counts = [(0usize, b','), (0, b';'), (0, b'\t')];
    let mut quoted = false;
    for c in header.bytes() {
        match c {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                if let Some(entry) = counts.iter_mut().find(|(_, d)| *d == c) {
                    entry.0 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(n, d)| (*n, *d == b','))
        .map_or(b',', |(_, d)| *d)
}

/// Reads a sheet saved as CSV, calling `accept` with each non-empty row's cells: the `required`
/// columns then the `optional` ones, in that order, found by header name in any case and order (a
/// column absent gives empty cells). Problems carry the file, its line and the spreadsheet row.
pub fn read(
    label: &str,
    text: &str,
    required: &[&str],
    optional: &[&str],
    accept: &mut dyn FnMut(Row),
) -> Result<(), Diagnostics> {
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            return Err(Diagnostics::single(
                Diagnostic::error(label, "cannot read the CSV header")
                    .at_line(1)
                    .found(e),
            ));
        }
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut missing = Diagnostics::default();
    for name in required.iter().filter(|name| column(name).is_none()) {
        missing.push(
            Diagnostic::error(label, format!("missing required column {name}"))
                .at_line(1)
                .at_row(1, None)
                .found(format!("columns {}", headers.join(", ")))
                .expected(required.join(" and ")),
        );
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let columns: Vec<Option<usize>> = required.iter().chain(optional).map(|name| column(name)).collect();
    let mut problems = Diagnostics::default();
    let mut position = PositionCounter::new(text, delimiter);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, row) = e
                    .position()
                    .map_or((0, 0), |p| position.at(usize::try_from(p.byte()).unwrap_or(usize::MAX)));
                problems.push(
                    Diagnostic::error(label, "unreadable CSV row")
                        .at_line(line)
                        .at_row(row, None)
                        .found(e),
                );
                continue;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (line, row) = record
            .position()
            .map_or((0, 0), |p| position.at(usize::try_from(p.byte()).unwrap_or(usize::MAX)));
        let cells = columns
            .iter()
            .map(|i| i.and_then(|i| record.get(i)).unwrap_or("").to_string())
            .collect();
        accept(Row { cells, line, row });
    }
    if let Some((line, row)) = position.unclosed_quote() {
        problems.push(
            Diagnostic::error(
                label,
                "a quoted cell is never closed, so the rest of the file was read as one cell",
            )
            .at_line(line)
            .at_row(row, None)
            .hint("close the quote (\") that opens a cell on this row, or remove it"),
        );
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The text line and the spreadsheet row a record starts on. A spreadsheet starts a row at every
/// line end outside quotes; a text editor starts a line at every line end, quoted or not, so a
/// comment with line breaks puts the two apart. Both count LF, CRLF and a lone CR (as old Mac
/// spreadsheets save) as one line end. Quotes follow the CSV rule the reader applies: a quote
/// opens a quoted cell only at the start of a cell, `""` inside one is a quote, and `5" screen`
/// in a plain cell is text. Records come in order, so counting resumes where it stopped, and the
/// whole file is scanned once.
struct PositionCounter<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    offset: usize,
    line: usize,
    row: usize,
    quoted: bool,
    cell_start: bool,
    /// Where the quoted cell now open began, as (line, row).
    opened_at: (usize, usize),
}

impl<'a> PositionCounter<'a> {
    fn new(text: &'a str, delimiter: u8) -> Self {
        PositionCounter {
            bytes: text.as_bytes(),
            delimiter,
            offset: 0,
            line: 1,
            row: 1,
            quoted: false,
            cell_start: true,
            opened_at: (1, 1),
        }
    }

    fn at(&mut self, byte: usize) -> (usize, usize) {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.offset {
            let text = std::str::from_utf8(self.bytes).unwrap_or("");
            *self = PositionCounter::new(text, self.delimiter);
        }
        self.advance(start);
        (self.line, self.row)
    }

    /// Scans to `end`, jumping over the bytes that cannot change the count: inside quotes all but
    /// quotes and line ends, outside them all but delimiters and line ends (a quote outside a
    /// quoted cell matters only where a cell starts, and that is where the scan stands).
    fn advance(&mut self, end: usize) {
        let mut i = self.offset;
        while i < end {
            let rest = &self.bytes[i..end];
            let skipped = if self.quoted {
                memchr::memchr3(b'"', b'\n', b'\r', rest)
            } else if self.cell_start && rest[0] == b'"' {
                Some(0)
            } else {
                memchr::memchr3(self.delimiter, b'\n', b'\r', rest)
            };
            let Some(skipped) = skipped else {
                if !self.quoted {
                    self.cell_start = false;
                }
                break;
            };
            if skipped > 0 && !self.quoted {
                self.cell_start = false;
            }
            i = self.step(i + skipped);
        }
        self.offset = end.max(self.offset);
    }

    /// Counts the byte at `i`; returns where the scan goes on.
    fn step(&mut self, mut i: usize) -> usize {
        let byte = self.bytes[i];
        let next = self.bytes.get(i + 1).copied();
        let line_end = byte == b'\n' || (byte == b'\r' && next != Some(b'\n'));
        if self.quoted {
            if byte == b'"' && next == Some(b'"') {
                i += 1;
            } else if byte == b'"' {
                self.quoted = false;
            } else if line_end {
                self.line += 1;
            }
        } else if byte == b'"' && self.cell_start {
            self.quoted = true;
            self.opened_at = (self.line, self.row);
            self.cell_start = false;
        } else if line_end {
            self.line += 1;
            self.row += 1;
            self.cell_start = true;
        } else {
            self.cell_start = byte == self.delimiter || byte == b'\r';
        }
        i + 1
    }

    /// Where a quoted cell opened that the file never closes, if one did: everything after it
    /// was read as that one cell.
    fn unclosed_quote(&mut self) -> Option<(usize, usize)> {
        self.advance(self.bytes.len());
        self.quoted.then_some(self.opened_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count byte by byte, as it was before the scan jumped: the reference for the jumping one.
    fn positions_byte_by_byte(text: &str, delimiter: u8, stops: &[usize]) -> Vec<(usize, usize)> {
        let mut counter = PositionCounter::new(text, delimiter);
        let mut found = Vec::new();
        for &stop in stops {
            let mut start = stop.min(text.len());
            while start < text.len() && matches!(text.as_bytes()[start], b'\r' | b'\n') {
                start += 1;
            }
            if start < counter.offset {
                counter = PositionCounter::new(text, delimiter);
            }
            let mut i = counter.offset;
            while i < start {
                i = counter.step(i);
            }
            counter.offset = start.max(counter.offset);
            found.push((counter.line, counter.row));
        }
        found.push(counter.unclosed_quote().unwrap_or((0, 0)));
        found
    }

    #[test]
    fn lines_and_rows_count_quoted_breaks_and_every_line_end() {
        let text = "id,answer\r\nA,\"x\ny\"\rB,5\" screen\n\"C\"\"\r\n\",1\nD,2";
        let mut counter = PositionCounter::new(text, b',');
        let starts: Vec<_> = ["A,", "B,", "\"C", "D,"]
            .iter()
            .map(|s| text.find(s).unwrap())
            .collect();
        let found: Vec<_> = starts.iter().map(|&s| counter.at(s)).collect();
        assert_eq!(found, [(2, 2), (4, 3), (5, 4), (7, 5)]);
        assert_eq!(counter.unclosed_quote(), None);
        assert_eq!(PositionCounter::new("a,\"open\nb", b',').unclosed_quote(), Some((1, 1)));
    }

    proptest::proptest! {
        #[test]
        fn jumping_scan_counts_like_the_byte_scan(
            text in "[a\",;\r\n\t ]{0,60}",
            stops in proptest::collection::vec(0usize..70, 0..6),
        ) {
            for delimiter in [b',', b';', b'\t'] {
                let mut counter = PositionCounter::new(&text, delimiter);
                let mut found: Vec<_> = stops.iter().map(|&s| counter.at(s)).collect();
                found.push(counter.unclosed_quote().unwrap_or((0, 0)));
                proptest::prop_assert_eq!(found, positions_byte_by_byte(&text, delimiter, &stops));
            }
        }
    }

    #[test]
    fn delimiter_is_detected_from_the_header() {
        assert_eq!(detect_delimiter("question_id;answer;comment\n1;2;\"a,b,c,d\""), b';');
        assert_eq!(detect_delimiter("question_id,answer\n"), b',');
        assert_eq!(detect_delimiter("\"a;b;c\",answer\n"), b',');
        assert_eq!(detect_delimiter("question_id\tanswer\n"), b'\t');
        assert_eq!(detect_delimiter("question_id\n"), b',');
        assert_eq!(detect_delimiter("question_id;answer\r1,2,3,4,5\r"), b';');
    }
}
