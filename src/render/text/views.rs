//! The views of the engine commands: framework lists, a framework's controls, and scores.

use crate::content::Library;
use crate::content::catalog::Catalog;
use crate::csv_out::CsvTable;
use crate::engine::roadmap::Roadmap;
use crate::engine::scoring::{ScoreSet, Standing, Status};
use crate::format::{days, json, number, percent};
use crate::markdown;
use crate::render::text::table::{Cell, Style, Table, styled};
use crate::text::{lines, one_line, visible};

/// The formats of the terminal commands (`score`, `roadmap`, `frameworks show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for the terminal.
    Table,
    Json,
    Csv,
    #[value(name = "md")]
    Markdown,
}

/// The formats of `compare` and `portfolio`: those of the other text views, and an HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PageFormat {
    /// Aligned columns for the terminal.
    Table,
    #[value(name = "md")]
    Markdown,
    Json,
    /// Every control's change.
    Csv,
    Html,
}

impl PageFormat {
    /// The text view of this format; None for HTML, which the HTML renderer makes.
    #[must_use]
    pub fn text(self) -> Option<Format> {
        match self {
            PageFormat::Table => Some(Format::Table),
            PageFormat::Markdown => Some(Format::Markdown),
            PageFormat::Json => Some(Format::Json),
            PageFormat::Csv => Some(Format::Csv),
            PageFormat::Html => None,
        }
    }
}

#[must_use]
pub fn frameworks_table(library: &Library, colour: bool) -> String {
    let mut table = Table::new(&["Id", "Name", "Version", ">Domains", ">Controls", "Source"]);
    for loaded in library.catalogs.values() {
        let c = &loaded.value;
        table.row(vec![
            styled(c.id.clone(), Style::Bold),
            c.name.clone().into(),
            c.version.clone().into(),
            c.domains.len().to_string().into(),
            c.control_count().to_string().into(),
            styled(
                if loaded.is_bundled() {
                    "bundled".to_string()
                } else {
                    loaded.label.clone()
                },
                Style::Dim,
            ),
        ]);
    }
    table.render(colour)
}

const CONTROL_COLUMNS: [&str; 8] = [
    "domain",
    "domain_name",
    "control",
    "title",
    "weight",
    "mandatory",
    "depends_on",
    "summary",
];

fn control_rows(catalog: &Catalog) -> Vec<Vec<String>> {
    catalog
        .controls()
        .map(|(d, c)| {
            vec![
                d.id.clone(),
                d.name.clone(),
                c.id.clone(),
                c.title.clone(),
                format_weight(c.weight),
                if c.mandatory { "yes" } else { "no" }.to_string(),
                c.depends_on.join(", "),
                c.summary.clone(),
            ]
        })
        .collect()
}

fn format_weight(weight: f64) -> String {
    let text = format!("{weight}");
    if text.contains('.') { text } else { format!("{text}.0") }
}

/// The questions of every loaded questionnaire that directly evidence each required element of a
/// catalog, keyed by (control, element), in questionnaire order.
fn direct_questions<'a>(
    library: &'a Library,
    catalog: &str,
) -> std::collections::HashMap<(&'a str, &'a str), Vec<&'a str>> {
    let mut found: std::collections::HashMap<(&str, &str), Vec<&str>> = std::collections::HashMap::new();
    for loaded in library.questionnaires.values() {
        for (_, question) in loaded.value.questions() {
            for mapping in question.maps.iter().filter(|m| m.framework == catalog) {
                if mapping.role != Some(crate::content::questionnaire::Role::Direct) {
                    continue;
                }
                for element in &mapping.elements {
                    found
                        .entry((mapping.control.as_str(), element.as_str()))
                        .or_default()
                        .push(question.id.as_str());
                }
            }
        }
    }
    found
}

