//! Responses: answers read from CSV (as the tool writes it, or as a spreadsheet saves it back) or JSON.

use rustc_hash::{FxBuildHasher, FxHashMap};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;

use crate::content::nearest;
use crate::content::questionnaire::Questionnaire;
use crate::error::{Diagnostic, Diagnostics};
use crate::input::{read_bytes, text_from_bytes};
use crate::json_locate;
use crate::workspace::{sheet, workbook};

/// One answer: a level 0 to 5, not applicable, or not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Level(u8),
    NotApplicable,
    Unanswered,
}

impl Answer {
    #[must_use]
    pub fn level(self) -> Option<u8> {
        match self {
            Answer::Level(level) => Some(level),
            _ => None,
        }
    }

    /// The answer for people: "3 Defined", "not applicable" or "not answered".
    #[must_use]
    pub fn describe(self, questionnaire: &crate::content::questionnaire::Questionnaire) -> String {
        match self {
            Answer::Level(l) => format!("{l} {}", questionnaire.level_name(l)),
            Answer::NotApplicable => "not applicable".into(),
            Answer::Unanswered => "not answered".into(),
        }
    }

    /// Parses a cell: one digit 0 to 5, `na` or `n/a` in any case, or empty; surrounding spaces
    /// ignored. Nothing else is read as a level: not `4.0`, not `03`, not `4.9999999999999999`,
    /// so an answer is never rounded into a level the interviewee did not give.
    pub fn parse(raw: &str) -> Result<Answer, &'static str> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(Answer::Unanswered);
        }
        if text.eq_ignore_ascii_case("na") || text.eq_ignore_ascii_case("n/a") {
            return Ok(Answer::NotApplicable);
        }
        match text.as_bytes() {
            [digit @ b'0'..=b'5'] => return Ok(Answer::Level(digit - b'0')),
            [b'0'..=b'9'] => return Err("answer out of range"),
            _ => {}
        }
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return if text.starts_with('-') || unsigned.trim_start_matches('0').len() > 1 {
                Err("answer out of range")
            } else {
                Err("answer is not written as one digit")
            };
        }
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() && (-0.5..=5.5).contains(&number) => Err("answer is not a whole level"),
            Ok(number) if number.is_finite() => Err("answer out of range"),
            _ => Err("answer is not a level"),
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
    /// Shared by every answer of the file: a file holds hundreds.
    pub file: std::sync::Arc<str>,
    pub line: usize,
    /// The spreadsheet row, for a CSV response file or a workbook.
    pub row: Option<usize>,
    /// The sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Who gave the answer, when `assessment.json` names the interviewee of its file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    /// The question as the sheet asked it, when that differs from the questionnaire's wording
    /// now: the sheet was made from an earlier version.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub asked_as: String,
}

/// Answers by question id, in the order they were read.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    /// The answer scored for each question: the only one given, the assessor's consolidated one,
    /// or the interviewees' answers consolidated (see [`consolidate`]).
    pub by_question: IndexMap<String, Response, FxBuildHasher>,
    /// The files read, in order, with a fingerprint that ties a report to its data.
    pub files: Vec<ResponseFile>,
    /// Every interviewee's own answer, for the questions more than one answered.
    pub voices: IndexMap<String, Vec<Response>, FxBuildHasher>,
    /// Questions the interviewees answered two or more levels apart, or one of them not
    /// applicable where others gave a level.
    pub disagreements: Vec<Disagreement>,
}

/// Interviewees' answers to one question that are too far apart to average away.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub question_id: String,
    /// Each interviewee's answer and comment.
    pub voices: Vec<Voice>,
    /// The answer scored.
    pub answer: Answer,
    /// Whether the assessor's consolidated file settled it.
    pub settled: bool,
    /// Highest level given minus the lowest.
    pub spread: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voice {
    pub respondent: String,
    pub answer: Answer,
    pub comment: String,
}

/// How a file whose interview is not named shows its interviewee.
const UNNAMED: &str = "unnamed";

