//! The assessment workspace: `assessment.json` (who, when, scope, targets) and its response files.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::content::catalog::Catalog;
use crate::content::questionnaire::Questionnaire;
use crate::content::{Library, nearest};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::json_locate;
use crate::workspace::evidence::{self, Register};
use crate::workspace::logo::{self, Logo};
/// What an assessment is loaded for: a report needs all of it; a benchmark only its answers, so
/// the evidence register and the logo are not read either.
pub use crate::workspace::responses::Purpose;
use crate::workspace::responses::{self, Answer, Responses};

pub const ASSESSMENT_FILE: &str = "assessment.json";
pub const DEFAULT_RESPONSES_FILE: &str = "responses.csv";
pub const DEFAULT_TARGET: f64 = 3.0;
/// The most response files an assessment may list: one per interviewee, and then some.
pub const MAX_RESPONSE_FILES: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub organization: String,
    #[serde(default)]
    pub assessor: String,
    pub date: String,
    pub frameworks: Vec<String>,
    pub questionnaire: String,
    #[serde(default)]
    pub targets: Targets,
    /// The response files: a path, or an interview (`file`, `respondent`, `role`, `date`, and
    /// `consolidated` for the assessor's own answers that settle the others).
    #[serde(default = "default_responses")]
    pub responses: Vec<ResponseSource>,
    /// The evidence register, a CSV file in the folder; without one no document counts as seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviews: Vec<Interview>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<Sample>,
    #[serde(default)]
    pub readiness: Readiness,
    /// Person-days to climb one level, by a question's effort.
    #[serde(default)]
    pub effort_days: EffortDays,
    /// The consultancy's document details, shown on the cover, in headers and footers and in the
    /// narrative sections of the report.
    #[serde(default)]
    pub report: ReportBlock,
    /// The previous round's folder, relative to this one: the report then shows the progress
    /// since it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Who the organisation is, for comparing it with its peers (`portfolio --filter`).
    #[serde(default, skip_serializing_if = "OrgProfile::is_empty")]
    pub profile: OrgProfile,
}

/// The organisation's profile: free text, compared without regard to case by `--filter`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OrgProfile {
    /// Such as "logistics" or "public sector".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sector: String,
    /// A size band, such as "250-999 staff".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub size: String,
    /// Such as "EMEA" or "Nordics".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
}

impl OrgProfile {
    /// The profile's fields by name, in the order `--filter` lists them.
    pub const FIELDS: [&'static str; 3] = ["sector", "size", "region"];

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sector.is_empty() && self.size.is_empty() && self.region.is_empty()
    }

    /// The value of a field named in [`OrgProfile::FIELDS`].
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&str> {
        match field {
            "sector" => Some(&self.sector),
            "size" => Some(&self.size),
            "region" => Some(&self.region),
            _ => None,
        }
    }
}

/// Who issues the report and what it says in its own words.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReportBlock {
    #[serde(default)]
    pub consultancy: String,
    /// Such as "Confidential": printed on every page.
    #[serde(default)]
    pub classification: String,
    #[serde(default)]
    pub version: String,
    /// YYYY-MM-DD; the assessment date when empty.
    #[serde(default)]
    pub issue_date: String,
    /// The consultancy's executive narrative: paragraphs separated by a blank line.
    #[serde(default)]
    pub narrative: String,
    /// Commentary per framework id in scope: paragraphs separated by a blank line.
    #[serde(default)]
    pub commentary: IndexMap<String, String>,
    /// The consultancy's logo: a PNG or SVG file in the assessment folder.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub logo: String,
}

/// The longest text a report block field may hold, in characters.
pub const MAX_REPORT_TEXT: usize = 20_000;

/// Person-days one level takes, by effort: the roadmap's unit of capacity.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EffortDays {
    #[serde(rename = "S", default = "default_small")]
    pub small: u32,
    #[serde(rename = "M", default = "default_medium")]
    pub medium: u32,
    #[serde(rename = "L", default = "default_large")]
    pub large: u32,
}

fn default_small() -> u32 {
    2
}

fn default_medium() -> u32 {
    5
}

fn default_large() -> u32 {
    10
}

impl Default for EffortDays {
    fn default() -> Self {
        EffortDays {
            small: default_small(),
            medium: default_medium(),
            large: default_large(),
        }
    }
}

impl EffortDays {
    /// The person-days of one level at this effort; a question without one counts as M.
    #[must_use]
    pub fn of(self, effort: Option<crate::content::questionnaire::Effort>) -> u32 {
        use crate::content::questionnaire::Effort;
        match effort {
            Some(Effort::S) => self.small,
            Some(Effort::L) => self.large,
            Some(Effort::M) | None => self.medium,
        }
    }
}

/// The most person-days one level may be said to take.
pub const MAX_EFFORT_DAYS: u32 = 1_000;

/// Someone the assessor interviewed, and the clauses the interview covered.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    pub id: String,
    pub person: String,
    #[serde(default)]
    pub role: String,
    pub date: String,
    #[serde(default)]
    pub topics: String,
    /// Clauses or clause prefixes: "8.6" covers 8.6.1 to 8.6.3.
    #[serde(default)]
    pub clauses: Vec<String>,
}

/// Records the assessor sampled, and how many fell short.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub id: String,
    pub what: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    #[serde(default)]
    pub exceptions: u64,
    #[serde(default)]
    pub clauses: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// Whether `clause` falls under `reference`, a clause or a prefix ending at a dot: "8.6" covers
