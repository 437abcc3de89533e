//! ISO/IEC 20000-1:2018 certification readiness, as a certification body reasons: each requirement
//! classified on its weakest required element from direct evidence only, documents checked in the
//! evidence register, a stage 1 (documentation) and a stage 2 (implementation) verdict, and
//! findings in audit form. The method is stated in the README under "Readiness method".

use std::collections::HashMap;

use serde::Serialize;

use crate::content::catalog::{Catalog, Control};
use crate::content::questionnaire::{Questionnaire, Role};
use crate::engine::levels::level_needed;
use crate::engine::roadmap::{Certification, Roadmap};
use crate::engine::scoring::{FrameworkScore, ScoreSet};
use crate::workspace::assessment::{Assessment, Interview, Loaded, Readiness, Sample, covers};
use crate::workspace::evidence::{DocumentStatus, Register};
use crate::workspace::responses::{Answer, Responses};

pub use crate::content::catalog::ISO20000;

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

/// Ordered from best to worst, so the weaker of two verdicts is the greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// How far a required element is in place, from its weakest direct answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementStatus {
    /// Every direct answer at or above the conformity threshold.
    Met,
    /// The weakest direct answer from the minor threshold up to the conformity one.
    PartlyMet,
    /// A direct answer below the minor threshold.
    Absent,
    /// No direct answer, one answered not applicable, or the answered ones all at the threshold
    /// with one left blank.
    NotAssessed,
}

impl ElementStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ElementStatus::Met => "met",
            ElementStatus::PartlyMet => "partly met",
            ElementStatus::Absent => "absent",
            ElementStatus::NotAssessed => "not assessed",
        }
    }
}

/// A required element of a requirement and what its direct evidence makes of it.
#[derive(Debug, Clone, Serialize)]
pub struct ElementResult {
    pub id: String,
    pub text: String,
    pub existence: bool,
    pub stage1: bool,
    pub status: ElementStatus,
    /// What the element makes of its requirement: conforming, minor, major or not assessed.
    pub grade: Classification,
    /// The weakest direct answer: every direct question must reach the threshold.
    pub weakest: Option<u8>,
    /// The questions that evidence it directly.
    pub questions: Vec<String>,
    /// A direct question answered not applicable: an exclusion, which the standard does not permit.
    pub exclusion_claimed: bool,
}

/// A document a requirement calls for, with its status in the evidence register.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRef {
    pub id: String,
    pub title: String,
    pub required: bool,
    pub status: DocumentStatus,
    /// Where a missing required document is raised, when not under this requirement: one gap is
    /// one nonconformity, and the other requirements that call for it cite it.
    pub raised_under: String,
}

