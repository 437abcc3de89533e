//! Creating an assessment workspace: `assessment.json`, a self-explaining `responses.csv` and, when
//! a catalog in scope lists documents, the evidence register `evidence.csv`.

pub mod assessment;
pub mod edit;
pub mod evidence;
pub mod logo;
pub mod portfolio;
pub mod responses;
pub mod sheet;
pub mod sync;
pub mod synthetic;
pub mod workbook;

use std::path::{Path, PathBuf};

use crate::content::Library;
use crate::content::questionnaire::{LEVELS, Questionnaire};
use crate::csv_out::CsvTable;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Protected, back_up, write_atomic};
use assessment::{ASSESSMENT_FILE, Assessment, DEFAULT_RESPONSES_FILE, Readiness, Targets};

pub const DEFAULT_QUESTIONNAIRE: &str = "itsm-core";

/// The response workbook `init --sheet xlsx` writes.
pub const DEFAULT_WORKBOOK_FILE: &str = "responses.xlsx";

/// How a response sheet is written: CSV, or an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    #[must_use]
    pub fn default_file(self) -> &'static str {
        match self {
            SheetFormat::Csv => DEFAULT_RESPONSES_FILE,
            SheetFormat::Xlsx => DEFAULT_WORKBOOK_FILE,
        }
    }
}

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub organization: String,
    pub assessor: String,
    /// YYYY-MM-DD; today when not given. From then on the file fixes it: no output reads the clock.
    pub date: Option<String>,
    /// Empty means every framework the questionnaire maps.
    pub frameworks: Vec<String>,
    pub questionnaire: Option<String>,
    pub target: f64,
    pub force: bool,
    pub sheet: SheetFormat,
    /// Sector, size band and region, for comparing the organisation with its peers.
    pub profile: assessment::OrgProfile,
}

#[derive(Debug, Clone)]
pub struct InitSummary {
    pub assessment_file: PathBuf,
    pub responses_file: PathBuf,
    /// The evidence register, when a catalog in scope lists documents.
    pub evidence_file: Option<PathBuf>,
    pub documents: usize,
    pub questions: usize,
    pub frameworks: Vec<String>,
    /// Files of a previous assessment moved aside, as (from, to).
    pub backups: Vec<(PathBuf, PathBuf)>,
}

/// Creates the workspace. With `force` in a folder that already holds an assessment, every file
/// of the previous one (see [`back_up_previous`]) is first moved to a numbered backup, so no
/// answer is ever lost; the summary lists the moves.
pub fn init(library: &Library, options: &InitOptions, protected: &Protected) -> Result<InitSummary> {
    let questionnaire_id = match &options.questionnaire {
        Some(id) => id.clone(),
        None => default_questionnaire(library),
    };
    let frameworks = if options.frameworks.is_empty() {
        library
            .questionnaire(&questionnaire_id)
            .map(|q| mapped_frameworks(library, q))
            .unwrap_or_default()
    } else {
        options.frameworks.clone()
    };
    let assessment = Assessment {
        organization: options.organization.trim().to_string(),
        assessor: options.assessor.trim().to_string(),
        date: options.date.clone().unwrap_or_else(today),
        frameworks,
        questionnaire: questionnaire_id,
        targets: Targets {
            default: options.target,
            ..Targets::default()
        },
        responses: vec![assessment::ResponseSource::File(
            options.sheet.default_file().to_string(),
        )],
        evidence: None,
        interviews: Vec::new(),
        samples: Vec::new(),
        readiness: Readiness::default(),
        effort_days: assessment::EffortDays::default(),
        report: assessment::ReportBlock::default(),
        baseline: None,
        profile: options.profile.clone(),
    };
    let mut assessment = assessment;
    let catalogs: Vec<&crate::content::catalog::Catalog> = assessment
        .frameworks
        .iter()
        .filter_map(|id| library.catalog(id))
        .collect();
    let register = evidence::template(&catalogs);
    if !register.rows.is_empty() {
        assessment.evidence = Some(evidence::DEFAULT_EVIDENCE_FILE.to_string());
    }
    let mut problems = assessment::check(&assessment, library);
    if problems.has_errors() {
        problems.relabel("", "itsm-assess init");
        return Err(Error::Invalid(problems));
    }
    let questionnaire = library
        .questionnaire(&assessment.questionnaire)
        .ok_or_else(|| Error::Usage(format!("unknown questionnaire {}", assessment.questionnaire)))?;
    refuse_non_empty(&options.dir, options.force)?;
    std::fs::create_dir_all(&options.dir).map_err(|e| Error::io(&options.dir, e))?;
    let assessment_file = options.dir.join(ASSESSMENT_FILE);
    let responses_file = options.dir.join(options.sheet.default_file());
    let evidence_file = assessment.evidence.as_ref().map(|f| options.dir.join(f));
    // An input, or a folder or link where a file must go, is refused before anything is moved
    // or written; an existing file is fine, it is backed up next.
    for target in [Some(&assessment_file), Some(&responses_file), evidence_file.as_ref()]
        .into_iter()
        .flatten()
    {
        crate::output::preflight(target, true, protected)?;
    }
    let backups = back_up_previous(&options.dir)?;
    let sheet = response_sheet(questionnaire, &assessment.frameworks, None);
    let questions = sheet.rows.len();
    let mut json = serde_json::to_string_pretty(&assessment)
        .map_err(|e| Error::Internal(format!("cannot write assessment.json: {e}")))?;
    json.push('\n');
    let sheet_bytes = match options.sheet {
        SheetFormat::Csv => sheet.to_bytes_with_bom(),
        SheetFormat::Xlsx => workbook::write(
            questionnaire,
            &assessment.frameworks,
            None,
            &workbook::Cover {
                organization: &assessment.organization,
                date: &assessment.date,
                frameworks: &assessment.frameworks,
            },
        )?,
    };
    write_atomic(&responses_file, &sheet_bytes, false, protected)?;
    if let Some(file) = &evidence_file {
        write_atomic(file, &register.to_bytes_with_bom(), false, protected)?;
    }
    write_atomic(&assessment_file, json.as_bytes(), false, protected)?;
    Ok(InitSummary {
        assessment_file,
        responses_file,
        evidence_file,
        documents: register.rows.len(),
        questions,
        frameworks: assessment.frameworks,
        backups,
    })
}

