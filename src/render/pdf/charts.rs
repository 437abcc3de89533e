//! The PDF backend for chart geometry: the same radar and heat map as the SVG, drawn as vectors
//! with real, searchable text.

use super::canvas::{Align, Canvas, tint};
use super::fonts::Fonts;
use crate::render::chart::{Anchor, DomainBars, DomainChart, GridChart, HeatBlock, Label, Point, Radar};
use crate::render::theme::THEME;

/// Maps chart coordinates into the page: scaled, then moved to the figure's top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub x: f32,
    pub y: f32,
    pub scale: f32,
}

impl Placement {
    fn at(&self, p: Point) -> (f32, f32) {
        (self.x + p.x as f32 * self.scale, self.y + p.y as f32 * self.scale)
    }

    fn points(&self, points: &[Point]) -> Vec<(f32, f32)> {
        points.iter().map(|&p| self.at(p)).collect()
    }
}

fn label(canvas: &mut Canvas, fonts: &Fonts, place: Placement, label: &Label, colour: &str) {
    let size = label.size as f32 * place.scale;
    let align = match label.anchor {
        Anchor::Start => Align::Left,
        Anchor::Middle => Align::Centre,
        Anchor::End => Align::Right,
    };
    for (i, line) in label.lines.iter().enumerate() {
        let (x, y) = place.at(Point {
            x: label.x,
            y: label.y + i as f64 * label.size * 1.15,
        });
        canvas.text(fonts, x, y, &fonts.clean(line), size, label.bold, colour, align);
    }
}

/// A framework's domain chart: its radar, or its bars.
pub fn domain_chart(canvas: &mut Canvas, fonts: &Fonts, chart: &DomainChart, place: Placement) {
    match chart {
        DomainChart::Radar(r) => radar(canvas, fonts, r, place),
        DomainChart::Bars(b) => domain_bars(canvas, fonts, b, place),
    }
}

fn domain_bars(canvas: &mut Canvas, fonts: &Fonts, b: &DomainBars, place: Placement) {
    for row in &b.rows {
        label(canvas, fonts, place, &row.label, THEME.ink);
        let (x, y) = place.at(Point { x: row.x, y: row.y });
        let (width, height) = (row.bar.width as f32 * place.scale, row.bar.height as f32 * place.scale);
        canvas.rect(x, y + place.scale, width, height - 2.0 * place.scale, THEME.unscored);
        if let Some(fraction) = row.bar.fraction {
            canvas.rect(
                x,
                y + place.scale,
                width * fraction as f32,
                height - 2.0 * place.scale,
                row.bar.fill,
            );
        }
        let target = x + (width * row.bar.target_fraction as f32).clamp(1.0, width - 1.0);
        canvas.line(&[(target, y), (target, y + height)], THEME.ink, 2.0, None);
        label(canvas, fonts, place, &row.value, THEME.ink);
    }
}

/// A grid chart: labels and filled cells with their text.
pub fn grid_chart(canvas: &mut Canvas, fonts: &Fonts, g: &GridChart, place: Placement) {
    for l in &g.labels {
        label(canvas, fonts, place, l, THEME.ink);
    }
    for c in &g.cells {
        let (x, y) = place.at(Point { x: c.x, y: c.y });
        let (width, height) = (c.width as f32 * place.scale, c.height as f32 * place.scale);
        canvas.rect(x, y, width, height, c.fill);
        canvas.text(
            fonts,
            x + width / 2.0,
            y + height / 2.0 + 3.0 * place.scale,
            &c.text,
            8.0 * place.scale,
            false,
            c.ink,
            Align::Centre,
        );
    }
}

pub fn radar(canvas: &mut Canvas, fonts: &Fonts, r: &Radar, place: Placement) {
    for ring in &r.rings {
        canvas.polygon(&place.points(ring), None, Some((THEME.rule, 0.5, None)));
    }
    let centre = place.at(r.center);
    for &axis in &r.axes {
        canvas.line(&[centre, place.at(axis)], THEME.rule, 0.5, None);
    }
    let dash: &[f32] = &[4.0, 2.5];
    canvas.polygon(&place.points(&r.target), None, Some((THEME.target, 1.4, Some(dash))));
    let fill = tint(THEME.accent, 0.22);
    canvas.polygon(&place.points(&r.current), Some(&fill), Some((THEME.accent, 1.5, None)));
    for (i, &p) in r.current.iter().enumerate() {
        let (x, y) = place.at(p);
        let marker = if r.unscored.contains(&i) {
            "#ffffff"
        } else {
            THEME.accent
        };
        let s = 2.2;
        canvas.polygon(
            &[(x - s, y), (x, y - s), (x + s, y), (x, y + s)],
            Some(marker),
            Some((THEME.accent, 0.6, None)),
        );
    }
    for l in &r.ring_labels {
        label(canvas, fonts, place, l, THEME.muted);
    }
    for l in &r.labels {
        label(canvas, fonts, place, l, THEME.ink);
    }
    for item in &r.legend {
        let (x, y) = place.at(Point {
            x: item.x,
            y: item.y - 3.0,
        });
        let dash = item.dashed.then_some(dash);
        canvas.line(&[(x, y), (x + 18.0 * place.scale, y)], item.colour, 1.6, dash);
        let (tx, ty) = place.at(Point {
            x: item.x + 23.0,
            y: item.y,
        });
        canvas.text(
            fonts,
            tx,
            ty,
            &item.text,
            8.5 * place.scale,
            false,
            THEME.ink,
            Align::Left,
        );
    }
}

pub fn heat_block(canvas: &mut Canvas, fonts: &Fonts, block: &HeatBlock, place: Placement) {
    for l in &block.labels {
        label(canvas, fonts, place, l, THEME.ink);
    }
    for c in &block.cells {
        let (x, y) = place.at(Point { x: c.x, y: c.y });
        let (width, height) = (c.width as f32 * place.scale, c.height as f32 * place.scale);
        canvas.rect(x, y, width, height, c.fill);
        if c.tooltip.is_empty() {
            let text_size = 8.0 * place.scale;
            canvas.text(
                fonts,
                x + width + 4.0 * place.scale,
                y + height - 2.0 * place.scale,
                &c.text,
                text_size,
                false,
                THEME.ink,
                Align::Left,
            );
            continue;
        }
        canvas.text(
            fonts,
            x + width / 2.0,
            y + 9.5 * place.scale,
            &c.label,
            6.5 * place.scale,
            false,
            c.ink,
            Align::Centre,
        );
        canvas.text(
            fonts,
            x + width / 2.0,
            y + height - 5.5 * place.scale,
            &c.text,
            8.5 * place.scale,
            true,
            c.ink,
            Align::Centre,
        );
    }
}