impl DocumentRef {
    /// A required document missing, raised as a nonconformity under this requirement.
    fn raised_here(&self) -> bool {
        self.required && self.status == DocumentStatus::Missing && self.raised_under.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub clause: String,
    pub title: String,
    /// What the requirement asks, in one line.
    pub statement: String,
    /// Second-level clause it belongs to, such as "8.5" for 8.5.1.2.
    pub group: String,
    pub domain: String,
    pub classification: Classification,
    /// The maturity score from every mapped question, as the scores show it: context only.
    #[serde(serialize_with = "crate::format::round")]
    pub score: Option<f64>,
    /// A direct question answered not applicable.
    pub exclusion_claimed: bool,
    /// One of several minors in its group: a possible systemic failure an auditor may grade major.
    pub systemic: bool,
    /// Graded major because it is systemic and `systemic_as_major` was asked for.
    pub escalated: bool,
    /// The classification for people, with the exclusion and systemic notes.
    pub status: String,
    /// "3 of 5": elements met of elements listed.
    pub elements_met: String,
    pub elements: Vec<ElementResult>,
    pub documents: Vec<DocumentRef>,
    /// The direct questions, with their answers and the evidence named.
    pub questions: Vec<EvidenceQuestion>,
    /// Related practice, shown beside as context; it never lifts an element.
    pub supporting: Vec<EvidenceQuestion>,
    /// Interviews and samples that covered it, by id.
    pub interviews: Vec<String>,
    pub samples: Vec<String>,
    /// What was seen: answers, documents, interviews, samples.
    pub evidence: Vec<String>,
    /// What is missing, with the grade; for a conforming requirement, that every element is met.
    pub finding: String,
    /// Roadmap steps that raise its unmet elements' questions to the conformity level.
    pub closing_steps: Vec<ClosingStep>,
    /// The same steps in words, or what closes it when no step does.
    pub closes_it: String,
}

impl Requirement {
    fn status_text(&self) -> String {
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

    fn count_met(&self) -> String {
        let met = self.elements.iter().filter(|e| e.status == ElementStatus::Met).count();
        format!("{met} of {}", self.elements.len())
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
    /// Named in the response's evidence column: context, never counted as a document.
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosingStep {
    pub question: String,
    /// The initiative's name.
    pub title: String,
    pub level: u8,
    /// None: the step is in the roadmap's backlog.
    pub phase: Option<usize>,
}

/// One row of the corrective action plan: a nonconformity and what closes it. Correction, root
/// cause, corrective action, owner and due date are the client's to fill in.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectiveAction {
    pub clause: String,
    pub title: String,
    pub classification: Classification,
    pub finding: String,
    pub correction: String,
    pub root_cause: String,
    pub corrective_action: String,
    pub steps: String,
    pub owner: String,
    pub due_date: String,
}

/// A point an auditor would note without raising a nonconformity.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub clause: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub requirements: usize,
    pub conforming: usize,
    pub minor: usize,
    pub major: usize,
    pub not_assessed: usize,
}

/// The stage 1 view: documentation readiness.
#[derive(Debug, Clone, Serialize)]
pub struct Stage1 {
    pub verdict: Verdict,
    pub counts: Stage1Counts,
    /// The required elements a stage 1 audit checks, with their status.
    pub checks: Vec<Stage1Check>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stage1Counts {
    pub required_documents: usize,
    pub seen: usize,
    pub claimed: usize,
    pub missing: usize,
    pub not_recorded: usize,
    pub checks: usize,
    pub checks_met: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage1Check {
    pub clause: String,
    pub element: String,
    pub text: String,
    pub status: ElementStatus,
}

/// The stage 2 view: implementation, every requirement on its elements.
#[derive(Debug, Clone, Serialize)]
pub struct Stage2 {
    pub verdict: Verdict,
    pub counts: Counts,
}

/// A document of the register view: the catalog's record, what the register says of it, and the
/// requirements that call for it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub title: String,
    pub required: bool,
    pub status: DocumentStatus,
    pub version: String,
    pub date: String,
    pub provided_by: String,
    pub reference: String,
    pub requirements: Vec<String>,
}

/// The grade of finding at or above which a readiness check fails (`--fail-on`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Never fail: the check only reports.
    #[default]
    None,
    /// Fail unless ready: on any nonconformity, anything not assessed, or a document not seen.
    Minor,
    /// Fail when not ready: on a major nonconformity, anything not assessed, or a required
    /// document missing or not recorded.
    Major,
}

impl ReadinessResult {
    /// Whether the check fails at this grade: the overall verdict, the weaker of the two stages.
    #[must_use]
    pub fn fails(&self, gate: FailOn) -> bool {
        match gate {
            FailOn::None => false,
            FailOn::Major => self.verdict == Verdict::NotReady,
            FailOn::Minor => self.verdict != Verdict::Ready,
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
    /// The weaker of the stage 1 and stage 2 verdicts.
    pub verdict: Verdict,
    pub stage1: Stage1,
    pub stage2: Stage2,
    /// Conforming requirements as a share of all requirements.
    #[serde(serialize_with = "crate::format::round_value")]
    pub readiness: f64,
    /// Whether the assessment has an evidence register at all.
    pub register: bool,
    pub systemic_groups: Vec<SystemicGroup>,
    /// The standard's clauses (the catalog's domains), as (id, name), in order.
    pub clauses: Vec<(String, String)>,
    pub requirements: Vec<Requirement>,
    pub documents: Vec<DocumentRow>,
    pub corrective_actions: Vec<CorrectiveAction>,
    pub observations: Vec<Observation>,
    pub opportunities: Vec<Observation>,
    pub interviews: Vec<Interview>,
    pub samples: Vec<Sample>,
}

/// The second-level clause of a requirement: "8.5.1.2" is in "8.5", "4.1" in "4.1".
#[must_use]
pub fn clause_group(clause: &str) -> String {
    clause.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// Everything readiness reads, apart from the loaded workspace, so tests can build it in code.
pub struct Inputs<'a> {
    pub assessment: &'a Assessment,
    pub questionnaire: &'a Questionnaire,
    pub catalog: &'a Catalog,
    pub responses: &'a Responses,
    pub register: &'a Register,
    /// Whether the assessment has an evidence register.
    pub has_register: bool,
    pub scores: &'a FrameworkScore,
    pub systemic_as_major: bool,
}

/// Readiness of the ISO/IEC 20000-1 framework when it is in scope.
#[must_use]
pub fn assess(loaded: &Loaded, scores: &ScoreSet, systemic_as_major: bool) -> Option<ReadinessResult> {
    Some(assess_inputs(&Inputs {
        assessment: &loaded.assessment,
        questionnaire: loaded.questionnaire,
        catalog: loaded.catalogs.iter().find(|c| c.id == ISO20000)?,
        responses: &loaded.responses,
        register: &loaded.evidence,
        has_register: loaded.assessment.evidence.is_some(),
        scores: scores.frameworks.iter().find(|f| f.id == ISO20000)?,
        systemic_as_major,
    }))
}

/// Where each document is raised when missing: as the catalog says, else under the first
/// requirement that calls for it.
fn raised_under(catalog: &Catalog) -> HashMap<&str, &str> {
    let mut raised: HashMap<&str, &str> = HashMap::new();
    for (_, control) in catalog.controls() {
        for document in &control.documents {
            raised.entry(document.as_str()).or_insert(control.id.as_str());
        }
    }
    for document in &catalog.documents {
        if let Some(clause) = &document.raised_under {
            raised.insert(document.id.as_str(), clause.as_str());
        }
    }
    raised
}

/// The questionnaire's mappings to one catalog, by control: direct questions per element, and the
/// supporting ones with their weights, each in questionnaire order.
struct Evidence<'a> {
    /// The questions that decide each required element, by (requirement, element).
    direct: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    supporting: HashMap<&'a str, Vec<(&'a str, f64)>>,
}

/// The weight of a direct mapping that rates a requirement as its own subject. A direct mapping
/// below it rates another control first and the requirement on the side (a process map that
/// also names process owners): where an element has a question at full weight, that question
/// decides the element and the lighter one is shown as supporting practice, so a shortfall in
/// what the lighter question asks beyond the element cannot raise a nonconformity.
pub const DECIDING_WEIGHT: f64 = 1.0;

impl<'a> Evidence<'a> {
    fn of(questionnaire: &'a Questionnaire, catalog: &str) -> Self {
        let mut direct: HashMap<(&str, &str), Vec<(&str, f64)>> = HashMap::new();
        let mut supporting: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
        for (_, question) in questionnaire.questions() {
            for mapping in question.maps.iter().filter(|m| m.framework == catalog) {
                if mapping.role == Some(Role::Direct) {
                    for element in &mapping.elements {
                        direct
                            .entry((mapping.control.as_str(), element.as_str()))
                            .or_default()
                            .push((question.id.as_str(), mapping.weight));
                    }
                } else {
                    supporting
                        .entry(mapping.control.as_str())
                        .or_default()
                        .push((question.id.as_str(), mapping.weight));
                }
            }
        }
        let mut deciding = HashMap::new();
        for (key, questions) in direct {
            let full = questions.iter().any(|(_, weight)| *weight >= DECIDING_WEIGHT);
            let (decide, corroborate): (Vec<_>, Vec<_>) = questions
                .into_iter()
                .partition(|(_, weight)| !full || *weight >= DECIDING_WEIGHT);
            let listed = supporting.entry(key.0).or_default();
            for question in corroborate {
                if !listed.iter().any(|(id, _)| *id == question.0) {
                    listed.push(question);
                }
            }
            deciding.insert(key, decide.into_iter().map(|(id, _)| id).collect());
        }
        // In questionnaire order, whatever order the elements were gone through in.
        for list in supporting.values_mut() {
            list.sort_by_key(|(id, _)| questionnaire.positions.get(*id).copied());
        }
        Evidence {
            direct: deciding,
            supporting,
        }
    }
}

#[must_use]
pub fn assess_inputs(inputs: &Inputs) -> ReadinessResult {
    let thresholds = &inputs.assessment.readiness;
    let evidence = Evidence::of(inputs.questionnaire, &inputs.catalog.id);
    let raised = raised_under(inputs.catalog);
    let scores: HashMap<&str, Option<f64>> = inputs
        .scores
        .domains
        .iter()
        .flat_map(|d| d.controls.iter().map(|c| (c.id.as_str(), c.score)))
        .collect();
    let mut requirements: Vec<Requirement> = inputs
        .catalog
        .domains
        .iter()
        .flat_map(|d| d.controls.iter().map(move |c| (d, c)))
        .map(|(domain, control)| {
            let mut requirement = requirement(inputs, &evidence, &raised, &domain.id, control);
            requirement.score = scores.get(control.id.as_str()).copied().flatten();
            requirement
        })
        .collect();
    let systemic_groups = flag_systemic(&mut requirements, thresholds.systemic_minors, inputs.systemic_as_major);
    for requirement in &mut requirements {
        requirement.status = requirement.status_text();
        requirement.elements_met = requirement.count_met();
        requirement.finding = finding(requirement, inputs);
    }
    let stage2 = stage2(&requirements);
    let documents = documents(inputs, &requirements);
    let stage1 = stage1(&requirements, &documents);
    let readiness = if stage2.counts.requirements == 0 {
        0.0
    } else {
        stage2.counts.conforming as f64 / stage2.counts.requirements as f64
    };
    ReadinessResult {
        framework: inputs.catalog.id.clone(),
        framework_name: inputs.catalog.name.clone(),
        thresholds: thresholds.clone(),
        systemic_as_major: inputs.systemic_as_major,
        verdict: stage1.verdict.max(stage2.verdict),
        corrective_actions: corrective_actions(&requirements),
        observations: observations(&requirements, inputs),
        opportunities: opportunities(&requirements, inputs),
        interviews: inputs.assessment.interviews.clone(),
        samples: inputs.assessment.samples.clone(),
        register: inputs.has_register,
        stage1,
        stage2,
        readiness,
        systemic_groups,
        clauses: inputs
            .catalog
            .domains
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect(),
        requirements,
        documents,
    }
}

fn requirement(
    inputs: &Inputs,
    evidence: &Evidence,
    raised: &HashMap<&str, &str>,
    domain: &str,
    control: &Control,
) -> Requirement {
    let elements: Vec<ElementResult> = control
        .elements
        .iter()
        .map(|element| element_result(inputs, evidence, &control.id, element))
        .collect();
    let documents: Vec<DocumentRef> = control
        .documents
        .iter()
        .filter_map(|id| inputs.catalog.document(id))
        .map(|d| {
            let home = raised.get(d.id.as_str()).copied().unwrap_or(control.id.as_str());
            DocumentRef {
                id: d.id.clone(),
                title: d.title.clone(),
                required: d.required,
                status: inputs.register.status(&d.id),
                raised_under: if home == control.id {
                    String::new()
                } else {
                    home.to_string()
                },
            }
        })
        .collect();
    let mut direct: Vec<&str> = Vec::new();
    for question in elements.iter().flat_map(|e| &e.questions) {
        if !direct.contains(&question.as_str()) {
            direct.push(question);
        }
    }
    // A question that decides one element of the requirement is direct evidence of it, even
    // where it only corroborates another.
    let supporting = evidence
        .supporting
        .get(control.id.as_str())
        .map(|list| list.iter().filter(|(id, _)| !direct.contains(id)).collect::<Vec<_>>());
    let covered = |clauses: &[String]| clauses.iter().any(|c| covers(c, &control.id));
    let mut requirement = Requirement {
        clause: control.id.clone(),
        title: control.title.clone(),
        statement: control.statement.clone(),
        group: clause_group(&control.id),
        domain: domain.to_string(),
        classification: classify(&elements, &documents),
        score: None,
        exclusion_claimed: elements.iter().any(|e| e.exclusion_claimed),
        systemic: false,
        escalated: false,
        status: String::new(),
        elements_met: String::new(),
        questions: direct.iter().map(|q| evidence_question(inputs, q, 1.0)).collect(),
        supporting: supporting
            .into_iter()
            .flatten()
            .map(|(q, weight)| evidence_question(inputs, q, *weight))
            .collect(),
        interviews: inputs
            .assessment
            .interviews
            .iter()
            .filter(|i| covered(&i.clauses))
            .map(|i| i.id.clone())
            .collect(),
        samples: inputs
            .assessment
            .samples
            .iter()
            .filter(|s| covered(&s.clauses))
            .map(|s| s.id.clone())
            .collect(),
        elements,
        documents,
        evidence: Vec::new(),
        finding: String::new(),
        closing_steps: Vec::new(),
        closes_it: String::new(),
    };
    if requirement.classification == Classification::Conforming && !failed_samples(&requirement, inputs).is_empty() {
        requirement.classification = Classification::Minor;
    }
    requirement.closes_it = steps_text(&requirement.closing_steps);
    requirement.evidence = evidence_seen(&requirement, inputs);
    requirement
}

/// An element from its direct questions: met when the weakest answer reaches the threshold, and not assessed when none is
/// answered or any is answered not applicable.
fn element_result(
    inputs: &Inputs,
    evidence: &Evidence,
    control: &str,
    element: &crate::content::catalog::Element,
) -> ElementResult {
    let thresholds = &inputs.assessment.readiness;
    let questions: Vec<String> = evidence
        .direct
        .get(&(control, element.id.as_str()))
        .map(|q| q.iter().map(|id| (*id).to_string()).collect())
        .unwrap_or_default();
    let answers: Vec<Answer> = questions.iter().map(|q| inputs.responses.answer(q)).collect();
    let exclusion_claimed = answers.contains(&Answer::NotApplicable);
    let unanswered = answers.contains(&Answer::Unanswered);
    let weakest = answers.iter().filter_map(|a| a.level()).min();
    let status = match weakest {
        _ if exclusion_claimed => ElementStatus::NotAssessed,
        None => ElementStatus::NotAssessed,
        Some(level) if f64::from(level) < thresholds.minor => ElementStatus::Absent,
        Some(level) if f64::from(level) < thresholds.conformity => ElementStatus::PartlyMet,
        // Met needs every direct question answered: one left blank could contradict the others.
        Some(_) if unanswered => ElementStatus::NotAssessed,
        Some(_) => ElementStatus::Met,
    };
    let grade = match status {
        ElementStatus::Met => Classification::Conforming,
        ElementStatus::Absent if element.existence => Classification::Major,
        // A draft or unapproved version of what a stage 1 audit checks first (the scope, the
        // policy, the plan) is as good as none to a certification body.
        ElementStatus::PartlyMet if element.existence && element.stage1 => Classification::Major,
        ElementStatus::PartlyMet | ElementStatus::Absent => Classification::Minor,
        ElementStatus::NotAssessed => Classification::NotAssessed,
    };
    ElementResult {
        id: element.id.clone(),
        text: element.text.clone(),
        existence: element.existence,
        stage1: element.stage1,
        status,
        grade,
        weakest,
        questions,
        exclusion_claimed,
    }
}

/// A requirement on its weakest element: a major anywhere (an existence element absent, or a
/// required document raised under it missing) makes it major; then anything not assessed; then
/// any minor, a sample beyond the tolerance included.
fn classify(elements: &[ElementResult], documents: &[DocumentRef]) -> Classification {
    let document_missing = documents.iter().any(DocumentRef::raised_here);
    let grades: Vec<Classification> = elements.iter().map(|e| e.grade).collect();
    if elements.is_empty() {
        Classification::NotAssessed
    } else if document_missing
        || grades.contains(&Classification::Major)
        || elements.iter().all(|e| e.status == ElementStatus::Absent)
    {
        // A requirement none of whose elements is in place has not been addressed at all: an
        // auditor grades that as a breakdown of the requirement, not a lapse.
        Classification::Major
    } else if grades.contains(&Classification::NotAssessed) {
        Classification::NotAssessed
    } else if grades.contains(&Classification::Minor) {
        Classification::Minor
    } else {
        Classification::Conforming
    }
}

fn evidence_question(inputs: &Inputs, id: &str, weight: f64) -> EvidenceQuestion {
    let q = inputs.questionnaire;
    let response = inputs.responses.get(id);
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

/// Flags minors that share a clause group with enough others, grading them major when asked.
fn flag_systemic(requirements: &mut [Requirement], systemic_minors: usize, as_major: bool) -> Vec<SystemicGroup> {
    let mut minors_by_group: indexmap::IndexMap<String, Vec<String>> = indexmap::IndexMap::new();
    for r in requirements
        .iter()
        .filter(|r| r.classification == Classification::Minor)
    {
        minors_by_group
            .entry(r.group.clone())
            .or_default()
            .push(r.clause.clone());
    }
    let groups: Vec<SystemicGroup> = minors_by_group
        .into_iter()
        .filter(|(_, minors)| minors.len() >= systemic_minors)
        .map(|(group, minors)| SystemicGroup { group, minors })
        .collect();
    let systemic: std::collections::HashSet<&String> = groups.iter().flat_map(|g| &g.minors).collect();
    for r in requirements.iter_mut().filter(|r| systemic.contains(&r.clause)) {
        r.systemic = true;
        if as_major {
            r.classification = Classification::Major;
            r.escalated = true;
        }
    }
    groups
}

/// Fills in, once the roadmap is built, the steps that close each nonconformity and the corrective
/// action plan that cites them.
pub fn attach_roadmap(result: &mut ReadinessResult, roadmap: &Roadmap) {
    let needed = level_needed(result.thresholds.conformity);
    for requirement in &mut result.requirements {
        requirement.closing_steps = closing_steps(requirement, roadmap, needed);
        requirement.closes_it = steps_text(&requirement.closing_steps);
    }
    result.corrective_actions = corrective_actions(&result.requirements);
}

/// What the roadmap must schedule first: for each question that directly evidences an element not
/// met of a nonconformity, the conformity level and the grade (major before minor); the questions
/// behind stage 1 checks not met; the requirements not assessed.
#[must_use]
pub fn certification(result: &ReadinessResult) -> Certification {
    let needed = level_needed(result.thresholds.conformity);
    let mut plan = Certification::default();
    for r in &result.requirements {
        let rank = match r.classification {
            Classification::Major => 0,
            Classification::Minor => 1,
            Classification::NotAssessed => {
                plan.not_assessed.push(r.clause.clone());
                continue;
            }
            Classification::Conforming => continue,
        };
        let below = |id: &str| {
            r.questions
                .iter()
                .find(|q| q.id == id)
                .and_then(|q| q.answer.level())
                .is_some_and(|level| level < needed)
        };
        for e in r.elements.iter().filter(|e| e.status != ElementStatus::Met) {
            for q in e.questions.iter().filter(|q| below(q)) {
                let entry = plan.closes.entry(q.clone()).or_insert((needed, rank));
                entry.1 = entry.1.min(rank);
                if e.stage1 {
                    plan.stage1.insert(q.clone());
                }
            }
        }
    }
    plan
}

/// The roadmap steps, up to the conformity level, of the direct questions of elements not met.
fn closing_steps(requirement: &Requirement, roadmap: &Roadmap, needed: u8) -> Vec<ClosingStep> {
    let mut questions: Vec<&str> = Vec::new();
    for e in requirement.elements.iter().filter(|e| e.status != ElementStatus::Met) {
        for q in &e.questions {
            if !questions.contains(&q.as_str()) {
                questions.push(q);
            }
        }
    }
    roadmap
        .initiatives
        .iter()
        .filter(|i| questions.contains(&i.question.as_str()))
        .flat_map(|i| {
            i.steps.iter().filter(|s| s.level <= needed).map(|s| ClosingStep {
                question: i.question.clone(),
                title: i.title.clone(),
                level: s.level,
                phase: s.phase,
            })
        })
        .collect()
}

/// The roadmap steps as a reader of the plan wants them, one entry per initiative: "Internal audit
/// programme (SMS-17) to level 2 in phase 1, to 3 in phase 2; ...".
#[must_use]
pub fn steps_text(steps: &[ClosingStep]) -> String {
    if steps.is_empty() {
        return "no roadmap step: close it with the correction and corrective action".into();
    }
    let mut by_initiative: indexmap::IndexMap<(&str, &str), Vec<String>> = indexmap::IndexMap::new();
    for s in steps {
        let when = s
            .phase
            .map_or_else(|| "in the backlog".to_string(), |p| format!("in phase {p}"));
        by_initiative
            .entry((s.title.as_str(), s.question.as_str()))
            .or_default()
            .push(format!("{} {when}", s.level));
    }
    by_initiative
        .into_iter()
        .map(|((title, question), levels)| {
            let name = if title == question {
                question.to_string()
            } else {
                format!("{title} ({question})")
            };
            format!("{name} to level {}", levels.join(", to "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// An answer for people: "1 (Initial)", "not applicable", "not answered".
fn answer_words(inputs: &Inputs, answer: Answer) -> String {
    match answer {
        Answer::Level(level) => format!("{level} ({})", inputs.questionnaire.level_name(level)),
        Answer::NotApplicable => "not applicable".into(),
        Answer::Unanswered => "not answered".into(),
    }
}

/// What was seen for a requirement: its direct answers with the evidence named, its documents with
/// their register status, and the interviews and samples that covered it.
fn evidence_seen(requirement: &Requirement, inputs: &Inputs) -> Vec<String> {
    let mut seen: Vec<String> = requirement
        .questions
        .iter()
        .map(|q| {
            let mut line = match q.answer {
                Answer::Unanswered => format!("{} not answered", q.id),
                answer => format!("{} answered {}", q.id, answer_words(inputs, answer)),
            };
            if !q.comment.trim().is_empty() {
                line.push_str(&format!(": {}", q.comment.trim()));
            }
            if !q.evidence.trim().is_empty() {
                line.push_str(&format!("; evidence named: {}", q.evidence.trim()));
            }
            line
        })
        .collect();
    for d in &requirement.documents {
        let mut line = format!("{} ({}): {}", d.title, d.id, d.status.label());
        if let Some(record) = inputs.register.record(&d.id) {
            let details: Vec<&str> = [&record.version, &record.date, &record.reference]
                .into_iter()
                .map(String::as_str)
                .filter(|x| !x.is_empty())
                .collect();
            if !details.is_empty() {
                line.push_str(&format!(", {}", details.join(", ")));
            }
        }
        seen.push(line);
    }
    for interview in inputs
        .assessment
        .interviews
        .iter()
        .filter(|i| requirement.interviews.contains(&i.id))
    {
        let role = if interview.role.is_empty() {
            String::new()
        } else {
            format!(", {}", interview.role)
        };
        seen.push(format!(
            "Interview {}: {}{role}, {}",
            interview.id, interview.person, interview.date
        ));
    }
    for sample in inputs
        .assessment
        .samples
        .iter()
        .filter(|s| requirement.samples.contains(&s.id))
    {
        seen.push(sample_line(sample));
    }
    seen
}

/// The samples covering a requirement whose exceptions exceed the tolerance: a practice failing in
/// operation, a minor nonconformity even where every element is met.
fn failed_samples<'a>(requirement: &Requirement, inputs: &'a Inputs) -> Vec<&'a Sample> {
    let tolerance = inputs.assessment.readiness.sample_tolerance;
    inputs
        .assessment
        .samples
        .iter()
        .filter(|s| requirement.samples.contains(&s.id) && exceeds_tolerance(s, tolerance))
        .collect()
}

#[allow(clippy::cast_precision_loss, reason = "sample sizes are far below 2^52")]
fn exceeds_tolerance(sample: &Sample, tolerance: f64) -> bool {
    sample.size > 0 && sample.exceptions as f64 / sample.size as f64 > tolerance
}

fn sample_line(sample: &Sample) -> String {
    let population = sample.population.map(|p| format!(" of {p}")).unwrap_or_default();
    let mut line = format!(
        "Sample {}, {}: {}{population} checked, {} exception{}",
        sample.id,
        sample.what,
        sample.size,
        sample.exceptions,
        crate::text::plural(usize::try_from(sample.exceptions).unwrap_or(usize::MAX))
    );
    if !sample.note.is_empty() {
        line.push_str(&format!(" ({})", sample.note.trim_end_matches('.')));
    }
    line
}

/// What is missing, as an auditor writes it: the grade, then each element not met with its weakest
/// direct answer and what the conformity level looks like, each required document missing, each
/// exclusion claimed.
fn finding(requirement: &Requirement, inputs: &Inputs) -> String {
    let needed = level_needed(inputs.assessment.readiness.conformity);
    let mut parts: Vec<String> = Vec::new();
    parts.push(match requirement.classification {
        Classification::Conforming => {
            return format!("Every required element is met ({}).", requirement.elements_met);
        }
        Classification::NotAssessed if requirement.elements.is_empty() => {
            return "The catalog lists no required element for it, so it cannot be classified.".into();
        }
        Classification::NotAssessed => {
            "Not assessed: conformity cannot be judged until every required element is.".into()
        }
        Classification::Major if requirement.escalated => {
            "Major nonconformity, graded so as part of a systemic failure in this clause.".into()
        }
        Classification::Major if requirement.elements.iter().any(|e| e.grade == Classification::Major) => {
            "Major nonconformity: something the standard requires to exist is absent.".into()
        }
        Classification::Major if requirement.elements.iter().all(|e| e.status == ElementStatus::Absent) => {
            "Major nonconformity: none of its required elements is in place.".into()
        }
        Classification::Major => "Major nonconformity: a document the standard requires is missing.".into(),
        Classification::Minor if requirement.elements.iter().all(|e| e.status == ElementStatus::Met) => {
            "Minor nonconformity: a sample found the practice failing in operation.".into()
        }
        Classification::Minor => "Minor nonconformity: required elements are only partly in place.".into(),
    });
    parts.extend(element_gaps(requirement, inputs, needed));
    for d in requirement
        .documents
        .iter()
        .filter(|d| d.required && d.status == DocumentStatus::Missing)
    {
        if d.raised_under.is_empty() {
            parts.push(format!("Required document missing: {}.", d.title));
        } else {
            parts.push(format!(
                "Required document missing: {}, raised as a nonconformity under {}.",
                d.title, d.raised_under
            ));
        }
    }
    for sample in failed_samples(requirement, inputs) {
        parts.push(format!(
            "{}, above the tolerance of {}.",
            sample_line(sample),
            crate::format::percent(Some(inputs.assessment.readiness.sample_tolerance))
        ));
    }
    if requirement.systemic && !requirement.escalated {
        parts.push(
            "One of several minors in this clause: a possible systemic failure an auditor may grade major.".into(),
        );
    }
    parts.join(" ")
}

/// The elements not met, one sentence per kind of gap and weakest question, so a question that
/// evidences several elements has its level descriptor quoted once.
fn element_gaps(requirement: &Requirement, inputs: &Inputs, needed: u8) -> Vec<String> {
    let mut groups: indexmap::IndexMap<(ElementStatus, String), Vec<&str>> = indexmap::IndexMap::new();
    for e in requirement.elements.iter().filter(|e| e.status != ElementStatus::Met) {
        let excluded = || {
            e.questions
                .iter()
                .filter(|q| inputs.responses.answer(q) == Answer::NotApplicable)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let key = match e.weakest {
            _ if e.exclusion_claimed => excluded(),
            None => e.questions.join(", "),
            Some(weakest) => e
                .questions
                .iter()
                .find(|q| inputs.responses.answer(q) == Answer::Level(weakest))
                .cloned()
                .unwrap_or_default(),
        };
        groups.entry((e.status, key)).or_default().push(e.text.as_str());
    }
    groups
        .into_iter()
        .map(|((status, questions), elements)| {
            let quoted = elements.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join("; ");
            let answer = inputs.responses.answer(&questions);
            match (status, answer) {
                (_, Answer::NotApplicable) => format!(
                    "Exclusion claimed ({questions} answered not applicable) on {quoted}: no requirement of ISO/IEC 20000-1 may be excluded, and work done by other parties is controlled under 8.2.3."
                ),
                (_, Answer::Level(level)) => {
                    let what = if status == ElementStatus::Absent { "Absent" } else { "Partly met" };
                    let mut text = format!("{what}, {questions} at {}: {quoted}.", answer_words(inputs, Answer::Level(level)));
                    if let Some(descriptor) = inputs
                        .questionnaire
                        .question(&questions)
                        .and_then(|q| q.levels.get(usize::from(needed)))
                    {
                        text.push_str(&format!(" Level {needed} of {questions} reads: {}", descriptor.trim()));
                        if !text.ends_with('.') {
                            text.push('.');
                        }
                    }
                    text
                }
                (_, Answer::Unanswered) => format!("Not assessed, no direct question answered ({questions}): {quoted}."),
            }
        })
        .collect()
}

fn stage2(requirements: &[Requirement]) -> Stage2 {
    let mut counts = Counts {
        requirements: requirements.len(),
        ..Counts::default()
    };
    for r in requirements {
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
    Stage2 { verdict, counts }
}

/// Every document the requirements call for, once, in the catalog's order, with the register's
/// record of it.
fn documents(inputs: &Inputs, requirements: &[Requirement]) -> Vec<DocumentRow> {
    let mut called_for: HashMap<&str, Vec<String>> = HashMap::new();
    for r in requirements {
        for d in &r.documents {
            called_for.entry(d.id.as_str()).or_default().push(r.clause.clone());
        }
    }
    inputs
        .catalog
        .documents
        .iter()
        .filter_map(|d| {
            let requirements = called_for.remove(d.id.as_str())?;
            let record = inputs.register.record(&d.id);
            let field =
                |f: fn(&crate::workspace::evidence::Record) -> &String| record.map(f).cloned().unwrap_or_default();
            Some(DocumentRow {
                id: d.id.clone(),
                title: d.title.clone(),
                required: d.required,
                status: inputs.register.status(&d.id),
                version: field(|r| &r.version),
                date: field(|r| &r.date),
                provided_by: field(|r| &r.provided_by),
                reference: field(|r| &r.reference),
                requirements,
            })
        })
        .collect()
}

/// Stage 1: every required document seen and every stage 1 element met is ready; a required
/// document only claimed needs showing first; a required document missing or not recorded, or a
/// stage 1 element not met (an unapproved draft scope is partly met), is not ready: a stage 1
/// auditor stops there.
fn stage1(requirements: &[Requirement], documents: &[DocumentRow]) -> Stage1 {
    let mut counts = Stage1Counts::default();
    for d in documents.iter().filter(|d| d.required) {
        counts.required_documents += 1;
        match d.status {
            DocumentStatus::Seen => counts.seen += 1,
            DocumentStatus::Claimed => counts.claimed += 1,
            DocumentStatus::Missing => counts.missing += 1,
            DocumentStatus::NotRecorded => counts.not_recorded += 1,
        }
    }
    let checks: Vec<Stage1Check> = requirements
        .iter()
        .flat_map(|r| {
            r.elements.iter().filter(|e| e.stage1).map(|e| Stage1Check {
                clause: r.clause.clone(),
                element: e.id.clone(),
                text: e.text.clone(),
                status: e.status,
            })
        })
        .collect();
    counts.checks = checks.len();
    counts.checks_met = checks.iter().filter(|c| c.status == ElementStatus::Met).count();
    let blocked = counts.missing + counts.not_recorded > 0 || counts.checks_met < counts.checks;
    let verdict = if blocked {
        Verdict::NotReady
    } else if counts.claimed > 0 {
        Verdict::ReadyWithCorrectiveActions
    } else {
        Verdict::Ready
    };
    Stage1 {
        verdict,
        counts,
        checks,
    }
}

fn corrective_actions(requirements: &[Requirement]) -> Vec<CorrectiveAction> {
    requirements
        .iter()
        .filter(|r| matches!(r.classification, Classification::Minor | Classification::Major))
        .map(|r| CorrectiveAction {
            clause: r.clause.clone(),
            title: r.title.clone(),
            classification: r.classification,
            finding: r.finding.clone(),
            correction: String::new(),
            root_cause: String::new(),
            corrective_action: String::new(),
            steps: r.closes_it.clone(),
            owner: String::new(),
            due_date: String::new(),
        })
        .collect()
}

/// Points on conforming requirements an auditor would note: a document only claimed, elements met
/// on answers alone with none of its documents seen, supporting practice below the
/// conformity threshold, a sample that found exceptions.
fn observations(requirements: &[Requirement], inputs: &Inputs) -> Vec<Observation> {
    let conformity = inputs.assessment.readiness.conformity;
    let tolerance = inputs.assessment.readiness.sample_tolerance;
    let mut found = Vec::new();
    for r in requirements
        .iter()
        .filter(|r| r.classification == Classification::Conforming)
    {
        let mut note = |text: String| {
            found.push(Observation {
                clause: r.clause.clone(),
                title: r.title.clone(),
                text,
            });
        };
        for d in r.documents.iter().filter(|d| d.status == DocumentStatus::Claimed) {
            note(format!(
                "{} is claimed but was not seen: ask for it before the audit.",
                d.title
            ));
        }
        if !r.documents.is_empty() && r.documents.iter().all(|d| d.status != DocumentStatus::Seen) {
            note("Met on the answers alone: none of its documents was seen in the evidence register.".into());
        }
        for q in &r.supporting {
            if q.answer.level().is_some_and(|l| f64::from(l) < conformity) {
                note(format!(
                    "Supporting practice below the conformity level: {} answered {}.",
                    q.id,
                    answer_words(inputs, q.answer)
                ));
            }
        }
        for sample in inputs
            .assessment
            .samples
            .iter()
            .filter(|s| s.exceptions > 0 && r.samples.contains(&s.id) && !exceeds_tolerance(s, tolerance))
        {
            note(format!("{}.", sample_line(sample)));
        }
    }
    found
}

/// Elements met but below the target maturity of their requirement: where to improve next.
fn opportunities(requirements: &[Requirement], inputs: &Inputs) -> Vec<Observation> {
    let mut found = Vec::new();
    for r in requirements
        .iter()
        .filter(|r| r.classification == Classification::Conforming)
    {
        let target = inputs.assessment.targets.for_control(&inputs.catalog.id, &r.clause);
        let level = level_needed(target);
        for e in &r.elements {
            if let Some(weakest) = e.weakest.filter(|w| e.status == ElementStatus::Met && *w < level) {
                found.push(Observation {
                    clause: r.clause.clone(),
                    title: r.title.clone(),
                    text: format!(
                        "\"{}\" is met at level {weakest}; the target is level {level} ({}).",
                        e.text,
                        e.questions.join(", ")
                    ),
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_groups_are_second_level() {
        assert_eq!(clause_group("8.5.1.2"), "8.5");
        assert_eq!(clause_group("4.1"), "4.1");
        assert_eq!(clause_group("10"), "10");
    }

    #[test]
    fn the_weaker_verdict_is_the_greater() {
        assert_eq!(Verdict::Ready.max(Verdict::NotReady), Verdict::NotReady);
        assert_eq!(
            Verdict::ReadyWithCorrectiveActions.max(Verdict::Ready),
            Verdict::ReadyWithCorrectiveActions
        );
    }
}

#[cfg(test)]
mod classification_tests {
    use super::*;
    use crate::content::catalog::{Document, Element};
    use crate::content::questionnaire::Mapping;
    use crate::engine::roadmap::RoadmapOptions;
    use crate::engine::scoring::score_parts;
    use crate::testkit::*;
    use crate::workspace::assessment::Targets;
    use crate::workspace::evidence::Record;
    use crate::workspace::responses::Answer::{Level, NotApplicable};

    fn element(id: &str, existence: bool, stage1: bool) -> Element {
        Element {
            id: id.into(),
            text: format!("{id} is in place"),
            existence,
            stage1,
        }
    }

    fn requirement(clause: &str, elements: Vec<Element>, documents: &[&str]) -> crate::content::catalog::Control {
        let mut c = control(clause, 1.0);
        c.mandatory = true;
        c.statement = format!("{clause} asks for something");
        c.elements = elements;
        c.documents = documents.iter().map(|d| (*d).to_string()).collect();
        c
    }

    /// 4.3: an approved scope (must exist, stage 1), evidenced by SCOPE. 7.5.4: the core
    /// documents, evidenced by DOCS; the scope document is called for by both. 8.6.1: recording
    /// (REC) and a major-incident procedure (MAJ, must exist), with SUP as supporting practice;
    /// 8.6.2: fulfilment evidenced by two questions, REQ-A and REQ-B.
    fn catalog_fixture() -> Catalog {
        let mut c = catalog(
            ISO20000,
            vec![
                (
                    "4",
                    vec![requirement(
                        "4.3",
                        vec![element("scope-approved", true, true)],
                        &["scope"],
                    )],
                ),
                (
                    "7",
                    vec![requirement(
                        "7.5.4",
                        vec![element("core-set", true, false)],
                        &["scope", "policy"],
                    )],
                ),
                (
                    "8",
                    vec![
                        requirement(
                            "8.6.1",
                            vec![
                                element("recording", false, false),
                                element("major-procedure", true, false),
                            ],
                            &[],
                        ),
                        requirement("8.6.2", vec![element("fulfilment", false, false)], &[]),
                    ],
                ),
            ],
        );
        c.documents = vec![
            Document {
                id: "scope".into(),
                title: "SMS scope".into(),
                required: true,
                raised_under: None,
            },
            Document {
                id: "policy".into(),
                title: "SM policy".into(),
                required: true,
                raised_under: None,
            },
        ];
        c.index();
        c
    }

    fn direct(clause: &str, elements: &[&str]) -> Mapping {
        Mapping {
            framework: ISO20000.into(),
            control: clause.into(),
            weight: 1.0,
            role: Some(Role::Direct),
            elements: elements.iter().map(|e| (*e).to_string()).collect(),
            reason: String::new(),
        }
    }

    fn questionnaire_fixture() -> Questionnaire {
        let with = |id: &str, maps: Vec<Mapping>| {
            let mut q = question(id, &[]);
            q.maps = maps;
            q
        };
        let mut supporting = direct("8.6.1", &[]);
        supporting.role = Some(Role::Supporting);
        questionnaire(vec![
            with("SCOPE", vec![direct("4.3", &["scope-approved"])]),
            with("DOCS", vec![direct("7.5.4", &["core-set"])]),
            with("REC", vec![direct("8.6.1", &["recording"])]),
            with("MAJ", vec![direct("8.6.1", &["major-procedure"])]),
            with("SUP", vec![supporting]),
            with("REQ-A", vec![direct("8.6.2", &["fulfilment"])]),
            with("REQ-B", vec![direct("8.6.2", &["fulfilment"])]),
        ])
    }

    fn register(entries: &[(&str, DocumentStatus)]) -> Register {
        let mut register = Register::default();
        for (id, status) in entries {
            register.records.insert(
                (*id).to_string(),
                Record {
                    document: (*id).to_string(),
                    title: String::new(),
                    version: "1.0".into(),
                    date: String::new(),
                    status: *status,
                    provided_by: String::new(),
                    reference: String::new(),
                },
            );
        }
        register
    }

    const ALL_SEEN: &[(&str, DocumentStatus)] = &[("scope", DocumentStatus::Seen), ("policy", DocumentStatus::Seen)];

    /// Every answer 4 except those given.
    fn result_with(changes: &[(&str, Answer)], documents: &[(&str, DocumentStatus)]) -> ReadinessResult {
        result_for(changes, documents, Vec::new())
    }

    fn sample(id: &str, size: u64, exceptions: u64, clause: &str) -> Sample {
        Sample {
            id: id.into(),
            what: "records".into(),
            size,
            population: None,
            exceptions,
            clauses: vec![clause.into()],
            note: String::new(),
        }
    }

    fn result_for(
        changes: &[(&str, Answer)],
        documents: &[(&str, DocumentStatus)],
        samples: Vec<Sample>,
    ) -> ReadinessResult {
        result_on(&questionnaire_fixture(), changes, documents, samples)
    }

    fn result_on(
        questionnaire: &Questionnaire,
        changes: &[(&str, Answer)],
        documents: &[(&str, DocumentStatus)],
        samples: Vec<Sample>,
    ) -> ReadinessResult {
        let catalog = catalog_fixture();
        let mut answers: Vec<(&str, Answer)> = ["SCOPE", "DOCS", "REC", "MAJ", "SUP", "REQ-A", "REQ-B"]
            .iter()
            .map(|id| (*id, Level(4)))
            .collect();
        for (id, answer) in changes {
            if let Some(slot) = answers.iter_mut().find(|(q, _)| q == id) {
                slot.1 = *answer;
            }
        }
        let responses = responses(&answers);
        let mut assessment = assessment(&[ISO20000], Targets::default());
        assessment.samples = samples;
        let scores = score_parts(&assessment, questionnaire, &[&catalog], &responses);
        let register = register(documents);
        let mut result = assess_inputs(&Inputs {
            assessment: &assessment,
            questionnaire,
            catalog: &catalog,
            responses: &responses,
            register: &register,
            has_register: true,
            scores: &scores.frameworks[0],
            systemic_as_major: false,
        });
        let roadmap = crate::engine::roadmap::build(
            &scores,
            questionnaire,
            &responses,
            &assessment,
            RoadmapOptions::default(),
            Some(&certification(&result)),
        );
        attach_roadmap(&mut result, &roadmap);
        result
    }

    fn clause<'a>(r: &'a ReadinessResult, id: &str) -> &'a Requirement {
        r.requirements.iter().find(|q| q.clause == id).unwrap()
    }

    #[test]
    fn everything_at_four_with_every_document_seen_is_ready_at_both_stages() {
        let r = result_with(&[], ALL_SEEN);
        assert_eq!(r.stage1.verdict, Verdict::Ready);
        assert_eq!(r.stage2.verdict, Verdict::Ready);
        assert_eq!(r.verdict, Verdict::Ready);
        assert_eq!(r.stage2.counts.conforming, 4);
        assert!(r.corrective_actions.is_empty());
    }

    #[test]
    fn one_direct_element_at_one_is_a_nonconformity_that_the_mean_would_hide() {
        let r = result_with(&[("MAJ", Level(1))], ALL_SEEN);
        let incident = clause(&r, "8.6.1");
        assert!(
            incident.score.unwrap() >= 3.0,
            "the maturity mean ({:?}) is above the conformity threshold",
            incident.score
        );
        assert_eq!(
            incident.classification,
            Classification::Major,
            "a procedure that must exist is absent"
        );
        assert_eq!(incident.elements_met, "1 of 2");
        assert!(
            incident.finding.contains("major-procedure is in place"),
            "{}",
            incident.finding
        );
        assert_eq!(r.verdict, Verdict::NotReady);
        let r = result_with(&[("REC", Level(1))], ALL_SEEN);
        assert_eq!(
            clause(&r, "8.6.1").classification,
            Classification::Minor,
            "an absent element that is not about existence is minor"
        );
        let r = result_with(&[("MAJ", Level(2))], ALL_SEEN);
        assert_eq!(
            clause(&r, "8.6.1").classification,
            Classification::Minor,
            "partly met is minor"
        );
        let r = result_with(&[("REQ-A", Level(2)), ("REQ-B", Level(4))], ALL_SEEN);
        let requests = clause(&r, "8.6.2");
        assert_eq!(
            requests.classification,
            Classification::Minor,
            "an element not about existence is minor when partly met"
        );
        assert!(
            requests.finding.starts_with("Minor nonconformity"),
            "{}",
            requests.finding
        );
        let r = result_with(&[("REQ-A", Level(1)), ("REQ-B", Level(0))], ALL_SEEN);
        let requests = clause(&r, "8.6.2");
        assert_eq!(
            requests.classification,
            Classification::Major,
            "with no element in place the requirement has not been addressed at all"
        );
        assert!(
            requests
                .finding
                .starts_with("Major nonconformity: none of its required elements is in place."),
            "{}",
            requests.finding
        );
    }

    #[test]
    fn a_supporting_answer_cannot_lift_a_missing_element() {
        let r = result_with(&[("MAJ", Level(0)), ("SUP", Level(5))], ALL_SEEN);
        let incident = clause(&r, "8.6.1");
        assert_eq!(incident.classification, Classification::Major);
        assert_eq!(incident.supporting.len(), 1);
        assert_eq!(
            incident.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
            ["REC", "MAJ"]
        );
    }

    #[test]
    fn a_supporting_answer_below_the_threshold_is_an_observation_on_a_conforming_requirement() {
        let r = result_with(&[("SUP", Level(1))], ALL_SEEN);
        assert_eq!(clause(&r, "8.6.1").classification, Classification::Conforming);
        assert!(
            r.observations
                .iter()
                .any(|o| o.clause == "8.6.1" && o.text.contains("SUP"))
        );
        assert_eq!(r.verdict, Verdict::Ready, "an observation is not a nonconformity");
    }

    #[test]
    fn na_on_one_direct_question_of_several_flags_the_exclusion_and_blocks_ready() {
        let r = result_with(&[("REQ-A", NotApplicable)], ALL_SEEN);
        let requests = clause(&r, "8.6.2");
        assert!(requests.exclusion_claimed);
        assert_eq!(
            requests.elements[0].status,
            ElementStatus::NotAssessed,
            "REQ-B at 4 does not rescue it"
        );
        assert_eq!(requests.classification, Classification::NotAssessed);
        assert!(requests.status.contains("exclusion claimed: not permitted"));
        assert!(
            requests.finding.contains("REQ-A answered not applicable"),
            "{}",
            requests.finding
        );
        assert_eq!(r.stage2.verdict, Verdict::NotReady);
        assert_eq!(r.verdict, Verdict::NotReady);
    }

    #[test]
    fn the_weakest_of_several_direct_questions_decides_and_all_must_be_answered() {
        let r = result_with(&[("REQ-A", Level(2))], ALL_SEEN);
        assert_eq!(
            clause(&r, "8.6.2").elements[0].status,
            ElementStatus::PartlyMet,
            "REQ-B at 4 does not lift it"
        );
        assert_eq!(clause(&r, "8.6.2").elements[0].weakest, Some(2));
        let r = result_with(&[("REQ-A", Answer::Unanswered)], ALL_SEEN);
        assert_eq!(
            clause(&r, "8.6.2").elements[0].status,
            ElementStatus::NotAssessed,
            "met needs every direct question answered"
        );
        let r = result_with(&[("REQ-A", Answer::Unanswered), ("REQ-B", Level(1))], ALL_SEEN);
        assert_eq!(
            clause(&r, "8.6.2").elements[0].status,
            ElementStatus::Absent,
            "a known shortfall stands"
        );
    }

    /// The fixture with the mappings of `ids` to 8.6.2 at half weight.
    fn with_light_mappings(ids: &[&str]) -> Questionnaire {
        let mut questionnaire = questionnaire_fixture();
        for section in &mut questionnaire.sections {
            for q in section.questions.iter_mut().filter(|q| ids.contains(&q.id.as_str())) {
                q.maps[0].weight = 0.5;
            }
        }
        questionnaire
    }

    #[test]
    fn a_full_weight_direct_question_decides_and_a_lighter_one_only_supports() {
        let r = result_on(
            &with_light_mappings(&["REQ-B"]),
            &[("REQ-B", Level(2))],
            ALL_SEEN,
            Vec::new(),
        );
        let req = clause(&r, "8.6.2");
        assert_eq!(req.elements[0].status, ElementStatus::Met, "REQ-A at 4 decides");
        assert_eq!(req.elements[0].questions, ["REQ-A"]);
        assert_eq!(req.classification, Classification::Conforming);
        assert!(req.supporting.iter().any(|q| q.id == "REQ-B"));
        assert!(
            r.observations
                .iter()
                .any(|o| o.clause == "8.6.2" && o.text.contains("REQ-B answered 2")),
            "{:?}",
            r.observations
        );
        let r = result_on(
            &with_light_mappings(&["REQ-A", "REQ-B"]),
            &[("REQ-B", Level(2))],
            ALL_SEEN,
            Vec::new(),
        );
        assert_eq!(
            clause(&r, "8.6.2").elements[0].status,
            ElementStatus::PartlyMet,
            "with no full-weight question, the lighter ones decide"
        );
    }

    #[test]
    fn a_required_document_missing_fails_stage_1_and_makes_its_requirements_major() {
        let r = result_with(
            &[],
            &[("scope", DocumentStatus::Seen), ("policy", DocumentStatus::Missing)],
        );
        assert_eq!(r.stage1.verdict, Verdict::NotReady);
        assert_eq!(r.stage1.counts.missing, 1);
        assert_eq!(clause(&r, "7.5.4").classification, Classification::Major);
        let finding = &clause(&r, "7.5.4").finding;
        assert!(
            finding.starts_with("Major nonconformity: a document the standard requires is missing.")
                && finding.contains("Required document missing: SM policy"),
            "{finding}"
        );
        assert_eq!(r.verdict, Verdict::NotReady);
    }

    #[test]
    fn a_document_only_claimed_needs_showing_and_is_an_observation() {
        let r = result_with(
            &[],
            &[("scope", DocumentStatus::Claimed), ("policy", DocumentStatus::Seen)],
        );
        assert_eq!(r.stage1.verdict, Verdict::ReadyWithCorrectiveActions);
        assert_eq!(r.stage2.verdict, Verdict::Ready);
        assert_eq!(r.verdict, Verdict::ReadyWithCorrectiveActions, "the weaker of the two");
        assert!(
            r.observations
                .iter()
                .any(|o| o.clause == "4.3" && o.text.contains("claimed"))
        );
    }

    #[test]
    fn free_text_evidence_is_never_a_document() {
        let catalog = catalog_fixture();
        let questionnaire = questionnaire_fixture();
        let mut answers = responses(&[("SCOPE", Level(4)), ("DOCS", Level(4))]);
        for r in answers.by_question.values_mut() {
            r.evidence = "None seen".into();
        }
        let assessment = assessment(&[ISO20000], Targets::default());
        let scores = score_parts(&assessment, &questionnaire, &[&catalog], &answers);
        let register = Register::default();
        let r = assess_inputs(&Inputs {
            assessment: &assessment,
            questionnaire: &questionnaire,
            catalog: &catalog,
            responses: &answers,
            register: &register,
            has_register: false,
            scores: &scores.frameworks[0],
            systemic_as_major: false,
        });
        assert!(r.documents.iter().all(|d| d.status == DocumentStatus::NotRecorded));
        assert_eq!(r.stage1.counts.not_recorded, 2);
        assert_eq!(r.stage1.verdict, Verdict::NotReady);
        assert!(!r.register);
    }

    #[test]
    fn a_document_shared_by_two_requirements_is_one_record_with_one_status() {
        let r = result_with(
            &[],
            &[("scope", DocumentStatus::Claimed), ("policy", DocumentStatus::Seen)],
        );
        let scope: Vec<&DocumentRow> = r.documents.iter().filter(|d| d.id == "scope").collect();
        assert_eq!(scope.len(), 1);
        assert_eq!(scope[0].requirements, ["4.3", "7.5.4"]);
        let statuses: Vec<DocumentStatus> = r
            .requirements
            .iter()
            .flat_map(|q| q.documents.iter().filter(|d| d.id == "scope").map(|d| d.status))
            .collect();
        assert_eq!(statuses, [DocumentStatus::Claimed, DocumentStatus::Claimed]);
    }

    #[test]
    fn a_missing_document_is_one_nonconformity_under_the_requirement_it_is_raised_under() {
        let r = result_with(
            &[],
            &[("scope", DocumentStatus::Missing), ("policy", DocumentStatus::Seen)],
        );
        assert_eq!(
            clause(&r, "4.3").classification,
            Classification::Major,
            "raised under the first that calls for it"
        );
        let general = clause(&r, "7.5.4");
        assert_eq!(
            general.classification,
            Classification::Conforming,
            "cited, not raised again"
        );
        let cited = &general.documents[0];
        assert_eq!((cited.id.as_str(), cited.raised_under.as_str()), ("scope", "4.3"));
        assert_eq!(r.stage1.verdict, Verdict::NotReady);
    }

    #[test]
    fn a_sample_beyond_the_tolerance_is_a_minor_and_within_it_an_observation() {
        let r = result_for(&[], ALL_SEEN, vec![sample("S-1", 30, 4, "8.6")]);
        let incident = clause(&r, "8.6.1");
        assert_eq!(incident.classification, Classification::Minor, "4 of 30 is above 10%");
        assert!(
            incident
                .finding
                .starts_with("Minor nonconformity: a sample found the practice failing in operation.")
                && incident
                    .finding
                    .contains("Sample S-1, records: 30 checked, 4 exceptions, above the tolerance of 10%."),
            "{}",
            incident.finding
        );
        assert_eq!(
            clause(&r, "8.6.2").classification,
            Classification::Minor,
            "8.6 covers 8.6.2 too"
        );
        let r = result_for(&[], ALL_SEEN, vec![sample("S-1", 30, 3, "8.6.1")]);
        assert_eq!(
            clause(&r, "8.6.1").classification,
            Classification::Conforming,
            "3 of 30 is the tolerance itself"
        );
        assert!(
            r.observations
                .iter()
                .any(|o| o.clause == "8.6.1" && o.text.contains("3 exceptions"))
        );
        assert_eq!(clause(&r, "8.6.2").classification, Classification::Conforming);
    }

    #[test]
    fn an_unapproved_draft_scope_stops_stage_1() {
        let r = result_with(&[("SCOPE", Level(2))], ALL_SEEN);
        assert_eq!(
            clause(&r, "4.3").classification,
            Classification::Major,
            "a draft of what must exist and what stage 1 checks is as good as none"
        );
        assert_eq!(r.stage1.counts.checks_met, 0);
        assert_eq!(
            r.stage1.verdict,
            Verdict::NotReady,
            "a stage 1 auditor stops at an unapproved scope"
        );
        let r = result_with(&[("SCOPE", Level(1))], ALL_SEEN);
        assert_eq!(
            clause(&r, "4.3").classification,
            Classification::Major,
            "no scope at all"
        );
    }

    #[test]
    fn an_unanswered_element_is_not_assessed_and_not_ready() {
        let r = result_with(&[("MAJ", Answer::Unanswered)], ALL_SEEN);
        assert_eq!(clause(&r, "8.6.1").classification, Classification::NotAssessed);
        assert!(!clause(&r, "8.6.1").exclusion_claimed);
        assert_eq!(r.stage2.counts.not_assessed, 1);
        assert_eq!(r.verdict, Verdict::NotReady);
    }

    #[test]
    fn closing_steps_come_from_the_elements_not_met() {
        let r = result_with(&[("MAJ", Level(1))], ALL_SEEN);
        let steps = &clause(&r, "8.6.1").closing_steps;
        assert!(!steps.is_empty());
        assert!(steps.iter().all(|s| s.question == "MAJ" && s.level <= 3), "{steps:?}");
        assert_eq!(r.corrective_actions.len(), 1);
        assert!(r.corrective_actions[0].correction.is_empty() && r.corrective_actions[0].root_cause.is_empty());
    }

    #[test]
    fn several_minors_in_one_clause_are_flagged_and_can_be_graded_major() {
        let mut requirements: Vec<Requirement> = ["8.5.1.1", "8.5.1.2", "8.5.1.3", "9.2"]
            .iter()
            .map(|c| {
                let mut r = clause(&result_with(&[("REC", Level(2))], ALL_SEEN), "8.6.1").clone();
                r.clause = (*c).to_string();
                r.group = clause_group(c);
                r
            })
            .collect();
        let groups = flag_systemic(&mut requirements, 3, false);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].minors, ["8.5.1.1", "8.5.1.2", "8.5.1.3"]);
        assert!(
            requirements[..3]
                .iter()
                .all(|r| r.systemic && r.classification == Classification::Minor)
        );
        assert!(!requirements[3].systemic);
        flag_systemic(&mut requirements, 3, true);
        assert!(
            requirements[..3]
                .iter()
                .all(|r| r.escalated && r.classification == Classification::Major)
        );
    }
}