/// Rows of (control, element id, text, flags, direct questions) for a catalog's required elements.
fn element_rows(library: &Library, catalog: &Catalog) -> Vec<Vec<String>> {
    let direct = direct_questions(library, &catalog.id);
    catalog
        .controls()
        .flat_map(|(_, c)| c.elements.iter().map(move |e| (c, e)))
        .map(|(c, e)| {
            let flags: Vec<&str> = [(e.existence, "must exist"), (e.stage1, "stage 1")]
                .into_iter()
                .filter_map(|(on, flag)| on.then_some(flag))
                .collect();
            vec![
                c.id.clone(),
                e.id.clone(),
                e.text.clone(),
                flags.join(", "),
                direct
                    .get(&(c.id.as_str(), e.id.as_str()))
                    .map(|q| q.join(", "))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// Rows of (id, title, required or typical, the controls that call for it) for a catalog's documents.
fn document_rows(catalog: &Catalog) -> Vec<Vec<String>> {
    let mut called_for: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (_, control) in catalog.controls() {
        for document in &control.documents {
            called_for
                .entry(document.as_str())
                .or_default()
                .push(control.id.as_str());
        }
    }
    catalog
        .documents
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                d.title.clone(),
                if d.required { "required" } else { "typical" }.to_string(),
                called_for.get(d.id.as_str()).map(|c| c.join(", ")).unwrap_or_default(),
            ]
        })
        .collect()
}

const ELEMENT_HEADERS: [&str; 5] = [
    "Control",
    "Element",
    "What an auditor looks for",
    "Flags",
    "Direct questions",
];
const DOCUMENT_HEADERS: [&str; 4] = ["Document", "Title", "Required", "Called for by"];

#[must_use]
pub fn framework(library: &Library, catalog: &Catalog, format: Format, colour: bool) -> String {
    match format {
        Format::Json => json(catalog),
        Format::Csv => {
            let mut table = CsvTable::new(&CONTROL_COLUMNS);
            table.rows = control_rows(catalog);
            String::from_utf8_lossy(&table.to_bytes()).into_owned()
        }
        Format::Markdown => {
            let mut out = format!(
                "# {} ({})\n\n",
                markdown::text(&catalog.name),
                markdown::text(&catalog.version)
            );
            if !catalog.description.is_empty() {
                out.push_str(&format!("{}\n\n", markdown::cell(&catalog.description)));
            }
            for domain in &catalog.domains {
                out.push_str(&format!(
                    "## {} {}\n\n",
                    markdown::text(&domain.id),
                    markdown::text(&domain.name)
                ));
                let rows: Vec<Vec<String>> = domain
                    .controls
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.clone(),
                            c.title.clone(),
                            format_weight(c.weight),
                            c.depends_on.join(", "),
                            c.summary.clone(),
                        ]
                    })
                    .collect();
                out.push_str(&markdown::table(
                    &["Id", "Title", "Weight", "Depends on", "Summary"],
                    &rows,
                    &[2],
                ));
                out.push('\n');
            }
            let elements = element_rows(library, catalog);
            if !elements.is_empty() {
                out.push_str("## Required elements\n\n");
                out.push_str(&markdown::table(&ELEMENT_HEADERS, &elements, &[]));
                out.push('\n');
            }
            if !catalog.documents.is_empty() {
                out.push_str("## Documents\n\n");
                out.push_str(&markdown::table(&DOCUMENT_HEADERS, &document_rows(catalog), &[]));
                out.push('\n');
            }
            out
        }
        Format::Table => {
            let mut out = format!(
                "{} {} ({} domains, {} controls)\n",
                one_line(&catalog.name),
                one_line(&catalog.version),
                catalog.domains.len(),
                catalog.control_count()
            );
            if !catalog.description.is_empty() {
                let description = lines(&catalog.description).collect::<Vec<_>>().join("\n");
                out.push_str(&format!("{}\n", visible(&description)));
            }
            out.push('\n');
            let mut table = Table::new(&["Domain", "Control", "Title", ">Weight", "Mandatory", "Depends on"]);
            for (domain, control) in catalog.controls() {
                table.row(vec![
                    styled(domain.id.clone(), Style::Dim),
                    styled(control.id.clone(), Style::Bold),
                    control.title.clone().into(),
                    format_weight(control.weight).into(),
                    if control.mandatory { "yes" } else { "" }.into(),
                    control.depends_on.join(", ").into(),
                ]);
            }
            out.push_str(&table.render(colour));
            let elements = element_rows(library, catalog);
            if !elements.is_empty() {
                out.push_str("\nRequired elements\n");
                let mut table = Table::new(&ELEMENT_HEADERS);
                for row in elements {
                    table.row(row.into_iter().map(Into::into).collect());
                }
                out.push_str(&table.render(colour));
            }
            if !catalog.documents.is_empty() {
                out.push_str("\nDocuments (the ids of the evidence register)\n");
                let mut table = Table::new(&DOCUMENT_HEADERS);
                for row in document_rows(catalog) {
                    table.row(row.into_iter().map(Into::into).collect());
                }
                out.push_str(&table.render(colour));
            }
            out
        }
    }
}

