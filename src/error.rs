//! Typed errors and diagnostics shared by every stage.

use std::fmt;
use std::path::PathBuf;

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

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn found(mut self, found: impl fmt::Display) -> Self {
        self.found = Some(found.to_string());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

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
        write!(f, "{label}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": {path}")?;
        }
        write!(f, ": {}", self.message)?;
        match (&self.found, &self.expected) {
            (Some(found), Some(expected)) => write!(f, " (found {found}, expected {expected})")?,
            (Some(found), None) => write!(f, " (found {found})")?,
            (None, Some(expected)) => write!(f, " (expected {expected})")?,
            (None, None) => {}
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A collection of diagnostics gathered across a whole stage, so that every problem is reported at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{}: already exists\n  hint: pass --force to replace it", .0.display())]
    OutputExists(PathBuf),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            message: err.to_string(),
        }
    }

    pub fn single(diagnostic: Diagnostic) -> Self {
        Error::Invalid(Diagnostics(vec![diagnostic]))
    }
}

fn render_all(diagnostics: &Diagnostics) -> String {
    diagnostics
        .0
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
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
    fn into_result_fails_only_on_errors() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::warning("a", "w"));
        assert!(ds.clone().into_result().is_ok());
        ds.push(Diagnostic::error("a", "e"));
        assert!(ds.into_result().is_err());
    }
}
