//! Responses: answers read from CSV (as the tool writes it, or as a spreadsheet saves it back) or JSON.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;

use crate::content::nearest;
use crate::error::{Diagnostic, Diagnostics};
use crate::input::{json_error, text_from_bytes};
use crate::json_locate;
use crate::questionnaire::Questionnaire;

/// One answer: a level 0 to 5, not applicable, or not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Level(u8),
    NotApplicable,
    Unanswered,
}

impl Answer {
    pub fn level(self) -> Option<u8> {
        match self {
            Answer::Level(level) => Some(level),
            _ => None,
        }
    }

    /// The answer for people: "3 Defined", "not applicable" or "not answered".
    pub fn describe(self, questionnaire: &crate::questionnaire::Questionnaire) -> String {
        match self {
            Answer::Level(l) => format!("{l} {}", questionnaire.level_name(l)),
            Answer::NotApplicable => "not applicable".into(),
            Answer::Unanswered => "not answered".into(),
        }
    }

    /// Parses a cell: an integer 0 to 5, `na` or `n/a` in any case, or empty; surrounding spaces ignored.
    pub fn parse(raw: &str) -> Result<Answer, &'static str> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(Answer::Unanswered);
        }
        if text.eq_ignore_ascii_case("na") || text.eq_ignore_ascii_case("n/a") {
            return Ok(Answer::NotApplicable);
        }
        if let Ok(number) = text.parse::<i64>() {
            return u8::try_from(number)
                .ok()
                .filter(|&n| n <= 5)
                .map(Answer::Level)
                .ok_or("answer out of range");
        }
        match text.parse::<f64>() {
            Ok(number) if number.fract() == 0.0 && (0.0..=5.0).contains(&number) => Ok(Answer::Level(number as u8)),
            Ok(number) if number.is_finite() && (0.0..=5.0).contains(&number) => Err("answer is not a whole level"),
            Ok(_) => Err("answer out of range"),
            Err(_) => Err("answer is not a level"),
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Level(level) => serializer.serialize_u8(*level),
            Answer::NotApplicable => serializer.serialize_str("na"),
            Answer::Unanswered => serializer.serialize_none(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    pub question_id: String,
    pub answer: Answer,
    pub comment: String,
    pub evidence: String,
    pub file: String,
    pub line: usize,
}

/// Answers by question id, in the order they were read.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    pub by_question: IndexMap<String, Response>,
    /// The files read, in order, with a fingerprint that ties a report to its data.
    pub files: Vec<ResponseFile>,
}

impl Responses {
    pub fn answer(&self, question_id: &str) -> Answer {
        self.by_question
            .get(question_id)
            .map_or(Answer::Unanswered, |r| r.answer)
    }

