//! Chart geometry, computed once from the scores and drawn by a backend ([`svg`] for HTML; the PDF
//! report draws the same shapes). Coordinates are in points, origin top-left, y downwards.

pub mod svg;

use serde::Serialize;

use crate::engine::scoring::{FrameworkScore, ScoreSet};
use crate::render::theme::THEME;

const MAX_LEVEL: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text label; `lines` are drawn downwards from `y` (the first baseline) at `size` points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub lines: Vec<String>,
    pub anchor: Anchor,
    pub size: f64,
    pub bold: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendItem {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub colour: &'static str,
    pub dashed: bool,
}

/// A radar chart of domain scores against targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Radar {
    pub width: f64,
    pub height: f64,
    pub center: Point,
    pub radius: f64,
    /// Grid polygons for levels 1 to 5.
    pub rings: Vec<Vec<Point>>,
    pub ring_labels: Vec<Label>,
    pub axes: Vec<Point>,
    pub labels: Vec<Label>,
    pub current: Vec<Point>,
    /// Axes with no score, drawn as hollow markers at the centre.
    pub unscored: Vec<usize>,
    pub target: Vec<Point>,
    pub legend: Vec<LegendItem>,
    pub title: String,
}

/// One axis of a radar: a name, a score and a target.
pub struct Axis<'a> {
    pub name: &'a str,
    pub score: Option<f64>,
    pub target: Option<f64>,
}

const RADAR_WIDTH: f64 = 540.0;
const RADAR_HEIGHT: f64 = 380.0;
const RADAR_RADIUS: f64 = 116.0;
const LABEL_SIZE: f64 = 9.5;
const LABEL_CHARS: usize = 18;

#[must_use]
pub fn radar(title: &str, axes: &[Axis]) -> Radar {
    let center = Point {
        x: RADAR_WIDTH / 2.0,
        y: RADAR_HEIGHT / 2.0 - 8.0,
    };
    let n = axes.len().max(1);
    let direction = |i: usize| {
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
        (angle.cos(), angle.sin())
    };
    let at = |i: usize, value: f64| {
        let (dx, dy) = direction(i);
        let r = RADAR_RADIUS * (value / MAX_LEVEL).clamp(0.0, 1.0);
        Point {
            x: center.x + dx * r,
            y: center.y + dy * r,
        }
    };
    let rings = (1..=5)
        .map(|level| (0..n).map(|i| at(i, f64::from(level))).collect())
        .collect();
    let ring_labels = (1..=5)
        .map(|level| {
            let p = at(0, f64::from(level));
            Label {
                x: p.x + 3.0,
                y: p.y - 2.0,
                lines: vec![level.to_string()],
                anchor: Anchor::Start,
                size: 7.0,
                bold: false,
            }
        })
        .collect();
    let labels = axes
        .iter()
        .enumerate()
        .map(|(i, axis)| axis_label(center, direction(i), axis))
        .collect();
    let legend_y = RADAR_HEIGHT - 14.0;
    Radar {
        width: RADAR_WIDTH,
        height: RADAR_HEIGHT,
        center,
        radius: RADAR_RADIUS,
        rings,
        ring_labels,
        axes: (0..n).map(|i| at(i, MAX_LEVEL)).collect(),
        labels,
        current: axes
            .iter()
            .enumerate()
            .map(|(i, a)| at(i, a.score.unwrap_or(0.0)))
            .collect(),
        unscored: axes
            .iter()
            .enumerate()
            .filter(|(_, a)| a.score.is_none())
            .map(|(i, _)| i)
            .collect(),
        target: axes
            .iter()
            .enumerate()
            .map(|(i, a)| at(i, a.target.unwrap_or(0.0)))
            .collect(),
        legend: vec![
            LegendItem {
                x: center.x - 110.0,
                y: legend_y,
                text: "Current score".into(),
                colour: THEME.accent,
                dashed: false,
            },
            LegendItem {
                x: center.x + 20.0,
                y: legend_y,
                text: "Target".into(),
                colour: THEME.target,
                dashed: true,
            },
        ],
        title: title.to_string(),
    }
}

