//! The report's sections laid out on PDF pages, in the order and with the content of the HTML report.

use super::canvas::Align;
use super::charts::{self, Placement};
use super::flow::{Cell, Flow, Graphic, Row, Style, Table, column};
use super::limits::TEXT_LIMIT;
use crate::engine::readiness::{Classification, ReadinessResult};
use crate::engine::scoring::{FrameworkScore, Standing, Status};
use crate::format::{number, percent};
use crate::render::chart as geometry;
use crate::render::theme::THEME;
use crate::report::Report;
use crate::report::prose::ReadinessProse;
use crate::workspace::responses::Answer;

pub fn lay_out(flow: &mut Flow, report: &Report) {
    summary(flow, report);
    for framework in &report.scores.frameworks {
        framework_section(flow, framework);
    }
    heatmap(flow, report);
    gap_register(flow, report);
    roadmap(flow, report);
    readiness(flow, report);
    answers(flow, report);
    method(flow, report);
}

fn standing_cells(standing: &Standing) -> Vec<Cell> {
    vec![
        Cell::text(number(standing.score)),
        Cell::level(standing.level, standing.level_name.clone().unwrap_or_default()),
        Cell::text(number(standing.target)),
        Cell::text(number(standing.gap)),
    ]
}

fn summary(flow: &mut Flow, report: &Report) {
    flow.section("Executive summary");
    flow.bullets(&report.summary.headline, Style::body());
    let mut table = Table::new(vec![
        column("Framework", 3.0, Align::Left),
        column("Score", 1.0, Align::Right),
        column("Level", 2.2, Align::Left),
        column("Target", 1.0, Align::Right),
        column("Gap", 1.0, Align::Right),
        column("Coverage", 1.2, Align::Right),
        column("Controls scored", 1.4, Align::Right),
    ]);
    for f in &report.summary.frameworks {
        let mut cells = vec![Cell::text(&f.name)];
        cells.extend(standing_cells(&f.standing));
        cells.push(Cell::text(percent(f.coverage)));
        cells.push(Cell::text(&f.controls_scored));
        table.push(cells);
    }
    flow.table(&table);
    flow.heading(&report.prose.top_gaps_heading, 2);
    if report.summary.top_gaps.is_empty() {
        flow.paragraph("No scored control is below its target.", Style::body());
        return;
    }
    flow.table(&gap_table(report.summary.top_gaps.iter(), false));
}

fn gap_table<'a>(gaps: impl Iterator<Item = &'a crate::engine::gaps::Gap>, ranked: bool) -> Table {
    let mut columns = vec![
        column("Control", 6.0, Align::Left),
        column("Score", 1.0, Align::Right),
        column("Level", 0.9, Align::Left),
        column("Target", 1.0, Align::Right),
        column("Gap", 1.0, Align::Right),
        column("Priority", 1.1, Align::Right),
    ];
    if ranked {
        columns.insert(0, column("#", 0.6, Align::Right));
    }
    let mut table = Table::new(columns);
    for g in gaps {
        let mandatory = if g.mandatory { " (mandatory)" } else { "" };
        let mut cells = vec![
            Cell::text(format!("{} {}{mandatory}", g.control, g.title))
                .sub(format!("{} · {}", g.framework_name, g.domain_name)),
            Cell::text(number(Some(g.score))),
            Cell::graphic(Graphic::Level(Some(g.level))),
            Cell::text(number(Some(g.target))),
            Cell::text(number(Some(g.gap))),
            Cell::text(number(Some(g.priority))),
        ];
        if ranked {
            cells.insert(0, Cell::text(g.rank.to_string()));
        }
        table.push(cells);
    }
    table
}

/// Five figures side by side, as cards.
fn cards(flow: &mut Flow, items: &[(&str, String)]) {
    let gap = 6.0;
    let count = items.len().max(1) as f32;
    let width = (flow.width() - gap * (count - 1.0)) / count;
    let height = 38.0;
    let fonts = flow.fonts;
    let cleaned: Vec<(String, String)> = items
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                fonts.clean(&v.chars().take(TEXT_LIMIT).collect::<String>()),
            )
        })
        .collect();
    flow.figure(height + 10.0, |canvas, fonts, x, y| {
        for (i, (title, value)) in cleaned.iter().enumerate() {
            let cx = x + i as f32 * (width + gap);
            canvas.rect(cx, y, width, height, THEME.panel);
            canvas.text(
                fonts,
                cx + 6.0,
                y + 12.0,
                title,
                THEME.size_small as f32,
                false,
                THEME.muted,
                Align::Left,
            );
            let mut size = THEME.size_h1 as f32;
            while size > 7.0 && fonts.width(value, size, true) > width - 12.0 {
                size -= 0.5;
            }
            let value = fonts.ellipsize(value, size, true, width - 12.0);
            canvas.text(fonts, cx + 6.0, y + 30.0, &value, size, true, THEME.ink, Align::Left);
        }
    });
}