/// Today's date, YYYY-MM-DD, in local time: the one place the tool reads the clock.
#[must_use]
pub fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

fn default_questionnaire(library: &Library) -> String {
    if library.questionnaires.contains_key(DEFAULT_QUESTIONNAIRE) || library.questionnaires.len() != 1 {
        DEFAULT_QUESTIONNAIRE.to_string()
    } else {
        library.questionnaires.keys().next().cloned().unwrap_or_default()
    }
}

/// The frameworks a questionnaire maps, in the library's order.
fn mapped_frameworks(library: &Library, questionnaire: &Questionnaire) -> Vec<String> {
    library
        .catalogs
        .keys()
        .filter(|id| {
            questionnaire
                .questions()
                .any(|(_, q)| q.maps.iter().any(|m| &m.framework == *id))
        })
        .cloned()
        .collect()
}

/// Report files the tool writes by default; made from the previous answers, they would mislead
/// beside a new sheet.
const REPORT_FILES: &[&str] = &[
    "report.html",
    "report.pdf",
    "report.md",
    "report.json",
    "report.csv",
    "readiness.html",
    "readiness.pdf",
];

/// Moves the previous assessment in `dir` aside: `assessment.json`, every response file it lists
/// (or `responses.csv` when it cannot be read), its evidence register, and the default reports, each to the first free
/// `NAME.1`, `NAME.2`, ... beside it. Nothing else in the folder is touched.
pub fn back_up_previous(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let assessment_file = dir.join(ASSESSMENT_FILE);
    let mut names: Vec<String> = vec![
        ASSESSMENT_FILE.into(),
        DEFAULT_RESPONSES_FILE.into(),
        DEFAULT_WORKBOOK_FILE.into(),
        evidence::DEFAULT_EVIDENCE_FILE.into(),
    ];
    if let Ok(text) = crate::input::read_text(&assessment_file) {
        if let Ok(previous) = serde_json::from_str::<Assessment>(&text) {
            names.extend(previous.responses.iter().map(|r| r.file().to_string()));
            names.extend(previous.evidence);
        }
    }
    names.extend(REPORT_FILES.iter().map(|f| (*f).to_string()));
    let mut moved = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for name in names {
        let path = dir.join(&name);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        // A listed response file outside the folder is the user's own: left where it is.
        let inside = Path::new(&name).components().count() == 1;
        if is_file && inside && seen.insert(name) {
            let backup = back_up(&path)?;
            moved.push((path, backup));
        }
    }
    Ok(moved)
}