    pub fn get(&self, question_id: &str) -> Option<&Response> {
        self.by_question.get(question_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseFile {
    pub path: PathBuf,
    pub bytes: usize,
    /// SHA-256 of the file's bytes, in lower-case hex.
    pub sha256: String,
}

/// A row as read, before its answer and question id are checked.
#[derive(Debug)]
struct RawRow {
    question_id: String,
    answer: String,
    comment: String,
    evidence: String,
    line: usize,
}

/// Reads every response file and checks every row against the questionnaire and the scope.
pub fn read_all(files: &[PathBuf], questionnaire: &Questionnaire, scope: &[String]) -> (Responses, Diagnostics) {
    let mut responses = Responses::default();
    let mut diagnostics = Diagnostics::default();
    let known: BTreeMap<&str, bool> = questionnaire
        .questions()
        .map(|(_, q)| (q.id.as_str(), q.maps_any(scope)))
        .collect();
    for file in files {
        let label = file.display().to_string();
        let rows = match read_rows(file) {
            Ok((rows, fingerprint)) => {
                responses.files.push(fingerprint);
                rows
            }
            Err(found) => {
                diagnostics.extend(found);
                continue;
            }
        };
        for row in rows {
            let at = |message: &str| Diagnostic::error(&label, message).at_line(row.line);
            let answer = match Answer::parse(&row.answer) {
                Ok(answer) => answer,
                Err(message) => {
                    diagnostics.push(
                        at(message)
                            .found(format!("{:?}", row.answer.trim()))
                            .expected("0 to 5, na or empty"),
                    );
                    continue;
                }
            };
            match known.get(row.question_id.as_str()) {
                None => {
                    let mut d = at("unknown question id").found(&row.question_id);
                    if let Some(near) = nearest(&row.question_id, known.keys().copied()) {
                        d = d.hint(format!("did you mean {near}?"));
                    }
                    diagnostics.push(d);
                    continue;
                }
                Some(false) if answer != Answer::Unanswered => diagnostics.push(
                    Diagnostic::warning(
                        &label,
                        "the question maps to no framework in scope; its answer is ignored",
                    )
                    .at_line(row.line)
                    .found(&row.question_id),
                ),
                Some(_) => {}
            }
            if let Some(first) = responses.by_question.get(&row.question_id) {
                diagnostics.push(
                    at("duplicate question id")
                        .found(&row.question_id)
                        .hint(format!("first answered at {}:{}", first.file, first.line)),
                );
                continue;
            }
            responses.by_question.insert(
                row.question_id.clone(),
                Response {
                    question_id: row.question_id,
                    answer,
                    comment: row.comment.trim().to_string(),
                    evidence: row.evidence.trim().to_string(),
                    file: label.clone(),
                    line: row.line,
                },
            );
        }
    }
    (responses, diagnostics)
}

fn read_rows(path: &Path) -> Result<(Vec<RawRow>, ResponseFile), Diagnostics> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostics(vec![Diagnostic::error(&label, "cannot read the file").found(e)]))?;
    let fingerprint = ResponseFile {
        path: path.to_path_buf(),
        bytes: bytes.len(),
        sha256: sha256_hex(&bytes),
    };
    let text = text_from_bytes(&label, bytes).map_err(|d| Diagnostics(vec![*d]))?;
    let rows = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        read_json(&label, &text)?
    } else {
        read_csv(&label, &text)?
    };
    Ok((rows, fingerprint))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The delimiter of a header line: whichever of `,`, `;` and tab occurs most outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
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

fn read_csv(label: &str, text: &str) -> Result<Vec<RawRow>, Diagnostics> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            return Err(Diagnostics(vec![
                Diagnostic::error(label, "cannot read the CSV header")
                    .at_line(1)
                    .found(e),
            ]));
        }
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut missing = Diagnostics::default();
    for required in ["question_id", "answer"] {
        if column(required).is_none() {
            missing.push(
                Diagnostic::error(label, format!("missing required column {required}"))
                    .at_line(1)
                    .found(format!("columns {}", headers.join(", ")))
                    .expected("question_id and answer"),
            );
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let (qid, answer) = (column("question_id").unwrap_or(0), column("answer").unwrap_or(0));
    let (comment, evidence) = (column("comment"), column("evidence"));
    let mut rows = Vec::new();
    let mut problems = Diagnostics::default();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(Diagnostic::error(label, "unreadable CSV row").at_line(line).found(e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte() as usize));
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let question_id = cell(Some(qid)).trim().to_string();
        if question_id.is_empty() {
            problems.push(Diagnostic::error(label, "row without a question_id").at_line(line));
            continue;
        }
        rows.push(RawRow {
            question_id,
            answer: cell(Some(answer)),
            comment: cell(comment),
            evidence: cell(evidence),
            line,
        });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// The line a record starts on. The csv crate's own line count lags by one after CRLF line ends,
/// so lines are counted from byte offsets, past the line ends that precede the record. Records come
/// in order, so counting resumes where the previous record's count stopped.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.offset..start].iter().filter(|&&b| b == b'\n').count();
        self.offset = start;
        self.line
    }
}

#[derive(serde::Deserialize)]
struct JsonFile {
    responses: Vec<JsonResponse>,
}

#[derive(serde::Deserialize)]
struct JsonResponse {
    question_id: String,
    #[serde(default)]
    answer: serde_json::Value,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    evidence: Option<String>,
}