fn framework_section(flow: &mut Flow, f: &FrameworkScore) {
    flow.section(&f.name);
    let level = match (f.standing.level, &f.standing.level_name) {
        (Some(l), Some(n)) => format!("{l} {n}"),
        _ => "–".into(),
    };
    cards(
        flow,
        &[
            ("Score", number(f.standing.score)),
            ("Level", level),
            ("Target", number(f.standing.target)),
            ("Gap", number(f.standing.gap)),
            ("Coverage", percent(f.coverage)),
        ],
    );
    let radar = geometry::framework_radar(f);
    let scale = (flow.width() / radar.width as f32).min(0.85);
    let (width, height) = (radar.width as f32 * scale, radar.height as f32 * scale);
    let offset = (flow.width() - width) / 2.0;
    flow.figure(height + 4.0, |canvas, fonts, x, y| {
        charts::radar(
            canvas,
            fonts,
            &radar,
            Placement {
                x: x + offset,
                y,
                scale,
            },
        );
    });
    flow.paragraph(
        "Domain scores (filled) against targets (dashed), on the 0 to 5 scale.",
        Style::small().muted(),
    );
    let mut table = Table::new(vec![
        column("Control", 2.2, Align::Left),
        column("Title", 5.0, Align::Left),
        column("Score against target", 2.6, Align::Left),
        column("Score", 1.0, Align::Right),
        column("Target", 1.0, Align::Right),
        column("Gap", 1.0, Align::Right),
    ]);
    for d in &f.domains {
        table.rows.push(Row::group(vec![
            Cell::text(&d.name).span(3),
            Cell::text(number(d.standing.score)),
            Cell::text(number(d.standing.target)),
            Cell::text(number(d.standing.gap)),
        ]));
        for c in &d.controls {
            let note = match c.status {
                Status::NotApplicable => " (not applicable)",
                Status::Unanswered => " (not assessed)",
                Status::Scored => "",
            };
            let bar = geometry::bar(c.score, c.target);
            table.push(vec![
                Cell::text(&c.id),
                Cell::text(format!("{}{note}", c.title)),
                Cell::graphic(Graphic::Bar {
                    fraction: bar.fraction.map(|v| v as f32),
                    target: bar.target_fraction as f32,
                    fill: bar.fill,
                }),
                Cell::text(number(c.score)),
                Cell::text(number(Some(c.target))),
                Cell::text(number(c.gap)),
            ]);
        }
    }
    flow.table(&table);
}

fn heatmap(flow: &mut Flow, report: &Report) {
    flow.section("Heat map");
    flow.paragraph(
        "Every control in scope, one row per domain, coloured by level; the number is the control's score.",
        Style::body(),
    );
    let map = geometry::heatmap(&report.scores);
    let scale = (flow.width() / map.width as f32).min(1.0);
    for block in map.blocks.iter().chain(std::iter::once(&map.legend)) {
        flow.figure(block.height as f32 * scale, |canvas, fonts, x, y| {
            charts::heat_block(canvas, fonts, block, Placement { x, y, scale });
        });
    }
}

fn gap_register(flow: &mut Flow, report: &Report) {
    flow.section("Gap register");
    let count = report.gaps.gaps.len();
    flow.paragraph(&report.prose.gap_register_intro, Style::body());
    if count > 0 {
        flow.table(&gap_table(report.gaps.gaps.iter(), true));
    }
    flow.heading("Not assessed", 2);
    if report.gaps.not_assessed.is_empty() {
        flow.paragraph("Every control in scope has a score.", Style::body());
        return;
    }
    flow.paragraph(
        "These controls have no score, so no gap can be stated for them.",
        Style::body(),
    );
    let mut table = Table::new(vec![
        column("Control", 5.0, Align::Left),
        column("Why", 3.5, Align::Left),
        column("Questions", 2.0, Align::Left),
    ]);
    for n in &report.gaps.not_assessed {
        let why = match n.status {
            Status::NotApplicable => "every mapped question answered not applicable",
            _ => "no mapped question answered",
        };
        table.push(vec![
            Cell::text(format!("{} {}", n.control, n.title)).sub(&n.framework_name),
            Cell::text(why),
            Cell::text(n.questions.join(", ")),
        ]);
    }
    flow.table(&table);
}