/// The name and score beside one axis, anchored away from the chart on its side.
fn axis_label(center: Point, (dx, dy): (f64, f64), axis: &Axis) -> Label {
    let mut lines = wrap(axis.name, LABEL_CHARS);
    lines.truncate(3);
    lines.push(crate::format::number(axis.score));
    let anchor = if dx > 0.25 {
        Anchor::Start
    } else if dx < -0.25 {
        Anchor::End
    } else {
        Anchor::Middle
    };
    let edge = RADAR_RADIUS + 12.0;
    let height = lines.len() as f64 * LABEL_SIZE * 1.15;
    let y = center.y + dy * edge + LABEL_SIZE * 0.8 - height * (0.5 - dy / 2.0).clamp(0.0, 1.0);
    Label {
        x: center.x + dx * edge,
        y: y.max(LABEL_SIZE),
        lines,
        anchor,
        size: LABEL_SIZE,
        bold: false,
    }
}

/// Radar of a framework's domains.
#[must_use]
pub fn framework_radar(framework: &FrameworkScore) -> Radar {
    let axes: Vec<Axis> = framework
        .domains
        .iter()
        .map(|d| Axis {
            name: &d.name,
            score: d.standing.score,
            target: d.standing.target,
        })
        .collect();
    radar(&format!("{}: domain scores against targets", framework.name), &axes)
}

/// The fewest domains a radar is drawn for: with three it is a triangle that misleads the eye, so
/// fewer get bars.
pub const RADAR_MIN_AXES: usize = 4;

/// A framework's domains against their targets: a radar, or bars when there are few domains.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DomainChart {
    Radar(Radar),
    Bars(DomainBars),
}

impl DomainChart {
    #[must_use]
    pub fn size(&self) -> (f64, f64) {
        match self {
            DomainChart::Radar(r) => (r.width, r.height),
            DomainChart::Bars(b) => (b.width, b.height),
        }
    }
}

/// Horizontal bars of domain scores, each with its target mark and its score written beside.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainBars {
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub rows: Vec<DomainBar>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainBar {
    pub label: Label,
    pub x: f64,
    pub y: f64,
    pub bar: Bar,
    pub value: Label,
}

const BARS_WIDTH: f64 = 540.0;
const BARS_LABEL: f64 = 190.0;
const BARS_LENGTH: f64 = 280.0;
const BARS_ROW: f64 = 34.0;

/// The chart of a framework's domains: a radar from [`RADAR_MIN_AXES`] domains, bars below.
#[must_use]
pub fn framework_chart(framework: &FrameworkScore) -> DomainChart {
    if framework.domains.len() >= RADAR_MIN_AXES {
        return DomainChart::Radar(framework_radar(framework));
    }
    let rows = framework.domains.iter().map(|d| {
        (
            d.name.as_str(),
            d.standing.score,
            d.standing.target.unwrap_or(0.0),
            crate::format::number(d.standing.score),
        )
    });
    domain_bars(
        BARS_WIDTH,
        format!("{}: domain scores against targets", framework.name),
        rows,
    )
}

/// A framework's domains now, each bar marked where the previous round stood, with both scores
/// written beside: the trend since a baseline.
#[must_use]
pub fn trend_chart(change: &crate::report::compare::FrameworkChange) -> DomainChart {
    let rows = change.domains.iter().map(|d| {
        (
            d.name.as_str(),
            d.change.new,
            d.change.old.unwrap_or(0.0),
            format!(
                "{} → {}",
                crate::format::number(d.change.old),
                crate::format::number(d.change.new)
            ),
        )
    });
    domain_bars(
        BARS_WIDTH + 40.0,
        format!(
            "{}: domain scores now, the mark at the previous round's score",
            change.name
        ),
        rows,
    )
}

