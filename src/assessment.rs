//! The assessment workspace: `assessment.json` (who, when, scope, targets) and its response files.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::content::{Library, nearest};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::json_locate;
use crate::questionnaire::Questionnaire;
use crate::responses::{self, Answer, Responses};

pub const ASSESSMENT_FILE: &str = "assessment.json";
pub const DEFAULT_RESPONSES_FILE: &str = "responses.csv";
pub const DEFAULT_TARGET: f64 = 3.0;

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
    #[serde(default = "default_responses")]
    pub responses: Vec<String>,
    #[serde(default)]
    pub readiness: Readiness,
}

fn default_responses() -> Vec<String> {
    vec![DEFAULT_RESPONSES_FILE.to_string()]
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
}

fn default_target() -> f64 {
    DEFAULT_TARGET
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            default: DEFAULT_TARGET,
            frameworks: IndexMap::new(),
            controls: IndexMap::new(),
        }
    }
}

impl Targets {
    /// The per-control override, else the per-framework one, else the default.
    pub fn for_control(&self, framework: &str, control: &str) -> f64 {
        self.controls
            .get(&format!("{framework}:{control}"))
            .or_else(|| self.frameworks.get(framework))
            .copied()
            .unwrap_or(self.default)
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

impl Default for Readiness {
    fn default() -> Self {
        Readiness {
            conformity: default_conformity(),
            minor: default_minor(),
            systemic_minors: default_systemic_minors(),
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
    let (dir, file) = locate(path);
    if !file.is_file() {
        return Err(Error::single(
            Diagnostic::error(file.display().to_string(), "no assessment here")
                .hint("create one with `itsm-assess init DIR --org NAME`"),
        ));
    }
    let label = file.display().to_string();
    let text = crate::input::read_text(&file).map_err(|d| Error::single(*d))?;
    let assessment: Assessment =
        serde_json::from_str(&text).map_err(|e| Error::single(crate::input::json_error(&label, &e)))?;
    let mut diagnostics = check(&assessment, library);
    for d in &mut diagnostics.0 {
        d.file.clone_from(&label);
        if let Some(path) = &d.path {
            d.line = json_locate::line_of(&text, path);
        }
    }
    let Some(questionnaire) = library.questionnaire(&assessment.questionnaire) else {
        return Err(Error::Invalid(diagnostics));
    };
    let catalogs: Vec<&Catalog> = assessment
        .frameworks
        .iter()
        .filter_map(|id| library.catalog(id))
        .collect();
    let files: Vec<PathBuf> = assessment.responses.iter().map(|f| dir.join(f)).collect();
    let (responses, found) = responses::read_all(&files, questionnaire, &assessment.frameworks);
    diagnostics.extend(found);
    let warnings = diagnostics.into_result()?;
    Ok((
        Loaded {
            dir,
            file,
            assessment,
            questionnaire,
            catalogs,
            responses,
        },
        warnings,
    ))
}

/// Problems in an assessment's own fields, each with the JSON path of the value at fault.
pub fn check(assessment: &Assessment, library: &Library) -> Diagnostics {
    let mut found = Diagnostics::default();
    let mut problem = |path: String, d: Diagnostic| found.push(d.at_path(path));
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
        let mut d = err("unknown questionnaire")
            .found(&assessment.questionnaire)
            .expected(format!(
                "one of {}",
                library.questionnaires.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        if let Some(near) = nearest(&assessment.questionnaire, known) {
            d = d.hint(format!("did you mean {near}?"));
        }
        problem("questionnaire".into(), d);
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
    if assessment.responses.is_empty() {
        problem(
            "responses".into(),
            err("no response file listed").expected("at least one file, such as responses.csv"),
        );
    }
    let targets = &assessment.targets;
    if !valid_target(targets.default) {
        problem("targets.default".into(), bad_target(targets.default));
    }
    for (id, &target) in &targets.frameworks {
        let path = format!("targets.frameworks.{id}");
        if library.catalog(id).is_none() {
            problem(path.clone(), unknown_framework(id, library));
        }
        if !valid_target(target) {
            problem(path, bad_target(target));
        }
    }
    for (key, &target) in &targets.controls {
        let path = format!("targets.controls.{key}");
        match key.split_once(':') {
            None => problem(
                path.clone(),
                err("a control target needs framework:control")
                    .found(key)
                    .expected("such as itil4:incident-management"),
            ),
            Some((framework, control)) => match library.catalog(framework) {
                None => problem(path.clone(), unknown_framework(framework, library)),
                Some(catalog) if catalog.control(control).is_none() => {
                    let mut d = err(&format!("unknown control of {framework}")).found(control);
                    if let Some(near) = nearest(control, catalog.controls().map(|(_, c)| c.id.as_str())) {
                        d = d.hint(format!("did you mean {framework}:{near}?"));
                    }
                    problem(path.clone(), d);
                }
                Some(_) => {}
            },
        }
        if !valid_target(target) {
            problem(path, bad_target(target));
        }
    }
    let readiness = &assessment.readiness;
    if !valid_target(readiness.conformity) {
        problem("readiness.conformity".into(), bad_target(readiness.conformity));
    }
    if !valid_target(readiness.minor) || readiness.minor > readiness.conformity {
        problem(
            "readiness.minor".into(),
            err("the minor threshold must lie between 0 and the conformity threshold")
                .found(readiness.minor)
                .expected(format!("0 to {}", readiness.conformity)),
        );
    }
    if readiness.systemic_minors < 2 {
        problem(
            "readiness.systemic_minors".into(),
            err("a systemic failure needs at least two minors")
                .found(readiness.systemic_minors)
                .expected("2 or more"),
        );
    }
    found
}

fn unknown_framework(id: &str, library: &Library) -> Diagnostic {
    let mut d = Diagnostic::error("", "unknown framework").found(id).expected(format!(
        "one of {}",
        library.catalogs.keys().cloned().collect::<Vec<_>>().join(", ")
    ));
    if let Some(near) = nearest(id, library.catalogs.keys().map(String::as_str)) {
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

/// A calendar date written YYYY-MM-DD.
pub fn check_date(date: &str) -> std::result::Result<(), &'static str> {
    let shaped = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shaped && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() {
        Ok(())
    } else {
        Err("a calendar date written YYYY-MM-DD")
    }
}

#[cfg(test)]
mod tests {
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
