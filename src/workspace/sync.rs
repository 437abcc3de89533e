//! Bringing the response files in line with the assessment's scope after it changed (a framework
//! added to `frameworks` after `init`): the questions newly in scope get rows, every existing row
//! is kept as it is, and rows now out of scope are listed, never deleted.
//!
//! The new rows go into the first response file. A CSV file keeps its bytes and gets the rows
//! appended in its own delimiter and line ends; a workbook is written again with every answer,
//! comment and evidence it held (and its rows out of scope); a JSON file gets entries appended to
//! `responses`. The caller keeps the previous file as a numbered backup.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::content::questionnaire::Question;
use crate::error::{Diagnostic, Error, Result};
use crate::workspace::assessment::Loaded;
use crate::workspace::responses::{Responses, is_workbook};
use crate::workspace::{response_sheet, sheet, workbook};

/// What `sync` finds: the rows to add, where, and the rows no longer in scope.
pub struct Plan<'a> {
    /// The response file the new rows go into: the first listed.
    pub file: PathBuf,
    /// Questions in scope that no response file has a row for, in questionnaire order.
    pub missing: Vec<&'a Question>,
    /// Rows whose question maps no framework in scope any more: (question id, where it is).
    pub out_of_scope: Vec<(String, String)>,
}

/// Compares the scope with the rows of every response file.
pub fn plan<'a>(loaded: &Loaded<'a>) -> Result<Plan<'a>> {
    let Some(first) = loaded.responses.files.first() else {
        return Err(Error::single(
            Diagnostic::error(loaded.file.display().to_string(), "no response file to bring in line")
                .hint("list a response file under \"responses\" in assessment.json"),
        ));
    };
    let scope = &loaded.assessment.frameworks;
    let present = &loaded.responses.by_question;
    let missing = loaded
        .questionnaire
        .questions()
        .map(|(_, q)| q)
        .filter(|q| q.maps_any(scope) && !present.contains_key(&q.id))
        .collect();
    let out_of_scope = present
        .values()
        .filter(|r| {
            loaded
                .questionnaire
                .question(&r.question_id)
                .is_some_and(|q| !q.maps_any(scope))
        })
        .map(|r| {
            let place = match (&r.sheet, r.row) {
                (Some(sheet), Some(row)) => format!("{} {} row {row}", r.file, workbook::sheet_reference(sheet)),
                (None, Some(row)) => format!("{} row {row}", r.file),
                _ => format!("{}:{}", r.file, r.line),
            };
            (r.question_id.clone(), place)
        })
        .collect();
    Ok(Plan {
        file: first.path.clone(),
        missing,
        out_of_scope,
    })
}

/// The first response file with the missing rows added.
pub fn apply(loaded: &Loaded<'_>, plan: &Plan<'_>) -> Result<Vec<u8>> {
    let bytes = crate::input::read_bytes(&plan.file).map_err(|d| Error::single(*d))?;
    let label = plan.file.display().to_string();
    if is_workbook(&plan.file) {
        return rewrite_workbook(loaded, &label);
    }
    let text = crate::input::text_from_bytes(&label, bytes.clone()).map_err(|d| Error::single(*d))?;
    if plan.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        return append_json(&text, plan, &label);
    }
    Ok(append_csv(loaded, plan, bytes, &text))
}

/// The new rows in the file's own columns, delimiter and line ends, after its bytes unchanged.
fn append_csv(loaded: &Loaded<'_>, plan: &Plan<'_>, mut bytes: Vec<u8>, text: &str) -> Vec<u8> {
    let delimiter = sheet::detect_delimiter(text);
    let crlf = text.contains("\r\n");
    let header: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .next()
        .and_then(std::result::Result::ok)
        .map(|r| r.iter().map(|h| h.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let wanted: HashSet<&str> = plan.missing.iter().map(|q| q.id.as_str()).collect();
    let all = response_sheet(loaded.questionnaire, &loaded.assessment.frameworks, None);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for row in all.rows.iter().filter(|row| wanted.contains(row[0].as_str())) {
        let cells = header.iter().map(|name| {
            all.headers
                .iter()
                .position(|h| h == name)
                .map_or("", |i| row[i].as_str())
        });
        // Writing to memory cannot fail.
        let _ = writer.write_record(cells);
    }
    let rows = writer.into_inner().unwrap_or_default();
    if !bytes.is_empty() && !bytes.ends_with(b"\n") && !bytes.ends_with(b"\r") {
        bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    bytes.extend_from_slice(&rows);
    bytes
}

/// The workbook written again: its own answers, comments and evidence, its rows out of scope,
/// and the questions newly in scope.
fn rewrite_workbook(loaded: &Loaded<'_>, label: &str) -> Result<Vec<u8>> {
    let mine = Responses {
        by_question: loaded
            .responses
            .by_question
            .iter()
            .filter(|(_, r)| &*r.file == label)
            .map(|(id, r)| (id.clone(), r.clone()))
            .collect(),
        ..Responses::default()
    };
    let scope = &loaded.assessment.frameworks;
    let keep = |q: &Question| q.maps_any(scope) || mine.by_question.contains_key(&q.id);
    workbook::write_selected(
        loaded.questionnaire,
        &keep,
        Some(&mine),
        &workbook::Cover {
            organization: &loaded.assessment.organization,
            date: &loaded.assessment.date,
            frameworks: scope,
        },
    )
}

/// Entries appended to the file's `responses`, each with an empty answer; every other value as
/// it was.
fn append_json(text: &str, plan: &Plan<'_>, label: &str) -> Result<Vec<u8>> {
    let mut file: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::single(crate::input::json_error(label, &e)))?;
    let Some(list) = file.get_mut("responses").and_then(serde_json::Value::as_array_mut) else {
        return Err(Error::single(
            Diagnostic::error(label, "no responses array to add rows to").expected("{\"responses\": [...]}"),
        ));
    };
    for q in &plan.missing {
        list.push(serde_json::json!({ "question_id": q.id, "answer": null }));
    }
    let mut out =
        serde_json::to_string_pretty(&file).map_err(|e| Error::Internal(format!("cannot write {label}: {e}")))?;
    out.push('\n');
    Ok(out.into_bytes())
}