impl Voice {
    /// The interviewee, or "unnamed".
    #[must_use]
    pub fn who(&self) -> &str {
        if self.respondent.is_empty() {
            UNNAMED
        } else {
            &self.respondent
        }
    }
}

/// How far apart interviewees' levels must be for the question to be listed as a disagreement.
pub const DISAGREEMENT_SPREAD: u8 = 2;

/// Interviewees' answers as one: the median level, the lower of the two middle ones when they
/// are an even number (a maturity claim is not rounded up); not applicable only when every
/// answer says so; every comment kept, each after who gave it and their answer.
#[must_use]
pub fn consolidate(voices: &[Response], questionnaire: &Questionnaire) -> Response {
    let mut levels: Vec<u8> = voices.iter().filter_map(|r| r.answer.level()).collect();
    levels.sort_unstable();
    let answer = match levels.get(levels.len().saturating_sub(1) / 2) {
        Some(level) => Answer::Level(*level),
        None if voices.iter().any(|r| r.answer == Answer::NotApplicable) => Answer::NotApplicable,
        None => Answer::Unanswered,
    };
    let comment = voices
        .iter()
        .filter(|r| r.answer != Answer::Unanswered || !r.comment.is_empty())
        .map(|r| {
            let said = format!(
                "{}: {}",
                r.respondent.as_deref().unwrap_or(UNNAMED),
                r.answer.describe(questionnaire)
            );
            if r.comment.is_empty() {
                said
            } else {
                format!("{said}. {}", r.comment)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut evidence: Vec<&str> = Vec::new();
    for r in voices.iter().filter(|r| !r.evidence.is_empty()) {
        if !evidence.contains(&r.evidence.as_str()) {
            evidence.push(&r.evidence);
        }
    }
    let first = &voices[0];
    Response {
        answer,
        comment,
        evidence: evidence.join("; "),
        respondent: None,
        ..first.clone()
    }
}

/// One line for people: "GOV-01: Katrin Ahlberg (CIO) 4, Amira Haddad (Service Desk Manager) 2;
/// scored 3 (the median)", or "settled at 3 by the assessor".
#[must_use]
pub fn disagreement_line(d: &Disagreement, questionnaire: &Questionnaire) -> String {
    let voices: Vec<String> = d
        .voices
        .iter()
        .map(|v| {
            let who = v.who();
            let answer = match v.answer {
                Answer::Level(level) => level.to_string(),
                Answer::NotApplicable => "na".into(),
                Answer::Unanswered => "not answered".into(),
            };
            format!("{who} {answer}")
        })
        .collect();
    let outcome = if d.settled {
        format!("settled at {} by the assessor", d.answer.describe(questionnaire))
    } else {
        format!("scored {} (the median, rounded down)", d.answer.describe(questionnaire))
    };
    format!("disagreement on {}: {}; {outcome}", d.question_id, voices.join(", "))
}

fn disagreement(question_id: &str, voices: &[Response], scored: &Response, settled: bool) -> Option<Disagreement> {
    let levels: Vec<u8> = voices.iter().filter_map(|r| r.answer.level()).collect();
    let spread = match (levels.iter().min(), levels.iter().max()) {
        (Some(low), Some(high)) => high - low,
        _ => 0,
    };
    let mixed = !levels.is_empty() && voices.iter().any(|r| r.answer == Answer::NotApplicable);
    (spread >= DISAGREEMENT_SPREAD || mixed).then(|| Disagreement {
        question_id: question_id.to_string(),
        voices: voices
            .iter()
            .map(|r| Voice {
                respondent: r.respondent.clone().unwrap_or_default(),
                answer: r.answer,
                comment: r.comment.clone(),
            })
            .collect(),
        answer: scored.answer,
        settled,
        spread,
    })
}

impl Responses {
    #[must_use]
    pub fn answer(&self, question_id: &str) -> Answer {
        self.by_question
            .get(question_id)
            .map_or(Answer::Unanswered, |r| r.answer)
    }

    #[must_use]
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
    /// The spreadsheet row, for CSV and workbooks.
    row: Option<usize>,
    /// In a workbook: the sheet, and the column letters of the question id and of the answer.
    cells: Option<Cells>,
    /// The question as the sheet asked it (its `question` column), when it has one.
    asked: String,
    /// Who gave this row's answer (its `respondent` column), when the file names one per row.
    respondent: String,
}

#[derive(Debug)]
struct Cells {
    sheet: String,
    id_column: String,
    answer_column: String,
}

/// Which cell of a row a problem is about, in a workbook.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Answer,
}

/// Reads every response file and checks every row against the questionnaire and the scope. Rows
/// are checked as they are read, so memory grows with the questionnaire, not with the file.
#[must_use]
pub fn read_all(files: &[Source], questionnaire: &Questionnaire, scope: &[String]) -> (Responses, Diagnostics) {
    read_all_with(files, questionnaire, scope, Purpose::Report)
}

/// What response files are read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A report: every answer checked, an answer to a retired question an error naming the
    /// version that retired it, and every file fingerprinted (size and SHA-256) for the cover.
    Report,
    /// Comparing with peers: an answer to a question retired since is left out with a warning,
    /// so that a round answered on an earlier version is compared on what both share, and files
    /// are not fingerprinted, as no report shows them.
    Benchmark,
}

/// [`read_all`], reading what `purpose` needs.
#[must_use]
pub fn read_all_with(
    files: &[Source],
    questionnaire: &Questionnaire,
    scope: &[String],
    purpose: Purpose,
) -> (Responses, Diagnostics) {
    let mut collector = Collector {
        purpose,
        responses: Responses::default(),
        diagnostics: Diagnostics::default(),
        known: questionnaire
            .questions()
            .map(|(_, q)| (q.id.as_str(), q.maps_any(scope)))
            .collect(),
        ids: questionnaire.questions().map(|(_, q)| q.id.as_str()).collect(),
        questionnaire,
        label: String::new(),
        shared_label: "".into(),
        respondent: None,
        consolidated: false,
        settled: IndexMap::default(),
    };
    collector.responses.voices.reserve(collector.ids.len());
    let mut read = std::collections::HashSet::new();
    for source in files {
        let file = &source.path;
        collector.label = file.display().to_string();
        collector.shared_label = collector.label.as_str().into();
        collector.respondent.clone_from(&source.respondent);
        collector.consolidated = source.consolidated;
        // The same file under two names would be read twice and every answer reported twice.
        if let Ok(resolved) = std::fs::canonicalize(file) {
            if !read.insert(resolved) {
                collector.diagnostics.push(
                    Diagnostic::error(&collector.label, "the same response file is listed twice")
                        .hint("list each file once in assessment.json"),
                );
                continue;
            }
        }
        if let Err(found) = read_file(file, &mut collector) {
            collector.diagnostics.extend(found);
        }
    }
    collector.settle();
    (collector.responses, collector.diagnostics)
}

/// A response file to read, with who answered it when `assessment.json` names the interview.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// "Maria Lopez (CIO)".
    pub respondent: Option<String>,
    /// The assessor's consolidation of the interviews.
    pub consolidated: bool,
}

