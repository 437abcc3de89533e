//! The readiness report's text formats: the terminal table and the CSV tables. HTML and Markdown
//! come from the `readiness.html` and `readiness.md` templates, PDF from the PDF module.

use serde::Serialize;

use crate::csv_out::CsvTable;
use crate::engine::readiness::{Classification, ElementStatus, ReadinessResult};
use crate::format::number;
use crate::render::text::table::{Style, Table, styled};
use crate::report::prose::ReadinessProse;
use crate::report::{Meta, Report};
use crate::text::one_line;
use crate::workspace::evidence::DocumentStatus;

/// The line a failed check prints: the verdict and both stages with their counts.
#[must_use]
pub fn verdict_line(prose: &ReadinessProse) -> String {
    format!("{}. {}", prose.verdict, prose.summary)
}

/// The JSON document: the verdict first, then who and when, then everything.
#[derive(Serialize)]
pub struct ReadinessDocument<'a> {
    pub verdict: String,
    pub meta: &'a Meta,
    pub readiness: &'a ReadinessResult,
}

#[must_use]
pub fn json(report: &Report, r: &ReadinessResult) -> String {
    crate::format::json(&ReadinessDocument {
        verdict: r.verdict.label().to_string(),
        meta: &report.meta,
        readiness: r,
    })
}

fn classification_style(c: Classification) -> Style {
    match c {
        Classification::Conforming => Style::Good,
        Classification::Minor => Style::Warn,
        Classification::Major => Style::Bad,
        Classification::NotAssessed => Style::Dim,
    }
}

fn document_style(status: DocumentStatus) -> Style {
    match status {
        DocumentStatus::Seen => Style::Good,
        DocumentStatus::Claimed => Style::Warn,
        DocumentStatus::Missing => Style::Bad,
        DocumentStatus::NotRecorded => Style::Dim,
    }
}

fn element_style(status: ElementStatus) -> Style {
    match status {
        ElementStatus::Met => Style::Good,
        ElementStatus::PartlyMet => Style::Warn,
        ElementStatus::Absent => Style::Bad,
        ElementStatus::NotAssessed => Style::Dim,
    }
}

#[must_use]
pub fn table(report: &Report, r: &ReadinessResult, colour: bool) -> String {
    let Some(prose) = &report.prose.readiness else {
        return String::new();
    };
    let mut out = format!("{}.\n", prose.verdict);
    out.push_str(&format!(
        "{} readiness of {}, assessed {}\n{}\n",
        one_line(&r.framework_name),
        one_line(&report.meta.organization),
        one_line(&report.meta.date),
        prose.thresholds
    ));
    for note in [&prose.register, &prose.exclusions, &prose.systemic, &prose.limitations]
        .into_iter()
        .flatten()
    {
        out.push_str(&format!("{note}\n"));
    }
    if !prose.blockers.is_empty() {
        out.push_str("\nWhat stands in the way\n");
        for blocker in &prose.blockers {
            out.push_str(&format!("  - {}\n", one_line(blocker)));
        }
    }
    out.push_str(&format!("\n{}\n", prose.stage1));
    out.push_str(&stage1_tables(r, colour));
    out.push_str(&format!("\n{}\n", prose.stage2));
    out.push_str(&requirements_table(r, colour));
    out.push_str(&format!("\nNonconformities\n  {}\n", prose.actions_intro));
    out.push_str(&findings(r));
    for (heading, intro, items) in [
        ("Observations", &prose.observations_intro, &r.observations),
        (
            "Opportunities for improvement",
            &prose.opportunities_intro,
            &r.opportunities,
        ),
    ] {
        out.push_str(&format!("\n{heading}\n  {intro}\n"));
        for o in items {
            out.push_str(&format!(
                "  - {} {}: {}\n",
                one_line(&o.clause),
                one_line(&o.title),
                one_line(&o.text)
            ));
        }
    }
    out.push_str(&interviews_and_samples(r));
    out
}

fn stage1_tables(r: &ReadinessResult, colour: bool) -> String {
    let mut documents = Table::new(&["Required document", "Status", "Version", "Called for by"]);
    for d in r.documents.iter().filter(|d| d.required) {
        documents.row(vec![
            format!("{} ({})", d.title, d.id).into(),
            styled(d.status.label(), document_style(d.status)),
            d.version.clone().into(),
            d.requirements.join(" ").into(),
        ]);
    }
    let mut checks = Table::new(&["Clause", "Stage 1 check", "Status"]);
    for c in &r.stage1.checks {
        checks.row(vec![
            c.clause.clone().into(),
            c.text.clone().into(),
            styled(c.status.label(), element_style(c.status)),
        ]);
    }
    format!("{}\n{}", documents.render(colour), checks.render(colour))
}