/// Horizontal bars, one row per (domain name, score, mark, value written beside).
fn domain_bars<'a>(
    width: f64,
    title: String,
    rows: impl Iterator<Item = (&'a str, Option<f64>, f64, String)>,
) -> DomainChart {
    let rows: Vec<DomainBar> = rows
        .enumerate()
        .map(|(i, (name, score, mark, value))| {
            let y = 12.0 + i as f64 * BARS_ROW;
            let mut bar = bar(score, mark);
            bar.width = BARS_LENGTH;
            bar.height = 16.0;
            DomainBar {
                label: Label {
                    x: 0.0,
                    y: y + 12.0,
                    lines: wrap(name, 30).into_iter().take(2).collect(),
                    anchor: Anchor::Start,
                    size: LABEL_SIZE,
                    bold: false,
                },
                x: BARS_LABEL,
                y,
                bar,
                value: Label {
                    x: BARS_LABEL + BARS_LENGTH + 8.0,
                    y: y + 12.0,
                    lines: vec![value],
                    anchor: Anchor::Start,
                    size: LABEL_SIZE,
                    bold: true,
                },
            }
        })
        .collect();
    let bottom = 12.0 + rows.len() as f64 * BARS_ROW;
    DomainChart::Bars(DomainBars {
        width,
        height: bottom + 6.0,
        title,
        rows,
    })
}

/// Labels and filled, labelled cells: the roadmap by workstream and phase, and readiness by clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridChart {
    /// What the chart shows, for readers who cannot see it.
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub labels: Vec<Label>,
    pub cells: Vec<GridCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridCell {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub fill: &'static str,
    pub ink: &'static str,
    pub text: String,
}

const GANTT_LABEL: f64 = 200.0;
const GANTT_WIDTH: f64 = 540.0;
const GANTT_ROW: f64 = 24.0;
const GANTT_HEADER: f64 = 30.0;

/// A cell of the roadmap chart: `column` and `row` count from the first phase and workstream.
fn gantt_cell(
    column: usize,
    row: usize,
    column_width: f64,
    (fill, ink): (&'static str, &'static str),
    text: String,
) -> GridCell {
    GridCell {
        x: GANTT_LABEL + column as f64 * column_width + 2.0,
        y: GANTT_HEADER + row as f64 * GANTT_ROW + 2.0,
        width: column_width - 4.0,
        height: GANTT_ROW - 4.0,
        fill,
        ink,
        text,
    }
}

fn row_label(row: usize, name: &str) -> Label {
    Label {
        x: 0.0,
        y: GANTT_HEADER + row as f64 * GANTT_ROW + 15.0,
        lines: vec![name.to_string()],
        anchor: Anchor::Start,
        size: 8.5,
        bold: true,
    }
}

fn column_label(column: usize, column_width: f64, lines: Vec<String>) -> Label {
    Label {
        x: GANTT_LABEL + (column as f64 + 0.5) * column_width,
        y: 12.0,
        lines,
        anchor: Anchor::Middle,
        size: 8.0,
        bold: false,
    }
}

/// The person-days of steps left out of every phase, of the initiatives `keep` accepts.
fn backlog_days(
    roadmap: &crate::engine::roadmap::Roadmap,
    keep: impl Fn(&crate::engine::roadmap::Initiative) -> bool,
) -> f64 {
    roadmap
        .initiatives
        .iter()
        .filter(|i| keep(i))
        .flat_map(|i| &i.steps)
        .filter(|s| s.phase.is_none())
        .map(|s| s.effort_days)
        .sum()
}

