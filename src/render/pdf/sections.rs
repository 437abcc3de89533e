//! The report's sections laid out on PDF pages, in the order and with the content of the HTML report.

use super::canvas::Align;
use super::charts::{self, Placement};
use super::flow::{Cell, Flow, Graphic, Row, Style, Table, column};
use super::fonts::{Fonts, Run};
use super::limits::TEXT_LIMIT;
use crate::engine::readiness::{Classification, ElementStatus, Observation, ReadinessResult};
use crate::engine::scoring::{FrameworkScore, Standing, Status};
use crate::format::{days, number, percent, signed};
use crate::render::chart as geometry;
use crate::render::theme::THEME;
use crate::report::prose::ReadinessProse;
use crate::report::rich::{Block, Span};
use crate::report::{Profile, Report};
use crate::workspace::evidence::DocumentStatus;
use crate::workspace::responses::Answer;

pub fn lay_out(flow: &mut Flow, report: &Report) {
    summary(flow, report);
    progress(flow, report);
    peers(flow, report);
    readiness(flow, report);
    roadmap(flow, report);
    if report.profile == Profile::Full {
        for framework in &report.scores.frameworks {
            framework_section(flow, framework, report);
        }
        heatmap(flow, report);
        gap_register(flow, report);
        disagreements(flow, report);
        answers(flow, report);
    }
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
    rich_text(flow, &report.meta.document.narrative);
    if let (Some(iso), Some(prose)) = (&report.readiness, &report.prose.readiness) {
        verdict_box(flow, iso, prose);
    }
    if let Some(standing) = &report.prose.standing {
        flow.paragraph(standing, Style::body().bold());
    }
    if !report.prose.decisions.is_empty() {
        flow.heading("Decide first", 2);
        flow.bullets(&report.prose.decisions, Style::body());
    }
    if let Some(quick_wins) = &report.prose.quick_wins {
        flow.paragraph(quick_wins, Style::body());
    }
    flow.heading("Where each framework stands", 2);
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
    flow.paragraph(&report.prose.gap_note, Style::small().muted());
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
            Cell::text(format!("{}{}{mandatory}", code_prefix(&g.code), g.title))
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
    let room = width - 12.0;
    let fonts = flow.fonts;
    // Each value on one line, shrunk down to 9 points; a value still too long ("ready with
    // corrective actions") wraps at 8 points, and every card grows to the tallest.
    let laid: Vec<(String, f32, Vec<String>)> = items
        .iter()
        .map(|(title, value)| {
            let value = fonts.clean(&value.chars().take(TEXT_LIMIT).collect::<String>());
            let mut size = THEME.size_h1 as f32;
            while size > 9.0 && fonts.width(&value, size, true) > room {
                size -= 0.5;
            }
            if fonts.width(&value, size, true) <= room {
                ((*title).to_string(), size, vec![value])
            } else {
                ((*title).to_string(), 8.0, fonts.wrap(&value, 8.0, true, room))
            }
        })
        .collect();
    let lines = laid.iter().map(|(_, _, l)| l.len()).max().unwrap_or(1);
    let height = if lines > 1 { 20.0 + lines as f32 * 9.5 } else { 38.0 };
    flow.figure(height + 10.0, |canvas, fonts, x, y| {
        for (i, (title, size, value)) in laid.iter().enumerate() {
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
            if let [single] = value.as_slice() {
                canvas.text(fonts, cx + 6.0, y + 30.0, single, *size, true, THEME.ink, Align::Left);
                continue;
            }
            for (k, line) in value.iter().enumerate() {
                canvas.text(
                    fonts,
                    cx + 6.0,
                    y + 24.0 + k as f32 * 9.5,
                    line,
                    *size,
                    true,
                    THEME.ink,
                    Align::Left,
                );
            }
        }
    });
}