fn requirements_table(r: &ReadinessResult, colour: bool) -> String {
    let mut requirements = Table::new(&["Clause", "Requirement", ">Elements met", ">Maturity", "Status"]);
    for q in &r.requirements {
        requirements.row(vec![
            q.clause.clone().into(),
            q.title.clone().into(),
            q.elements_met.clone().into(),
            number(q.score).into(),
            styled(q.status.clone(), classification_style(q.classification)),
        ]);
    }
    requirements.render(colour)
}

/// Each requirement not conforming in audit form: requirement, evidence, finding, what closes it.
fn findings(r: &ReadinessResult) -> String {
    let mut out = String::new();
    for q in r
        .requirements
        .iter()
        .filter(|q| !matches!(q.classification, Classification::Conforming))
    {
        out.push_str(&format!(
            "\n  {} {} [{}]\n    Requirement: {}\n    Evidence:\n",
            one_line(&q.clause),
            one_line(&q.title),
            q.status,
            one_line(&q.statement)
        ));
        for line in &q.evidence {
            out.push_str(&format!("      - {}\n", one_line(line)));
        }
        out.push_str(&format!(
            "    Finding: {}\n    Closes it: {}\n",
            one_line(&q.finding),
            one_line(&q.closes_it)
        ));
    }
    out
}

fn interviews_and_samples(r: &ReadinessResult) -> String {
    let mut out = String::from("\nInterviews and samples\n");
    if r.interviews.is_empty() && r.samples.is_empty() {
        out.push_str("  none recorded in the assessment\n");
    }
    for i in &r.interviews {
        out.push_str(&format!(
            "  {} {}, {}, {}: {} ({})\n",
            one_line(&i.id),
            one_line(&i.person),
            one_line(&i.role),
            one_line(&i.date),
            one_line(&i.topics),
            one_line(&i.clauses.join(", "))
        ));
    }
    for sample in &r.samples {
        let population = sample.population.map(|p| format!(" of {p}")).unwrap_or_default();
        out.push_str(&format!(
            "  {} {}: {}{population} sampled, {} exceptions ({})\n",
            one_line(&sample.id),
            one_line(&sample.what),
            sample.size,
            sample.exceptions,
            one_line(&sample.clauses.join(", "))
        ));
    }
    out
}

/// The corrective action plan for tracking: one row per nonconformity; correction, root cause,
/// corrective action, owner and due date are blank for the organisation to fill in.
#[must_use]
pub fn actions_csv(r: &ReadinessResult) -> CsvTable {
    let mut table = CsvTable::new(&[
        "verdict",
        "clause",
        "title",
        "classification",
        "finding",
        "correction",
        "root_cause",
        "corrective_action",
        "roadmap_steps",
        "owner",
        "due_date",
    ]);
    for a in &r.corrective_actions {
        table.push(vec![
            r.verdict.label().into(),
            a.clause.clone(),
            a.title.clone(),
            a.classification.label().into(),
            a.finding.clone(),
            a.correction.clone(),
            a.root_cause.clone(),
            a.corrective_action.clone(),
            a.steps.clone(),
            a.owner.clone(),
            a.due_date.clone(),
        ]);
    }
    table
}

/// The applicability table (statement-of-applicability style): every requirement with its
/// elements, documents and the evidence behind it.
#[must_use]
pub fn applicability_csv(r: &ReadinessResult) -> CsvTable {
    let mut table = CsvTable::new(&[
        "verdict",
        "clause",
        "group",
        "title",
        "statement",
        "status",
        "elements_met",
        "elements_not_met",
        "maturity",
        "exclusion_claimed",
        "systemic",
        "direct_questions",
        "supporting_questions",
        "documents",
        "interviews",
        "samples",
        "evidence",
        "finding",
    ]);
    for q in &r.requirements {
        let not_met: Vec<String> = q
            .elements
            .iter()
            .filter(|e| e.status != ElementStatus::Met)
            .map(|e| format!("{}: {}", e.id, e.status.label()))
            .collect();
        let documents: Vec<String> = q
            .documents
            .iter()
            .map(|d| format!("{}: {}", d.id, d.status.label()))
            .collect();
        let ids = |questions: &[crate::engine::readiness::EvidenceQuestion]| {
            questions.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(" ")
        };
        table.push(vec![
            r.verdict.label().into(),
            q.clause.clone(),
            q.group.clone(),
            q.title.clone(),
            q.statement.clone(),
            q.classification.label().into(),
            q.elements_met.clone(),
            not_met.join("; "),
            q.score
                .map(|s| crate::format::round4(s).to_string())
                .unwrap_or_default(),
            if q.exclusion_claimed { "yes" } else { "no" }.into(),
            if q.systemic { "yes" } else { "no" }.into(),
            ids(&q.questions),
            ids(&q.supporting),
            documents.join("; "),
            q.interviews.join(" "),
            q.samples.join(" "),
            q.evidence.join(" | "),
            q.finding.clone(),
        ]);
    }
    table
}