/// The roadmap by workstream and phase, with the same numbers as its phase and workstream tables:
/// a row per workstream and a last row of totals; a column per phase and a last one for the work
/// that fits in none (the backlog).
#[must_use]
pub fn gantt(roadmap: &crate::engine::roadmap::Roadmap) -> GridChart {
    use crate::engine::roadmap::Tier;
    let phases = roadmap.phases();
    let plans = roadmap.workstream_plans();
    let column = (GANTT_WIDTH - GANTT_LABEL) / (phases.len() + 1) as f64;
    let mut labels: Vec<Label> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            column_label(
                i,
                column,
                vec![format!("Phase {}", p.number), format!("from {}", p.start)],
            )
        })
        .collect();
    labels.push(column_label(
        phases.len(),
        column,
        vec!["Later".into(), "backlog".into()],
    ));
    let workstream_of: std::collections::HashMap<&str, &str> = roadmap
        .initiatives
        .iter()
        .map(|i| (i.question.as_str(), i.workstream.as_str()))
        .collect();
    let mut cells = Vec::new();
    for (row, plan) in plans.iter().enumerate() {
        labels.push(row_label(row, &plan.name));
        for (i, phase) in phases.iter().enumerate() {
            let work: Vec<&crate::engine::roadmap::PlacedStep> = phase
                .steps
                .iter()
                .filter(|s| workstream_of.get(s.question.as_str()) == Some(&plan.id.as_str()))
                .collect();
            if work.is_empty() {
                continue;
            }
            let colours = if work.iter().any(|s| s.tier == Tier::Certification) {
                THEME.certification
            } else {
                ("#e6eef7", THEME.ink)
            };
            let days: f64 = work.iter().map(|s| s.effort_days).sum();
            let text = format!("{} d · {}", crate::format::days(days), work.len());
            cells.push(gantt_cell(i, row, column, colours, text));
        }
        let later = backlog_days(roadmap, |i| i.workstream == plan.id);
        if later > 0.0 {
            let text = format!("{} d", crate::format::days(later));
            cells.push(gantt_cell(phases.len(), row, column, (THEME.unscored, THEME.ink), text));
        }
    }
    let totals = plans.len();
    labels.push(row_label(totals, "All workstreams"));
    let capacity = crate::format::days(f64::from(roadmap.options.capacity));
    let totals_text = phases
        .iter()
        .map(|p| format!("{} / {capacity} d", crate::format::days(p.effort_days)))
        .chain(std::iter::once(format!(
            "{} d",
            crate::format::days(backlog_days(roadmap, |_| true))
        )));
    for (i, text) in totals_text.enumerate() {
        cells.push(gantt_cell(i, totals, column, (TOTALS_FILL, THEME.ink), text));
    }
    GridChart {
        title: "Roadmap by workstream and phase".to_string(),
        width: GANTT_WIDTH,
        height: GANTT_HEADER + (totals + 1) as f64 * GANTT_ROW + 4.0,
        labels,
        cells,
    }
}

/// The fill of the last row, the totals: plain, so the rows above keep the colour.
const TOTALS_FILL: &str = "#ffffff";

/// Required elements by clause: a bar per clause split in the shares of its elements met, partly
/// met, absent and not assessed (each part labelled with its count), with a legend.
#[must_use]
pub fn readiness_chart(iso: &crate::engine::readiness::ReadinessResult) -> GridChart {
    use crate::engine::readiness::ElementStatus;
    const STATUSES: [(ElementStatus, &str, &str, &str); 4] = [
        // Lightness differs as well as hue (CIE L* about 35, 78 and 51; not assessed 92), so the parts
        // stay apart in print and for readers who confuse red and green.
        (ElementStatus::Met, "met", "#1d5e36", "#ffffff"),
        (ElementStatus::PartlyMet, "partly met", "#f0b94f", "#1f2933"),
        (ElementStatus::Absent, "absent", "#d9483b", "#ffffff"),
        (ElementStatus::NotAssessed, "not assessed", "#d5dbe1", "#1f2933"),
    ];
    let mut clauses: indexmap::IndexMap<&str, [usize; 4]> = indexmap::IndexMap::new();
    for r in &iso.requirements {
        let counts = clauses.entry(r.domain.as_str()).or_default();
        for e in &r.elements {
            if let Some(k) = STATUSES.iter().position(|(status, ..)| *status == e.status) {
                counts[k] += 1;
            }
        }
    }
    let length = GANTT_WIDTH - GANTT_LABEL;
    let mut labels = Vec::new();
    let mut cells = Vec::new();
    for (row, (clause, counts)) in clauses.iter().enumerate() {
        let y = row as f64 * GANTT_ROW;
        let name = iso
            .clauses
            .iter()
            .find(|(id, _)| id == clause)
            .map_or("", |(_, n)| n.as_str());
        let mut lines = wrap(&format!("{clause} {name}"), 34);
        lines.truncate(2);
        labels.push(Label {
            x: 0.0,
            y: y + if lines.len() > 1 { 10.0 } else { 15.0 },
            lines,
            anchor: Anchor::Start,
            size: 8.0,
            bold: true,
        });
        let total = counts.iter().sum::<usize>().max(1);
        let mut x = GANTT_LABEL;
        for (k, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let width = length * count as f64 / total as f64;
            let (_, _, fill, ink) = STATUSES[k];
            cells.push(GridCell {
                x,
                y: y + 2.0,
                width,
                height: GANTT_ROW - 4.0,
                fill,
                ink,
                text: count.to_string(),
            });
            x += width;
        }
    }
    let legend_y = clauses.len() as f64 * GANTT_ROW + 6.0;
    for (k, (_, name, fill, ink)) in STATUSES.iter().enumerate() {
        cells.push(GridCell {
            x: GANTT_LABEL + k as f64 * 85.0,
            y: legend_y,
            width: 80.0,
            height: 16.0,
            fill,
            ink,
            text: (*name).to_string(),
        });
    }
    GridChart {
        title: "Required elements by clause".to_string(),
        width: GANTT_WIDTH,
        height: legend_y + 20.0,
        labels,
        cells,
    }
}

