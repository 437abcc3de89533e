//! The report model: everything every report format shows, computed once from a loaded assessment.
//! Renderers (HTML, Markdown, JSON, CSV, PDF) only lay it out.

pub mod benchmark;
pub mod compare;
pub mod prose;
pub mod rich;

use serde::Serialize;

use prose::{Prose, TOP_GAPS};

use crate::content::questionnaire::ScaleLevel;
use crate::engine::gaps::{self, Gap, GapRegister, MANDATORY_FACTOR};
use crate::engine::readiness::ReadinessResult;
use crate::engine::roadmap::{Roadmap, RoadmapOptions};
use crate::engine::scoring::{ScoreSet, Standing};
use crate::format::number;
use crate::workspace::assessment::{AnswerCounts, Loaded, Readiness};
use crate::workspace::responses::Answer;

pub const TITLE: &str = "IT service management assessment";
const HEADLINE_DOMAINS: usize = 3;

#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    pub roadmap: RoadmapOptions,
    pub systemic_as_major: bool,
    pub profile: Profile,
}

/// How much a report shows: the same model and numbers either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Everything: summary, readiness, roadmap, then each framework, the heat map, the gap
    /// register and every answer as annexes, and the method.
    #[default]
    Full,
    /// For a board, about a dozen pages: summary, readiness, the workstreams and the timeline, the
    /// method.
    Board,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub profile: Profile,
    pub generator: String,
    pub meta: Meta,
    pub scale: Vec<ScaleLevel>,
    pub summary: Summary,
    pub scores: ScoreSet,
    pub gaps: GapRegister,
    pub roadmap: Roadmap,
    /// ISO/IEC 20000-1 readiness, when that framework is in scope.
    pub readiness: Option<ReadinessResult>,
    pub answers: Vec<AnswerSection>,
    /// Questions the interviewees answered two or more levels apart, with who said what.
    pub disagreements: Vec<DisagreementRow>,
    /// The progress since the previous round, when `assessment.json` names it as `baseline`.
    pub trend: Option<compare::Comparison>,
    /// How the organisation compares with its peers, when the report is given a portfolio.
    pub benchmark: Option<benchmark::Benchmark>,
    pub method: Method,
    /// Every sentence with a number or a rule in it, for every format to place.
    pub prose: Prose,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub organization: String,
    pub assessor: String,
    pub date: String,
    pub scope: Vec<ScopeItem>,
    pub questionnaire: ScopeItem,
    pub response_files: Vec<ResponseFileRef>,
    /// The evidence register, when the assessment has one.
    pub evidence_file: Option<ResponseFileRef>,
    /// Who issues the document, and in what words.
    pub document: DocumentMeta,
}