/// "8.6.1", not "8.61".
#[must_use]
pub fn covers(reference: &str, clause: &str) -> bool {
    clause
        .strip_prefix(reference)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

fn default_responses() -> Vec<ResponseSource> {
    vec![ResponseSource::File(DEFAULT_RESPONSES_FILE.to_string())]
}

/// A response file as `assessment.json` lists it: its path alone, or the interview it records.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ResponseSource {
    File(String),
    Interview(Interviewee),
}

/// Who answered a response file, and whether it is the assessor's consolidation of the others.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interviewee {
    pub file: String,
    /// The interview the file records: an id of `interviews`, which names the person, role and
    /// date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub interview: String,
    /// The assessor's answers that settle the interviews: where it answers a question, its answer
    /// is the one scored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consolidated: bool,
}

impl Assessment {
    /// The interview of this id, if one is recorded.
    #[must_use]
    pub fn interview(&self, id: &str) -> Option<&Interview> {
        self.interviews.iter().find(|i| i.id == id)
    }
}

impl Interview {
    /// "Maria Lopez (CIO)", or the name alone.
    #[must_use]
    pub fn label(&self) -> String {
        match self.role.trim() {
            "" => self.person.trim().to_string(),
            role => format!("{} ({role})", self.person.trim()),
        }
    }
}

impl ResponseSource {
    #[must_use]
    pub fn file(&self) -> &str {
        match self {
            ResponseSource::File(file) => file,
            ResponseSource::Interview(interview) => &interview.file,
        }
    }

    /// The interview details; a bare path has none.
    #[must_use]
    pub fn interview(&self) -> Option<&Interviewee> {
        match self {
            ResponseSource::File(_) => None,
            ResponseSource::Interview(interview) => Some(interview),
        }
    }
}

impl<'de> Deserialize<'de> for ResponseSource {
    /// A string is a path; an object is read as an [`Interviewee`], with its own field errors
    /// (an untagged enum would only say that nothing matched).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Source;
        impl<'de> serde::de::Visitor<'de> for Source {
            type Value = ResponseSource;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a file name, or an object with file, interview and consolidated")
            }
            fn visit_str<E: serde::de::Error>(self, file: &str) -> Result<ResponseSource, E> {
                Ok(ResponseSource::File(file.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<ResponseSource, M::Error> {
                Interviewee::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ResponseSource::Interview)
            }
        }
        deserializer.deserialize_any(Source)
    }
}

/// Target levels: a default, overridden per framework (`"itil4"`) and per control (`"itil4:incident-management"`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    #[serde(default = "default_target")]
    pub default: f64,
    #[serde(default)]
    pub frameworks: IndexMap<String, f64>,
    #[serde(default)]
    pub controls: IndexMap<String, f64>,
    /// Per framework, the organisation's answer to each of its design factors (factor id to
    /// value id), which move the default targets of some of its controls.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub design_factors: IndexMap<String, IndexMap<String, String>>,
    /// The net move of each `framework:control` default target from the design factors, worked
    /// out by [`Targets::apply_design_factors`] once the catalogs are known.
    #[serde(skip)]
    pub moved: std::collections::BTreeMap<String, i8>,
}

/// How far design factors may move a default target: at most two levels up and one down.
pub const DESIGN_FACTOR_RANGE: (i8, i8) = (-1, 2);

fn default_target() -> f64 {
    DEFAULT_TARGET
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            default: DEFAULT_TARGET,
            frameworks: IndexMap::new(),
            controls: IndexMap::new(),
            design_factors: IndexMap::new(),
            moved: std::collections::BTreeMap::new(),
        }
    }
}

impl Targets {
    /// The per-control override; else the per-framework one or the default, moved by the design
    /// factors and kept within 1 to 5.
    #[must_use]
    pub fn for_control(&self, framework: &str, control: &str) -> f64 {
        if self.controls.is_empty() && self.moved.is_empty() {
            return self.frameworks.get(framework).copied().unwrap_or(self.default);
        }
        let key = format!("{framework}:{control}");
        if let Some(&target) = self.controls.get(&key) {
            return target;
        }
        let base = self.frameworks.get(framework).copied().unwrap_or(self.default);
        match self.moved.get(&key) {
            Some(&change) => (base + f64::from(change)).clamp(1.0, 5.0),
            None => base,
        }
    }

    /// Works out [`Targets::moved`] from the design factor answers; answers that name no factor
    /// or value of the catalog (reported by [`check`]) move nothing.
    pub fn apply_design_factors(&mut self, catalogs: &[&Catalog]) {
        self.moved.clear();
        for (framework, answers) in &self.design_factors {
            let Some(catalog) = catalogs.iter().find(|c| &c.id == framework) else {
                continue;
            };
            for (factor, value) in answers {
                let chosen = catalog.design_factor_answer(factor, value);
                for adjustment in chosen.into_iter().flat_map(|(_, v)| &v.adjustments) {
                    *self
                        .moved
                        .entry(format!("{framework}:{}", adjustment.control))
                        .or_default() += adjustment.change;
                }
            }
        }
        let (lowest, highest) = DESIGN_FACTOR_RANGE;
        for change in self.moved.values_mut() {
            *change = (*change).clamp(lowest, highest);
        }
        self.moved.retain(|_, change| *change != 0);
    }
}

/// Thresholds that classify ISO/IEC 20000-1 requirements: at or above `conformity` conforms, at or
/// above `minor` is a minor nonconformity, below it a major one; `systemic_minors` or more minors
/// under one second-level clause are flagged as a possible systemic failure.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Readiness {
    #[serde(default = "default_conformity")]
    pub conformity: f64,
    #[serde(default = "default_minor")]
    pub minor: f64,
    #[serde(default = "default_systemic_minors")]
    pub systemic_minors: usize,
    /// The share of a sample that may fall short before the practice counts as failing in
    /// operation (a minor nonconformity); up to it, exceptions are an observation.
    #[serde(default = "default_sample_tolerance")]
    pub sample_tolerance: f64,
}