const PEERS_LABEL: f64 = 225.0;
const PEERS_SCALE: f64 = 260.0;
const PEERS_ROW: f64 = 22.0;
const PEERS_TOP: f64 = 22.0;
const PEERS_WIDTH: f64 = 560.0;

/// A framework against its peers: a row for the framework and one per domain, each with the peers'
/// quartile band, their median as a thin mark and the client's score as a dark square, on a 0 to
/// 5 scale; the client's score and percentile written beside (the median without a client).
#[must_use]
pub fn peers_chart(f: &crate::report::benchmark::FrameworkBenchmark) -> GridChart {
    let x = |score: f64| PEERS_LABEL + PEERS_SCALE * (score / MAX_LEVEL).clamp(0.0, 1.0);
    let mut labels: Vec<Label> = (0..=5)
        .map(|level| Label {
            x: x(f64::from(level)),
            y: 12.0,
            lines: vec![level.to_string()],
            anchor: Anchor::Middle,
            size: 8.0,
            bold: false,
        })
        .collect();
    let mut cells = Vec::new();
    let rows = std::iter::once(&f.row).chain(f.domains.iter().map(|d| &d.row));
    for (i, row) in rows.enumerate() {
        let y = PEERS_TOP + i as f64 * PEERS_ROW;
        let cell = |from: f64, to: f64, inset: f64, fill: &'static str| GridCell {
            x: from,
            y: y + inset,
            width: (to - from).max(0.0),
            height: PEERS_ROW - 2.0 * inset,
            fill,
            ink: THEME.ink,
            text: String::new(),
        };
        labels.push(Label {
            x: 0.0,
            y: y + 14.0,
            lines: wrap(&row.name, 42).into_iter().take(1).collect(),
            anchor: Anchor::Start,
            size: 8.5,
            bold: i == 0,
        });
        cells.push(cell(x(0.0), x(MAX_LEVEL), 8.0, THEME.unscored));
        if let (Some(q1), Some(median), Some(q3)) = (row.q1, row.median, row.q3) {
            cells.push(cell(x(q1), x(q3).max(x(q1) + 2.0), 5.0, PEERS_BAND));
            cells.push(cell(x(median) - 1.0, x(median) + 1.0, 3.0, THEME.ink));
        }
        if let Some(client) = row.client {
            cells.push(cell(x(client) - 4.5, x(client) + 4.5, 6.5, THEME.accent));
        }
        let beside = match (row.client, row.percentile) {
            (Some(score), Some(_)) => format!("{}, {}", crate::format::number(Some(score)), row.percentile_text()),
            _ if row.withheld => "withheld".to_string(),
            (Some(score), None) => crate::format::number(Some(score)),
            (None, _) => crate::format::number(row.median),
        };
        labels.push(Label {
            x: x(MAX_LEVEL) + 12.0,
            y: y + 14.0,
            lines: vec![beside],
            anchor: Anchor::Start,
            size: 8.5,
            bold: i == 0,
        });
    }
    GridChart {
        title: format!("{}: scores against the quartiles of the peers", f.row.name),
        width: PEERS_WIDTH,
        height: PEERS_TOP + (f.domains.len() + 1) as f64 * PEERS_ROW + 4.0,
        labels,
        cells,
    }
}

/// The peers' quartile band: the accent, light enough for the median and client marks to show.
const PEERS_BAND: &str = "#a9bfdc";

