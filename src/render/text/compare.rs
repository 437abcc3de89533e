//! The comparison of two rounds: aligned tables for the terminal, Markdown, JSON, and CSV of
//! every control's change.

use super::table::{Style, Table, styled};
use super::views::Format;
use crate::csv_out::CsvTable;
use crate::format::{json, number, signed};
use crate::markdown;
use crate::report::compare::{Change, Comparison, StepStatus};

#[must_use]
pub fn comparison(c: &Comparison, format: Format, colour: bool) -> String {
    match format {
        Format::Json => json(c),
        Format::Csv => String::from_utf8_lossy(&controls_csv(c).to_bytes()).into_owned(),
        Format::Markdown => markdown_view(c),
        Format::Table => table_view(c, colour),
    }
}

fn level(l: Option<u8>) -> String {
    l.map_or_else(|| "-".into(), |l| l.to_string())
}

fn change_cells(change: &Change) -> [String; 5] {
    [
        number(change.old),
        number(change.new),
        signed(change.delta),
        level(change.old_level),
        level(change.new_level),
    ]
}

/// Every control's change, one row each, for a spreadsheet.
#[must_use]
pub fn controls_csv(c: &Comparison) -> CsvTable {
    let mut table = CsvTable::new(&[
        "framework",
        "control",
        "title",
        "old_score",
        "new_score",
        "change",
        "old_level",
        "new_level",
    ]);
    for f in &c.frameworks {
        for control in &f.controls {
            let c = &control.change;
            // Plain numbers for a spreadsheet: a leading + would be taken for a formula.
            table.push(vec![
                f.id.clone(),
                control.control.clone(),
                control.title.clone(),
                number(c.old),
                number(c.new),
                number(c.delta),
                level(c.old_level),
                level(c.new_level),
            ]);
        }
    }
    table
}

fn status_style(status: StepStatus) -> Style {
    match status {
        StepStatus::Achieved => Style::Good,
        StepStatus::Partly => Style::Warn,
        StepStatus::NotStarted => Style::Bad,
        StepStatus::NotAssessed => Style::Dim,
    }
}

fn table_view(c: &Comparison, colour: bool) -> String {
    let mut out = c.summary.join("\n");
    out.push_str("\n\n");
    let mut scores = Table::new(&[
        "Framework / domain",
        ">Then",
        ">Now",
        ">Change",
        ">Level then",
        ">Level now",
    ]);
    for f in &c.frameworks {
        let [o, n, d, lo, ln] = change_cells(&f.change);
        scores.row(vec![
            styled(f.name.clone(), Style::Bold),
            o.into(),
            n.into(),
            d.into(),
            lo.into(),
            ln.into(),
        ]);
        for domain in &f.domains {
            let [o, n, d, lo, ln] = change_cells(&domain.change);
            scores.row(vec![
                format!("  {}", domain.name).into(),
                o.into(),
                n.into(),
                d.into(),
                lo.into(),
                ln.into(),
            ]);
        }
    }
    out.push_str(&scores.render(colour));
    if !c.movers.is_empty() {
        out.push_str("\nControls that moved most\n");
        let mut movers = Table::new(&["Framework", "Control", ">Then", ">Now", ">Change"]);
        for m in &c.movers {
            let [o, n, d, _, _] = change_cells(&m.change);
            movers.row(vec![
                m.framework_name.clone().into(),
                m.title.clone().into(),
                o.into(),
                n.into(),
                d.into(),
            ]);
        }
        out.push_str(&movers.render(colour));
    }
    if !c.steps.due.is_empty() {
        out.push_str("\nInitiatives due by the second round\n");
        let mut steps = Table::new(&["Initiative", ">Phase", ">Planned", ">Now", "Outcome"]);
        for s in &c.steps.due {
            steps.row(vec![
                format!("{} ({})", s.title, s.question).into(),
                s.phase.to_string().into(),
                format!("{}→{}", s.from, s.to).into(),
                s.now.level().map_or_else(|| "-".into(), |l| l.to_string()).into(),
                styled(s.status.label(), status_style(s.status)),
            ]);
        }
        out.push_str(&steps.render(colour));
    }
    if let Some(r) = &c.readiness {
        out.push_str("\nISO/IEC 20000-1 requirements\n");
        let mut t = Table::new(&["", "Clauses"]);
        for (label, list) in [("Closed", &r.closed), ("New", &r.raised), ("Still open", &r.still_open)] {
            t.row(vec![
                label.into(),
                if list.is_empty() {
                    "-".to_string()
                } else {
                    list.join(", ")
                }
                .into(),
            ]);
        }
        out.push_str(&t.render(colour));
    }
    out
}

fn markdown_view(c: &Comparison) -> String {
    let mut out = format!(
        "# {}: {} compared with {}\n\n",
        markdown::text(&c.new.organization),
        markdown::text(&c.new.date),
        markdown::text(&c.old.date)
    );
    for line in &c.summary {
        out.push_str(&markdown::text(line));
        out.push_str("\n\n");
    }
    let mut rows = Vec::new();
    for f in &c.frameworks {
        let mut row = vec![format!("**{}**", markdown::cell(&f.name))];
        row.extend(change_cells(&f.change));
        rows.push(row);
        for domain in &f.domains {
            let mut row = vec![markdown::cell(&domain.name)];
            row.extend(change_cells(&domain.change));
            rows.push(row);
        }
    }
    out.push_str("## Scores\n\n");
    out.push_str(&markdown::table_of_escaped(
        &["Framework / domain", "Then", "Now", "Change", "Level then", "Level now"],
        &rows,
        &[1, 2, 3, 4, 5],
    ));
    if !c.movers.is_empty() {
        let rows: Vec<Vec<String>> = c
            .movers
            .iter()
            .map(|m| {
                let [o, n, d, _, _] = change_cells(&m.change);
                vec![markdown::cell(&m.framework_name), markdown::cell(&m.title), o, n, d]
            })
            .collect();
        out.push_str("\n## Controls that moved most\n\n");
        out.push_str(&markdown::table_of_escaped(
            &["Framework", "Control", "Then", "Now", "Change"],
            &rows,
            &[2, 3, 4],
        ));
    }
    if !c.steps.due.is_empty() {
        let rows: Vec<Vec<String>> = c
            .steps
            .due
            .iter()
            .map(|s| {
                vec![
                    format!("{} ({})", markdown::cell(&s.title), markdown::cell(&s.question)),
                    s.phase.to_string(),
                    format!("{}→{}", s.from, s.to),
                    s.now.level().map_or_else(|| "-".into(), |l| l.to_string()),
                    s.status.label().to_string(),
                ]
            })
            .collect();
        out.push_str("\n## Initiatives due by the second round\n\n");
        out.push_str(&markdown::table_of_escaped(
            &["Initiative", "Phase", "Planned", "Now", "Outcome"],
            &rows,
            &[1, 3],
        ));
    }
    if let Some(r) = &c.readiness {
        out.push_str("\n## ISO/IEC 20000-1 requirements\n\n");
        for (label, list) in [("Closed", &r.closed), ("New", &r.raised), ("Still open", &r.still_open)] {
            out.push_str(&format!(
                "- {label}: {}\n",
                if list.is_empty() {
                    "-".to_string()
                } else {
                    markdown::text(&list.join(", "))
                }
            ));
        }
    }
    out
}