fn framework_section(flow: &mut Flow, f: &FrameworkScore, report: &Report) {
    flow.section(&f.name);
    if let Some(commentary) = report.meta.document.commentary.get(&f.id) {
        rich_text(flow, commentary);
    }
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
    domain_figure(flow, &geometry::framework_chart(f), None);
    flow.paragraph(crate::report::prose::DOMAIN_CHART_CAPTION, Style::small().muted());
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
            Cell::text(format!("{}{}", code_prefix(&n.code), n.title)).sub(&n.framework_name),
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
    if let Some(certification) = &report.prose.certification {
        flow.paragraph(certification, Style::body().bold());
    }
    workstreams(flow, r);
    gantt(flow, report);
    timeline(flow, report);
    if report.profile == Profile::Board {
        return;
    }
    flow.paragraph(&report.prose.phases_intro, Style::body());
    for p in &r.phases() {
        phase_table(flow, p);
    }
    flow.heading("Initiatives by priority", 2);
    let mut table = Table::new(vec![
        column("#", 0.6, Align::Right),
        column("Initiative", 5.5, Align::Left),
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
            Cell::text(format!("{}{quick}", i.title)).sub(format!(
                "{} · {} · closes gaps in: {}",
                i.question,
                i.workstream_name,
                closes.join("; ")
            )),
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
        column("Initiative", 2.6, Align::Left),
        column("Levels left for later", 1.2, Align::Left),
        column("Why", 6.0, Align::Left),
    ]);
    for i in r.initiatives.iter().filter(|i| !i.backlog_levels().is_empty()) {
        let levels: Vec<String> = i.backlog_levels().iter().map(u8::to_string).collect();
        table.push(vec![
            Cell::text(&i.title).bold().sub(&i.question),
            Cell::text(levels.join(", ")),
            Cell::text(i.backlog_reason().unwrap_or_default()).muted(),
        ]);
    }
    flow.table(&table);
}

/// A phase's work: each initiative with its levels, person-days, action, what good looks like and
/// why it sits here.
fn phase_table(flow: &mut Flow, p: &crate::engine::roadmap::Phase) {
    flow.heading(
        &format!(
            "Phase {}: {} to {}, {} person-days",
            p.number,
            p.start,
            p.end,
            days(p.effort_days)
        ),
        2,
    );
    if p.steps.is_empty() {
        flow.paragraph("No steps.", Style::body());
        return;
    }
    let mut table = Table::new(vec![
        column("Initiative", 2.6, Align::Left),
        column("Levels", 0.9, Align::Right),
        column("Days", 0.7, Align::Right),
        column("What to do, and what good looks like", 5.4, Align::Left),
        column("Why in this phase", 2.4, Align::Left),
    ]);
    for s in &p.steps {
        let mut marks = vec![s.workstream.clone(), s.question.clone()];
        if s.closes {
            marks.push("closes a nonconformity".into());
        } else if s.tier == crate::engine::roadmap::Tier::Certification {
            marks.push("towards closing a nonconformity".into());
        }
        if s.quick_win {
            marks.push("quick win".into());
        }
        let what = if s.action.is_empty() {
            s.description.clone()
        } else {
            s.action.clone()
        };
        table.push(vec![
            Cell::text(&s.title).bold().sub(marks.join(" · ")),
            Cell::text(format!("{} to {}", s.from, s.level)),
            Cell::text(days(s.effort_days)),
            Cell::text(what).sub(format!("Level {} looks like: {}", s.level, s.description)),
            Cell::text(&s.explanation).muted(),
        ]);
    }
    flow.table(&table);
}

/// The workstreams: outcome, initiatives, steps and person-days, most urgent first.
fn workstreams(flow: &mut Flow, r: &crate::engine::roadmap::Roadmap) {
    let plans = r.workstream_plans();
    if plans.is_empty() {
        return;
    }
    flow.heading("Workstreams", 2);
    let mut table = Table::new(vec![
        column("Workstream", 5.0, Align::Left),
        column("Initiatives", 1.2, Align::Right),
        column("Steps", 0.9, Align::Right),
        column("Certification", 1.9, Align::Right),
        column("Person-days", 1.8, Align::Right),
    ]);
    for w in &plans {
        table.push(vec![
            Cell::text(&w.name).bold().sub(&w.outcome),
            Cell::text(w.initiatives.len().to_string()),
            Cell::text(w.steps.to_string()),
            Cell::text(w.certification_steps.to_string()),
            Cell::text(format!("{} of {}", days(w.scheduled_days), days(w.effort_days))),
        ]);
    }
    flow.table(&table);
}