fn gap_style(gap: Option<f64>) -> Style {
    match gap {
        None => Style::Dim,
        Some(g) if g <= 0.0 => Style::Good,
        Some(g) if g < 1.0 => Style::Warn,
        Some(_) => Style::Bad,
    }
}

fn level_text(level: Option<u8>, name: Option<&str>) -> String {
    match (level, name) {
        (Some(l), Some(n)) if !n.is_empty() => format!("{l} {n}"),
        (Some(l), _) => l.to_string(),
        _ => "-".into(),
    }
}

#[must_use]
pub fn scores(set: &ScoreSet, format: Format, colour: bool) -> String {
    match format {
        Format::Json => json(set),
        Format::Csv => String::from_utf8_lossy(&score_csv(set).to_bytes()).into_owned(),
        Format::Markdown => score_markdown(set),
        Format::Table => score_table(set, colour),
    }
}

fn score_markdown(set: &ScoreSet) -> String {
    let a = &set.assessment;
    let mut out = format!(
        "# {}\n\nAssessed {} by {}.\n\n",
        markdown::text(&a.organization),
        markdown::text(&a.date),
        if a.assessor.is_empty() {
            "-".into()
        } else {
            markdown::text(&a.assessor)
        }
    );
    let mut rows = Vec::new();
    for f in &set.frameworks {
        rows.push(standing_cells(
            format!("**{}**", markdown::cell(&f.name)),
            &f.standing,
            percent(f.coverage),
        ));
        for d in &f.domains {
            let counts = &d.standing.counts;
            let covered = counts.scored_of_applicable();
            rows.push(standing_cells(markdown::cell(&d.name), &d.standing, covered));
        }
    }
    out.push_str(&markdown::table_of_escaped(
        &["Framework / domain", "Score", "Level", "Target", "Gap", "Coverage"],
        &rows,
        &[1, 3, 4, 5],
    ));
    out
}

/// A standing as Markdown cells, the name already escaped.
fn standing_cells(name: String, standing: &Standing, coverage: String) -> Vec<String> {
    vec![
        name,
        number(standing.score),
        markdown::cell(&level_text(standing.level, standing.level_name.as_deref())),
        number(standing.target),
        number(standing.gap),
        coverage,
    ]
}

fn score_table(set: &ScoreSet, colour: bool) -> String {
    let a = &set.assessment;
    let mut out = format!(
        "{} - assessed {} by {}\n\n",
        one_line(&a.organization),
        one_line(&a.date),
        if a.assessor.is_empty() {
            "-".into()
        } else {
            one_line(&a.assessor)
        }
    );
    let mut table = Table::new(&["Framework / domain", ">Score", "Level", ">Target", ">Gap", ">Coverage"]);
    for f in &set.frameworks {
        table.row(standing_row(
            styled(f.name.clone(), Style::Bold),
            &f.standing,
            percent(f.coverage),
            Style::Bold,
        ));
        for d in &f.domains {
            let counts = &d.standing.counts;
            let covered = counts.scored_of_applicable();
            table.row(standing_row(
                format!("  {}", d.name).into(),
                &d.standing,
                covered,
                Style::Plain,
            ));
        }
    }
    out.push_str(&table.render(colour));
    out
}