/// Checks rows one by one into the answers and the problems found.
struct Collector<'q> {
    purpose: Purpose,
    responses: Responses,
    diagnostics: Diagnostics,
    known: FxHashMap<&'q str, bool>,
    /// The known ids in questionnaire order, for "did you mean" hints.
    ids: Vec<&'q str>,
    /// For the change log: a retired id gets its reason instead of "unknown".
    questionnaire: &'q Questionnaire,
    label: String,
    /// The label, shared by the answers read from the file.
    shared_label: std::sync::Arc<str>,
    /// Who answered the file being read, when named.
    respondent: Option<String>,
    /// Whether the file being read is the assessor's consolidation.
    consolidated: bool,
    /// The consolidated file's answers, which settle the interviewees'.
    settled: IndexMap<String, Response, FxBuildHasher>,
}

impl Collector<'_> {
    fn problem(&self, row: &RawRow, message: &str, field: Field) -> Diagnostic {
        let mut d = Diagnostic::error(&self.label, message);
        if let Some(cells) = &row.cells {
            let column = match field {
                Field::Id => &cells.id_column,
                Field::Answer => &cells.answer_column,
            };
            let number = row.row.unwrap_or(row.line);
            d = d.at_cell(format!("{}!{column}{number}", workbook::sheet_reference(&cells.sheet)));
        } else {
            d = d.at_line(row.line);
            if let Some(number) = row.row {
                d = d.at_row(number, None);
            }
        }
        if !row.question_id.is_empty() {
            d.question = Some(crate::text::shorten(&row.question_id).into_owned());
        }
        d
    }

    fn accept(&mut self, row: RawRow) {
        let answer = match Answer::parse(&row.answer) {
            Ok(answer) => answer,
            Err(message) => {
                let d = self
                    .problem(&row, message, Field::Answer)
                    .found(format!("{:?}", row.answer.trim()))
                    .expected(ANSWER_RULE);
                self.diagnostics.push(d);
                return;
            }
        };
        if row.question_id.is_empty() {
            let d = self.problem(&row, "row without a question_id", Field::Id);
            self.diagnostics.push(d);
            return;
        }
        match self.known.get(row.question_id.as_str()) {
            None => {
                let mut d = self.not_a_question(&row);
                if self.purpose == Purpose::Benchmark && self.questionnaire.retired(&row.question_id).is_some() {
                    d.severity = crate::error::Severity::Warning;
                    d.message.push_str("; its answer is left out");
                }
                self.diagnostics.push(d);
                return;
            }
            Some(false) if answer != Answer::Unanswered => {
                let mut d = self.problem(
                    &row,
                    "the question maps to no framework in scope; its answer is ignored",
                    Field::Answer,
                );
                d.severity = crate::error::Severity::Warning;
                self.diagnostics.push(d);
            }
            Some(_) => {}
        }
        // A respondent named on the row stands for this row; else the file's interviewee.
        let respondent = if row.respondent.is_empty() {
            self.respondent.clone()
        } else {
            Some(row.respondent.clone())
        };
        let earlier = if self.consolidated {
            self.settled.get(&row.question_id)
        } else {
            self.responses
                .voices
                .get(&row.question_id)
                .and_then(|voices| voices.iter().find(|v| v.respondent == respondent))
        };
        if let Some(first) = earlier {
            let first_at = match (&first.sheet, first.row) {
                (Some(sheet), Some(number)) => {
                    format!("{} {} row {number}", first.file, workbook::sheet_reference(sheet))
                }
                (None, Some(number)) => format!("{} row {number}", first.file),
                _ => format!("{}:{}", first.file, first.line),
            };
            let d = self
                .problem(&row, "duplicate question id", Field::Id)
                .hint(format!(
                    "first answered at {first_at}; to merge several interviewees, name the respondent of each file in assessment.json"
                ));
            self.diagnostics.push(d);
            return;
        }
        let asked_as = self.reworded(&row);
        let response = Response {
            question_id: row.question_id,
            answer,
            comment: row.comment.trim().to_string(),
            evidence: row.evidence.trim().to_string(),
            file: std::sync::Arc::clone(&self.shared_label),
            line: row.line,
            row: row.row,
            sheet: row.cells.map(|c| c.sheet),
            respondent,
            asked_as,
        };
        if self.consolidated {
            self.settled.insert(response.question_id.clone(), response);
        } else {
            // Most questions have one voice: room for one, grown only when another interviewee
            // answers too.
            self.responses
                .voices
                .entry(response.question_id.clone())
                .or_insert_with(|| Vec::with_capacity(1))
                .push(response);
        }
    }

    /// A row whose id is no question: retired (with why and what to answer instead) or unknown
    /// (with the nearest id).
    fn not_a_question(&self, row: &RawRow) -> Diagnostic {
        if let Some((version, retired)) = self.questionnaire.retired(&row.question_id) {
            let instead = if retired.replaced_by.is_empty() {
                "delete the row".to_string()
            } else {
                format!("answer {} instead", retired.replaced_by.join(" and "))
            };
            return self
                .problem(
                    row,
                    &format!("question retired in version {version} of the questionnaire"),
                    Field::Id,
                )
                .hint(format!("{}; {instead}", retired.reason));
        }
        let mut d = self.problem(row, "unknown question id", Field::Id);
        if self.diagnostics.has_room_for(&self.label) {
            if let Some(near) = nearest(&row.question_id, self.ids.iter().copied()) {
                d = d.hint(format!("did you mean {near}?"));
            }
        }
        d
    }

    /// The sheet's wording of the question, when it is not the questionnaire's now (spaces and
    /// line breaks aside).
    fn reworded(&self, row: &RawRow) -> String {
        // A sheet repeats the wording of every question it asks: compared whole first, then word
        // by word, and copied only when it differs.
        let asked = row.asked.split_whitespace();
        match self.questionnaire.question(&row.question_id) {
            Some(q)
                if row.asked != q.text
                    && asked.clone().next().is_some()
                    && !asked.clone().eq(q.text.split_whitespace()) =>
            {
                asked.collect::<Vec<_>>().join(" ")
            }
            _ => String::new(),
        }
    }

    /// The answer scored for each question, and the disagreements: `voices` keeps only the
    /// questions more than one interviewee answered.
    fn settle(&mut self) {
        let voices = std::mem::take(&mut self.responses.voices);
        let mut settled = std::mem::take(&mut self.settled);
        self.responses.by_question.reserve(voices.len() + settled.len());
        for (id, mut answers) in voices {
            let own = settled.shift_remove(&id);
            let assessor = own.clone().filter(|r| r.answer != Answer::Unanswered);
            let given = answers.iter().filter(|r| r.answer != Answer::Unanswered).count();
            let mut scored = match (&assessor, answers.len()) {
                (Some(own), _) => own.clone(),
                // One voice: taken, not copied; `answers` is kept below only when there are more.
                (None, 1) => answers.swap_remove(0),
                (None, _) if given <= 1 => answers
                    .iter()
                    .find(|r| r.answer != Answer::Unanswered)
                    .unwrap_or(&answers[0])
                    .clone(),
                (None, _) => consolidate(&answers, self.questionnaire),
            };
            // The assessor's row left blank still says something: shown as it is where nobody
            // answered, and before the interviewees' words where they did.
            if let Some(note) = own.filter(|r| r.answer == Answer::Unanswered) {
                if scored.answer == Answer::Unanswered {
                    scored = note;
                } else if !note.comment.is_empty() {
                    scored.comment = format!("Assessor: {}\n{}", note.comment, scored.comment);
                }
            }
            if answers.len() > 1 {
                if let Some(d) = disagreement(&id, &answers, &scored, assessor.is_some()) {
                    self.responses.disagreements.push(d);
                }
                self.responses.voices.insert(id.clone(), answers);
            }
            self.responses.by_question.insert(id, scored);
        }
        for (id, own) in settled {
            self.responses.by_question.insert(id, own);
        }
    }
}