fn default_conformity() -> f64 {
    3.0
}

fn default_minor() -> f64 {
    2.0
}

fn default_systemic_minors() -> usize {
    3
}

fn default_sample_tolerance() -> f64 {
    0.1
}

impl Default for Readiness {
    fn default() -> Self {
        Readiness {
            conformity: default_conformity(),
            minor: default_minor(),
            systemic_minors: default_systemic_minors(),
            sample_tolerance: default_sample_tolerance(),
        }
    }
}

/// An assessment with everything it refers to resolved: content, scope and responses.
#[derive(Debug)]
pub struct Loaded<'lib> {
    pub dir: PathBuf,
    pub file: PathBuf,
    pub assessment: Assessment,
    pub questionnaire: &'lib Questionnaire,
    pub catalogs: Vec<&'lib Catalog>,
    pub responses: Responses,
    pub evidence: Register,
    /// The consultancy's logo, read and checked.
    pub logo: Option<Logo>,
}

/// How the questions in scope were answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AnswerCounts {
    pub questions: usize,
    pub answered: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
}

impl Loaded<'_> {
    #[must_use]
    pub fn answer_counts(&self) -> AnswerCounts {
        let mut counts = AnswerCounts::default();
        for (_, question) in self
            .questionnaire
            .questions()
            .filter(|(_, q)| q.maps_any(&self.assessment.frameworks))
        {
            counts.questions += 1;
            match self.responses.answer(&question.id) {
                Answer::Level(_) => counts.answered += 1,
                Answer::NotApplicable => counts.not_applicable += 1,
                Answer::Unanswered => counts.unanswered += 1,
            }
        }
        counts
    }
}

/// The workspace folder and its assessment file, from either of them.
#[must_use]
pub fn locate(path: &Path) -> (PathBuf, PathBuf) {
    if path.is_dir() {
        (path.to_path_buf(), path.join(ASSESSMENT_FILE))
    } else {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (dir.to_path_buf(), path.to_path_buf())
    }
}

/// Reads and checks the whole workspace; every problem is reported at once, warnings are handed back.
pub fn load<'lib>(path: &Path, library: &'lib Library) -> Result<(Loaded<'lib>, Diagnostics)> {
    load_for(path, library, Purpose::Report)
}

/// [`load`], reading what `purpose` needs.
pub fn load_for<'lib>(path: &Path, library: &'lib Library, purpose: Purpose) -> Result<(Loaded<'lib>, Diagnostics)> {
    let (dir, file) = locate(path);
    if !file.is_file() {
        return Err(Error::single(
            Diagnostic::error(file.display().to_string(), "no assessment here")
                .hint("create one with `itsm-assess init DIR --org NAME`"),
        ));
    }
    let label = file.display().to_string();
    let text = crate::input::read_text(&file).map_err(|d| Error::single(*d))?;
    let assessment = parse(&label, &text)?;
    let mut diagnostics = Diagnostics::default();
    let mut found = check(&assessment, library);
    found.relabel("", &label);
    found.locate_lines(&text);
    diagnostics.extend(found);
    let Some(questionnaire) = library.questionnaire(&assessment.questionnaire) else {
        return Err(Error::Invalid(diagnostics));
    };
    let catalogs: Vec<&Catalog> = assessment
        .frameworks
        .iter()
        .filter_map(|id| library.catalog(id))
        .collect();
    let mut assessment = assessment;
    assessment.targets.apply_design_factors(&catalogs);
    let files: Vec<responses::Source> = assessment
        .responses
        .iter()
        .map(|source| responses::Source {
            path: dir.join(source.file()),
            respondent: source
                .interview()
                .and_then(|i| assessment.interview(&i.interview))
                .map(Interview::label),
            consolidated: source.interview().is_some_and(|i| i.consolidated),
        })
        .collect();
    let (responses, found) = responses::read_all_with(&files, questionnaire, &assessment.frameworks, purpose);
    diagnostics.extend(found);
    let evidence = match &assessment.evidence {
        Some(file) if purpose == Purpose::Report => {
            let (register, found) = evidence::read(&dir.join(file), &catalogs);
            diagnostics.extend(found);
            register
        }
        _ => Register::default(),
    };
    let logo = if purpose == Purpose::Report {
        read_logo(&dir, &assessment.report.logo, &label, &text, &mut diagnostics)
    } else {
        None
    };
    let warnings = diagnostics.into_result()?;
    Ok((
        Loaded {
            dir,
            file,
            assessment,
            questionnaire,
            catalogs,
            responses,
            evidence,
            logo,
        },
        warnings,
    ))
}

/// The logo named in the `report` block, if any; a problem is placed on that field's line.
fn read_logo(dir: &Path, file: &str, label: &str, text: &str, diagnostics: &mut Diagnostics) -> Option<Logo> {
    if file.is_empty() {
        return None;
    }
    let (logo, problem) = match logo::read(dir, file) {
        Ok((logo, warning)) => (Some(logo), warning),
        Err(error) => (None, Some(error)),
    };
    if let Some(d) = problem {
        let mut found = Diagnostics::default();
        found.push(d.at_path("report.logo"));
        found.relabel("", label);
        found.locate_lines(text);
        diagnostics.extend(found);
    }
    logo
}