/// The roadmap on one chart: workstreams by phase.
fn gantt(flow: &mut Flow, report: &Report) {
    let chart = geometry::gantt(&report.roadmap);
    if chart.cells.is_empty() {
        return;
    }
    let scale = (flow.width() / chart.width as f32).min(1.0);
    let height = chart.height as f32 * scale;
    if height > flow.room() && height < 500.0 {
        flow.new_page();
    }
    flow.figure(height + 4.0, |canvas, fonts, x, y| {
        charts::grid_chart(canvas, fonts, &chart, Placement { x, y, scale });
    });
    flow.paragraph(&report.prose.gantt_caption, Style::small().muted());
}

/// A label cut with an ellipsis so that it fits `width` at `size`.
fn fit_width(fonts: &crate::render::pdf::fonts::Fonts, text: &str, size: f32, width: f32) -> String {
    let text = fonts.clean(text);
    if fonts.width(&text, size, true) <= width {
        return text;
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() && fonts.width(&format!("{}…", chars.iter().collect::<String>()), size, true) > width {
        chars.pop();
    }
    format!("{}…", chars.iter().collect::<String>().trim_end())
}

/// The phases side by side, each listing the steps it holds.
/// One chip of the timeline: the initiative's name on up to two lines, the levels at the right.
struct Chip {
    lines: Vec<String>,
    levels: String,
    fill: &'static str,
    ink: &'static str,
}

const CHIP_SIZE: f32 = 6.5;
const CHIP_LINE: f32 = 7.5;

impl Chip {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * CHIP_LINE + 3.5
    }
}

fn chips(fonts: &super::fonts::Fonts, phase: &crate::engine::roadmap::Phase, width: f32) -> Vec<Chip> {
    phase
        .steps
        .iter()
        .map(|s| {
            let levels = format!("{}→{}", s.from, s.level);
            let room = width - 6.0 - fonts.width(&levels, CHIP_SIZE, false) - 4.0;
            let mut lines = fonts.wrap(&fonts.clean(&s.title), CHIP_SIZE, true, room);
            if lines.len() > 2 {
                let rest = lines[1..].join(" ");
                lines.truncate(1);
                lines.push(fit_width(fonts, &rest, CHIP_SIZE, room));
            }
            let (fill, ink) = if s.quick_win {
                THEME.quick_win
            } else if s.tier == crate::engine::roadmap::Tier::Certification {
                THEME.certification
            } else {
                ("#ffffff", THEME.ink)
            };
            Chip {
                lines,
                levels,
                fill,
                ink,
            }
        })
        .collect()
}

fn timeline(flow: &mut Flow, report: &Report) {
    let phases = &report.roadmap.phases();
    if phases.is_empty() {
        return;
    }
    let gap = 5.0;
    let width = (flow.width() - gap * (phases.len() as f32 - 1.0)) / phases.len() as f32;
    let columns: Vec<Vec<Chip>> = phases.iter().map(|p| chips(flow.fonts, p, width - 8.0)).collect();
    let tallest = columns
        .iter()
        .map(|c| c.iter().map(|chip| chip.height() + 2.5).sum::<f32>())
        .fold(0.0, f32::max);
    let height = 34.0 + tallest + 6.0;
    if height > flow.room() && height < 500.0 {
        flow.new_page();
    }
    flow.figure(height + 8.0, |canvas, fonts, x, y| {
        for (i, (p, chips)) in phases.iter().zip(&columns).enumerate() {
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
            let dates = format!("{} to {} · {} days", p.start, p.end, days(p.effort_days));
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
            let (cx, cw) = (px + 4.0, width - 8.0);
            let mut cy = y + 32.0;
            for chip in chips {
                canvas.rect(cx, cy, cw, chip.height(), chip.fill);
                for (k, line) in chip.lines.iter().enumerate() {
                    let baseline = cy + 8.0 + k as f32 * CHIP_LINE;
                    canvas.text(fonts, cx + 2.5, baseline, line, CHIP_SIZE, true, chip.ink, Align::Left);
                }
                canvas.text(
                    fonts,
                    cx + cw - 2.5,
                    cy + 8.0,
                    &chip.levels,
                    CHIP_SIZE,
                    false,
                    chip.ink,
                    Align::Right,
                );
                cy += chip.height() + 2.5;
            }
        }
    });
    if !report.prose.timeline_note.is_empty() {
        flow.paragraph(&report.prose.timeline_note, Style::small().muted());
    }
}

