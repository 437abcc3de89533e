//! The SVG backend: draws chart geometry as inline SVG for the HTML report.

use std::fmt::Write;

use super::{Anchor, Bar, DomainBars, DomainChart, GridChart, HeatBlock, Heatmap, Label, Point, Radar};
use crate::render::theme::THEME;
use crate::text::visible;

/// Escapes text for XML content and attribute values. Control characters, which XML does not
/// allow, and bidirectional overrides are shown visibly instead.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn points(points: &[Point]) -> String {
    points
        .iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ")
}

fn label(out: &mut String, label: &Label, fill: &str) {
    let anchor = match label.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let weight = if label.bold { " font-weight=\"bold\"" } else { "" };
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{fill}\"{weight}>",
        label.x, label.y, label.size
    );
    for (i, line) in label.lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { label.size * 1.15 };
        let _ = write!(
            out,
            "<tspan x=\"{:.1}\" dy=\"{dy:.1}\">{}</tspan>",
            label.x,
            escape(line)
        );
    }
    out.push_str("</text>");
}

/// A framework's domain chart: its radar, or its bars.
#[must_use]
pub fn domain_chart(chart: &DomainChart) -> String {
    match chart {
        DomainChart::Radar(r) => radar(r),
        DomainChart::Bars(b) => domain_bars(b),
    }
}

fn domain_bars(b: &DomainBars) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bars\" viewBox=\"0 0 {:.1} {:.1}\" width=\"{:.1}\" height=\"{:.1}\" role=\"img\" aria-label=\"{}\">",
        b.width,
        b.height,
        b.width,
        b.height,
        escape(&b.title)
    );
    for row in &b.rows {
        label(&mut out, &row.label, THEME.ink);
        let _ = write!(
            out,
            "<g transform=\"translate({:.1} {:.1})\">{}</g>",
            row.x,
            row.y,
            bar(&row.bar).replace("aria-hidden=\"true\"", "")
        );
        label(&mut out, &row.value, THEME.ink);
    }
    out.push_str("</svg>");
    out
}

/// A grid chart (the roadmap by workstream and phase, readiness by clause): labels and filled cells with their text.
#[must_use]
pub fn grid_chart(g: &GridChart) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart gantt\" viewBox=\"0 0 {:.1} {:.1}\" width=\"{:.1}\" height=\"{:.1}\" role=\"img\" aria-label=\"{}\">",
        g.width,
        g.height,
        g.width,
        g.height,
        escape(&g.title)
    );
    for l in &g.labels {
        label(&mut out, l, THEME.ink);
    }
    for c in &g.cells {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            c.x,
            c.y,
            c.width,
            c.height,
            c.fill,
            c.x + c.width / 2.0,
            c.y + c.height / 2.0 + 3.0,
            c.ink,
            escape(&c.text)
        );
    }
    out.push_str("</svg>");
    out
}

#[must_use]
pub fn radar(r: &Radar) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart radar\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">",
        r.width,
        r.height,
        r.width,
        r.height,
        escape(&r.title)
    );
    let _ = write!(out, "<title>{}</title>", escape(&r.title));
    for ring in &r.rings {
        let _ = write!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"0.6\"/>",
            points(ring),
            THEME.rule
        );
    }
    for axis in &r.axes {
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"0.6\"/>",
            r.center.x, r.center.y, axis.x, axis.y, THEME.rule
        );
    }
    let _ = write!(
        out,
        "<polygon class=\"target\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"/>",
        points(&r.target),
        THEME.target
    );
    let _ = write!(
        out,
        "<polygon class=\"current\" points=\"{}\" fill=\"{}\" fill-opacity=\"0.22\" stroke=\"{}\" stroke-width=\"1.8\"/>",
        points(&r.current),
        THEME.accent,
        THEME.accent
    );
    for (i, p) in r.current.iter().enumerate() {
        let fill = if r.unscored.contains(&i) {
            "#ffffff"
        } else {
            THEME.accent
        };
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\" fill=\"{fill}\" stroke=\"{}\"/>",
            p.x, p.y, THEME.accent
        );
    }
    for l in &r.ring_labels {
        label(&mut out, l, THEME.muted);
    }
    for l in &r.labels {
        label(&mut out, l, THEME.ink);
    }
    for item in &r.legend {
        let dash = if item.dashed { " stroke-dasharray=\"5 3\"" } else { "" };
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            item.x,
            item.y - 3.0,
            item.x + 18.0,
            item.y - 3.0,
            item.colour
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8.5\" fill=\"{}\">{}</text>",
            item.x + 23.0,
            item.y,
            THEME.ink,
            escape(&item.text)
        );
    }
    out.push_str("</svg>");
    out
}

