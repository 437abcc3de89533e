//! Typed errors and diagnostics shared by every stage.

use std::fmt;
use std::path::PathBuf;

use indexmap::IndexMap;

use crate::text::{plural, shorten, visible};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in an input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    /// Spreadsheet row (the header is row 1), for response sheets, where it can differ from the
    /// text line when cells hold line breaks.
    pub row: Option<usize>,
    /// A workbook cell, such as `Support!C14`, for response workbooks.
    pub cell: Option<String>,
    /// The question a response row answers, so a spreadsheet user can find it by id.
    pub question: Option<String>,
    /// JSON path of the offending value, such as `sections[0].questions[3].maps[0].control`.
    pub path: Option<String>,
    pub message: String,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            row: None,
            cell: None,
            question: None,
            path: None,
            message: message.into(),
            found: None,
            expected: None,
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    #[must_use]
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    #[must_use]
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The spreadsheet row and, when known, the question id of a response row.
    #[must_use]
    pub fn at_row(mut self, row: usize, question: Option<&str>) -> Self {
        self.row = Some(row);
        self.question = question.filter(|q| !q.is_empty()).map(|q| shorten(q).into_owned());
        self
    }

    /// The workbook cell, such as `Support!C14`.
    #[must_use]
    pub fn at_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    /// The offending value, quoted at most [`crate::text::QUOTE_LIMIT`] characters long.
    #[must_use]
    pub fn found(mut self, found: impl fmt::Display) -> Self {
        self.found = Some(shorten(&found.to_string()).into_owned());
        self
    }

    #[must_use]
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Every part may carry text from a user's file: shown visibly, never sent to the terminal raw.
        let show = |text: &str| visible(&shorten(text)).into_owned();
        write!(f, "{label}: {}", show(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, ": {}", show(cell))?;
        }
        match (self.row, &self.question) {
            (Some(row), Some(question)) => write!(f, ": row {row}, question {}", show(question))?,
            (Some(row), None) => write!(f, ": row {row}")?,
            (None, Some(question)) => write!(f, ": question {}", show(question))?,
            (None, None) => {}
        }
        if let Some(path) = &self.path {
            write!(f, ": {}", show(path))?;
        }
        write!(f, ": {}", visible(&self.message))?;
        match (&self.found, &self.expected) {
            (Some(found), Some(expected)) => write!(f, " (found {}, expected {})", show(found), visible(expected))?,
            (Some(found), None) => write!(f, " (found {})", show(found))?,
            (None, Some(expected)) => write!(f, " (expected {})", visible(expected))?,
            (None, None) => {}
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", visible(hint))?;
        }
        Ok(())
    }
}

/// Most problems reported for one file; past it they are counted, so that a file with millions
/// of bad rows costs neither memory nor a flood of output.
pub const DIAGNOSTICS_PER_FILE: usize = 100;

/// Problems counted but not kept, for one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Omitted {
    errors: usize,
    warnings: usize,
}

/// A collection of diagnostics gathered across a whole stage, so that every problem is reported
/// at once: the first [`DIAGNOSTICS_PER_FILE`] of each file in full, the rest as a count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    // Boxed to keep `Error`, and every `Result` that carries it, small.
    tally: Box<Tally>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    kept_per_file: IndexMap<String, usize>,
    omitted: IndexMap<String, Omitted>,
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        let mut all = Diagnostics::default();
        for d in items {
            all.push(d);
        }
        all
    }
}