/// Greedy word wrap by characters, for chart labels.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A horizontal score bar with a target mark, as fractions of the full scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub width: f64,
    pub height: f64,
    pub fraction: Option<f64>,
    pub target_fraction: f64,
    pub fill: &'static str,
}

#[must_use]
pub fn bar(score: Option<f64>, target: f64) -> Bar {
    Bar {
        width: 110.0,
        height: 10.0,
        fraction: score.map(|s| (s / MAX_LEVEL).clamp(0.0, 1.0)),
        target_fraction: (target / MAX_LEVEL).clamp(0.0, 1.0),
        fill: THEME.fill(score),
    }
}

/// A grid of every control, one row per domain, coloured by level: one block per framework (so a
/// page break can fall between frameworks) and a legend block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heatmap {
    pub width: f64,
    pub blocks: Vec<HeatBlock>,
    pub legend: HeatBlock,
}

/// Part of the heat map, in its own coordinates starting at y = 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatBlock {
    pub height: f64,
    pub labels: Vec<Label>,
    pub cells: Vec<Cell>,
}

impl Heatmap {
    #[must_use]
    pub fn height(&self) -> f64 {
        self.blocks.iter().map(|b| b.height).sum::<f64>() + self.legend.height
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub fill: &'static str,
    pub ink: &'static str,
    pub text: String,
    /// The control's short id, printed above the score so the map reads on paper; empty for
    /// legend swatches.
    pub label: String,
    /// Empty for legend swatches, whose text is drawn beside them.
    pub tooltip: String,
}

const CELL_WIDTH: f64 = 40.0;
const CELL_HEIGHT: f64 = 28.0;
const CELL_GAP: f64 = 3.0;
const CELLS_PER_LINE: usize = 10;
/// The longest control id printed in full in a heat map cell; longer ones are abbreviated.
const SHORT_ID: usize = 7;

/// A control id short enough for a heat map cell: as it is when short ("APO01", "8.5.1.3"), else
/// the initials of its words ("incident-management" is "IM"), else its first characters.
#[must_use]
pub fn short_id(id: &str) -> String {
    if id.chars().count() <= SHORT_ID {
        return id.to_string();
    }
    let initials: String = id
        .split(['-', '_', ' '])
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if (2..=SHORT_ID).contains(&initials.chars().count()) {
        initials
    } else {
        id.chars().take(SHORT_ID - 1).chain(std::iter::once('…')).collect()
    }
}
const LABEL_COLUMN: f64 = 190.0;

pub fn heatmap(scores: &ScoreSet) -> Heatmap {
    let blocks = scores.frameworks.iter().map(heat_block).collect();
    let legend = HeatBlock {
        height: 24.0,
        labels: Vec::new(),
        cells: (0..=5u8)
            .map(|level| (Some(f64::from(level)), format!("{level}")))
            .chain(std::iter::once((None, "not scored".to_string())))
            .enumerate()
            .map(|(i, (score, text))| Cell {
                x: LABEL_COLUMN + i as f64 * 62.0,
                y: 6.0,
                width: 12.0,
                height: 12.0,
                fill: THEME.fill(score),
                ink: THEME.fill_ink(score),
                text,
                label: String::new(),
                tooltip: String::new(),
            })
            .collect(),
    };
    Heatmap {
        width: LABEL_COLUMN + CELLS_PER_LINE as f64 * (CELL_WIDTH + CELL_GAP),
        blocks,
        legend,
    }
}

fn heat_block(f: &FrameworkScore) -> HeatBlock {
    let mut labels = vec![Label {
        x: 0.0,
        y: 12.0,
        lines: vec![f.name.clone()],
        anchor: Anchor::Start,
        size: 11.0,
        bold: true,
    }];
    let mut cells = Vec::new();
    let mut y = 16.0;
    for d in &f.domains {
        let mut name = wrap(&d.name, 30);
        name.truncate(2);
        labels.push(Label {
            x: 0.0,
            y: y + 10.0,
            lines: name,
            anchor: Anchor::Start,
            size: 8.5,
            bold: false,
        });
        let rows = d.controls.len().div_ceil(CELLS_PER_LINE).max(1);
        for (k, c) in d.controls.iter().enumerate() {
            cells.push(Cell {
                x: LABEL_COLUMN + (k % CELLS_PER_LINE) as f64 * (CELL_WIDTH + CELL_GAP),
                y: y + (k / CELLS_PER_LINE) as f64 * (CELL_HEIGHT + CELL_GAP),
                width: CELL_WIDTH,
                height: CELL_HEIGHT,
                fill: THEME.fill(c.score),
                ink: THEME.fill_ink(c.score),
                text: c
                    .score
                    .map_or_else(|| "–".into(), |s| format!("{:.1}", crate::format::round4(s))),
                label: short_id(&c.id),
                tooltip: format!("{} {}: {}", c.id, c.title, crate::format::number(c.score)),
            });
        }
        y += rows as f64 * (CELL_HEIGHT + CELL_GAP) + 4.0;
    }
    HeatBlock {
        height: y + 8.0,
        labels,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_domains_get_bars_and_four_or_more_a_radar() {
        use crate::engine::scoring::score_parts;
        use crate::testkit::*;
        use crate::workspace::assessment::Targets;
        let controls = |d: &str| vec![control(&format!("{d}1"), 1.0)];
        let three = catalog(
            "f",
            vec![("a", controls("a")), ("b", controls("b")), ("c", controls("c"))],
        );
        let q = questionnaire(vec![question("Q", &[("f", "a1", 1.0)])]);
        let r = responses(&[("Q", crate::workspace::responses::Answer::Level(2))]);
        let scores = score_parts(&assessment(&["f"], Targets::default()), &q, &[&three], &r);
        let DomainChart::Bars(bars) = framework_chart(&scores.frameworks[0]) else {
            panic!("three domains are bars");
        };
        assert_eq!(bars.rows.len(), 3);
        assert_eq!(bars.rows[0].bar.fraction, Some(0.4));
        assert_eq!(bars.rows[0].value.lines, ["2.00"]);
        assert_eq!(bars.rows[1].bar.fraction, None, "an unscored domain has an empty bar");
        let four = catalog(
            "f",
            vec![
                ("a", controls("a")),
                ("b", controls("b")),
                ("c", controls("c")),
                ("d", controls("d")),
            ],
        );
        let scores = score_parts(&assessment(&["f"], Targets::default()), &q, &[&four], &r);
        assert!(matches!(framework_chart(&scores.frameworks[0]), DomainChart::Radar(_)));
    }

    #[test]
    fn the_gantt_shows_every_person_day_once_scheduled_or_later() {
        let library = crate::content::Library::load(None).expect("bundled content").0;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/northwind");
        let (loaded, _) = crate::workspace::assessment::load(&path, &library).expect("example loads");
        let roadmap = crate::engine::plan(&loaded, crate::engine::roadmap::RoadmapOptions::default(), false).roadmap;
        let chart = gantt(&roadmap);
        let days = |later: bool| -> f64 {
            chart
                .cells
                .iter()
                .filter(|c| c.fill != TOTALS_FILL && (c.fill == THEME.unscored) == later)
                .map(|c| c.text.split(' ').next().unwrap().parse::<f64>().unwrap())
                .sum()
        };
        let scheduled: f64 = roadmap.phases().iter().map(|p| p.effort_days).sum();
        let all: f64 = roadmap
            .initiatives
            .iter()
            .flat_map(|i| &i.steps)
            .map(|s| s.effort_days)
            .sum();
        assert_eq!(days(false), scheduled);
        assert_eq!(days(false) + days(true), all, "the last column holds the backlog");
        assert!(
            chart.cells.iter().any(|c| c.fill == "#fde8e4"),
            "certification work is marked"
        );
        assert_eq!(chart.labels[0].lines[0], "Phase 1");
        let totals: Vec<&str> = chart
            .cells
            .iter()
            .filter(|c| c.fill == TOTALS_FILL)
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(
            totals.len(),
            roadmap.options.phases + 1,
            "a total per phase and for the backlog"
        );
        assert_eq!(
            totals[0],
            format!("{} / 60 d", crate::format::days(roadmap.phases()[0].effort_days))
        );
        assert_eq!(
            totals.last().copied(),
            Some(format!("{} d", crate::format::days(all - scheduled)).as_str())
        );
    }

    #[test]
    fn the_readiness_chart_splits_each_clause_into_shares_that_fill_its_bar() {
        let library = crate::content::Library::load(None).expect("bundled content").0;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/northwind");
        let (loaded, _) = crate::workspace::assessment::load(&path, &library).expect("example loads");
        let iso = crate::engine::plan(&loaded, crate::engine::roadmap::RoadmapOptions::default(), false)
            .readiness
            .expect("iso20000 in scope");
        let chart = readiness_chart(&iso);
        assert_eq!(chart.labels.len(), 7, "clauses 4 to 10");
        let segments = &chart.cells[..chart.cells.len() - 4];
        let elements: usize = segments.iter().map(|c| c.text.parse::<usize>().unwrap()).sum();
        assert_eq!(
            elements,
            iso.requirements.iter().map(|r| r.elements.len()).sum::<usize>()
        );
        let first_row: f64 = segments.iter().filter(|c| c.y == 2.0).map(|c| c.width).sum();
        assert!((first_row - (GANTT_WIDTH - GANTT_LABEL)).abs() < 1e-9);
        let legend: Vec<&str> = chart.cells[chart.cells.len() - 4..]
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(legend, ["met", "partly met", "absent", "not assessed"]);
    }

    #[test]
    fn short_ids_fit_a_cell() {
        assert_eq!(short_id("APO01"), "APO01");
        assert_eq!(short_id("8.5.1.3"), "8.5.1.3");
        assert_eq!(short_id("incident-management"), "IM");
        assert_eq!(short_id("service-level-management"), "SLM");
        assert_eq!(short_id("verylongidentifier"), "verylo…");
    }

    fn axes(n: usize) -> Vec<Axis<'static>> {
        (0..n)
            .map(|i| Axis {
                name: "Service management practices",
                score: if i == 1 { None } else { Some(i as f64) },
                target: Some(3.0),
            })
            .collect()
    }

    #[test]
    fn radar_points_sit_on_their_axes_at_score_over_five() {
        let r = radar("t", &axes(4));
        // Axis 0 points up; score 0 sits at the centre.
        assert_eq!(r.current[0], r.center);
        // Axis 2 points down; score 2 is 2/5 of the radius below the centre.
        assert!((r.current[2].y - (r.center.y + r.radius * 0.4)).abs() < 1e-9);
        assert!((r.target[0].y - (r.center.y - r.radius * 0.6)).abs() < 1e-9);
        assert_eq!(r.unscored, [1]);
        assert_eq!(r.rings.len(), 5);
    }

    #[test]
    fn radar_labels_stay_outside_the_plot_and_inside_the_canvas() {
        for n in 3..=9 {
            let r = radar("t", &axes(n));
            for label in &r.labels {
                let width = label.lines.iter().map(|l| l.chars().count()).max().unwrap() as f64 * label.size * 0.6;
                let (left, right) = match label.anchor {
                    Anchor::Start => (label.x, label.x + width),
                    Anchor::Middle => (label.x - width / 2.0, label.x + width / 2.0),
                    Anchor::End => (label.x - width, label.x),
                };
                let top = label.y - label.size;
                let bottom = label.y + (label.lines.len() - 1) as f64 * label.size * 1.15;
                assert!(left >= 0.0 && right <= r.width, "n={n}: {label:?}");
                assert!(top >= 0.0 && bottom <= r.height - 24.0, "n={n}: {label:?}");
                // The label box does not reach into the plot circle.
                let nearest_x = r.center.x.clamp(left, right);
                let nearest_y = r.center.y.clamp(top, bottom);
                let distance = ((nearest_x - r.center.x).powi(2) + (nearest_y - r.center.y).powi(2)).sqrt();
                assert!(distance > r.radius, "n={n}: {label:?} at {distance}");
            }
        }
    }

    #[test]
    fn wrap_breaks_on_words() {
        assert_eq!(
            wrap("Service management practices", 20),
            ["Service management", "practices"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }

    #[test]
    fn bars_are_fractions_of_the_scale() {
        let b = bar(Some(2.5), 3.0);
        assert_eq!(b.fraction, Some(0.5));
        assert!((b.target_fraction - 0.6).abs() < 1e-12);
        assert_eq!(bar(None, 7.0).target_fraction, 1.0);
    }
}