fn roadmap(flow: &mut Flow, report: &Report) {
    let r = &report.roadmap;
    flow.section("Improvement roadmap");
    flow.paragraph(&report.prose.roadmap_intro, Style::body());
    timeline(flow, report);
    for p in &r.phases() {
        flow.heading(&format!("Phase {}: {} to {}", p.number, p.start, p.end), 2);
        if p.steps.is_empty() {
            flow.paragraph("No steps.", Style::body());
            continue;
        }
        let mut table = Table::new(vec![
            column("Question", 1.3, Align::Left),
            column("To level", 0.9, Align::Right),
            column("What good looks like", 6.0, Align::Left),
            column("Why in this phase", 2.8, Align::Left),
        ]);
        for s in &p.steps {
            let question = if s.quick_win {
                format!("{} (quick win)", s.question)
            } else {
                s.question.clone()
            };
            table.push(vec![
                Cell::text(question).bold(),
                Cell::text(s.level.to_string()),
                Cell::text(&s.description).sub(&s.question_text),
                Cell::text(&s.explanation).muted(),
            ]);
        }
        flow.table(&table);
    }
    flow.heading("Initiatives by priority", 2);
    let mut table = Table::new(vec![
        column("#", 0.6, Align::Right),
        column("Question", 5.5, Align::Left),
        column("Now", 0.7, Align::Right),
        column("Target", 0.9, Align::Right),
        column("Effort", 0.8, Align::Left),
        column("Priority", 1.1, Align::Right),
        column("Schedule", 1.6, Align::Left),
    ]);
    for i in &r.initiatives {
        let mut schedule: Vec<String> = i.scheduled_phases().iter().map(|p| format!("P{p}")).collect();
        if !i.backlog_levels().is_empty() {
            schedule.push("backlog".into());
        }
        let closes: Vec<String> = i
            .controls
            .iter()
            .map(|c| format!("{} {}", c.framework, c.control))
            .collect();
        let quick = if i.quick_win { " (quick win)" } else { "" };
        table.push(vec![
            Cell::text(i.rank.to_string()),
            Cell::text(format!("{} {}{quick}", i.question, i.text))
                .sub(format!("Closes gaps in: {}", closes.join("; "))),
            Cell::text(i.answer.to_string()),
            Cell::text(i.target_level.to_string()),
            Cell::text(i.effort.map_or("–".to_string(), |e| format!("{e:?}"))),
            Cell::text(number(Some(i.priority))),
            Cell::text(schedule.join(", ")),
        ]);
    }
    flow.table(&table);
    flow.heading("Backlog", 2);
    flow.paragraph(&report.prose.backlog, Style::body());
    if r.backlog().is_empty() {
        return;
    }
    let mut table = Table::new(vec![
        column("Question", 1.2, Align::Left),
        column("Levels waiting", 1.4, Align::Left),
        column("Why", 7.0, Align::Left),
    ]);
    for i in r.initiatives.iter().filter(|i| !i.backlog_levels().is_empty()) {
        let levels: Vec<String> = i.backlog_levels().iter().map(u8::to_string).collect();
        table.push(vec![
            Cell::text(&i.question).bold(),
            Cell::text(levels.join(", ")),
            Cell::text(i.backlog_reason().unwrap_or_default()).muted(),
        ]);
    }
    flow.table(&table);
}

