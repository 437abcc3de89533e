//! The readiness report's text formats: the terminal table and the CSV tables. HTML and Markdown
//! come from the `readiness.html` and `readiness.md` templates, PDF from the PDF module.

use serde::Serialize;

use crate::csv_out::CsvTable;
use crate::engine::readiness::{Classification, ReadinessResult};
use crate::format::number;
use crate::render::text::table::{Style, Table, styled};
use crate::report::prose::ReadinessProse;
use crate::report::{Meta, Report};
use crate::text::one_line;

/// The one line every terminal output starts with: the verdict and the counts.
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

#[must_use]
pub fn table(report: &Report, r: &ReadinessResult, colour: bool) -> String {
    let Some(prose) = &report.prose.readiness else {
        return String::new();
    };
    let mut out = verdict_line(prose);
    out.push('\n');
    out.push_str(&format!(
        "{} readiness of {}, assessed {}\n{}\n\nApplicability\n",
        one_line(&r.framework_name),
        one_line(&report.meta.organization),
        one_line(&report.meta.date),
        prose.thresholds
    ));
    let mut applicability = Table::new(&["Clause", "Requirement", ">Score", "Status", "Evidence named"]);
    for q in &r.requirements {
        applicability.row(vec![
            q.clause.clone().into(),
            q.title.clone().into(),
            number(q.score).into(),
            styled(q.status_text(), classification_style(q.classification)),
            if q.evidence().is_empty() { "no" } else { "yes" }.into(),
        ]);
    }
    out.push_str(&applicability.render(colour));
    out.push_str("\nCorrective action plan\n");
    if r.corrective_actions.is_empty() {
        out.push_str("  no nonconformity\n");
    }
    for a in &r.corrective_actions {
        out.push_str(&format!(
            "  {} {} [{}]\n    {}\n    closes it: {}\n",
            one_line(&a.clause),
            one_line(&a.title),
            a.classification.label(),
            one_line(&a.finding),
            one_line(&a.steps)
        ));
    }
    out.push_str("\nDocumented information with no evidence named\n");
    if r.missing_documents.is_empty() {
        out.push_str("  none\n");
    }
    for d in &r.missing_documents {
        out.push_str(&format!("  - {}\n", one_line(d)));
    }
    out
}

/// The corrective action plan for tracking: one row per nonconformity, owner and due date blank.
#[must_use]
pub fn actions_csv(r: &ReadinessResult) -> CsvTable {
    let mut table = CsvTable::new(&[
        "verdict",
        "clause",
        "title",
        "classification",
        "finding",
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
            a.steps.clone(),
            a.owner.clone(),
            a.due_date.clone(),
        ]);
    }
    table
}

/// The applicability table (statement-of-applicability style): every requirement.
#[must_use]
pub fn applicability_csv(r: &ReadinessResult) -> CsvTable {
    let mut table = CsvTable::new(&[
        "verdict",
        "clause",
        "group",
        "title",
        "status",
        "score",
        "exclusion_claimed",
        "systemic",
        "questions",
        "evidence",
        "documents_without_evidence",
    ]);
    for q in &r.requirements {
        let evidence = q.evidence();
        let missing: Vec<&str> = q
            .documents
            .iter()
            .filter(|d| !d.evidence_named)
            .map(|d| d.document.as_str())
            .collect();
        table.push(vec![
            r.verdict.label().into(),
            q.clause.clone(),
            q.group.clone(),
            q.title.clone(),
            q.classification.label().into(),
            q.score
                .map(|s| crate::format::round4(s).to_string())
                .unwrap_or_default(),
            if q.exclusion_claimed { "yes" } else { "no" }.into(),
            if q.systemic { "yes" } else { "no" }.into(),
            q.questions.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(" "),
            evidence.join(" | "),
            missing.join("; "),
        ]);
    }
    table
}