/// The consultancy's details and texts from the assessment's `report` block.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentMeta {
    pub consultancy: String,
    pub classification: String,
    pub version: String,
    /// The issue date, or the assessment date when none is given.
    pub issue_date: String,
    /// The executive narrative, from its Markdown.
    pub narrative: Vec<rich::Block>,
    /// Commentary by framework id, from its Markdown.
    pub commentary: indexmap::IndexMap<String, Vec<rich::Block>>,
    /// The consultancy's logo: its file and media type here, its bytes for the renderers.
    pub logo: Option<crate::workspace::logo::Logo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeItem {
    pub id: String,
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseFileRef {
    /// As listed in assessment.json.
    pub file: String,
    pub bytes: usize,
    pub sha256: String,
    /// Who was interviewed, as assessment.json names them ("Maria Lopez (CIO)"), and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// The assessor's consolidation of the interviews.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub consolidated: bool,
    /// The file for people: "cio.csv: Maria Lopez (CIO), interviewed 2026-10-02".
    pub label: String,
}

impl ResponseFileRef {
    /// A file as the assessment lists it, with the fingerprint of what was read.
    fn of((name, file): (&String, &crate::workspace::responses::ResponseFile)) -> Self {
        ResponseFileRef {
            file: name.clone(),
            bytes: file.bytes,
            sha256: file.sha256.clone(),
            respondent: None,
            date: String::new(),
            consolidated: false,
            label: name.clone(),
        }
    }

    /// A response file, with the interview it records.
    fn response(
        assessment: &crate::workspace::assessment::Assessment,
        source: &crate::workspace::assessment::ResponseSource,
        file: &crate::workspace::responses::ResponseFile,
    ) -> Self {
        let listed = source.interview();
        let interview = listed.and_then(|l| assessment.interview(&l.interview));
        let respondent = interview.map(crate::workspace::assessment::Interview::label);
        let consolidated = listed.is_some_and(|l| l.consolidated);
        let label = match (&respondent, interview) {
            (Some(who), Some(i)) => format!("{}: {who}, interviewed {}", source.file(), i.date),
            _ if consolidated => format!("{}: the assessor's consolidation", source.file()),
            _ => source.file().to_string(),
        };
        ResponseFileRef {
            file: source.file().to_string(),
            bytes: file.bytes,
            sha256: file.sha256.clone(),
            respondent,
            date: interview.map(|i| i.date.clone()).unwrap_or_default(),
            consolidated,
            label,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub frameworks: Vec<FrameworkRow>,
    pub top_gaps: Vec<Gap>,
    pub headline: Vec<String>,
    pub answered: AnswerCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkRow {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub standing: Standing,
    #[serde(serialize_with = "crate::format::round")]
    pub coverage: Option<f64>,
    /// Controls scored of those that apply (not-applicable controls left out, as in coverage).
    pub controls_scored: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerSection {
    pub id: String,
    pub name: String,
    pub answers: Vec<AnswerRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerRow {
    pub question: String,
    pub text: String,
    pub answer: Answer,
    /// The answer for people: "3 Defined", "not applicable" or "not answered".
    pub answer_text: String,
    pub comment: String,
    pub evidence: String,
    /// The question as the sheet asked it, when the questionnaire words it differently now.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub asked_as: String,
}

/// A disagreement between interviewees, for people.
#[derive(Debug, Clone, Serialize)]
pub struct DisagreementRow {
    pub question: String,
    pub text: String,
    /// "Katrin Ahlberg (Director of Digital & IT): 4 Quantitatively managed", one per interviewee.
    pub voices: Vec<String>,
    /// The answer scored, for people.
    pub scored: String,
    /// "settled by the assessor" or "the median, rounded down".
    pub how: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Method {
    pub default_target: f64,
    pub thresholds: Readiness,
    pub roadmap: RoadmapOptions,
    pub mandatory_factor: f64,
    /// The method in words, with this assessment's numbers: what every report format prints.
    pub text: Vec<MethodItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodItem {
    pub title: String,
    pub text: String,
}

#[must_use]
pub fn build(loaded: &Loaded, options: ReportOptions) -> Report {
    let assessment = &loaded.assessment;
    let crate::engine::Plan {
        scores,
        readiness,
        roadmap,
    } = crate::engine::plan(loaded, options.roadmap, options.systemic_as_major);
    let gaps = gaps::register(&scores, &assessment.readiness);
    let answers = answer_sections(loaded);
    let summary = Summary {
        frameworks: scores
            .frameworks
            .iter()
            .map(|f| FrameworkRow {
                id: f.id.clone(),
                name: if loaded.catalogs.iter().any(|c| c.id == f.id && c.indicative) {
                    format!("{} (indicative)", f.name)
                } else {
                    f.name.clone()
                },
                standing: f.standing.clone(),
                coverage: f.coverage,
                controls_scored: f.standing.counts.scored_of_applicable(),
            })
            .collect(),
        top_gaps: top_gaps(&gaps),
        headline: headline(&scores, &loaded.questionnaire.scale.levels),
        answered: loaded.answer_counts(),
    };
    let prose = prose::build(&gaps, &roadmap, readiness.as_ref());
    let q = loaded.questionnaire;
    let readiness_name = readiness.as_ref().map(|r| r.framework_name.clone());
    Report {
        title: TITLE.to_string(),
        profile: options.profile,
        generator: format!("itsm-assess {}", env!("CARGO_PKG_VERSION")),
        meta: meta(loaded),
        scale: q.scale.levels.clone(),
        summary,
        scores,
        gaps,
        roadmap,
        readiness,
        answers,
        disagreements: disagreement_rows(loaded),
        trend: None,
        benchmark: None,
        method: Method {
            default_target: assessment.targets.default,
            thresholds: assessment.readiness.clone(),
            roadmap: options.roadmap,
            mandatory_factor: MANDATORY_FACTOR,
            text: method_text(loaded, &options, readiness_name),
        },
        prose,
    }
}

/// Who, when, what scope, which files and whose document.
fn meta(loaded: &Loaded) -> Meta {
    let assessment = &loaded.assessment;
    let q = loaded.questionnaire;
    Meta {
        organization: assessment.organization.clone(),
        assessor: assessment.assessor.clone(),
        date: assessment.date.clone(),
        scope: loaded
            .catalogs
            .iter()
            .map(|c| ScopeItem {
                id: c.id.clone(),
                name: c.name.clone(),
                version: c.version.clone(),
            })
            .collect(),
        questionnaire: ScopeItem {
            id: q.id.clone(),
            name: q.name.clone(),
            version: q.version.clone(),
        },
        response_files: assessment
            .responses
            .iter()
            .zip(&loaded.responses.files)
            .map(|(source, file)| ResponseFileRef::response(assessment, source, file))
            .collect(),
        document: DocumentMeta {
            consultancy: assessment.report.consultancy.clone(),
            classification: assessment.report.classification.clone(),
            version: assessment.report.version.clone(),
            issue_date: if assessment.report.issue_date.is_empty() {
                assessment.date.clone()
            } else {
                assessment.report.issue_date.clone()
            },
            narrative: rich::parse(&assessment.report.narrative),
            commentary: assessment
                .report
                .commentary
                .iter()
                .map(|(id, text)| (id.clone(), rich::parse(text)))
                .collect(),
            logo: loaded.logo.clone(),
        },
        evidence_file: assessment
            .evidence
            .iter()
            .zip(&loaded.evidence.file)
            .map(ResponseFileRef::of)
            .next(),
    }
}

fn method_text(loaded: &Loaded, options: &ReportOptions, readiness: Option<String>) -> Vec<MethodItem> {
    let a = &loaded.assessment;
    let t = &a.readiness;
    let r = &options.roadmap;
    let scale: Vec<String> = loaded
        .questionnaire
        .scale
        .levels
        .iter()
        .map(|l| format!("{} {}", l.level, l.name))
        .collect();
    let mut items = vec![
        (
            "Answers",
            format!(
                "Each question is rated on the questionnaire's six-level scale: {}. A question may be answered not applicable, or left unanswered.",
                scale.join(", ")
            ),
        ),
        (
            "Rating rules",
            loaded.questionnaire.rating.rules.join(" "),
        ),
        (
            "Control scores",
            "A control's score is the mean of the numeric answers to the questions mapped to it, weighted by each mapping's weight. A control whose mapped questions are all answered not applicable is not applicable; one with no numeric answer otherwise is not assessed. Neither has a score.".to_string(),
        ),
        (
            "Domain and framework scores",
            "The mean of the scores of their scored controls, weighted by control weight. Coverage is the share of controls scored, leaving out those not applicable. The level shown is the whole part of a score: 2.7 is level 2.".to_string(),
        ),
        (
            "Targets and gaps",
            format!(
                "The default target is {}, overridden per framework or per control in the assessment file. A scored control's gap is its target minus its score, and never below zero. Domain and framework gaps and targets are means over their scored controls, weighted by control weight.",
                number(Some(a.targets.default))
            ),
        ),
        (
            "Priority",
            format!(
                "A gap's priority is the control weight times the gap, multiplied by {MANDATORY_FACTOR} for a mandatory requirement scoring below the conformity threshold of {}. An initiative's priority adds this up over every control its question maps, each also times the mapping weight.",
                number(Some(t.conformity))
            ),
        ),
        (
            "Roadmap",
            format!(
                "One initiative per question answered below its target (the highest target of the controls it maps), with one step per level to climb: an action that reaches the level, and the question's descriptor of that level as what good looks like. A step costs person-days by the question's effort: {} for small, {} for medium and {} for large, per level. Steps are placed into {} phases of {} months with {} person-days each (a full-time person gives about 20 a month), at most {} per initiative per phase, and only after each prerequisite question has reached the same level (or its own target, if lower). With ISO/IEC 20000-1 in scope, placing runs in three rounds: the steps that close nonconformities (with their prerequisites), then the rest of the work up to conformity, then work beyond it, which waits while any step of the first round is unplaced. Within a round, quick wins go first, then, in the first round, work on majors before minors, then the rest by priority (ties by question id). What does not fit is the backlog; the plan is run on past its last phase, up to 40 phases, to date readiness for each audit stage. Phase 1 starts the month after the assessment. A quick win needs small effort, a single step and a place in the top quarter by priority.",
                a.effort_days.small,
                a.effort_days.medium,
                a.effort_days.large,
                r.phases,
                r.phase_months,
                r.capacity,
                if r.levels_per_phase > 1 { format!("{} levels", r.levels_per_phase) } else { "one level".to_string() }
            ),
        ),
    ];
    if let Some(name) = readiness {
        items.push((
            "Readiness",
            format!(
                "Each {name} requirement lists its required elements, and each element names the questions that evidence it directly. An element is met when every one of them is answered {} or higher, partly met when the weakest is from {}, absent below, and not assessed when none is answered, one is left blank while the others reach the threshold, or one is answered not applicable (an exclusion, which the standard does not permit). Supporting questions are shown as context and never lift an element. A requirement takes its weakest element: major when an element that must exist is absent, when none of its elements is in place, when an element that must exist and that a stage 1 audit checks is only partly met (a draft scope or an unapproved policy), or when a required document raised under it is recorded missing in the evidence register; minor when an element is partly met or another element absent, or when a sample covering it found more exceptions than the tolerance of {}. {} or more minors under one clause are flagged as a possible systemic failure. Stage 1 is ready when every required document in the evidence register is seen and every element a stage 1 audit checks is met; ready with corrective actions when all that holds but some required document is only claimed, which must be shown before a stage 1 audit is booked; not ready otherwise. Stage 2 is ready when every requirement conforms; ready with corrective actions when only minors remain, each needing a corrective action plan the certification body accepts; not ready while any major or unassessed requirement remains, since majors must be closed before a certificate is issued. The verdict is the weaker of the two.",
                number(Some(t.conformity)),
                number(Some(t.minor)),
                crate::format::percent(Some(t.sample_tolerance)),
                t.systemic_minors
            ),
        ));
    }
    items.push(("Targets from design factors", design_factor_text(loaded)));
    items.push((
        "The scale and each framework's own levels",
        loaded
            .catalogs
            .iter()
            .filter(|c| !c.scale_note.is_empty())
            .map(|c| format!("{}: {}", c.name, c.scale_note))
            .collect::<Vec<_>>()
            .join(" "),
    ));
    items.push((
        "Terms used",
        "SMS: the service management system, the policies, plans, processes and records through which the organisation runs its services; ISO/IEC 20000-1 certifies it. Stage 1 and stage 2: the two parts of a certification audit, first a review of the documented system and readiness, then a check on site that it works in practice. Required element: one thing a requirement asks for, written as what an auditor looks for. Direct evidence: an answer to a question that rates that element itself; supporting evidence only adds context. Major nonconformity: something the standard requires is missing or has broken down, which blocks certification until it is closed; minor: a lapse that leaves the system working, closed through a corrective action plan. Possible systemic failure: several minors under one clause, which an auditor may grade as one major. BIA, RTO and RPO: business impact analysis, and the recovery time and recovery point a service must meet after a disruption. Person-day: a day of one person's work; a full-time person gives about 20 a month. Quick win: a small, single-step initiative high in priority.".to_string(),
    ));
    items
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(title, text)| MethodItem {
            title: title.to_string(),
            text,
        })
        .collect()
}

/// The design factor answers and the default targets they move, framework by framework; empty
/// without answers.
fn design_factor_text(loaded: &Loaded) -> String {
    let targets = &loaded.assessment.targets;
    let mut parts = Vec::new();
    for (framework, answers) in &targets.design_factors {
        let Some(catalog) = loaded.catalogs.iter().find(|c| &c.id == framework) else {
            continue;
        };
        let chosen: Vec<String> = answers
            .iter()
            .filter_map(|(factor, value)| catalog.design_factor_answer(factor, value))
            .map(|(factor, value)| format!("{}: {}", factor.name, value.name))
            .collect();
        let prefix = format!("{framework}:");
        let moved: Vec<String> = targets
            .moved
            .iter()
            .filter_map(|(key, change)| key.strip_prefix(&prefix).map(|control| format!("{control} {change:+}")))
            .collect();
        parts.push(format!(
            "{}, from the answers {}, default targets moved: {}.",
            catalog.name,
            chosen.join("; "),
            if moved.is_empty() {
                "nowhere".to_string()
            } else {
                moved.join(", ")
            }
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    let (lowest, highest) = crate::workspace::assessment::DESIGN_FACTOR_RANGE;
    parts.push(format!(
        "Each answer moves some objectives' default target up or down a level, for reasons given in the catalog; the moves add up, capped at {highest} levels up and {} down, within 1 to 5, and a target set for a control in the assessment file takes precedence. The table is our own approximation of the idea of COBIT's design factors, not COBIT's published design guide.",
        -lowest
    ));
    parts.join(" ")
}

/// The largest gaps by size (priority breaks ties), at most [`TOP_GAPS`].
fn top_gaps(register: &GapRegister) -> Vec<Gap> {
    let mut largest = register.gaps.clone();
    largest.sort_by(|a, b| b.gap.total_cmp(&a.gap).then(b.priority.total_cmp(&a.priority)));
    largest.truncate(TOP_GAPS);
    largest
}

/// What a level means, as the questionnaire's scale says it: ", individuals do it when ...".
fn level_meaning(scale: &[ScaleLevel], level: u8) -> String {
    let meaning = scale.iter().find(|l| l.level == level).map_or("", |l| l.meaning.trim());
    let mut chars = meaning.chars();
    match chars.next() {
        Some(first) => format!(", {}{}", first.to_lowercase(), chars.as_str()),
        None => ".".into(),
    }
}

/// A few generated sentences: where each framework stands and what its level means, the strongest
/// and the weakest domains.
fn headline(scores: &ScoreSet, scale: &[ScaleLevel]) -> Vec<String> {
    let mut lines: Vec<String> = scores
        .frameworks
        .iter()
        .map(|f| match (f.standing.score, f.standing.level) {
            (Some(score), Some(level)) => format!(
                "{} scores {} against a target of {}, with {} of its controls assessed. At level {level} ({}){}",
                f.name,
                number(Some(score)),
                number(f.standing.target),
                crate::format::percent(f.coverage),
                f.standing.level_name.as_deref().unwrap_or(""),
                level_meaning(scale, level)
            ),
            _ => format!("{} could not be scored: no control has a numeric answer.", f.name),
        })
        .collect();
    let mut domains: Vec<(String, f64, f64)> = scores
        .frameworks
        .iter()
        .flat_map(|f| {
            f.domains
                .iter()
                .filter_map(move |d| Some((format!("{} ({})", d.name, f.name), d.standing.score?, d.standing.gap?)))
        })
        .collect();
    if domains.is_empty() {
        return lines;
    }
    domains.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let strongest: Vec<String> = domains
        .iter()
        .take(HEADLINE_DOMAINS)
        .map(|(name, score, _)| format!("{name} at {}", number(Some(*score))))
        .collect();
    lines.push(format!("Strongest areas: {}.", strongest.join("; ")));
    domains.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then(a.1.total_cmp(&b.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    let weakest: Vec<String> = domains
        .iter()
        .filter(|d| d.2 > 0.0)
        .take(HEADLINE_DOMAINS)
        .map(|(name, score, gap)| format!("{name} at {} (gap {})", number(Some(*score)), number(Some(*gap))))
        .collect();
    if weakest.is_empty() {
        lines.push("Every scored domain meets its target.".into());
    } else {
        lines.push(format!("Largest gaps: {}.", weakest.join("; ")));
    }
    lines
}

fn disagreement_rows(loaded: &Loaded) -> Vec<DisagreementRow> {
    let q = loaded.questionnaire;
    loaded
        .responses
        .disagreements
        .iter()
        .map(|d| DisagreementRow {
            question: d.question_id.clone(),
            text: q.question(&d.question_id).map(|x| x.text.clone()).unwrap_or_default(),
            voices: d
                .voices
                .iter()
                .map(|v| format!("{}: {}", v.who(), v.answer.describe(q)))
                .collect(),
            scored: d.answer.describe(q),
            how: if d.settled {
                "settled by the assessor".into()
            } else {
                "the median, rounded down; not yet settled".into()
            },
        })
        .collect()
}

fn answer_sections(loaded: &Loaded) -> Vec<AnswerSection> {
    let q = loaded.questionnaire;
    let scope = &loaded.assessment.frameworks;
    q.sections
        .iter()
        .map(|section| AnswerSection {
            id: section.id.clone(),
            name: section.name.clone(),
            answers: section
                .questions
                .iter()
                .filter(|question| question.maps_any(scope))
                .map(|question| {
                    let response = loaded.responses.get(&question.id);
                    let answer = response.map_or(Answer::Unanswered, |r| r.answer);
                    AnswerRow {
                        question: question.id.clone(),
                        text: question.text.clone(),
                        answer,
                        answer_text: answer.describe(q),
                        comment: response.map(|r| r.comment.clone()).unwrap_or_default(),
                        evidence: response.map(|r| r.evidence.clone()).unwrap_or_default(),
                        asked_as: response.map(|r| r.asked_as.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .filter(|s| !s.answers.is_empty())
        .collect()
}