/// The fields of `assessment.json` and of its nested objects, with those that must be present.
const FIELDS: &[(&str, &[&str], &[&str])] = &[
    (
        "",
        &[
            "organization",
            "assessor",
            "date",
            "frameworks",
            "questionnaire",
            "targets",
            "responses",
            "evidence",
            "interviews",
            "samples",
            "readiness",
            "effort_days",
            "report",
            "baseline",
            "profile",
        ],
        &["organization", "date", "frameworks", "questionnaire"],
    ),
    ("profile", &OrgProfile::FIELDS, &[]),
    ("targets", &["default", "frameworks", "controls", "design_factors"], &[]),
    (
        "readiness",
        &["conformity", "minor", "systemic_minors", "sample_tolerance"],
        &[],
    ),
    ("effort_days", &["S", "M", "L"], &[]),
    (
        "report",
        &[
            "consultancy",
            "classification",
            "version",
            "issue_date",
            "narrative",
            "commentary",
            "logo",
        ],
        &[],
    ),
];

/// Parses `assessment.json`, reporting every problem at once: malformed JSON, keys written twice,
/// unknown fields (with the nearest known name), missing fields and values of the wrong type.
pub fn parse(label: &str, text: &str) -> Result<Assessment> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::single(crate::input::json_error(label, &e)))?;
    // Kept in full up to the per-file limit and counted beyond it, so a file of a million
    // problems costs no more memory than one of a hundred.
    let mut found = crate::input::duplicate_keys(label, text);
    // A problem of the whole document has no path; it is placed on the first line.
    let mut problem = |path: String, d: Diagnostic| {
        let mut d = if path.is_empty() { d.at_line(1) } else { d.at_path(path) };
        d.file = label.to_string();
        found.push(d);
    };
    for &(at, known, required) in FIELDS {
        let object = if at.is_empty() { Some(&value) } else { value.get(at) };
        let Some(object) = object else { continue };
        let Some(fields) = object.as_object() else {
            problem(
                at.to_string(),
                field_error("not an object")
                    .found(kind_of(object))
                    .expected("an object { ... }"),
            );
            continue;
        };
        for key in fields.keys() {
            if !known.contains(&key.as_str()) {
                let mut d = field_error("unknown field")
                    .found(key)
                    .expected(format!("one of {}", known.join(", ")));
                if let Some(near) = nearest(key, known.iter().copied()) {
                    d = d.hint(format!("did you mean {near}?"));
                }
                problem(json_locate::child(at, key), d);
            }
        }
        for name in required {
            if !fields.contains_key(*name) {
                let d = field_error(&format!("missing field {name}")).hint(format!("add \"{name}\": ... to the file"));
                problem(at.to_string(), d);
            }
        }
    }
    record_field_problems(&value, &mut problem);
    type_problems(&value, &mut problem);
    if found.is_empty() {
        return serde_json::from_value(value).map_err(|e| Error::single(Diagnostic::error(label, e.to_string())));
    }
    found.locate_lines(text);
    Err(Error::Invalid(found))
}

/// Unknown, missing and wrongly typed fields of the interviews and samples, and of the response
/// files listed as objects, with their paths.
fn record_field_problems(value: &serde_json::Value, problem: &mut impl FnMut(String, Diagnostic)) {
    let top = |key: &str| value.get(key);
    for (list, fields) in RECORD_FIELDS {
        let records = top(list);
        if let Some(d) = wrong_type(records, serde_json::Value::is_array, "a list of objects") {
            problem(list.to_string(), d);
        }
        for (i, record) in records
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            object_problems(&format!("{list}[{i}]"), record, fields, problem);
        }
    }
    let sources = top("responses");
    if let Some(d) = wrong_type(sources, serde_json::Value::is_array, "a list of file names or objects") {
        problem("responses".into(), d);
    }
    for (i, source) in sources
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, source)| !source.is_string())
    {
        object_problems(&format!("responses[{i}]"), source, RESPONSE_FIELDS, problem);
    }
}

/// Unknown, missing and wrongly typed fields of one record.
fn object_problems(
    at: &str,
    record: &serde_json::Value,
    fields: &[RecordField],
    problem: &mut impl FnMut(String, Diagnostic),
) {
    let Some(object) = record.as_object() else {
        problem(
            at.to_string(),
            field_error("wrong type")
                .found(kind_of(record))
                .expected("an object { ... }"),
        );
        return;
    };
    for key in object.keys() {
        if !fields.iter().any(|f| f.name == key) {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let mut d = field_error("unknown field")
                .found(key)
                .expected(format!("one of {}", names.join(", ")));
            if let Some(near) = nearest(key, names.iter().copied()) {
                d = d.hint(format!("did you mean {near}?"));
            }
            problem(json_locate::child(at, key), d);
        }
    }
    for field in fields {
        match object.get(field.name) {
            None if field.required => problem(
                at.to_string(),
                field_error(&format!("missing field {}", field.name))
                    .hint(format!("add \"{}\": ... to the entry", field.name)),
            ),
            found => {
                if let Some(d) = wrong_type(found, field.check, field.expected) {
                    problem(json_locate::child(at, field.name), d);
                }
            }
        }
    }
}

