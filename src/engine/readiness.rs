//! ISO/IEC 20000-1:2018 certification readiness: each requirement classified against the thresholds
//! of the assessment, systemic failures flagged, and a verdict. The method is stated in the README
//! under "Readiness method".

use serde::Serialize;

use std::collections::HashMap;

use crate::engine::roadmap::Roadmap;
use crate::engine::scoring::{ControlScore, FrameworkScore, ScoreSet, Status};
use crate::workspace::assessment::{Loaded, Readiness};
use crate::workspace::responses::Answer;

/// The catalog id whose requirements are classified.
pub const ISO20000: &str = "iso20000";

/// The error of asking for readiness when ISO/IEC 20000-1 is not assessed.
#[must_use]
pub fn not_in_scope() -> crate::Error {
    crate::Error::Usage(format!(
        "ISO/IEC 20000-1 ({ISO20000}) is not in the assessment's scope: add it to \"frameworks\" in assessment.json"
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Conforming,
    Minor,
    Major,
    NotAssessed,
}

impl Classification {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Classification::Conforming => "conforming",
            Classification::Minor => "minor nonconformity",
            Classification::Major => "major nonconformity",
            Classification::NotAssessed => "not assessed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    ReadyWithCorrectiveActions,
    NotReady,
}

impl Verdict {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::ReadyWithCorrectiveActions => "ready with corrective actions",
            Verdict::NotReady => "not ready",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub clause: String,
    pub title: String,
    /// Second-level clause it belongs to, such as "8.5" for 8.5.1.2.
    pub group: String,
    pub domain: String,
    pub classification: Classification,
    #[serde(serialize_with = "crate::format::round")]
    pub score: Option<f64>,
    /// Every question mapped to it was answered `na`: an exclusion, which the standard does not permit.
    pub exclusion_claimed: bool,
    /// One of several minors in its group: a possible systemic failure an auditor may grade major.
    pub systemic: bool,
    /// Graded major because it is systemic and `systemic_as_major` was asked for.
    pub escalated: bool,
    /// What an auditor would write: the score against the thresholds and the weakest evidence.
    pub finding: String,
    /// The questions that evidence it, with their answers and the evidence named.
    pub questions: Vec<EvidenceQuestion>,
    /// The documented information it calls for, and whether any evidence was named for it.
    pub documents: Vec<DocumentCheck>,
    /// Roadmap steps that raise its questions to the conformity level, with their phase.
    pub closing_steps: Vec<ClosingStep>,
}

impl Requirement {
    /// The evidence named for it, as "question: evidence".
    #[must_use]
    pub fn evidence(&self) -> Vec<String> {
        self.questions
            .iter()
            .filter(|q| !q.evidence.is_empty())
            .map(|q| format!("{}: {}", q.id, q.evidence))
            .collect()
    }

    /// The classification for people, with the exclusion and systemic notes.
    #[must_use]
    pub fn status_text(&self) -> String {
        let mut text = self.classification.label().to_string();
        if self.exclusion_claimed {
            text.push_str(" (exclusion claimed: not permitted)");
        }
        if self.escalated {
            text.push_str(" (systemic, graded major)");
        } else if self.systemic {
            text.push_str(" (possible systemic failure)");
        }
        text
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceQuestion {
    pub id: String,
    pub text: String,
    pub weight: f64,
    pub answer: Answer,
    pub answer_text: String,
    pub comment: String,
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentCheck {
    pub document: String,
    pub evidence_named: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosingStep {
    pub question: String,
    pub level: u8,
    /// None: the step is in the roadmap's backlog.
    pub phase: Option<usize>,
}

/// One row of the corrective action plan: a nonconformity and what closes it. Owner and due date
/// are the client's to fill in.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectiveAction {
    pub clause: String,
    pub title: String,
    pub classification: Classification,
    pub finding: String,
    pub steps: String,
    pub owner: String,
    pub due_date: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub requirements: usize,
    pub conforming: usize,
    pub minor: usize,
    pub major: usize,
    pub not_assessed: usize,
}

/// The grade of finding at or above which a readiness check fails (`--fail-on`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Never fail: the check only reports.
    #[default]
    None,
    /// Fail on a minor or major nonconformity, or a requirement not assessed.
    Minor,
    /// Fail on a major nonconformity or a requirement not assessed.
    Major,
}

impl ReadinessResult {
    /// Whether the check fails at this grade. A requirement not assessed fails any gate: a gate
    /// cannot pass what it cannot see.
    #[must_use]
    pub fn fails(&self, gate: FailOn) -> bool {
        let c = &self.counts;
        match gate {
            FailOn::None => false,
            FailOn::Major => c.major + c.not_assessed > 0,
            FailOn::Minor => c.major + c.not_assessed + c.minor > 0,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemicGroup {
    pub group: String,
    pub minors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessResult {
    pub framework: String,
    pub framework_name: String,
    pub thresholds: Readiness,
    pub systemic_as_major: bool,
    pub verdict: Verdict,
    /// Conforming requirements as a share of all requirements.
    #[serde(serialize_with = "crate::format::round_value")]
    pub readiness: f64,
    pub counts: Counts,
    pub systemic_groups: Vec<SystemicGroup>,
    pub requirements: Vec<Requirement>,
    /// Documented information for which no evidence was named under any requirement.
    pub missing_documents: Vec<String>,
    pub corrective_actions: Vec<CorrectiveAction>,
}

/// Classifies a score against the thresholds.
#[must_use]
pub fn classify(score: Option<f64>, thresholds: &Readiness) -> Classification {
    match score {
        None => Classification::NotAssessed,
        Some(s) if s >= thresholds.conformity => Classification::Conforming,
        Some(s) if s >= thresholds.minor => Classification::Minor,
        Some(_) => Classification::Major,
    }
}

/// The second-level clause of a requirement: "8.5.1.2" is in "8.5", "4.1" in "4.1".
#[must_use]
pub fn clause_group(clause: &str) -> String {
    clause.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// Readiness of the ISO/IEC 20000-1 framework when it is in scope, with the evidence behind each
/// requirement, the documented information checklist and the corrective action plan.
#[must_use]
pub fn assess(
    loaded: &Loaded,
    scores: &ScoreSet,
    roadmap: &Roadmap,
    systemic_as_major: bool,
) -> Option<ReadinessResult> {
    let thresholds = &loaded.assessment.readiness;
    let framework = scores.frameworks.iter().find(|f| f.id == ISO20000)?;
    let catalog = loaded.catalogs.iter().find(|c| c.id == ISO20000)?;
    let mut result = assess_framework(framework, thresholds, systemic_as_major);
    let controls: HashMap<&str, &ControlScore> = framework
        .domains
        .iter()
        .flat_map(|d| d.controls.iter())
        .map(|c| (c.id.as_str(), c))
        .collect();
    let needed = crate::engine::levels::level_needed(thresholds.conformity);
    for requirement in &mut result.requirements {
        let Some(control) = controls.get(requirement.clause.as_str()) else {
            continue;
        };
        requirement.questions = control
            .questions
            .iter()
            .map(|q| evidence_question(loaded, &q.id, q.weight))
            .collect();
        let evidence_named = !requirement.evidence().is_empty();
        requirement.documents = catalog
            .control(&requirement.clause)
            .map(|c| &c.documented_information)
            .into_iter()
            .flatten()
            .map(|document| DocumentCheck {
                document: document.clone(),
                evidence_named,
            })
            .collect();
        requirement.closing_steps = roadmap
            .initiatives
            .iter()
            .filter(|i| {
                i.controls
                    .iter()
                    .any(|c| c.framework == ISO20000 && c.control == requirement.clause)
            })
            .flat_map(|i| {
                i.steps.iter().filter(|s| s.level <= needed).map(|s| ClosingStep {
                    question: i.question.clone(),
                    level: s.level,
                    phase: s.phase,
                })
            })
            .collect();
        requirement.finding = finding(requirement, thresholds, needed, loaded);
    }
    let mut documents: indexmap::IndexMap<String, bool> = indexmap::IndexMap::new();
    for d in result.requirements.iter().flat_map(|r| &r.documents) {
        *documents.entry(d.document.clone()).or_default() |= d.evidence_named;
    }
    result.missing_documents = documents
        .into_iter()
        .filter(|(_, named)| !named)
        .map(|(name, _)| name)
        .collect();
    result.corrective_actions = result
        .requirements
        .iter()
        .filter(|r| matches!(r.classification, Classification::Minor | Classification::Major))
        .map(|r| CorrectiveAction {
            clause: r.clause.clone(),
            title: r.title.clone(),
            classification: r.classification,
            finding: r.finding.clone(),
            steps: steps_text(&r.closing_steps),
            owner: String::new(),
            due_date: String::new(),
        })
        .collect();
    Some(result)
}

fn evidence_question(loaded: &Loaded, id: &str, weight: f64) -> EvidenceQuestion {
    let q = loaded.questionnaire;
    let response = loaded.responses.get(id);
    let answer = response.map_or(Answer::Unanswered, |r| r.answer);
    EvidenceQuestion {
        id: id.to_string(),
        text: q.question(id).map(|q| q.text.clone()).unwrap_or_default(),
        weight,
        answer,
        answer_text: answer.describe(q),
        comment: response.map(|r| r.comment.clone()).unwrap_or_default(),
        evidence: response.map(|r| r.evidence.clone()).unwrap_or_default(),
    }
}

/// The roadmap steps as a reader of the plan wants them: "SMS-18 to level 2 (phase 1); ...".
#[must_use]
pub fn steps_text(steps: &[ClosingStep]) -> String {
    if steps.is_empty() {
        return "no roadmap step: raise the answers of the questions above to the conformity level".into();
    }
    steps
        .iter()
        .map(|s| match s.phase {
            Some(p) => format!("{} to level {} (phase {p})", s.question, s.level),
            None => format!("{} to level {} (backlog)", s.question, s.level),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn finding(requirement: &Requirement, t: &Readiness, needed: u8, loaded: &Loaded) -> String {
    let number = |v: f64| crate::format::number(Some(v));
    match (requirement.classification, requirement.score) {
        (Classification::NotAssessed, _) if requirement.exclusion_claimed => "Every question evidencing it was answered not applicable, but no requirement of ISO/IEC 20000-1 can be excluded: work done by other parties is controlled under 8.2.3. Assess it before the audit.".into(),
        (Classification::NotAssessed, _) => "No question evidencing it was answered, so its conformity is unknown. Assess it before the audit.".into(),
        (Classification::Conforming, Some(score)) => {
            format!("Conforms: scored {} against the conformity threshold of {}.", number(score), number(t.conformity))
        }
        (_, score) => {
            let grade = if requirement.escalated {
                "graded major as part of a systemic failure"
            } else if requirement.classification == Classification::Major {
                "a major nonconformity"
            } else {
                "a minor nonconformity"
            };
            let mut text = format!(
                "Scored {} against the conformity threshold of {} ({grade}; minor from {}).",
                number(score.unwrap_or(0.0)),
                number(t.conformity),
                number(t.minor)
            );
            let weakest = requirement
                .questions
                .iter()
                .filter_map(|q| q.answer.level().map(|a| (a, q)))
                .min_by_key(|(a, q)| (*a, q.id.clone()));
            if let Some((answer, q)) = weakest {
                if let Some(descriptor) = loaded.questionnaire.question(&q.id).and_then(|x| x.levels.get(usize::from(needed))) {
                    text.push_str(&format!(
                        " Weakest evidence: {} answered {answer} ({}); level {needed} needs: {descriptor}",
                        q.id,
                        loaded.questionnaire.level_name(answer)
                    ));
                }
            }
            if requirement.systemic && !requirement.escalated {
                text.push_str(" One of several minors in this clause: a possible systemic failure an auditor may grade major.");
            }
            text
        }
    }
}

#[must_use]
pub fn assess_framework(
    framework: &FrameworkScore,
    thresholds: &Readiness,
    systemic_as_major: bool,
) -> ReadinessResult {
    let mut requirements: Vec<Requirement> = framework
        .domains
        .iter()
        .flat_map(|d| {
            d.controls.iter().map(move |c| Requirement {
                clause: c.id.clone(),
                title: c.title.clone(),
                group: clause_group(&c.id),
                domain: d.id.clone(),
                classification: classify(c.score, thresholds),
                score: c.score,
                exclusion_claimed: c.status == Status::NotApplicable,
                systemic: false,
                escalated: false,
                finding: String::new(),
                questions: Vec::new(),
                documents: Vec::new(),
                closing_steps: Vec::new(),
            })
        })
        .collect();
    let mut minors_by_group: indexmap::IndexMap<&str, Vec<String>> = indexmap::IndexMap::new();
    for r in requirements
        .iter()
        .filter(|r| r.classification == Classification::Minor)
    {
        minors_by_group
            .entry(r.group.as_str())
            .or_default()
            .push(r.clause.clone());
    }
    let groups: Vec<SystemicGroup> = minors_by_group
        .into_iter()
        .filter(|(_, minors)| minors.len() >= thresholds.systemic_minors)
        .map(|(group, minors)| SystemicGroup {
            group: group.to_string(),
            minors,
        })
        .collect();
    let systemic: std::collections::HashSet<&String> = groups.iter().flat_map(|g| &g.minors).collect();
    for r in &mut requirements {
        if systemic.contains(&r.clause) {
            r.systemic = true;
            if systemic_as_major {
                r.classification = Classification::Major;
                r.escalated = true;
            }
        }
    }
    let mut counts = Counts {
        requirements: requirements.len(),
        ..Counts::default()
    };
    for r in &requirements {
        match r.classification {
            Classification::Conforming => counts.conforming += 1,
            Classification::Minor => counts.minor += 1,
            Classification::Major => counts.major += 1,
            Classification::NotAssessed => counts.not_assessed += 1,
        }
    }
    let verdict = if counts.major > 0 || counts.not_assessed > 0 {
        Verdict::NotReady
    } else if counts.minor > 0 {
        Verdict::ReadyWithCorrectiveActions
    } else {
        Verdict::Ready
    };
    ReadinessResult {
        framework: framework.id.clone(),
        framework_name: framework.name.clone(),
        thresholds: thresholds.clone(),
        systemic_as_major,
        verdict,
        readiness: if counts.requirements == 0 {
            0.0
        } else {
            counts.conforming as f64 / counts.requirements as f64
        },
        counts,
        systemic_groups: groups,
        requirements,
        missing_documents: Vec::new(),
        corrective_actions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_at_and_around_the_thresholds() {
        let t = Readiness::default();
        assert_eq!(classify(Some(3.0), &t), Classification::Conforming);
        assert_eq!(classify(Some(5.0), &t), Classification::Conforming);
        assert_eq!(classify(Some(2.9999), &t), Classification::Minor);
        assert_eq!(classify(Some(2.0), &t), Classification::Minor);
        assert_eq!(classify(Some(1.9999), &t), Classification::Major);
        assert_eq!(classify(Some(0.0), &t), Classification::Major);
        assert_eq!(classify(None, &t), Classification::NotAssessed);
        let strict = Readiness {
            conformity: 4.0,
            minor: 3.0,
            systemic_minors: 2,
        };
        assert_eq!(classify(Some(3.5), &strict), Classification::Minor);
    }

    #[test]
    fn clause_groups_are_second_level() {
        assert_eq!(clause_group("8.5.1.2"), "8.5");
        assert_eq!(clause_group("4.1"), "4.1");
        assert_eq!(clause_group("10"), "10");
    }
}

#[cfg(test)]
mod classification_tests {
    use super::*;
    use crate::content::catalog::Catalog;
    use crate::engine::scoring::score_parts;
    use crate::testkit::*;
    use crate::workspace::assessment::Targets;
    use crate::workspace::responses::Answer::{Level, NotApplicable};

    const CLAUSES: [&str; 5] = ["8.5.1.1", "8.5.1.2", "8.5.1.3", "8.6.1", "9.2"];

    /// One mandatory requirement per clause above, each evidenced by its own question.
    fn result(answers: &[Answer], systemic_as_major: bool) -> ReadinessResult {
        let controls = CLAUSES
            .iter()
            .map(|c| {
                let mut control = control(c, 1.0);
                control.mandatory = true;
                control
            })
            .collect();
        let catalog: Catalog = catalog("iso20000", vec![("8", controls)]);
        let questions = CLAUSES
            .iter()
            .map(|c| question(&format!("Q{c}"), &[("iso20000", c, 1.0)]))
            .collect();
        let q = questionnaire(questions);
        let ids: Vec<String> = CLAUSES.iter().map(|c| format!("Q{c}")).collect();
        let pairs: Vec<(&str, Answer)> = ids.iter().map(String::as_str).zip(answers.iter().copied()).collect();
        let scores = score_parts(
            &assessment(&["iso20000"], Targets::default()),
            &q,
            &[&catalog],
            &responses(&pairs),
        );
        assess_framework(&scores.frameworks[0], &Readiness::default(), systemic_as_major)
    }

    fn classes(r: &ReadinessResult) -> Vec<Classification> {
        r.requirements.iter().map(|q| q.classification).collect()
    }

    #[test]
    fn every_requirement_conforming_is_ready() {
        let r = result(&[Level(3), Level(4), Level(5), Level(3), Level(3)], false);
        assert_eq!(r.verdict, Verdict::Ready);
        assert_eq!(r.counts.conforming, 5);
        assert_eq!(r.readiness, 1.0);
    }

    #[test]
    fn only_minors_is_ready_with_corrective_actions() {
        let r = result(&[Level(2), Level(3), Level(3), Level(2), Level(3)], false);
        assert_eq!(r.verdict, Verdict::ReadyWithCorrectiveActions);
        assert_eq!(r.counts.minor, 2);
        assert!(
            r.systemic_groups.is_empty(),
            "two minors in different clauses are not systemic"
        );
        assert_eq!(r.readiness, 0.6);
    }

    #[test]
    fn a_major_is_not_ready() {
        let r = result(&[Level(1), Level(3), Level(3), Level(3), Level(3)], false);
        assert_eq!(classes(&r)[0], Classification::Major);
        assert_eq!(r.verdict, Verdict::NotReady);
    }

    #[test]
    fn three_minors_in_one_clause_are_flagged_and_can_be_graded_major() {
        let answers = [Level(2), Level(2), Level(2), Level(3), Level(3)];
        let r = result(&answers, false);
        assert_eq!(r.systemic_groups.len(), 1);
        assert_eq!(r.systemic_groups[0].group, "8.5");
        assert_eq!(r.systemic_groups[0].minors, ["8.5.1.1", "8.5.1.2", "8.5.1.3"]);
        assert!(r.requirements[..3].iter().all(|q| q.systemic && !q.escalated));
        assert_eq!(
            r.verdict,
            Verdict::ReadyWithCorrectiveActions,
            "the flag alone does not change the grade"
        );
        let r = result(&answers, true);
        assert_eq!(classes(&r)[..3], [Classification::Major; 3]);
        assert!(r.requirements[0].escalated);
        assert_eq!(r.counts.major, 3);
        assert_eq!(r.verdict, Verdict::NotReady);
    }

    #[test]
    fn na_claims_an_exclusion_and_counts_as_not_assessed() {
        let r = result(&[NotApplicable, Level(3), Level(3), Level(3), Level(3)], false);
        assert_eq!(classes(&r)[0], Classification::NotAssessed);
        assert!(r.requirements[0].exclusion_claimed);
        assert_eq!(r.verdict, Verdict::NotReady);
    }

    #[test]
    fn an_unanswered_requirement_is_not_assessed_and_not_ready() {
        let r = result(&[Level(3), Level(3), Level(3), Level(3)], false);
        assert_eq!(classes(&r)[4], Classification::NotAssessed);
        assert!(!r.requirements[4].exclusion_claimed);
        assert_eq!(r.counts.not_assessed, 1);
        assert_eq!(r.verdict, Verdict::NotReady);
    }
}