#[must_use]
pub fn bar(b: &Bar) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" aria-hidden=\"true\">",
        b.width, b.height, b.width, b.height
    );
    let _ = write!(
        out,
        "<rect x=\"0\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        b.width,
        b.height - 2.0,
        THEME.unscored
    );
    if let Some(f) = b.fraction {
        let _ = write!(
            out,
            "<rect x=\"0\" y=\"1\" width=\"{:.1}\" height=\"{}\" fill=\"{}\"/>",
            b.width * f,
            b.height - 2.0,
            b.fill
        );
    }
    let x = (b.width * b.target_fraction).clamp(1.0, b.width - 1.0);
    let _ = write!(
        out,
        "<line x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
        b.height, THEME.ink
    );
    out.push_str("</svg>");
    out
}

#[must_use]
pub fn heatmap(h: &Heatmap) -> String {
    let height = h.height();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" viewBox=\"0 0 {:.1} {height:.1}\" width=\"{:.1}\" height=\"{height:.1}\" role=\"img\" aria-label=\"Heat map of every control by framework and domain\">",
        h.width, h.width
    );
    let mut offset = 0.0;
    for block in h.blocks.iter().chain(std::iter::once(&h.legend)) {
        let _ = write!(out, "<g transform=\"translate(0 {offset:.1})\">");
        heat_block(&mut out, block);
        out.push_str("</g>");
        offset += block.height;
    }
    out.push_str("</svg>");
    out
}

fn heat_block(out: &mut String, block: &HeatBlock) {
    for l in &block.labels {
        label(out, l, THEME.ink);
    }
    for c in &block.cells {
        let _ = write!(
            out,
            "<g><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"{}\"/>",
            escape(&c.tooltip),
            c.x,
            c.y,
            c.width,
            c.height,
            c.fill
        );
        if c.tooltip.is_empty() {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"start\" fill=\"{}\">{}</text></g>",
                c.x + c.width + 4.0,
                c.y + c.height - 3.0,
                THEME.ink,
                escape(&c.text)
            );
            continue;
        }
        let middle = c.x + c.width / 2.0;
        let _ = write!(
            out,
            "<text x=\"{middle:.1}\" y=\"{:.1}\" font-size=\"6.5\" text-anchor=\"middle\" fill=\"{}\">{}</text><text x=\"{middle:.1}\" y=\"{:.1}\" font-size=\"8.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{}\">{}</text></g>",
            c.y + 10.0,
            c.ink,
            escape(&c.label),
            c.y + c.height - 6.0,
            c.ink,
            escape(&c.text)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::{Axis, radar as radar_geometry};

    #[test]
    fn escapes_markup_in_labels() {
        let r = radar_geometry(
            "<b>",
            &[
                Axis {
                    name: "<script>alert(1)</script>",
                    score: Some(1.0),
                    target: Some(3.0),
                },
                Axis {
                    name: "B & C",
                    score: None,
                    target: Some(3.0),
                },
                Axis {
                    name: "D",
                    score: Some(4.0),
                    target: Some(3.0),
                },
            ],
        );
        let svg = radar(&r);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("B &amp; C"));
        assert_eq!(escape("a\x1b[1m\u{202e}\"'"), "a\\x1b[1m\\u{202e}&quot;&#39;");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("class=\"target\""));
    }
}