fn readiness(flow: &mut Flow, report: &Report) {
    let (Some(iso), Some(prose)) = (&report.readiness, &report.prose.readiness) else {
        return;
    };
    flow.section(&format!("{} readiness", iso.framework_name));
    readiness_summary(flow, iso, prose);
    if report.profile == Profile::Board {
        flow.paragraph(&prose.board_table_note, Style::small().muted());
    }
    nonconformities(flow, iso, report.profile);
}

pub fn verdict_box(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    let verdict = prose.verdict.clone();
    let marker = match iso.verdict {
        crate::engine::readiness::Verdict::Ready => THEME.levels[5],
        crate::engine::readiness::Verdict::ReadyWithCorrectiveActions => THEME.target,
        crate::engine::readiness::Verdict::NotReady => THEME.levels[0],
    };
    let width = flow.width();
    flow.figure(26.0, |canvas, fonts, x, y| {
        canvas.rect(x, y, 4.0, 20.0, marker);
        canvas.rect(x + 4.0, y, width - 4.0, 20.0, THEME.panel);
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
    let c = &iso.stage2.counts;
    let d = &iso.stage1.counts;
    cards(
        flow,
        &[
            ("Stage 1", iso.stage1.verdict.label().to_string()),
            ("Stage 2", iso.stage2.verdict.label().to_string()),
            ("Documents", format!("{} / {}", d.seen, d.required_documents)),
            ("Conforming", format!("{} / {}", c.conforming, c.requirements)),
            ("Major", c.major.to_string()),
            ("Minor", c.minor.to_string()),
            ("Not assessed", c.not_assessed.to_string()),
        ],
    );
    let chart = geometry::readiness_chart(iso);
    let scale = (flow.width() / chart.width as f32).min(1.0);
    flow.figure(chart.height as f32 * scale + 4.0, |canvas, fonts, x, y| {
        charts::grid_chart(canvas, fonts, &chart, Placement { x, y, scale });
    });
    flow.paragraph(&prose.chart_caption, Style::small().muted());
    flow.paragraph(&prose.stage1, Style::body());
    flow.paragraph(&prose.stage2, Style::body());
    for note in [&prose.register, &prose.exclusions, &prose.systemic, &prose.limitations]
        .into_iter()
        .flatten()
    {
        flow.paragraph(note, Style::body().bold());
    }
    if !prose.blockers.is_empty() {
        flow.heading("What stands in the way", 2);
        flow.bullets(&prose.blockers, Style::small());
    }
    flow.paragraph(&prose.thresholds, Style::small().muted());
}

/// The requirements not conforming; for a board, the majors and those not assessed only.
fn nonconformities(flow: &mut Flow, iso: &ReadinessResult, profile: Profile) {
    let shown = |c: Classification| match profile {
        Profile::Full => c != Classification::Conforming,
        Profile::Board => matches!(c, Classification::Major | Classification::NotAssessed),
    };
    let mut table = Table::new(vec![
        column("Clause", 1.0, Align::Left),
        column("Requirement", 5.0, Align::Left),
        column("Elements met", 1.2, Align::Right),
        column("Finding", 3.2, Align::Left),
    ]);
    for q in iso.requirements.iter().filter(|q| shown(q.classification)) {
        table.push(vec![
            Cell::text(&q.clause),
            Cell::text(&q.title),
            Cell::text(q.elements_met.clone()),
            Cell::text(q.status.clone()),
        ]);
    }
    if !table.rows.is_empty() {
        flow.table(&table);
    }
}

/// A domain chart centred on the page, at most 85% of its drawn size, after its heading when it
/// has one (kept on the chart's page).
fn domain_figure(flow: &mut Flow, chart: &geometry::DomainChart, heading: Option<&str>) {
    let (chart_width, chart_height) = chart.size();
    let scale = (flow.width() / chart_width as f32).min(0.85);
    let (width, height) = (chart_width as f32 * scale, chart_height as f32 * scale);
    let offset = (flow.width() - width) / 2.0;
    if let Some(heading) = heading {
        flow.ensure(height + 40.0);
        flow.heading(heading, 2);
    }
    flow.figure(height + 4.0, |canvas, fonts, x, y| {
        charts::domain_chart(
            canvas,
            fonts,
            chart,
            Placement {
                x: x + offset,
                y,
                scale,
            },
        );
    });
}

/// The progress since the previous round, when the assessment names it.
fn progress(flow: &mut Flow, report: &Report) {
    let Some(t) = &report.trend else { return };
    flow.section(&format!("Progress since {}", t.old.date));
    for line in &t.summary {
        flow.paragraph(line, Style::body());
    }
    flow.table(&change_table(
        "Framework",
        t.frameworks.iter().map(|f| (Cell::text(&f.name), &f.change)),
    ));
    for f in &t.frameworks {
        domain_figure(flow, &geometry::trend_chart(f), Some(&f.name));
        flow.paragraph(&t.chart_caption, Style::small().muted());
    }
    if !t.movers.is_empty() {
        flow.heading("Controls that moved most", 2);
        flow.table(&change_table(
            "Control",
            t.movers
                .iter()
                .map(|m| (Cell::text(&m.title).sub(m.framework_name.clone()), &m.change)),
        ));
    }
}

/// How the organisation compares with its peers, when the report was given a portfolio.
fn peers(flow: &mut Flow, report: &Report) {
    let Some(b) = &report.benchmark else { return };
    flow.section(&b.title);
    for line in &b.summary {
        flow.paragraph(line, Style::body());
    }
    let mut table = Table::new(vec![
        column("Framework / domain", 4.0, Align::Left),
        column("Peers", 0.9, Align::Right),
        column("Q1", 0.9, Align::Right),
        column("Median", 1.0, Align::Right),
        column("Q3", 0.9, Align::Right),
        column("Score", 1.0, Align::Right),
        column("Percentile", 1.3, Align::Right),
    ]);
    for f in &b.frameworks {
        for (i, row) in std::iter::once(&f.row)
            .chain(f.domains.iter().map(|d| &d.row))
            .enumerate()
        {
            let figure = |v: Option<f64>| {
                Cell::text(if row.withheld {
                    "withheld".to_string()
                } else {
                    number(v)
                })
            };
            let name = if i == 0 {
                Cell::text(&row.name).bold()
            } else {
                Cell::text(format!("   {}", row.name))
            };
            table.push(vec![
                name,
                Cell::text(row.peers.to_string()),
                figure(row.q1),
                figure(row.median),
                figure(row.q3),
                Cell::text(number(row.client)),
                Cell::text(row.percentile_text()),
            ]);
        }
    }
    flow.table(&table);
    for f in &b.frameworks {
        let chart = geometry::peers_chart(f);
        let scale = (flow.width() / chart.width as f32).min(1.0);
        let height = chart.height as f32 * scale;
        flow.ensure(height + 40.0);
        flow.heading(&f.row.name, 2);
        flow.figure(height + 4.0, |canvas, fonts, x, y| {
            charts::grid_chart(canvas, fonts, &chart, Placement { x, y, scale });
        });
    }
    flow.paragraph(&b.chart_caption, Style::small().muted());
    flow.heading("How the peers are compared", 2);
    flow.bullets(&b.method, Style::small());
}

/// Rows of a name and its score then, now and the signed change.
fn change_table<'a>(first: &str, rows: impl Iterator<Item = (Cell, &'a crate::report::compare::Change)>) -> Table {
    let mut table = Table::new(vec![
        column(first, 4.0, Align::Left),
        column("Then", 1.2, Align::Right),
        column("Now", 1.2, Align::Right),
        column("Change", 1.2, Align::Right),
    ]);
    for (name, change) in rows {
        table.push(vec![
            name,
            Cell::text(number(change.old)),
            Cell::text(number(change.new)),
            Cell::text(signed(change.delta)),
        ]);
    }
    table
}

