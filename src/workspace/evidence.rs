//! The evidence register, `evidence.csv`: one row per document of the catalogs in scope, with what
//! the assessor found. Only a document `seen` counts as evidence; `claimed` (said to exist, not
//! shown) is an observation; `missing` (does not exist) is a finding; a blank status means not yet
//! checked. It round-trips through a spreadsheet like the response files.

use std::collections::HashSet;
use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;

use crate::content::catalog::Catalog;
use crate::content::nearest;
use crate::error::{Diagnostic, Diagnostics};
use crate::input::{read_bytes, text_from_bytes};
use crate::workspace::responses::ResponseFile;
use crate::workspace::sheet;

pub const DEFAULT_EVIDENCE_FILE: &str = "evidence.csv";

/// The register's columns, as `init` writes them; `document` and `status` are required.
pub const COLUMNS: [&str; 7] = [
    "document",
    "title",
    "version",
    "date",
    "status",
    "provided_by",
    "reference",
];

/// What a status cell may hold, as error messages say it.
pub const STATUS_RULE: &str = "seen, claimed, missing or empty";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Seen,
    Claimed,
    Missing,
    /// Not in the register, or its status left blank: nobody has checked it yet.
    NotRecorded,
}

impl DocumentStatus {
    /// Reads a status cell; case and surrounding spaces do not matter.
    #[must_use]
    pub fn parse(raw: &str) -> Option<DocumentStatus> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "seen" => Some(DocumentStatus::Seen),
            "claimed" => Some(DocumentStatus::Claimed),
            "missing" => Some(DocumentStatus::Missing),
            "" => Some(DocumentStatus::NotRecorded),
            _ => None,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            DocumentStatus::Seen => "seen",
            DocumentStatus::Claimed => "claimed",
            DocumentStatus::Missing => "missing",
            DocumentStatus::NotRecorded => "not recorded",
        }
    }
}

/// One row of the register.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub document: String,
    pub title: String,
    pub version: String,
    pub date: String,
    pub status: DocumentStatus,
    pub provided_by: String,
    pub reference: String,
}

/// The register as read: its file's fingerprint and a record per document id.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub file: Option<ResponseFile>,
    pub records: IndexMap<String, Record>,
}

impl Register {
    #[must_use]
    pub fn status(&self, document: &str) -> DocumentStatus {
        self.records
            .get(document)
            .map_or(DocumentStatus::NotRecorded, |r| r.status)
    }

    #[must_use]
    pub fn record(&self, document: &str) -> Option<&Record> {
        self.records.get(document)
    }
}

/// Reads and checks the register against the documents of `catalogs`: every problem at once, each
/// with its line and spreadsheet row and the document id.
#[must_use]
pub fn read(path: &Path, catalogs: &[&Catalog]) -> (Register, Diagnostics) {
    let label = path.display().to_string();
    let mut register = Register::default();
    let text = match read_bytes(path).and_then(|bytes| {
        register.file = Some(ResponseFile::of(path, &bytes));
        text_from_bytes(&label, bytes)
    }) {
        Ok(text) => text,
        Err(d) => return (register, Diagnostics::single(*d)),
    };
    let known: HashSet<&str> = catalogs
        .iter()
        .flat_map(|c| c.documents.iter().map(|d| d.id.as_str()))
        .collect();
    let mut problems = Diagnostics::default();
    let mut listed: HashSet<String> = HashSet::new();
    if known.is_empty() {
        problems.push(
            Diagnostic::warning(
                &label,
                "the evidence register is not used: no framework in scope lists documents",
            )
            .hint("it records the documents of ISO/IEC 20000-1 (iso20000); add that framework to the scope to use it"),
        );
        return (register, problems);
    }
    let read = sheet::read(&label, &text, &COLUMNS[..1], &COLUMNS[1..], &mut |row| {
        let [document, title, version, date, status, provided_by, reference] = row.cells.as_slice() else {
            return;
        };
        let document = document.trim();
        let at = |message: &str| {
            let message = if document.is_empty() {
                message.to_string()
            } else {
                format!("document {}: {message}", crate::text::shorten(document))
            };
            Diagnostic::error(&label, message)
                .at_line(row.line)
                .at_row(row.row, None)
        };
        let mut ok = true;
        if !known.contains(document) {
            let mut d = Diagnostic::error(&label, "unknown document")
                .at_line(row.line)
                .at_row(row.row, None)
                .found(document);
            if let Some(near) = nearest(document, known.iter().copied()) {
                d = d.hint(format!("did you mean {near}?"));
            } else {
                d = d.hint("the document column takes the ids `itsm-assess frameworks show iso20000` lists");
            }
            problems.push(d);
            ok = false;
        } else if !listed.insert(document.to_string()) {
            problems.push(at("document listed twice").found(document));
            ok = false;
        }
        let status = DocumentStatus::parse(status);
        if status.is_none() {
            problems.push(
                at("bad status")
                    .found(crate::text::shorten(row.cells[4].trim()))
                    .expected(STATUS_RULE),
            );
            ok = false;
        }
        let date = date.trim();
        if !date.is_empty() && crate::workspace::assessment::parse_date(date).is_none() {
            problems.push(
                at("bad date")
                    .found(crate::text::shorten(date))
                    .expected("a calendar date written YYYY-MM-DD, or empty"),
            );
            ok = false;
        }
        if let (true, Some(status)) = (ok, status) {
            register.records.insert(
                document.to_string(),
                Record {
                    document: document.to_string(),
                    title: title.trim().to_string(),
                    version: version.trim().to_string(),
                    date: date.to_string(),
                    status,
                    provided_by: provided_by.trim().to_string(),
                    reference: reference.trim().to_string(),
                },
            );
        }
    });
    if let Err(found) = read {
        problems.extend(found);
    }
    (register, problems)
}

/// The register `init` writes: every document of `catalogs`, required ones first, status blank.
#[must_use]
pub fn template(catalogs: &[&Catalog]) -> crate::csv_out::CsvTable {
    let mut table = crate::csv_out::CsvTable::new(&COLUMNS);
    let documents = catalogs.iter().flat_map(|c| &c.documents);
    for document in documents
        .clone()
        .filter(|d| d.required)
        .chain(documents.filter(|d| !d.required))
    {
        table.push(vec![
            document.id.clone(),
            document.title.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_in_any_case_and_blank_is_not_recorded() {
        assert_eq!(DocumentStatus::parse(" Seen "), Some(DocumentStatus::Seen));
        assert_eq!(DocumentStatus::parse("CLAIMED"), Some(DocumentStatus::Claimed));
        assert_eq!(DocumentStatus::parse("missing"), Some(DocumentStatus::Missing));
        assert_eq!(DocumentStatus::parse(""), Some(DocumentStatus::NotRecorded));
        assert_eq!(DocumentStatus::parse("None seen"), None);
        assert_eq!(DocumentStatus::parse("yes"), None);
    }
}