/// Values of the wrong type anywhere in the file's own fields, with their paths.
fn type_problems(value: &serde_json::Value, problem: &mut impl FnMut(String, Diagnostic)) {
    let top = |key: &str| value.get(key);
    let mut typed =
        |path: String, v: Option<&serde_json::Value>, check: fn(&serde_json::Value) -> bool, expected: &str| {
            if let Some(d) = wrong_type(v, check, expected) {
                problem(path, d);
            }
        };
    for key in [
        "organization",
        "assessor",
        "date",
        "questionnaire",
        "evidence",
        "baseline",
    ] {
        typed(key.into(), top(key), serde_json::Value::is_string, "a string");
    }
    for key in OrgProfile::FIELDS {
        let at = format!("profile.{key}");
        typed(
            at,
            top("profile").and_then(|p| p.get(key)),
            serde_json::Value::is_string,
            "a string",
        );
    }
    typed(
        "frameworks".into(),
        top("frameworks"),
        is_string_list,
        "a list of strings",
    );
    let targets = top("targets");
    typed(
        "targets.default".into(),
        targets.and_then(|t| t.get("default")),
        is_number,
        "a number",
    );
    for map in ["frameworks", "controls"] {
        let at = format!("targets.{map}");
        let entries = targets.and_then(|t| t.get(map));
        typed(
            at.clone(),
            entries,
            serde_json::Value::is_object,
            "an object of targets",
        );
        for (key, v) in entries.and_then(serde_json::Value::as_object).into_iter().flatten() {
            typed(json_locate::child(&at, key), Some(v), is_number, "a number");
        }
    }
    let readiness = top("readiness");
    for key in ["conformity", "minor", "sample_tolerance"] {
        typed(
            format!("readiness.{key}"),
            readiness.and_then(|r| r.get(key)),
            is_number,
            "a number",
        );
    }
    typed(
        "readiness.systemic_minors".into(),
        readiness.and_then(|r| r.get("systemic_minors")),
        serde_json::Value::is_u64,
        "a whole number",
    );
    let block = top("report");
    for key in ["consultancy", "classification", "version", "issue_date", "narrative"] {
        typed(
            format!("report.{key}"),
            block.and_then(|b| b.get(key)),
            serde_json::Value::is_string,
            "a string",
        );
    }
    let commentary = block.and_then(|b| b.get("commentary"));
    typed(
        "report.commentary".into(),
        commentary,
        serde_json::Value::is_object,
        "an object of framework id to text",
    );
    for (key, v) in commentary.and_then(serde_json::Value::as_object).into_iter().flatten() {
        typed(
            json_locate::child("report.commentary", key),
            Some(v),
            serde_json::Value::is_string,
            "a string",
        );
    }
    for key in ["S", "M", "L"] {
        typed(
            format!("effort_days.{key}"),
            top("effort_days").and_then(|e| e.get(key)),
            serde_json::Value::is_u64,
            "a whole number of person-days",
        );
    }
}

/// A field of the entries of a list in `assessment.json`: its name, whether it must be there, and
/// the type it takes.
struct RecordField {
    name: &'static str,
    required: bool,
    check: fn(&serde_json::Value) -> bool,
    expected: &'static str,
}

const fn field(
    name: &'static str,
    required: bool,
    check: fn(&serde_json::Value) -> bool,
    expected: &'static str,
) -> RecordField {
    RecordField {
        name,
        required,
        check,
        expected,
    }
}

const TEXT: fn(&serde_json::Value) -> bool = serde_json::Value::is_string;
const COUNT: fn(&serde_json::Value) -> bool = serde_json::Value::is_u64;

/// A response file listed as an object: the file, the interview it records (an id of
/// `interviews`), or the assessor's consolidation.
const RESPONSE_FIELDS: &[RecordField] = &[
    field("file", true, TEXT, "a string"),
    field("interview", false, TEXT, "a string"),
    field("consolidated", false, serde_json::Value::is_boolean, "true or false"),
];

/// The lists of records in `assessment.json` and their fields.
const RECORD_FIELDS: &[(&str, &[RecordField])] = &[
    (
        "interviews",
        &[
            field("id", true, TEXT, "a string"),
            field("person", true, TEXT, "a string"),
            field("role", false, TEXT, "a string"),
            field("date", true, TEXT, "a string"),
            field("topics", false, TEXT, "a string"),
            field("clauses", false, is_string_list, "a list of strings"),
        ],
    ),
    (
        "samples",
        &[
            field("id", true, TEXT, "a string"),
            field("what", true, TEXT, "a string"),
            field("size", true, COUNT, "a whole number"),
            field("population", false, COUNT, "a whole number"),
            field("exceptions", false, COUNT, "a whole number"),
            field("clauses", false, is_string_list, "a list of strings"),
            field("note", false, TEXT, "a string"),
        ],
    ),
];

/// The problem of a value that is present and of the wrong type, if it is.
fn wrong_type(
    value: Option<&serde_json::Value>,
    check: fn(&serde_json::Value) -> bool,
    expected: &str,
) -> Option<Diagnostic> {
    value
        .filter(|v| !check(v))
        .map(|v| field_error("wrong type").found(kind_of(v)).expected(expected))
}

fn field_error(message: &str) -> Diagnostic {
    Diagnostic::error("", message)
}

fn is_number(value: &serde_json::Value) -> bool {
    value.is_number()
}