impl Diagnostics {
    #[must_use]
    pub fn single(diagnostic: Diagnostic) -> Self {
        Diagnostics::from(vec![diagnostic])
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        let kept = self.tally.kept_per_file.entry(diagnostic.file.clone()).or_default();
        if *kept < DIAGNOSTICS_PER_FILE {
            *kept += 1;
            self.items.push(diagnostic);
        } else {
            let omitted = self.tally.omitted.entry(diagnostic.file).or_default();
            if diagnostic.severity == Severity::Error {
                omitted.errors += 1;
            } else {
                omitted.warnings += 1;
            }
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        for (file, counts) in other.tally.omitted {
            let omitted = self.tally.omitted.entry(file).or_default();
            omitted.errors += counts.errors;
            omitted.warnings += counts.warnings;
        }
    }

    /// Gives each kept diagnostic that has a JSON path but no line the line of that path in
    /// `text`, all found in one pass.
    pub fn locate_lines(&mut self, text: &str) {
        let unplaced = |d: &&mut Diagnostic| d.line.is_none() && d.path.is_some();
        let paths: Vec<&str> = self
            .items
            .iter()
            .filter(|d| d.line.is_none())
            .filter_map(|d| d.path.as_deref())
            .collect();
        let mut lines = crate::json_locate::scan(text, &paths).lines.into_iter();
        for d in self.items.iter_mut().filter(unplaced) {
            d.line = lines.next().flatten();
        }
    }

    /// Moves every problem filed under `from` (kept or counted) to `to`.
    pub fn relabel(&mut self, from: &str, to: &str) {
        for d in self.items.iter_mut().filter(|d| d.file == from) {
            d.file = to.to_string();
        }
        if let Some(n) = self.tally.kept_per_file.shift_remove(from) {
            *self.tally.kept_per_file.entry(to.to_string()).or_default() += n;
        }
        if let Some(o) = self.tally.omitted.shift_remove(from) {
            let entry = self.tally.omitted.entry(to.to_string()).or_default();
            entry.errors += o.errors;
            entry.warnings += o.warnings;
        }
    }

    /// Counts problems of `file` found but not kept.
    pub fn count_omitted(&mut self, file: &str, errors: usize, warnings: usize) {
        if errors + warnings > 0 {
            let omitted = self.tally.omitted.entry(file.to_string()).or_default();
            omitted.errors += errors;
            omitted.warnings += warnings;
        }
    }

    /// Whether another problem for `file` would still be kept in full.
    #[must_use]
    pub fn has_room_for(&self, file: &str) -> bool {
        self.tally
            .kept_per_file
            .get(file)
            .is_none_or(|&n| n < DIAGNOSTICS_PER_FILE)
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error) || self.tally.omitted.values().any(|o| o.errors > 0)
    }

    /// The diagnostics kept in full, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Every error found, those past the per-file limit included.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.errors().count() + self.tally.omitted.values().map(|o| o.errors).sum::<usize>()
    }

    /// Every warning found, those past the per-file limit included.
    #[must_use]
    pub fn warning_count(&self) -> usize {
        self.warnings().count() + self.tally.omitted.values().map(|o| o.warnings).sum::<usize>()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.tally.omitted.is_empty()
    }

    /// One line per file whose problems went past the limit, saying how many were not shown.
    #[must_use]
    pub fn omitted_lines(&self) -> Vec<String> {
        self.tally
            .omitted
            .iter()
            .map(|(file, o)| {
                format!(
                    "note: {}: {} more error{} and {} more warning{} not shown (the first {DIAGNOSTICS_PER_FILE} are)",
                    visible(&shorten(file)),
                    o.errors,
                    plural(o.errors),
                    o.warnings,
                    plural(o.warnings)
                )
            })
            .collect()
    }

    /// Turns the collection into an error when it holds at least one error; warnings are handed back.
    pub fn into_result(self) -> Result<Diagnostics, Error> {
        if self.has_errors() {
            Err(Error::Invalid(self))
        } else {
            Ok(self)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: one or more problems in files the user gave us.
    #[error("{}", render_all(.0))]
    Invalid(Diagnostics),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    /// A fault of the tool itself, not of the input: a bundled font or template that fails, a
    /// document that cannot be assembled. Reported as a bug, with its own exit code.
    #[error(
        "internal error: {0}\n  hint: this is a bug in itsm-assess, not a problem with your files; please report it with the command you ran"
    )]
    Internal(String),
    #[error("{}: already exists\n  hint: pass --force to replace it", .0.display())]
    OutputExists(PathBuf),
    #[error("{}: refusing to write over {role}, which this command reads\n  hint: choose another output file; inputs are never changed, with or without --force", .path.display())]
    WouldOverwriteInput { path: PathBuf, role: String },
    #[error("{}: refusing to replace {kind} (expected a regular file)\n  hint: choose another output path; only regular files are ever replaced", .path.display())]
    NotARegularFile { path: PathBuf, kind: &'static str },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The exit status this error ends a command with.
    #[must_use]
    pub fn status(&self) -> Status {
        match self {
            Error::Internal(_) => Status::InternalFault,
            _ => Status::BadInput,
        }
    }

    #[must_use]
    pub fn single(diagnostic: Diagnostic) -> Self {
        Error::Invalid(Diagnostics::single(diagnostic))
    }
}