/// The phases side by side, each listing the steps it holds.
fn timeline(flow: &mut Flow, report: &Report) {
    let phases = &report.roadmap.phases();
    if phases.is_empty() {
        return;
    }
    let gap = 5.0;
    let width = (flow.width() - gap * (phases.len() as f32 - 1.0)) / phases.len() as f32;
    let chip = 11.0;
    let per_line = ((width - 8.0) / 52.0).floor().max(1.0) as usize;
    let lines = phases
        .iter()
        .map(|p| p.steps.len().div_ceil(per_line))
        .max()
        .unwrap_or(0) as f32;
    let height = 34.0 + lines * (chip + 3.0) + 6.0;
    if height > flow.room() && height < 500.0 {
        flow.new_page();
    }
    flow.figure(height + 8.0, |canvas, fonts, x, y| {
        for (i, p) in phases.iter().enumerate() {
            let px = x + i as f32 * (width + gap);
            canvas.rect(px, y, width, height, THEME.panel);
            canvas.rect(px, y, width, 3.5, THEME.accent);
            canvas.text(
                fonts,
                px + 5.0,
                y + 15.0,
                &format!("Phase {}", p.number),
                THEME.size_body as f32,
                true,
                THEME.ink,
                Align::Left,
            );
            let dates = format!("{} to {} · {} steps", p.start, p.end, p.steps.len());
            canvas.text(
                fonts,
                px + 5.0,
                y + 26.0,
                &dates,
                THEME.size_small as f32 - 0.5,
                false,
                THEME.muted,
                Align::Left,
            );
            for (k, s) in p.steps.iter().enumerate() {
                let cx = px + 4.0 + (k % per_line) as f32 * ((width - 8.0) / per_line as f32);
                let cy = y + 32.0 + (k / per_line) as f32 * (chip + 3.0);
                let cw = (width - 8.0) / per_line as f32 - 3.0;
                let (fill, ink) = if s.quick_win {
                    ("#e3f1e6", "#1e6b37")
                } else {
                    ("#ffffff", THEME.ink)
                };
                canvas.rect(cx, cy, cw, chip, fill);
                let label = fonts.clean(&format!("{} to {}", s.question, s.level));
                canvas.text(fonts, cx + 2.5, cy + 8.0, &label, 6.5, true, ink, Align::Left);
            }
        }
    });
    flow.paragraph(&report.prose.timeline_note, Style::small().muted());
}

fn readiness(flow: &mut Flow, report: &Report) {
    let (Some(iso), Some(prose)) = (&report.readiness, &report.prose.readiness) else {
        return;
    };
    flow.section(&format!("{} readiness", iso.framework_name));
    readiness_summary(flow, iso, prose);
    nonconformities(flow, iso);
}

pub fn verdict_box(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    let verdict = prose.verdict.clone();
    let marker = match iso.verdict {
        crate::engine::readiness::Verdict::Ready => THEME.levels[5],
        crate::engine::readiness::Verdict::ReadyWithCorrectiveActions => THEME.target,
        crate::engine::readiness::Verdict::NotReady => THEME.levels[0],
    };
    flow.figure(26.0, |canvas, fonts, x, y| {
        canvas.rect(x, y, 4.0, 20.0, marker);
        canvas.rect(x + 4.0, y, 300.0, 20.0, THEME.panel);
        canvas.text(
            fonts,
            x + 12.0,
            y + 14.0,
            &verdict,
            THEME.size_h2 as f32,
            true,
            THEME.ink,
            Align::Left,
        );
    });
}

fn readiness_summary(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    verdict_box(flow, iso, prose);
    let c = &iso.counts;
    cards(
        flow,
        &[
            ("Conforming", format!("{} / {}", c.conforming, c.requirements)),
            ("Readiness", percent(Some(iso.readiness))),
            ("Minor", c.minor.to_string()),
            ("Major", c.major.to_string()),
            ("Not assessed", c.not_assessed.to_string()),
        ],
    );
    let mut text = format!("{} {}", prose.summary, prose.thresholds);
    if let Some(systemic) = &prose.systemic {
        text.push(' ');
        text.push_str(systemic);
    }
    flow.paragraph(&text, Style::body());
}

fn nonconformities(flow: &mut Flow, iso: &ReadinessResult) {
    let mut table = Table::new(vec![
        column("Clause", 1.0, Align::Left),
        column("Requirement", 5.0, Align::Left),
        column("Score", 0.9, Align::Right),
        column("Finding", 3.5, Align::Left),
    ]);
    for q in iso
        .requirements
        .iter()
        .filter(|q| q.classification != Classification::Conforming)
    {
        let finding = q.status_text();
        table.push(vec![
            Cell::text(&q.clause),
            Cell::text(&q.title),
            Cell::text(number(q.score)),
            Cell::text(finding),
        ]);
    }
    flow.table(&table);
}

fn answers(flow: &mut Flow, report: &Report) {
    flow.section("Appendix: answers");
    for section in &report.answers {
        flow.heading(&section.name, 2);
        let mut table = Table::new(vec![
            column("Id", 1.1, Align::Left),
            column("Question", 3.6, Align::Left),
            column("Answer", 1.5, Align::Left),
            column("Comment", 3.6, Align::Left),
            column("Evidence", 2.4, Align::Left),
        ]);
        for a in &section.answers {
            let answer = match a.answer {
                Answer::Level(_) => Cell::text(&a.answer_text),
                _ => Cell::text(&a.answer_text).muted(),
            };
            table.push(vec![
                Cell::text(&a.question),
                Cell::text(&a.text),
                answer,
                Cell::text(&a.comment),
                Cell::text(&a.evidence),
            ]);
        }
        flow.table(&table);
    }
}