/// What an answer cell may hold, as error messages say it.
pub const ANSWER_RULE: &str = "one digit 0 to 5, na or empty";

fn read_file(path: &Path, collector: &mut Collector) -> Result<(), Diagnostics> {
    let label = path.display().to_string();
    let bytes = read_bytes(path).map_err(|d| Diagnostics::single(*d))?;
    let fingerprint = match collector.purpose {
        Purpose::Report => ResponseFile::of(path, &bytes),
        Purpose::Benchmark => ResponseFile {
            path: path.to_path_buf(),
            bytes: bytes.len(),
            sha256: String::new(),
        },
    };
    if is_workbook(path) {
        read_workbook(&label, &bytes, &mut |row| collector.accept(row))?;
        collector.responses.files.push(fingerprint);
        return Ok(());
    }
    let text = text_from_bytes(&label, bytes).map_err(|d| Diagnostics::single(*d))?;
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        read_json(&label, &text, &mut |row| collector.accept(row))?;
    } else {
        read_csv(&label, &text, &mut |row| collector.accept(row))?;
    }
    collector.responses.files.push(fingerprint);
    Ok(())
}

impl ResponseFile {
    /// The fingerprint of a file as read: its path, size and SHA-256.
    #[must_use]
    pub fn of(path: &Path, bytes: &[u8]) -> Self {
        ResponseFile {
            path: path.to_path_buf(),
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    let mut hex = String::with_capacity(64);
    for b in sha2::Sha256::digest(bytes) {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn read_csv(label: &str, text: &str, accept: &mut dyn FnMut(RawRow)) -> Result<(), Diagnostics> {
    sheet::read(
        label,
        text,
        &["question_id", "answer"],
        &["comment", "evidence", "question", "respondent"],
        &mut |row| {
            let Ok([question_id, answer, comment, evidence, asked, respondent]) = <[String; 6]>::try_from(row.cells)
            else {
                return;
            };
            accept(RawRow {
                question_id: trimmed(question_id),
                answer,
                comment,
                evidence,
                line: row.line,
                row: Some(row.row),
                cells: None,
                asked,
                respondent: trimmed(respondent),
            });
        },
    )
}

/// The text without surrounding spaces, reusing its buffer when there are none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// A response workbook, by its extension: `.xlsx` (Excel, or Calc saving as Excel).
#[must_use]
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn read_workbook(label: &str, bytes: &[u8], accept: &mut dyn FnMut(RawRow)) -> Result<(), Diagnostics> {
    workbook::read(
        label,
        bytes,
        &["question_id", "answer"],
        &["comment", "evidence", "question", "respondent"],
        &mut |row| {
            let [question_id, answer, comment, evidence, asked, respondent] = row.cells.as_slice() else {
                return;
            };
            let number = usize::try_from(row.row).unwrap_or(usize::MAX);
            accept(RawRow {
                question_id: question_id.trim().to_string(),
                answer: answer.clone(),
                comment: comment.clone(),
                evidence: evidence.clone(),
                line: number,
                row: Some(number),
                cells: Some(Cells {
                    sheet: row.sheet,
                    id_column: row.columns[0].clone(),
                    answer_column: row.columns[1].clone(),
                }),
                asked: asked.clone(),
                respondent: respondent.trim().to_string(),
            });
        },
    )
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
    #[serde(default)]
    respondent: Option<String>,
}

fn read_json(label: &str, text: &str, accept: &mut dyn FnMut(RawRow)) -> Result<(), Diagnostics> {
    let mut problems = crate::input::duplicate_keys(label, text);
    let file: JsonFile = match serde_json::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            problems.extend(crate::input::json_error_beside_duplicates(label, &e, &problems));
            return Err(problems);
        }
    };
    let scan = json_locate::scan_array(text, "responses");
    for (i, response) in file.responses.into_iter().enumerate() {
        let line = scan.get(i).copied().unwrap_or(0);
        let answer = match response.answer {
            serde_json::Value::Null => String::new(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s,
            other => {
                problems.push(
                    Diagnostic::error(label, "answer is not a level")
                        .at_line(line)
                        .at_path(format!("responses[{i}].answer"))
                        .found(other)
                        .expected("0 to 5, \"na\" or null"),
                );
                continue;
            }
        };
        accept(RawRow {
            question_id: response.question_id.trim().to_string(),
            answer,
            comment: response.comment.unwrap_or_default(),
            evidence: response.evidence.unwrap_or_default(),
            line,
            row: None,
            cells: None,
            asked: String::new(),
            respondent: response.respondent.map(|r| r.trim().to_string()).unwrap_or_default(),
        });
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(who: &str, answer: Answer) -> Response {
        Response {
            question_id: "Q-1".into(),
            answer,
            comment: format!("{who} said so"),
            evidence: "minutes".into(),
            file: format!("{who}.csv").into(),
            line: 2,
            row: Some(2),
            sheet: None,
            respondent: Some(who.into()),
            asked_as: String::new(),
        }
    }

    fn q() -> Questionnaire {
        crate::testkit::questionnaire(vec![crate::testkit::question("Q-1", &[("f", "c", 1.0)])])
    }

    #[test]
    fn interviewees_consolidate_to_the_median_rounded_down() {
        let cases: [(&[Answer], Answer); 6] = [
            (
                &[Answer::Level(1), Answer::Level(4), Answer::Level(3)],
                Answer::Level(3),
            ),
            (&[Answer::Level(2), Answer::Level(4)], Answer::Level(2)),
            (&[Answer::Level(5), Answer::Unanswered], Answer::Level(5)),
            (&[Answer::NotApplicable, Answer::Level(2)], Answer::Level(2)),
            (&[Answer::NotApplicable, Answer::NotApplicable], Answer::NotApplicable),
            (&[Answer::Unanswered, Answer::Unanswered], Answer::Unanswered),
        ];
        for (answers, expected) in cases {
            let voices: Vec<Response> = answers
                .iter()
                .enumerate()
                .map(|(i, a)| voice(&format!("P{i}"), *a))
                .collect();
            let merged = consolidate(&voices, &q());
            assert_eq!(merged.answer, expected, "{answers:?}");
            assert_eq!(merged.respondent, None);
        }
        let voices = [voice("Ana", Answer::Level(4)), voice("Ben", Answer::Level(2))];
        let merged = consolidate(&voices, &q());
        assert_eq!(
            merged.comment,
            "Ana: 4 Measured. Ana said so\nBen: 2 Managed. Ben said so"
        );
        assert_eq!(merged.evidence, "minutes", "the same evidence once");
    }

    #[test]
    fn answers_two_levels_apart_or_na_beside_a_level_are_a_disagreement() {
        let two = [voice("Ana", Answer::Level(4)), voice("Ben", Answer::Level(2))];
        let d = disagreement("Q-1", &two, &two[1], false).expect("two apart");
        assert_eq!((d.spread, d.settled, d.answer), (2, false, Answer::Level(2)));
        let close = [voice("Ana", Answer::Level(3)), voice("Ben", Answer::Level(2))];
        assert!(disagreement("Q-1", &close, &close[1], false).is_none());
        let na = [voice("Ana", Answer::NotApplicable), voice("Ben", Answer::Level(2))];
        assert!(disagreement("Q-1", &na, &na[1], true).is_some_and(|d| d.settled));
        assert_eq!(
            disagreement_line(&d, &q()),
            "disagreement on Q-1: Ana 4, Ben 2; scored 2 Managed (the median, rounded down)"
        );
    }

    #[test]
    fn fingerprints_are_sha256_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn csv_rows(text: &str) -> Result<Vec<RawRow>, Diagnostics> {
        let mut rows = Vec::new();
        read_csv("r.csv", text, &mut |row| rows.push(row)).map(|()| rows)
    }

    fn json_rows(text: &str) -> Result<Vec<RawRow>, Diagnostics> {
        let mut rows = Vec::new();
        read_json("r.json", text, &mut |row| rows.push(row)).map(|()| rows)
    }

    #[test]
    fn answers_parse_levels_na_and_blank() {
        assert_eq!(Answer::parse(" 3 "), Ok(Answer::Level(3)));
        assert_eq!(Answer::parse("\t0"), Ok(Answer::Level(0)));
        assert_eq!(Answer::parse("5"), Ok(Answer::Level(5)));
        assert_eq!(Answer::parse("NA"), Ok(Answer::NotApplicable));
        assert_eq!(Answer::parse("n/A"), Ok(Answer::NotApplicable));
        assert_eq!(Answer::parse("  "), Ok(Answer::Unanswered));
    }

    #[test]
    fn only_one_digit_is_a_level() {
        assert_eq!(Answer::parse("4.0"), Err("answer is not a whole level"));
        assert_eq!(Answer::parse("4.9999999999999999"), Err("answer is not a whole level"));
        assert_eq!(Answer::parse("3.5"), Err("answer is not a whole level"));
        assert_eq!(Answer::parse("03"), Err("answer is not written as one digit"));
        assert_eq!(Answer::parse("+3"), Err("answer is not written as one digit"));
        assert_eq!(Answer::parse("3e0"), Err("answer is not a whole level"));
    }

    #[test]
    fn bad_answers_are_rejected_with_a_reason() {
        assert_eq!(Answer::parse("three"), Err("answer is not a level"));
        assert_eq!(Answer::parse("-1"), Err("answer out of range"));
        assert_eq!(Answer::parse("6"), Err("answer out of range"));
        assert_eq!(Answer::parse("99999999999999999999"), Err("answer out of range"));
        assert_eq!(Answer::parse("1e308"), Err("answer out of range"));
        assert_eq!(Answer::parse("NaN"), Err("answer is not a level"));
        assert_eq!(Answer::parse("inf"), Err("answer is not a level"));
    }

    #[test]
    fn csv_rows_keep_multi_line_cells_and_record_start_lines_and_rows() {
        let text = "Answer;Comment;QUESTION_ID;extra\r\n3;\"line one\r\nline two\";Q1;x\r\n\r\n;;;\r\nna;;Q2;\r\n";
        let rows = csv_rows(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].question_id, "Q1");
        assert_eq!(rows[0].comment, "line one\r\nline two");
        assert_eq!((rows[0].line, rows[0].row), (2, Some(2)));
        assert_eq!(rows[1].question_id, "Q2");
        assert_eq!((rows[1].line, rows[1].row), (6, Some(5)));
    }

    #[test]
    fn a_file_with_lone_cr_line_ends_counts_lines_and_rows() {
        let text = "question_id,answer,comment\rQ1,3,\"a\rb\"\rQ2,9,\r";
        let rows = csv_rows(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[1].question_id.as_str(), rows[1].line, rows[1].row),
            ("Q2", 4, Some(3))
        );
    }

    #[test]
    fn a_quote_inside_a_plain_cell_is_text_and_keeps_rows_right() {
        let rows = csv_rows("question_id,answer,comment\nQ1,3,a 5\" screen\nQ2,x,\n").unwrap();
        assert_eq!(rows[0].comment, "a 5\" screen");
        assert_eq!(
            (rows[1].question_id.as_str(), rows[1].line, rows[1].row),
            ("Q2", 3, Some(3))
        );
    }

    #[test]
    fn a_quoted_cell_never_closed_is_an_error_at_its_row() {
        let err = csv_rows("question_id,answer,comment\nQ1,3,ok\nQ2,2,\"runs on\nQ3,1,\nQ4,1,\n").unwrap_err();
        let shown = err.iter().next().unwrap().to_string();
        assert!(
            shown.contains(
                "r.csv:3: row 3: a quoted cell is never closed, so the rest of the file was read as one cell"
            ),
            "{shown}"
        );
        assert!(csv_rows("question_id,answer,comment\nQ1,3,\"closed \"\"quote\"\" here\"\n").is_ok());
    }

    #[test]
    fn csv_without_required_columns_names_both() {
        let err = csv_rows("id,level\nQ1,3\n").unwrap_err();
        let all: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert_eq!(all.len(), 2);
        assert!(
            all[0].contains("r.csv:1: row 1: missing required column question_id"),
            "{}",
            all[0]
        );
    }

    #[test]
    fn json_rows_accept_numbers_strings_and_null() {
        let text = r#"{"responses": [
  {"question_id": "Q1", "answer": 2},
  {"question_id": "Q2", "answer": "na", "comment": "c"},
  {"question_id": "Q3", "answer": null}
]}"#;
        let rows = json_rows(text).unwrap();
        assert_eq!(
            rows.iter().map(|r| r.answer.as_str()).collect::<Vec<_>>(),
            ["2", "na", ""]
        );
        assert_eq!(rows[1].line, 3);
        assert!(json_rows(r#"{"responses":[{"question_id":"Q1","answer":[1]}]}"#).is_err());
    }

    #[test]
    fn json_rows_with_a_repeated_key_are_an_error_with_both_lines() {
        let text = "{\"responses\": [\n {\"question_id\": \"Q1\",\n  \"answer\": 2,\n  \"answer\": 4}\n]}";
        let err = json_rows(text).unwrap_err();
        let shown = err.iter().next().unwrap().to_string();
        assert!(
            shown.contains("r.json:4: responses[0].answer: key written twice"),
            "{shown}"
        );
        assert!(shown.contains("the first is on line 3"), "{shown}");
    }
}