/// Errors first, so the message of an `Error::Invalid` always starts with `error:`.
fn render_all(diagnostics: &Diagnostics) -> String {
    diagnostics
        .errors()
        .chain(diagnostics.warnings())
        .map(ToString::to_string)
        .chain(diagnostics.omitted_lines())
        .collect::<Vec<_>>()
        .join("\n")
}

/// How a command ended, as its exit code: 0 success, 1 a requested check failed, 2 bad usage or
/// input, 3 a fault of the tool itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    CheckFailed,
    BadInput,
    InternalFault,
}

impl Status {
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::CheckFailed => 1,
            Status::BadInput => 2,
            Status::InternalFault => 3,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_found_expected_and_hint() {
        let d = Diagnostic::error("responses.csv", "answer out of range")
            .at_line(7)
            .found("6")
            .expected("0 to 5, na or empty")
            .hint("levels run from 0 to 5");
        assert_eq!(
            d.to_string(),
            "error: responses.csv:7: answer out of range (found 6, expected 0 to 5, na or empty)\n  hint: levels run from 0 to 5"
        );
    }

    #[test]
    fn renders_json_path_and_warning_label() {
        let d = Diagnostic::warning("custom.json", "control is not mapped").at_path("domains[0].controls[1]");
        assert_eq!(
            d.to_string(),
            "warning: custom.json: domains[0].controls[1]: control is not mapped"
        );
    }

    #[test]
    fn response_rows_show_row_and_question_and_user_text_visibly() {
        let d = Diagnostic::error("r.csv", "answer out of range")
            .at_line(9)
            .at_row(7, Some("SUP-05"))
            .found("\x1b[31m6");
        assert_eq!(
            d.to_string(),
            "error: r.csv:9: row 7, question SUP-05: answer out of range (found \\x1b[31m6)"
        );
    }

    #[test]
    fn long_values_are_quoted_short() {
        let d = Diagnostic::error("f", "bad").found("y".repeat(10_000));
        assert!(d.found.as_deref().unwrap().ends_with("… (9920 more characters)"));
    }

    #[test]
    fn each_file_keeps_a_hundred_problems_and_counts_the_rest() {
        let mut ds = Diagnostics::default();
        for i in 0..150 {
            ds.push(Diagnostic::error("a.csv", format!("e{i}")));
            ds.push(Diagnostic::warning("b.csv", format!("w{i}")));
        }
        assert_eq!(ds.iter().count(), 2 * DIAGNOSTICS_PER_FILE);
        assert_eq!((ds.error_count(), ds.warning_count()), (150, 150));
        assert!(ds.has_errors());
        assert_eq!(
            ds.omitted_lines(),
            vec![
                "note: a.csv: 50 more errors and 0 more warnings not shown (the first 100 are)",
                "note: b.csv: 0 more errors and 50 more warnings not shown (the first 100 are)",
            ]
        );
        let mut merged = Diagnostics::default();
        merged.extend(ds);
        assert_eq!(merged.error_count(), 150);
    }

    #[test]
    fn into_result_fails_only_on_errors() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::warning("a", "w"));
        assert!(ds.clone().into_result().is_ok());
        ds.push(Diagnostic::error("a", "e"));
        assert!(ds.into_result().is_err());
    }
}

#[cfg(test)]
mod status_tests {
    use super::*;

    #[test]
    fn faults_of_the_tool_have_their_own_exit_code_and_say_so() {
        let fault = Error::Internal("the bundled font cannot be parsed".into());
        assert_eq!(fault.status(), Status::InternalFault);
        assert_eq!(fault.status().code(), 3);
        assert!(fault.to_string().contains("this is a bug in itsm-assess"));
        assert_eq!(Error::Usage("bad".into()).status().code(), 2);
        let io = Error::io("x.csv", std::io::Error::other("disk full"));
        assert_eq!(io.status().code(), 2);
        assert!(
            std::error::Error::source(&io).is_some(),
            "the I/O error keeps its source"
        );
        assert_eq!((Status::Success.code(), Status::CheckFailed.code()), (0, 1));
    }
}