fn standing_row(name: Cell, standing: &Standing, coverage: String, emphasis: Style) -> Vec<Cell> {
    vec![
        name,
        styled(number(standing.score), emphasis),
        level_text(standing.level, standing.level_name.as_deref()).into(),
        number(standing.target).into(),
        styled(number(standing.gap), gap_style(standing.gap)),
        coverage.into(),
    ]
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Scored => "scored",
        Status::NotApplicable => "not_applicable",
        Status::Unanswered => "unanswered",
    }
}

/// One row per control: the complete score at control grain, for spreadsheets.
#[must_use]
pub fn score_csv(set: &ScoreSet) -> CsvTable {
    let mut table = CsvTable::new(&[
        "framework",
        "domain",
        "control",
        "title",
        "weight",
        "status",
        "score",
        "level",
        "level_name",
        "target",
        "gap",
        "questions",
    ]);
    for f in &set.frameworks {
        for d in &f.domains {
            for c in &d.controls {
                table.push(vec![
                    f.id.clone(),
                    d.id.clone(),
                    c.id.clone(),
                    c.title.clone(),
                    format_weight(c.weight),
                    status_text(c.status).into(),
                    c.score
                        .map(|s| crate::format::round4(s).to_string())
                        .unwrap_or_default(),
                    c.level.map(|l| l.to_string()).unwrap_or_default(),
                    c.level_name.clone().unwrap_or_default(),
                    crate::format::round4(c.target).to_string(),
                    c.gap.map(|g| crate::format::round4(g).to_string()).unwrap_or_default(),
                    c.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>().join(" "),
                ]);
            }
        }
    }
    table
}

fn phase_text(phase: Option<usize>) -> String {
    phase.map_or_else(|| "backlog".to_string(), |p| p.to_string())
}

/// The roadmap's steps, one row each: for spreadsheets and project plans.
#[must_use]
pub fn roadmap_csv(roadmap: &Roadmap) -> CsvTable {
    let mut table = CsvTable::new(&[
        "initiative_rank",
        "initiative",
        "workstream",
        "question",
        "question_text",
        "step_level",
        "tier",
        "phase",
        "phase_start",
        "phase_end",
        "effort_days",
        "priority",
        "effort",
        "quick_win",
        "reason",
        "explanation",
        "controls_closed",
        "action",
        "description",
    ]);
    let phases = roadmap.phases();
    for i in &roadmap.initiatives {
        for s in &i.steps {
            let phase = s.phase.and_then(|p| phases.get(p - 1));
            table.push(vec![
                i.rank.to_string(),
                i.title.clone(),
                i.workstream_name.clone(),
                i.question.clone(),
                i.text.clone(),
                s.level.to_string(),
                enum_text(s.tier),
                phase_text(s.phase),
                phase.map(|p| p.start.clone()).unwrap_or_default(),
                phase.map(|p| p.end.clone()).unwrap_or_default(),
                crate::format::round4(s.effort_days).to_string(),
                crate::format::round4(i.priority).to_string(),
                i.effort.map(|e| format!("{e:?}")).unwrap_or_default(),
                if i.quick_win { "yes" } else { "no" }.into(),
                enum_text(s.reason),
                s.explanation.clone(),
                i.controls
                    .iter()
                    .map(|c| format!("{}:{}", c.framework, c.control))
                    .collect::<Vec<_>>()
                    .join(" "),
                s.action.clone(),
                s.description.clone(),
            ]);
        }
    }
    table
}