fn refuse_non_empty(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::single(
            Diagnostic::error(dir.display().to_string(), "exists and is not a folder")
                .expected("a new or empty folder"),
        ));
    }
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty && !force {
        return Err(Error::single(
            Diagnostic::error(dir.display().to_string(), "the folder exists and is not empty")
                .expected("a new or empty folder")
                .hint("pass --force to start afresh in it: the previous assessment.json, response files and reports are first moved to numbered backups (responses.csv.1, ...)"),
        ));
    }
    Ok(())
}

/// The response sheet of an assessment with the answers, comments and evidence given so far.
pub fn export_sheet(loaded: &assessment::Loaded, format: SheetFormat) -> Result<Vec<u8>> {
    let scope = &loaded.assessment.frameworks;
    Ok(match format {
        SheetFormat::Csv => response_sheet(loaded.questionnaire, scope, Some(&loaded.responses)).to_bytes_with_bom(),
        SheetFormat::Xlsx => workbook::write(
            loaded.questionnaire,
            scope,
            Some(&loaded.responses),
            &workbook::Cover {
                organization: &loaded.assessment.organization,
                date: &loaded.assessment.date,
                frameworks: scope,
            },
        )?,
    })
}

/// A question's guidance as a response sheet shows it, the rating rules' summary after it.
#[must_use]
pub fn sheet_guidance(questionnaire: &Questionnaire, question: &crate::content::questionnaire::Question) -> String {
    match questionnaire.rating.summary.as_str() {
        "" => question.guidance.clone(),
        rule => format!("{} Rating: {rule}", question.guidance),
    }
}

/// The questions more than one interviewee answered, each with its consolidated answer (the
/// median, rounded down) and a comment giving who said what, for the assessor to settle and then
/// list in `assessment.json` as the consolidated file.
pub fn consolidation_sheet(loaded: &assessment::Loaded, format: SheetFormat) -> Result<(Vec<u8>, usize)> {
    let voices = &loaded.responses.voices;
    let mut consolidated = responses::Responses::default();
    for (id, answers) in voices {
        consolidated
            .by_question
            .insert(id.clone(), responses::consolidate(answers, loaded.questionnaire));
    }
    let include = |q: &crate::content::questionnaire::Question| voices.contains_key(&q.id);
    let scope = &loaded.assessment.frameworks;
    let bytes = match format {
        SheetFormat::Csv => {
            response_sheet_selected(loaded.questionnaire, &include, Some(&consolidated)).to_bytes_with_bom()
        }
        SheetFormat::Xlsx => workbook::write_selected(
            loaded.questionnaire,
            &include,
            Some(&consolidated),
            &workbook::Cover {
                organization: &loaded.assessment.organization,
                date: &loaded.assessment.date,
                frameworks: scope,
            },
        )?,
    };
    Ok((bytes, voices.len()))
}

/// One row per question that maps to a framework in scope, with its descriptors and guidance,
/// and the answer, comment and evidence given so far when `responses` are.
#[must_use]
pub fn response_sheet(
    questionnaire: &Questionnaire,
    scope: &[String],
    responses: Option<&responses::Responses>,
) -> CsvTable {
    response_sheet_selected(questionnaire, &|q| q.maps_any(scope), responses)
}

/// The response sheet of the questions `include` selects.
#[must_use]
pub fn response_sheet_selected(
    questionnaire: &Questionnaire,
    include: &dyn Fn(&crate::content::questionnaire::Question) -> bool,
    responses: Option<&responses::Responses>,
) -> CsvTable {
    let mut headers: Vec<String> = ["question_id", "section", "question", "answer", "comment", "evidence"]
        .iter()
        .map(|h| (*h).to_string())
        .collect();
    headers.extend((0..LEVELS).map(|l| format!("level_{l}")));
    headers.push("guidance".into());
    let rows = questionnaire
        .questions()
        .filter(|(_, q)| include(q))
        .map(|(section, q)| {
            let given = responses.and_then(|r| r.get(&q.id));
            let answer = match given.map(|r| r.answer) {
                Some(responses::Answer::Level(level)) => level.to_string(),
                Some(responses::Answer::NotApplicable) => "na".to_string(),
                _ => String::new(),
            };
            let mut row = vec![
                q.id.clone(),
                section.name.clone(),
                q.text.clone(),
                answer,
                given.map(|r| r.comment.clone()).unwrap_or_default(),
                given.map(|r| r.evidence.clone()).unwrap_or_default(),
            ];
            row.extend(q.levels.iter().cloned());
            row.push(sheet_guidance(questionnaire, q));
            row
        })
        .collect();
    CsvTable { headers, rows }
}