fn method(flow: &mut Flow, report: &Report) {
    flow.section("Method");
    for item in &report.method.text {
        flow.heading(&item.title, 2);
        flow.paragraph(&item.text, Style::body());
    }
}

/// The readiness report for auditors: summary, applicability, findings with their evidence, the
/// documented information checklist and the corrective action plan.
pub fn lay_out_readiness(flow: &mut Flow, report: &Report) {
    let (Some(iso), Some(prose)) = (&report.readiness, &report.prose.readiness) else {
        return;
    };
    flow.section("Summary");
    readiness_summary(flow, iso, prose);
    flow.section("Applicability");
    flow.paragraph(
        "Every requirement of clauses 4 to 10 applies: none may be excluded.",
        Style::body(),
    );
    let mut table = Table::new(vec![
        column("Clause", 1.0, Align::Left),
        column("Requirement", 4.2, Align::Left),
        column("Score", 0.9, Align::Right),
        column("Status", 2.6, Align::Left),
        column("Evidence named", 3.4, Align::Left),
    ]);
    for q in &iso.requirements {
        let evidence = q.evidence();
        let status = q.status_text();
        table.push(vec![
            Cell::text(&q.clause),
            Cell::text(&q.title).sub(format!("clause {}", q.group)),
            Cell::text(number(q.score)),
            Cell::text(status),
            Cell::text(if evidence.is_empty() {
                "none".to_string()
            } else {
                evidence.join("\n")
            })
            .muted(),
        ]);
    }
    flow.table(&table);
    readiness_findings(flow, iso);
    flow.section("Documented information checklist");
    flow.paragraph(
        "What a stage 1 audit reviews, by requirement, and whether any evidence was named for it in the responses.",
        Style::body(),
    );
    let mut table = Table::new(vec![
        column("Clause", 1.0, Align::Left),
        column("Documented information", 6.0, Align::Left),
        column("Evidence named", 1.6, Align::Left),
    ]);
    for q in &iso.requirements {
        for d in &q.documents {
            let named = if d.evidence_named {
                Cell::text("yes")
            } else {
                Cell::text("no").bold()
            };
            table.push(vec![Cell::text(&q.clause), Cell::text(&d.document), named]);
        }
    }
    flow.table(&table);
    flow.heading("Documents with no evidence named", 2);
    if iso.missing_documents.is_empty() {
        flow.paragraph("Evidence was named for every document.", Style::body());
    } else {
        flow.bullets(&iso.missing_documents, Style::body());
    }
    flow.section("Corrective action plan");
    if iso.corrective_actions.is_empty() {
        flow.paragraph("No nonconformity.", Style::body());
    } else {
        let mut table = Table::new(vec![
            column("Clause", 1.9, Align::Left),
            column("Finding", 5.0, Align::Left),
            column("Roadmap steps that close it", 3.0, Align::Left),
            column("Owner", 1.2, Align::Left),
            column("Due date", 1.2, Align::Left),
        ]);
        for a in &iso.corrective_actions {
            table.push(vec![
                Cell::text(&a.clause).sub(a.classification.label()),
                Cell::text(&a.title).bold().sub(&a.finding),
                Cell::text(&a.steps).muted(),
                Cell::text(""),
                Cell::text(""),
            ]);
        }
        flow.table(&table);
    }
    if let Some(item) = report.method.text.iter().find(|m| m.title == "Readiness") {
        flow.section("Method");
        flow.paragraph(&item.text, Style::body());
    }
}

/// Each requirement not conforming, with its finding and the answers and evidence behind it.
fn readiness_findings(flow: &mut Flow, iso: &ReadinessResult) {
    flow.section("Findings and the evidence behind them");
    for q in iso
        .requirements
        .iter()
        .filter(|q| q.classification != Classification::Conforming)
    {
        flow.heading(&format!("{} {}", q.clause, q.title), 2);
        flow.paragraph(&q.finding, Style::body());
        if q.questions.is_empty() {
            continue;
        }
        let mut table = Table::new(vec![
            column("Question", 3.5, Align::Left),
            column("Answer", 1.3, Align::Left),
            column("Comment", 3.2, Align::Left),
            column("Evidence", 2.6, Align::Left),
        ]);
        for x in &q.questions {
            table.push(vec![
                Cell::text(format!("{} {}", x.id, x.text)),
                Cell::text(&x.answer_text),
                Cell::text(&x.comment),
                Cell::text(&x.evidence),
            ]);
        }
        flow.table(&table);
    }
}