/// An enum as its JSON name: `beyond`, `certification_first`.
fn enum_text(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

#[must_use]
pub fn roadmap(roadmap: &Roadmap, format: Format, colour: bool) -> String {
    match format {
        Format::Json => json(roadmap),
        Format::Csv => String::from_utf8_lossy(&roadmap_csv(roadmap).to_bytes()).into_owned(),
        Format::Markdown => roadmap_markdown(roadmap),
        Format::Table => roadmap_table(roadmap, colour),
    }
}

/// The sentences both text formats open with: the plan, the certification dates, the backlog.
fn roadmap_sentences(roadmap: &Roadmap) -> Vec<String> {
    let mut lines = vec![crate::report::prose::roadmap_intro(roadmap)];
    lines.extend(crate::report::prose::certification(roadmap));
    lines.push(crate::report::prose::backlog(roadmap));
    lines
}

/// The workstreams as rows: name, outcome, initiatives, steps (certification ones), person-days.
fn workstream_rows(roadmap: &Roadmap) -> Vec<Vec<String>> {
    roadmap
        .workstream_plans()
        .iter()
        .map(|w| {
            vec![
                w.name.clone(),
                w.initiatives.len().to_string(),
                format!("{} ({})", w.steps, w.certification_steps),
                format!("{} of {}", days(w.scheduled_days), days(w.effort_days)),
                w.outcome.clone(),
            ]
        })
        .collect()
}

const WORKSTREAM_HEADERS: [&str; 5] = [
    "Workstream",
    "Initiatives",
    "Steps (certification)",
    "Person-days scheduled",
    "Outcome",
];

/// One row per initiative's work in a phase: name, workstream, levels, person-days, action, why.
fn phase_rows(phase: &crate::engine::roadmap::Phase) -> Vec<Vec<String>> {
    phase
        .steps
        .iter()
        .map(|s| {
            let name = if s.quick_win {
                format!("{} ({}, quick win)", s.title, s.question)
            } else {
                format!("{} ({})", s.title, s.question)
            };
            vec![
                name,
                s.workstream.clone(),
                format!("{} -> {}", s.from, s.level),
                days(s.effort_days),
                if s.action.is_empty() {
                    s.description.clone()
                } else {
                    s.action.clone()
                },
                s.explanation.clone(),
            ]
        })
        .collect()
}

const PHASE_HEADERS: [&str; 6] = ["Initiative", "Workstream", "Levels", "Days", "What to do", "Why here"];

/// The initiatives with levels in the backlog: name, levels, why.
fn backlog_rows(roadmap: &Roadmap) -> Vec<Vec<String>> {
    roadmap
        .initiatives
        .iter()
        .filter(|i| !i.backlog_levels().is_empty())
        .map(|i| {
            vec![
                format!("{} ({})", i.title, i.question),
                i.backlog_levels()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                i.backlog_reason().unwrap_or_default().to_string(),
            ]
        })
        .collect()
}

fn roadmap_table(roadmap: &Roadmap, colour: bool) -> String {
    let mut out = roadmap_sentences(roadmap).join("\n");
    out.push_str("\n\nWorkstreams\n");
    let mut table = Table::new(&WORKSTREAM_HEADERS);
    for row in workstream_rows(roadmap) {
        table.row(row.into_iter().map(Into::into).collect());
    }
    out.push_str(&table.render(colour));
    for phase in roadmap.phases() {
        out.push_str(&format!(
            "\nPhase {} ({} to {}), {} person-days\n",
            phase.number,
            phase.start,
            phase.end,
            days(phase.effort_days)
        ));
        if phase.steps.is_empty() {
            out.push_str("  no steps\n");
            continue;
        }
        let mut table = Table::new(&PHASE_HEADERS);
        for (row, step) in phase_rows(&phase).into_iter().zip(&phase.steps) {
            let mut cells: Vec<Cell> = row.into_iter().map(Into::into).collect();
            let style = if step.quick_win { Style::Good } else { Style::Bold };
            cells[0] = styled(cells[0].text.clone(), style);
            cells[5] = styled(cells[5].text.clone(), Style::Dim);
            table.row(cells);
        }
        out.push_str(&table.render(colour));
    }
    let backlog = backlog_rows(roadmap);
    if !backlog.is_empty() {
        out.push_str("\nBacklog\n");
        let mut table = Table::new(&["Initiative", "Levels", "Why"]);
        for row in backlog {
            table.row(row.into_iter().map(Into::into).collect());
        }
        out.push_str(&table.render(colour));
    }
    out
}

fn roadmap_markdown(roadmap: &Roadmap) -> String {
    let mut out = String::from("# Improvement roadmap\n\n");
    for sentence in roadmap_sentences(roadmap) {
        out.push_str(&format!("{}\n\n", markdown::text(&sentence)));
    }
    out.push_str("## Workstreams\n\n");
    out.push_str(&markdown::table(&WORKSTREAM_HEADERS, &workstream_rows(roadmap), &[1]));
    for phase in roadmap.phases() {
        out.push_str(&format!(
            "\n## Phase {} ({} to {}), {} person-days\n\n",
            phase.number,
            phase.start,
            phase.end,
            days(phase.effort_days)
        ));
        if phase.steps.is_empty() {
            out.push_str("No steps.\n");
            continue;
        }
        out.push_str(&markdown::table(&PHASE_HEADERS, &phase_rows(&phase), &[3]));
    }
    let backlog = backlog_rows(roadmap);
    if !backlog.is_empty() {
        out.push_str("\n## Backlog\n\n");
        out.push_str(&markdown::table(&["Initiative", "Levels", "Why"], &backlog, &[]));
    }
    out
}

/// The gap register as CSV, for tracking in a spreadsheet.
#[must_use]
pub fn gap_csv(report: &crate::report::Report) -> CsvTable {
    let mut table = CsvTable::new(&[
        "rank",
        "framework",
        "domain",
        "control",
        "title",
        "mandatory",
        "score",
        "level",
        "target",
        "gap",
        "priority",
        "questions",
    ]);
    for g in &report.gaps.gaps {
        table.push(vec![
            g.rank.to_string(),
            g.framework.clone(),
            g.domain.clone(),
            g.control.clone(),
            g.title.clone(),
            if g.mandatory { "yes" } else { "no" }.into(),
            crate::format::round4(g.score).to_string(),
            g.level.to_string(),
            crate::format::round4(g.target).to_string(),
            crate::format::round4(g.gap).to_string(),
            crate::format::round4(g.priority).to_string(),
            g.questions.join(" "),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{assessment, catalog, control, question, questionnaire, responses};
    use crate::workspace::assessment::{Loaded, Targets};
    use crate::workspace::responses::Answer;

    const HOSTILE: &str = "<b>|x</b>\r# \x1b[31m";

    fn hostile_scores() -> ScoreSet {
        let mut framework = catalog("f", vec![("d", vec![control("c", 1.0)])]);
        framework.name = HOSTILE.into();
        framework.domains[0].name = HOSTILE.into();
        let questionnaire = questionnaire(vec![question("Q1", &[("f", "c", 1.0)])]);
        let mut assessment = assessment(&["f"], Targets::default());
        assessment.organization = HOSTILE.into();
        let loaded = Loaded {
            dir: "ws".into(),
            file: "ws/assessment.json".into(),
            assessment,
            questionnaire: &questionnaire,
            catalogs: vec![&framework],
            responses: responses(&[("Q1", Answer::Level(2))]),
            evidence: crate::workspace::evidence::Register::default(),
            logo: None,
        };
        crate::engine::scoring::score(&loaded)
    }

    #[test]
    fn scores_in_markdown_are_an_escaped_table() {
        let md = scores(&hostile_scores(), Format::Markdown, false);
        assert!(md.starts_with("# \\<b\\>\\|x\\</b\\> # \\\\x1b\\[31m\n"), "{md}");
        assert!(
            md.contains("| **\\<b\\>\\|x\\</b\\><br>\\# \\\\x1b\\[31m** | 2.00 | 2 Managed |"),
            "{md}"
        );
        assert!(
            md.contains("| \\<b\\>\\|x\\</b\\><br>\\# \\\\x1b\\[31m | 2.00 |"),
            "{md}"
        );
    }

    #[test]
    fn scores_on_the_terminal_show_escapes_visibly_on_one_line() {
        let text = scores(&hostile_scores(), Format::Table, false);
        assert!(!text.contains('\x1b') && !text.contains('\r'), "{text}");
        assert!(text.starts_with("<b>|x</b> # \\x1b[31m - assessed"), "{text}");
        assert_eq!(
            text.lines().count(),
            5,
            "a heading, a blank line, a header and two rows: {text}"
        );
    }
}