fn is_string_list(value: &serde_json::Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| items.iter().all(serde_json::Value::is_string))
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Problems in an assessment's own fields, each with the JSON path of the value at fault.
pub fn check(assessment: &Assessment, library: &Library) -> Diagnostics {
    let mut found = Diagnostics::default();
    // A problem of the whole document has no path; it is placed on the first line.
    let mut problem = |path: String, d: Diagnostic| {
        found.push(if path.is_empty() { d.at_line(1) } else { d.at_path(path) });
    };
    let err = |message: &str| Diagnostic::error("", message);
    if assessment.organization.trim().is_empty() {
        problem("organization".into(), err("the organisation is empty"));
    }
    if let Err(why) = check_date(&assessment.date) {
        problem(
            "date".into(),
            err("bad date").found(format!("{:?}", assessment.date)).expected(why),
        );
    }
    if library.questionnaire(&assessment.questionnaire).is_none() {
        let known = library.questionnaires.keys().map(String::as_str);
        problem(
            "questionnaire".into(),
            unknown_id("unknown questionnaire", &assessment.questionnaire, known),
        );
    }
    if assessment.frameworks.is_empty() {
        problem(
            "frameworks".into(),
            err("no framework in scope").expected("at least one framework id"),
        );
    }
    for (i, id) in assessment.frameworks.iter().enumerate() {
        if library.catalog(id).is_none() {
            problem(format!("frameworks[{i}]"), unknown_framework(id, library));
        } else if assessment.frameworks[..i].contains(id) {
            problem(format!("frameworks[{i}]"), err("framework listed twice").found(id));
        }
    }
    let listed: Vec<String> = assessment.responses.iter().map(|r| r.file().to_string()).collect();
    for (path, d) in response_list_problems(&listed) {
        problem(path, d);
    }
    if let Some(file) = &assessment.evidence {
        if file.trim().is_empty() {
            problem(
                "evidence".into(),
                err("empty file name").expected("a CSV file in the folder, such as evidence.csv"),
            );
        }
    }
    for (path, d) in record_problems(assessment, library) {
        problem(path, d);
    }
    let targets = &assessment.targets;
    if !valid_target(targets.default) {
        problem("targets.default".into(), bad_target(targets.default));
    }
    for (id, &target) in &targets.frameworks {
        let path = json_locate::child("targets.frameworks", id);
        if library.catalog(id).is_none() {
            problem(path.clone(), unknown_framework(id, library));
        }
        if !valid_target(target) {
            problem(path, bad_target(target));
        }
    }
    for (key, &target) in &targets.controls {
        let path = json_locate::child("targets.controls", key);
        if let Some(d) = control_target_problem(key, library) {
            problem(path.clone(), d);
        }
        if !valid_target(target) {
            problem(path, bad_target(target));
        }
    }
    for (path, d) in design_factor_problems(assessment, library) {
        problem(path, d);
    }
    for (path, d) in readiness_problems(&assessment.readiness) {
        problem(path, d);
    }
    for (path, d) in report_block_problems(assessment) {
        problem(path, d);
    }
    let e = assessment.effort_days;
    for (key, days) in [("S", e.small), ("M", e.medium), ("L", e.large)] {
        if !(1..=MAX_EFFORT_DAYS).contains(&days) {
            problem(
                format!("effort_days.{key}"),
                err("person-days per level out of range")
                    .found(days)
                    .expected(format!("1 to {MAX_EFFORT_DAYS}")),
            );
        }
    }
    found
}

/// Design factor answers that name a framework out of scope or without factors, an unknown
/// factor, or a value the factor does not offer.
fn design_factor_problems(assessment: &Assessment, library: &Library) -> Vec<(String, Diagnostic)> {
    let err = |message: &str| Diagnostic::error("", message);
    let mut found = Vec::new();
    for (framework, answers) in &assessment.targets.design_factors {
        let at = json_locate::child("targets.design_factors", framework);
        let Some(catalog) = library.catalog(framework) else {
            found.push((at, unknown_framework(framework, library)));
            continue;
        };
        if !assessment.frameworks.contains(framework) {
            found.push((at, err("design factors of a framework not in scope").found(framework)));
            continue;
        }
        if catalog.design_factors.is_empty() {
            found.push((at, err("this framework has no design factors").found(framework)));
            continue;
        }
        for (factor_id, value_id) in answers {
            let path = json_locate::child(&at, factor_id);
            let Some(factor) = catalog.design_factors.iter().find(|f| &f.id == factor_id) else {
                let known = catalog.design_factors.iter().map(|f| f.id.as_str());
                found.push((path, unknown_id("unknown design factor", factor_id, known)));
                continue;
            };
            if !factor.values.iter().any(|v| &v.id == value_id) {
                let known = factor.values.iter().map(|v| v.id.as_str());
                found.push((
                    path,
                    unknown_id(&format!("not a value of {}", factor.name), value_id, known),
                ));
            }
        }
    }
    found
}

/// Thresholds that do not make sense: outside the scale, minor above conformity, a systemic
/// failure of one minor, a tolerance that is not a share.
fn readiness_problems(readiness: &Readiness) -> Vec<(String, Diagnostic)> {
    let err = |message: &str| Diagnostic::error("", message);
    let mut found = Vec::new();
    if !valid_target(readiness.conformity) {
        found.push(("readiness.conformity".into(), bad_target(readiness.conformity)));
    }
    if !valid_target(readiness.minor) || readiness.minor > readiness.conformity {
        found.push((
            "readiness.minor".into(),
            err("the minor threshold must lie between 0 and the conformity threshold")
                .found(readiness.minor)
                .expected(format!("0 to {}", readiness.conformity)),
        ));
    }
    if !(0.0..=1.0).contains(&readiness.sample_tolerance) {
        found.push((
            "readiness.sample_tolerance".into(),
            err("the sample tolerance is a share of the sample")
                .found(readiness.sample_tolerance)
                .expected("a number from 0 to 1, such as 0.1 for 10%"),
        ));
    }
    if readiness.systemic_minors < 2 {
        found.push((
            "readiness.systemic_minors".into(),
            err("a systemic failure needs at least two minors")
                .found(readiness.systemic_minors)
                .expected("2 or more"),
        ));
    }
    found
}