fn disagreements(flow: &mut Flow, report: &Report) {
    if report.disagreements.is_empty() {
        return;
    }
    flow.section("Disagreements between interviewees");
    flow.paragraph(&report.prose.disagreements_intro, Style::body());
    let mut table = Table::new(vec![
        column("Id", 1.1, Align::Left),
        column("Question", 3.6, Align::Left),
        column("Who said what", 4.2, Align::Left),
        column("Scored", 2.4, Align::Left),
    ]);
    for d in &report.disagreements {
        table.push(vec![
            Cell::text(&d.question),
            Cell::text(&d.text),
            Cell::text(d.voices.join("\n")),
            Cell::text(format!("{}\n{}", d.scored, d.how)),
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

/// The readiness report for auditors: summary, stage 1 (documents and checks), stage 2 (every
/// requirement on its elements), nonconformities in audit form, observations and opportunities,
/// the corrective action plan, the document register, interviews and samples, and the method.
pub fn lay_out_readiness(flow: &mut Flow, report: &Report) {
    let (Some(iso), Some(prose)) = (&report.readiness, &report.prose.readiness) else {
        return;
    };
    flow.section("Summary");
    readiness_summary(flow, iso, prose);
    stage1(flow, iso, prose);
    stage2(flow, iso, prose);
    readiness_findings(flow, iso, prose);
    flow.section("Observations and opportunities for improvement");
    notes(flow, "Observations", &prose.observations_intro, &iso.observations);
    notes(
        flow,
        "Opportunities for improvement",
        &prose.opportunities_intro,
        &iso.opportunities,
    );
    action_plan(flow, iso, prose);
    register(flow, iso, prose);
    interviews_and_samples(flow, iso);
    if let Some(item) = report.method.text.iter().find(|m| m.title == "Readiness") {
        flow.section("Method");
        flow.paragraph(&item.text, Style::body());
    }
}

fn document_cell(status: DocumentStatus) -> Cell {
    match status {
        DocumentStatus::Seen => Cell::text(status.label()),
        DocumentStatus::Claimed | DocumentStatus::Missing => Cell::text(status.label()).bold(),
        DocumentStatus::NotRecorded => Cell::text(status.label()).muted(),
    }
}

fn element_cell(status: ElementStatus) -> Cell {
    match status {
        ElementStatus::Met => Cell::text(status.label()),
        ElementStatus::PartlyMet | ElementStatus::Absent => Cell::text(status.label()).bold(),
        ElementStatus::NotAssessed => Cell::text(status.label()).muted(),
    }
}

fn stage1(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    flow.section("Stage 1: documentation");
    flow.paragraph(&prose.stage1, Style::body());
    let mut table = Table::new(vec![
        column("Required document", 4.4, Align::Left),
        column("Status", 1.6, Align::Left),
        column("Version and date", 1.9, Align::Left),
        column("Called for by", 2.2, Align::Left),
    ]);
    for d in iso.documents.iter().filter(|d| d.required) {
        table.push(vec![
            Cell::text(&d.title).sub(&d.id),
            document_cell(d.status),
            Cell::text(join_present(&[&d.version, &d.date])).muted(),
            Cell::text(d.requirements.join(", ")).muted(),
        ]);
    }
    flow.table(&table);
    flow.heading("Stage 1 checks", 2);
    let mut table = Table::new(vec![
        column("Clause", 1.0, Align::Left),
        column("What a stage 1 audit looks for", 6.6, Align::Left),
        column("Status", 1.6, Align::Left),
    ]);
    for c in &iso.stage1.checks {
        table.push(vec![Cell::text(&c.clause), Cell::text(&c.text), element_cell(c.status)]);
    }
    flow.table(&table);
}

fn stage2(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    flow.section("Stage 2: requirements");
    flow.paragraph(&prose.stage2, Style::body());
    flow.paragraph(
        "Every requirement of clauses 4 to 10 applies: none may be excluded. Maturity is the score from every mapped question, shown as context; the status comes from the required elements.",
        Style::small().muted(),
    );
    let mut table = Table::new(vec![
        column("Clause", 1.0, Align::Left),
        column("Requirement", 5.0, Align::Left),
        column("Elements met", 1.2, Align::Right),
        column("Maturity", 1.0, Align::Right),
        column("Status", 2.4, Align::Left),
    ]);
    for q in &iso.requirements {
        let status = match q.classification {
            Classification::Conforming => Cell::text(q.status.clone()),
            _ => Cell::text(q.status.clone()).bold(),
        };
        table.push(vec![
            Cell::text(&q.clause),
            Cell::text(&q.title).sub(&q.statement),
            Cell::text(q.elements_met.clone()),
            Cell::text(number(q.score)),
            status,
        ]);
    }
    flow.table(&table);
}

/// Each requirement not conforming, in audit form: the requirement, the evidence seen, the
/// finding, its elements, and what closes it.
fn readiness_findings(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    flow.section("Nonconformities and the evidence behind them");
    flow.paragraph(&prose.actions_intro, Style::body());
    for q in iso
        .requirements
        .iter()
        .filter(|q| q.classification != Classification::Conforming)
    {
        flow.heading(&format!("{} {}: {}", q.clause, q.title, q.status.clone()), 2);
        flow.paragraph("Requirement", Style::small().bold());
        flow.paragraph(&q.statement, Style::body());
        flow.paragraph("Evidence seen", Style::small().bold());
        flow.bullets(&q.evidence, Style::small());
        flow.paragraph("Finding", Style::small().bold());
        flow.paragraph(&q.finding, Style::body());
        let mut table = Table::new(vec![
            column("Required element", 5.4, Align::Left),
            column("Direct questions", 1.8, Align::Left),
            column("Weakest answer", 1.2, Align::Right),
            column("Status", 1.6, Align::Left),
        ]);
        for e in &q.elements {
            let text = if e.existence {
                Cell::text(&e.text).sub("must exist")
            } else {
                Cell::text(&e.text)
            };
            table.push(vec![
                text,
                Cell::text(e.questions.join(", ")),
                Cell::text(e.weakest.map_or_else(|| "none".to_string(), |b| b.to_string())),
                element_cell(e.status),
            ]);
        }
        flow.table(&table);
        if !q.supporting.is_empty() {
            let context: Vec<String> = q
                .supporting
                .iter()
                .map(|x| format!("{} {}", x.id, x.answer_text))
                .collect();
            flow.paragraph(
                &format!("Supporting answers, context only: {}.", context.join("; ")),
                Style::small().muted(),
            );
        }
        flow.paragraph(&format!("Closes it: {}.", q.closes_it), Style::small());
    }
}

fn notes(flow: &mut Flow, heading: &str, intro: &str, items: &[Observation]) {
    flow.heading(heading, 2);
    flow.paragraph(intro, Style::body());
    let lines: Vec<String> = items
        .iter()
        .map(|o| format!("{} {}: {}", o.clause, o.title, o.text))
        .collect();
    flow.bullets(&lines, Style::small());
}

fn action_plan(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    flow.section("Corrective action plan");
    flow.paragraph(&prose.actions_intro, Style::body());
    if iso.corrective_actions.is_empty() {
        return;
    }
    let mut table = Table::new(vec![
        column("Clause", 1.5, Align::Left),
        column("Nonconformity", 4.0, Align::Left),
        column("Roadmap steps", 2.2, Align::Left),
        column("Correction, root cause, corrective action", 2.6, Align::Left),
        column("Owner, due date", 1.4, Align::Left),
    ]);
    for a in &iso.corrective_actions {
        table.push(vec![
            Cell::text(&a.clause).sub(a.classification.label()),
            Cell::text(&a.title).bold(),
            Cell::text(&a.steps).muted(),
            Cell::text(""),
            Cell::text(""),
        ]);
    }
    flow.table(&table);
}

fn register(flow: &mut Flow, iso: &ReadinessResult, prose: &ReadinessProse) {
    flow.section("Document register");
    flow.paragraph(&prose.documents_intro, Style::body());
    if let Some(note) = &prose.register {
        flow.paragraph(note, Style::body().bold());
    }
    let mut table = Table::new(vec![
        column("Document", 4.0, Align::Left),
        column("Required", 1.1, Align::Left),
        column("Status", 1.5, Align::Left),
        column("Version and date", 1.7, Align::Left),
        column("Provided by, reference", 2.6, Align::Left),
    ]);
    for d in &iso.documents {
        table.push(vec![
            Cell::text(&d.title).sub(format!("{} · {}", d.id, d.requirements.join(", "))),
            Cell::text(if d.required { "required" } else { "typical" }),
            document_cell(d.status),
            Cell::text(join_present(&[&d.version, &d.date])).muted(),
            Cell::text(join_present(&[&d.provided_by, &d.reference])).muted(),
        ]);
    }
    flow.table(&table);
}

fn interviews_and_samples(flow: &mut Flow, iso: &ReadinessResult) {
    flow.section("Interviews and samples");
    if iso.interviews.is_empty() && iso.samples.is_empty() {
        flow.paragraph("The assessment records no interview and no sample.", Style::body());
        return;
    }
    if !iso.interviews.is_empty() {
        flow.heading("Interviews", 2);
        let mut table = Table::new(vec![
            column("Id", 1.0, Align::Left),
            column("Who", 3.0, Align::Left),
            column("Date", 1.3, Align::Left),
            column("Topics", 4.0, Align::Left),
            column("Clauses", 1.6, Align::Left),
        ]);
        for i in &iso.interviews {
            table.push(vec![
                Cell::text(&i.id),
                Cell::text(&i.person).sub(&i.role),
                Cell::text(&i.date),
                Cell::text(&i.topics),
                Cell::text(i.clauses.join(", ")).muted(),
            ]);
        }
        flow.table(&table);
    }
    if !iso.samples.is_empty() {
        flow.heading("Samples", 2);
        let mut table = Table::new(vec![
            column("Id", 1.0, Align::Left),
            column("What was sampled", 4.6, Align::Left),
            column("Sampled", 1.3, Align::Right),
            column("Exceptions", 1.3, Align::Right),
            column("Clauses", 1.6, Align::Left),
        ]);
        for sample in &iso.samples {
            let sampled = match sample.population {
                Some(p) => format!("{} of {p}", sample.size),
                None => sample.size.to_string(),
            };
            table.push(vec![
                Cell::text(&sample.id),
                Cell::text(&sample.what).sub(&sample.note),
                Cell::text(sampled),
                Cell::text(sample.exceptions.to_string()),
                Cell::text(sample.clauses.join(", ")).muted(),
            ]);
        }
        flow.table(&table);
    }
}

/// The non-empty values, joined with commas.
fn join_present(values: &[&String]) -> String {
    values
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The consultancy's own text: paragraphs, bulleted and numbered lists, with bold and italic kept.
fn rich_text(flow: &mut Flow, blocks: &[Block]) {
    let style = Style::body();
    let list_indent = 14.0;
    for block in blocks {
        match block {
            Block::Paragraph { spans } => flow.rich(&runs(flow.fonts, spans), style, 0.0, None),
            Block::Bullets { items } => {
                for item in items {
                    flow.rich(&runs(flow.fonts, item), style, list_indent, Some("•"));
                }
                flow.space(style.size * 0.4);
            }
            Block::Numbered { start, items } => {
                for (n, item) in (*start..).zip(items) {
                    flow.rich(
                        &runs(flow.fonts, item),
                        style,
                        list_indent + 4.0,
                        Some(&format!("{n}.")),
                    );
                }
                flow.space(style.size * 0.4);
            }
        }
    }
}

/// Spans as runs of cleaned text; a link's address follows its text, as paper cannot be clicked.
fn runs(fonts: &Fonts, spans: &[Span]) -> Vec<Run> {
    let mut runs = Vec::new();
    for span in spans {
        // Bounded by the assessment's limit on a report text, so shown whole.
        let text = fonts.clean(&span.text);
        runs.push(Run {
            text,
            bold: span.strong,
            italic: span.emphasis,
            colour: THEME.ink,
        });
        if let Some(url) = span
            .link
            .as_ref()
            .filter(|url| url.trim_start_matches("mailto:") != span.text.trim())
        {
            runs.push(Run {
                text: format!(" ({})", fonts.clean(url)),
                bold: false,
                italic: false,
                colour: THEME.muted,
            });
        }
    }
    runs
}

/// A reference code and a space before a title, or nothing.
fn code_prefix(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!("{code} ")
    }
}