fn read_json(label: &str, text: &str) -> Result<Vec<RawRow>, Diagnostics> {
    let file: JsonFile = serde_json::from_str(text).map_err(|e| Diagnostics(vec![json_error(label, &e)]))?;
    let mut problems = Diagnostics::default();
    let mut rows = Vec::new();
    for (i, response) in file.responses.into_iter().enumerate() {
        let line = json_locate::line_of(text, &format!("responses[{i}]")).unwrap_or(0);
        let answer = match response.answer {
            serde_json::Value::Null => String::new(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s,
            other => {
                problems.push(
                    Diagnostic::error(label, "answer is not a level")
                        .at_line(line)
                        .found(other)
                        .expected("0 to 5, \"na\" or null"),
                );
                continue;
            }
        };
        rows.push(RawRow {
            question_id: response.question_id.trim().to_string(),
            answer,
            comment: response.comment.unwrap_or_default(),
            evidence: response.evidence.unwrap_or_default(),
            line,
        });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_sha256_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn answers_parse_levels_na_and_blank() {
        assert_eq!(Answer::parse(" 3 "), Ok(Answer::Level(3)));
        assert_eq!(Answer::parse("0"), Ok(Answer::Level(0)));
        assert_eq!(Answer::parse("5"), Ok(Answer::Level(5)));
        assert_eq!(Answer::parse("NA"), Ok(Answer::NotApplicable));
        assert_eq!(Answer::parse("n/A"), Ok(Answer::NotApplicable));
        assert_eq!(Answer::parse("  "), Ok(Answer::Unanswered));
        assert_eq!(Answer::parse("4.0"), Ok(Answer::Level(4)));
    }

    #[test]
    fn bad_answers_are_rejected_with_a_reason() {
        assert_eq!(Answer::parse("3.5"), Err("answer is not a whole level"));
        assert_eq!(Answer::parse("three"), Err("answer is not a level"));
        assert_eq!(Answer::parse("-1"), Err("answer out of range"));
        assert_eq!(Answer::parse("6"), Err("answer out of range"));
        assert_eq!(Answer::parse("99999999999999999999"), Err("answer out of range"));
        assert_eq!(Answer::parse("NaN"), Err("answer out of range"));
    }

    #[test]
    fn delimiter_is_detected_from_the_header() {
        assert_eq!(detect_delimiter("question_id;answer;comment\n1;2;\"a,b,c,d\""), b';');
        assert_eq!(detect_delimiter("question_id,answer\n"), b',');
        assert_eq!(detect_delimiter("\"a;b;c\",answer\n"), b',');
        assert_eq!(detect_delimiter("question_id\tanswer\n"), b'\t');
        assert_eq!(detect_delimiter("question_id\n"), b',');
    }

    #[test]
    fn csv_rows_keep_multi_line_cells_and_record_start_lines() {
        let text = "Answer;Comment;QUESTION_ID;extra\r\n3;\"line one\r\nline two\";Q1;x\r\n\r\n;;;\r\nna;;Q2;\r\n";
        let rows = read_csv("r.csv", text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].question_id, "Q1");
        assert_eq!(rows[0].comment, "line one\r\nline two");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].question_id, "Q2");
        assert_eq!(rows[1].line, 6);
    }

    #[test]
    fn csv_without_required_columns_names_both() {
        let err = read_csv("r.csv", "id,level\nQ1,3\n").unwrap_err();
        assert_eq!(err.0.len(), 2);
        assert!(
            err.0[0]
                .to_string()
                .contains("r.csv:1: missing required column question_id")
        );
    }

    #[test]
    fn json_rows_accept_numbers_strings_and_null() {
        let text = r#"{"responses": [
  {"question_id": "Q1", "answer": 2},
  {"question_id": "Q2", "answer": "na", "comment": "c"},
  {"question_id": "Q3", "answer": null}
]}"#;
        let rows = read_json("r.json", text).unwrap();
        assert_eq!(
            rows.iter().map(|r| r.answer.as_str()).collect::<Vec<_>>(),
            ["2", "na", ""]
        );
        assert_eq!(rows[1].line, 3);
        assert!(read_json("r.json", r#"{"responses":[{"question_id":"Q1","answer":[1]}]}"#).is_err());
    }
}