/// The report block: a real issue date, commentary only on frameworks in scope, texts of bounded
/// length.
fn report_block_problems(assessment: &Assessment) -> Vec<(String, Diagnostic)> {
    let err = |message: &str| Diagnostic::error("", message);
    let block = &assessment.report;
    let mut found = Vec::new();
    if !block.issue_date.is_empty() {
        if let Err(why) = check_date(&block.issue_date) {
            found.push((
                "report.issue_date".into(),
                err("bad date").found(format!("{:?}", block.issue_date)).expected(why),
            ));
        }
    }
    let texts = [
        ("report.consultancy".to_string(), &block.consultancy),
        ("report.classification".to_string(), &block.classification),
        ("report.version".to_string(), &block.version),
        ("report.narrative".to_string(), &block.narrative),
    ];
    let commentary = block
        .commentary
        .iter()
        .map(|(id, text)| (json_locate::child("report.commentary", id), text));
    for (path, text) in texts.into_iter().chain(commentary) {
        let length = text.chars().count();
        if length > MAX_REPORT_TEXT {
            found.push((
                path,
                err("text too long for a report")
                    .found(length)
                    .expected(format!("at most {MAX_REPORT_TEXT} characters")),
            ));
        }
    }
    for id in block.commentary.keys() {
        if !assessment.frameworks.contains(id) {
            found.push((
                json_locate::child("report.commentary", id),
                err("commentary on a framework not in scope")
                    .found(id)
                    .expected(format!("one of {}", assessment.frameworks.join(", "))),
            ));
        }
    }
    found.truncate(crate::error::DIAGNOSTICS_PER_FILE);
    found
}

/// The most interviews and samples an assessment may list.
pub const MAX_RECORDS: usize = 1_000;

/// Interviews and samples: distinct ids, real dates, sizes that add up, clauses of the standard.
fn record_problems(assessment: &Assessment, library: &Library) -> Vec<(String, Diagnostic)> {
    let err = |message: &str| Diagnostic::error("", message);
    let clauses: Vec<&str> = library
        .catalog(crate::content::catalog::ISO20000)
        .map(|c| c.controls().map(|(_, control)| control.id.as_str()).collect())
        .unwrap_or_default();
    let mut found = Vec::new();
    for (i, listed) in assessment.responses.iter().enumerate() {
        let Some(interview) = listed
            .interview()
            .map(|l| l.interview.as_str())
            .filter(|id| !id.is_empty())
        else {
            continue;
        };
        if assessment.interview(interview).is_none() {
            let mut d = err("unknown interview")
                .found(interview)
                .expected("an id of interviews");
            if let Some(near) = nearest(interview, assessment.interviews.iter().map(|i| i.id.as_str())) {
                d = d.hint(format!("did you mean {near}?"));
            }
            found.push((format!("responses[{i}].interview"), d));
        }
    }
    let check_clauses = |found: &mut Vec<(String, Diagnostic)>, at: &str, list: &[String]| {
        for (i, reference) in list.iter().enumerate() {
            if !clauses.iter().any(|c| covers(reference, c)) {
                let mut d = err("no requirement of ISO/IEC 20000-1 falls under this clause").found(reference);
                if let Some(near) = nearest(reference, clauses.iter().copied()) {
                    d = d.hint(format!("did you mean {near}?"));
                }
                found.push((format!("{at}.clauses[{i}]"), d));
            }
        }
    };
    for (list, len) in [
        ("interviews", assessment.interviews.len()),
        ("samples", assessment.samples.len()),
    ] {
        if len > MAX_RECORDS {
            found.push((
                list.into(),
                err("too many entries")
                    .found(len)
                    .expected(format!("at most {MAX_RECORDS}")),
            ));
        }
    }
    let mut ids = std::collections::HashSet::new();
    for (i, interview) in assessment.interviews.iter().enumerate().take(MAX_RECORDS) {
        let at = format!("interviews[{i}]");
        if !ids.insert(interview.id.as_str()) {
            found.push((format!("{at}.id"), err("id used twice").found(&interview.id)));
        }
        if let Err(why) = check_date(&interview.date) {
            found.push((
                format!("{at}.date"),
                err("bad date").found(format!("{:?}", interview.date)).expected(why),
            ));
        }
        check_clauses(&mut found, &at, &interview.clauses);
    }
    for (i, sample) in assessment.samples.iter().enumerate().take(MAX_RECORDS) {
        let at = format!("samples[{i}]");
        if !ids.insert(sample.id.as_str()) {
            found.push((format!("{at}.id"), err("id used twice").found(&sample.id)));
        }
        if sample.size == 0 {
            found.push((
                format!("{at}.size"),
                err("an empty sample").found(0).expected("1 or more"),
            ));
        }
        if let Some(population) = sample.population.filter(|p| *p < sample.size) {
            found.push((
                format!("{at}.population"),
                err("the population is smaller than the sample")
                    .found(population)
                    .expected(format!("at least {}", sample.size)),
            ));
        }
        if sample.exceptions > sample.size {
            found.push((
                format!("{at}.exceptions"),
                err("more exceptions than records sampled")
                    .found(sample.exceptions)
                    .expected(format!("at most {}", sample.size)),
            ));
        }
        check_clauses(&mut found, &at, &sample.clauses);
    }
    found.truncate(crate::error::DIAGNOSTICS_PER_FILE);
    found
}

/// An empty list, too long a list, or a file listed twice, each with its JSON path.
fn response_list_problems(files: &[String]) -> Vec<(String, Diagnostic)> {
    let err = |message: &str| Diagnostic::error("", message);
    let mut found = Vec::new();
    if files.is_empty() {
        found.push((
            "responses".into(),
            err("no response file listed").expected("at least one file, such as responses.csv"),
        ));
    }
    if files.len() > MAX_RESPONSE_FILES {
        found.push((
            "responses".into(),
            err("too many response files listed")
                .found(files.len())
                .expected(format!("at most {MAX_RESPONSE_FILES}")),
        ));
    }
    let mut listed = std::collections::HashSet::new();
    for (i, file) in files.iter().enumerate() {
        if !listed.insert(file.as_str()) && found.len() < crate::error::DIAGNOSTICS_PER_FILE {
            found.push((format!("responses[{i}]"), err("response file listed twice").found(file)));
        }
    }
    found
}

