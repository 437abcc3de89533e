//! Answers written into a response file one at a time, for `ask`: the file is read once, each
//! answer changes its row (or adds one), and the whole file is written again, so the caller can
//! save after every answer and an interruption loses at most the question being asked.

use std::path::{Path, PathBuf};

use crate::content::questionnaire::{Question, Questionnaire};
use crate::error::{Diagnostic, Error, Result};
use crate::workspace::assessment::Loaded;
use crate::workspace::responses::{Answer, Response, Responses, is_workbook};
use crate::workspace::{response_sheet, sheet, workbook};

/// A response file open for answers.
pub struct Editor<'a> {
    pub path: PathBuf,
    questionnaire: &'a Questionnaire,
    scope: &'a [String],
    cover: (String, String),
    kind: Kind,
}

enum Kind {
    /// The file's header and rows as text cells, its delimiter and line ends.
    Csv {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        delimiter: u8,
        crlf: bool,
        bom: bool,
    },
    /// The workbook's answers, written again whole.
    Workbook(Responses),
}

impl<'a> Editor<'a> {
    /// The first response file of the assessment, read for editing.
    pub fn open(loaded: &'a Loaded<'a>) -> Result<Self> {
        let Some(first) = loaded.responses.files.first() else {
            return Err(Error::single(
                Diagnostic::error(
                    loaded.file.display().to_string(),
                    "no response file to write answers to",
                )
                .hint("list a response file under \"responses\" in assessment.json"),
            ));
        };
        let path = first.path.clone();
        let label = path.display().to_string();
        let kind = if is_workbook(&path) {
            let mine = loaded
                .responses
                .by_question
                .iter()
                .filter(|(_, r)| *r.file == *label)
                .map(|(id, r)| (id.clone(), r.clone()))
                .collect();
            Kind::Workbook(Responses {
                by_question: mine,
                ..Responses::default()
            })
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            return Err(Error::Usage(format!(
                "{label}: ask writes CSV sheets and workbooks, not JSON\n  hint: export the answers with `itsm-assess sheet DIR --format csv` and list that file first"
            )));
        } else {
            csv_kind(&path)?
        };
        Ok(Editor {
            path,
            questionnaire: loaded.questionnaire,
            scope: &loaded.assessment.frameworks,
            cover: (loaded.assessment.organization.clone(), loaded.assessment.date.clone()),
            kind,
        })
    }

    /// Sets a question's answer, comment and evidence, adding its row when the file has none.
    pub fn set(&mut self, question: &Question, answer: Answer, comment: &str, evidence: &str) {
        let cell = match answer {
            Answer::Level(level) => level.to_string(),
            Answer::NotApplicable => "na".to_string(),
            Answer::Unanswered => String::new(),
        };
        match &mut self.kind {
            Kind::Csv { headers, rows, .. } => {
                let column = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
                };
                let (Some(id), Some(answer_at)) = (column("question_id"), column("answer")) else {
                    return;
                };
                let found = rows
                    .iter()
                    .position(|r| r.get(id).is_some_and(|c| c.trim() == question.id));
                let index = found.unwrap_or_else(|| {
                    rows.push(new_row(self.questionnaire, self.scope, headers, question));
                    rows.len() - 1
                });
                let row = &mut rows[index];
                row.resize(headers.len(), String::new());
                row[answer_at] = cell;
                for (name, value) in [("comment", comment), ("evidence", evidence)] {
                    if let Some(at) = column(name) {
                        row[at] = value.to_string();
                    }
                }
            }
            Kind::Workbook(responses) => {
                let file = self.path.display().to_string();
                responses.by_question.insert(
                    question.id.clone(),
                    Response {
                        question_id: question.id.clone(),
                        answer,
                        comment: comment.to_string(),
                        evidence: evidence.to_string(),
                        file: file.into(),
                        line: 0,
                        row: None,
                        sheet: None,
                        respondent: None,
                        asked_as: String::new(),
                    },
                );
            }
        }
    }

    /// The file as it now stands.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        match &self.kind {
            Kind::Csv {
                headers,
                rows,
                delimiter,
                crlf,
                bom,
            } => {
                let mut writer = csv::WriterBuilder::new()
                    .delimiter(*delimiter)
                    .terminator(if *crlf {
                        csv::Terminator::CRLF
                    } else {
                        csv::Terminator::Any(b'\n')
                    })
                    .from_writer(if *bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() });
                // Writing to memory cannot fail.
                let _ = writer.write_record(headers);
                for row in rows {
                    let _ = writer.write_record(row);
                }
                Ok(writer.into_inner().unwrap_or_default())
            }
            Kind::Workbook(responses) => {
                let scope = self.scope;
                let keep = |q: &Question| q.maps_any(scope) || responses.by_question.contains_key(&q.id);
                workbook::write_selected(
                    self.questionnaire,
                    &keep,
                    Some(responses),
                    &workbook::Cover {
                        organization: &self.cover.0,
                        date: &self.cover.1,
                        frameworks: scope,
                    },
                )
            }
        }
    }
}

fn csv_kind(path: &Path) -> Result<Kind> {
    let label = path.display().to_string();
    let bytes = crate::input::read_bytes(path).map_err(|d| Error::single(*d))?;
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let text = crate::input::text_from_bytes(&label, bytes).map_err(|d| Error::single(*d))?;
    let delimiter = sheet::detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(header)) => header.iter().map(str::to_string).collect(),
        _ => {
            return Err(Error::single(
                Diagnostic::error(&label, "cannot read the CSV header").at_line(1),
            ));
        }
    };
    let rows = records
        .filter_map(std::result::Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    Ok(Kind::Csv {
        headers,
        rows,
        delimiter,
        crlf: text.contains("\r\n"),
        bom,
    })
}

/// A question's row in the file's own columns, as `init` writes it.
fn new_row(questionnaire: &Questionnaire, scope: &[String], headers: &[String], question: &Question) -> Vec<String> {
    let all = response_sheet(questionnaire, scope, None);
    let source = all.rows.iter().find(|r| r[0] == question.id);
    headers
        .iter()
        .map(|name| {
            let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            all.headers
                .iter()
                .position(|h| *h == name)
                .and_then(|i| source.map(|r| r[i].clone()))
                .unwrap_or_else(|| {
                    if name == "question_id" {
                        question.id.clone()
                    } else {
                        String::new()
                    }
                })
        })
        .collect()
}