/// What is wrong with a `framework:control` target key, if anything.
fn control_target_problem(key: &str, library: &Library) -> Option<Diagnostic> {
    let err = |message: &str| Diagnostic::error("", message);
    let Some((framework, control)) = key.split_once(':') else {
        return Some(
            err("a control target needs framework:control")
                .found(key)
                .expected("such as itil4:incident-management"),
        );
    };
    let Some(catalog) = library.catalog(framework) else {
        return Some(unknown_framework(framework, library));
    };
    if catalog.control(control).is_some() {
        return None;
    }
    let mut d = err(&format!("unknown control of {framework}")).found(control);
    if let Some(near) = nearest(control, catalog.controls().map(|(_, c)| c.id.as_str())) {
        d = d.hint(format!("did you mean {framework}:{near}?"));
    }
    Some(d)
}

fn unknown_framework(id: &str, library: &Library) -> Diagnostic {
    unknown_id("unknown framework", id, library.catalogs.keys().map(String::as_str))
}

/// `message` about the id `found`, naming the `known` ids and the nearest of them as a hint.
fn unknown_id<'a>(message: &str, found: &str, known: impl Iterator<Item = &'a str> + Clone) -> Diagnostic {
    let mut d = Diagnostic::error("", message)
        .found(found)
        .expected(format!("one of {}", known.clone().collect::<Vec<_>>().join(", ")));
    if let Some(near) = nearest(found, known) {
        d = d.hint(format!("did you mean {near}?"));
    }
    d
}

fn valid_target(target: f64) -> bool {
    (0.0..=5.0).contains(&target)
}

fn bad_target(target: f64) -> Diagnostic {
    Diagnostic::error("", "target outside the scale")
        .found(target)
        .expected("a level from 0 to 5")
}

/// The assessment date as a calendar day: the one place a date is read. `None` unless it is a
/// real day written YYYY-MM-DD.
#[must_use]
pub fn parse_date(date: &str) -> Option<chrono::NaiveDate> {
    let shaped = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
        .flatten()
}

/// A calendar date written YYYY-MM-DD.
pub fn check_date(date: &str) -> std::result::Result<(), &'static str> {
    parse_date(date).map(drop).ok_or("a calendar date written YYYY-MM-DD")
}

#[cfg(test)]
mod tests {
    use crate::content::catalog::{Adjustment, DesignFactor, FactorValue};

    fn factor(id: &str, values: &[(&str, &[(&str, i8)])]) -> DesignFactor {
        DesignFactor {
            id: id.into(),
            name: id.into(),
            question: String::new(),
            note: String::new(),
            values: values
                .iter()
                .map(|(value, moves)| FactorValue {
                    id: (*value).into(),
                    name: (*value).into(),
                    meaning: String::new(),
                    adjustments: moves
                        .iter()
                        .map(|(control, change)| Adjustment {
                            control: (*control).into(),
                            change: *change,
                            reason: String::new(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn design_factors_move_default_targets_within_their_caps_and_control_targets_win() {
        let controls = ["a", "b", "c", "d"].map(|id| crate::testkit::control(id, 1.0)).to_vec();
        let mut catalog = crate::testkit::catalog("cobit", vec![("d1", controls)]);
        catalog.design_factors = vec![
            factor("size", &[("large", &[("a", 1), ("b", 1), ("c", -1)]), ("small", &[])]),
            factor("risk", &[("high", &[("a", 1), ("b", 1), ("d", -1)]), ("normal", &[])]),
            factor("role", &[("strategic", &[("a", 1), ("d", -1)]), ("support", &[])]),
        ];
        let mut t = Targets::default();
        t.frameworks.insert("cobit".into(), 4.5);
        t.controls.insert("cobit:b".into(), 2.0);
        let answers = [("size", "large"), ("risk", "high"), ("role", "strategic")];
        t.design_factors.insert(
            "cobit".into(),
            answers
                .iter()
                .map(|(f, v)| ((*f).to_string(), (*v).to_string()))
                .collect(),
        );
        t.apply_design_factors(&[&catalog]);
        assert_eq!(
            t.for_control("cobit", "a"),
            5.0,
            "three ups capped at two, and the scale ends at 5"
        );
        assert_eq!(t.for_control("cobit", "b"), 2.0, "a control's own target wins");
        assert_eq!(t.for_control("cobit", "c"), 3.5, "one down");
        assert_eq!(t.for_control("cobit", "d"), 3.5, "two downs capped at one");
        assert_eq!(t.for_control("other", "a"), 3.0, "another framework is untouched");
        t.design_factors["cobit"]["size"] = "small".into();
        t.design_factors["cobit"]["risk"] = "normal".into();
        t.design_factors["cobit"]["role"] = "nonsense".into();
        t.apply_design_factors(&[&catalog]);
        assert!(
            t.moved.is_empty(),
            "neutral and unknown answers move nothing: {:?}",
            t.moved
        );
        assert_eq!(t.for_control("cobit", "a"), 4.5);
    }

    use super::*;

    #[test]
    fn targets_prefer_control_then_framework_then_default() {
        let mut t = Targets::default();
        t.frameworks.insert("itil4".into(), 4.0);
        t.controls.insert("itil4:incident-management".into(), 5.0);
        assert_eq!(t.for_control("itil4", "incident-management"), 5.0);
        assert_eq!(t.for_control("itil4", "problem-management"), 4.0);
        assert_eq!(t.for_control("cobit2019", "DSS02"), 3.0);
    }

    #[test]
    fn dates_must_be_real_calendar_days() {
        assert!(check_date("2026-02-28").is_ok());
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2026-02-29").is_err());
        assert!(check_date("2026-13-01").is_err());
        assert!(check_date("26-1-1").is_err());
        assert!(check_date("2026-1-01").is_err());
        assert!(check_date("").is_err());
    }
}
