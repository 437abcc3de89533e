//! Drawing on one page in top-left coordinates (points, y downwards), turned into printpdf operations.

use printpdf::{
    Color, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point as PdfPoint, Polygon, PolygonRing, Pt, Rect,
    Rgb, TextItem, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};

use super::fonts::{Fonts, Run};

/// The horizontal shift per unit of height of slanted text: about 12 degrees.
const ITALIC_SLANT: f32 = 0.21;

/// A colour from `#rrggbb`; anything else is black.
pub fn colour(hex: &str) -> Color {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f32::from(v) / 255.0)
    };
    let hex_ok = hex.len() == 7 && hex.starts_with('#');
    let (r, g, b) = if hex_ok {
        (channel(1), channel(3), channel(5))
    } else {
        (0.0, 0.0, 0.0)
    };
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// `hex` mixed with white: `amount` 0 is white, 1 the colour itself. PDF fills here are opaque.
pub fn tint(hex: &str, amount: f32) -> String {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    let mix = |v: u8| (255.0 - (255.0 - f32::from(v)) * amount).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(channel(1)), mix(channel(3)), mix(channel(5)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

pub struct Canvas {
    ops: Vec<Op>,
    pub height: f32,
    /// The open text section's font (id, size) and colour, so that runs of text share one section
    /// and state is only set when it changes.
    text_state: Option<(String, f32, String)>,
}

impl Canvas {
    pub fn new(height: f32) -> Self {
        Canvas {
            ops: Vec::new(),
            height,
            text_state: None,
        }
    }

    /// The page's operations, with any open text section closed.
    pub fn into_ops(mut self) -> Vec<Op> {
        self.close_text();
        self.ops
    }

    fn close_text(&mut self) {
        if self.text_state.take().is_some() {
            self.ops.push(Op::EndTextSection);
        }
    }

    fn point(&self, x: f32, y: f32) -> PdfPoint {
        PdfPoint {
            x: Pt(x),
            y: Pt(self.height - y),
        }
    }

    /// One line of cleaned text with its baseline at `y`, aligned on `x`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(&mut self, fonts: &Fonts, x: f32, y: f32, text: &str, size: f32, bold: bool, hex: &str, align: Align) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Centre => x - fonts.width(text, size, bold) / 2.0,
            Align::Right => x - fonts.width(text, size, bold),
        };
        self.show(fonts, (x, y), text, size, (bold, false), hex);
    }

    /// One run of cleaned text starting at `x` with its baseline at `y`.
    pub fn run(&mut self, fonts: &Fonts, x: f32, y: f32, run: &Run, size: f32) {
        self.show(fonts, (x, y), &run.text, size, (run.bold, run.italic), run.colour);
    }

    /// Italic is the regular face slanted, as the bundled fonts have no italic of their own.
    fn show(
        &mut self,
        fonts: &Fonts,
        (x, y): (f32, f32),
        text: &str,
        size: f32,
        (bold, italic): (bool, bool),
        hex: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let face = fonts.face(bold);
        let (colour_changed, font_changed) = match &self.text_state {
            None => {
                self.ops.push(Op::StartTextSection);
                (true, true)
            }
            Some((id, current_size, current_hex)) => (current_hex != hex, *id != face.id.0 || *current_size != size),
        };
        if font_changed {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(face.id.clone()),
                size: Pt(size),
            });
        }
        if colour_changed {
            self.ops.push(Op::SetFillColor { col: colour(hex) });
        }
        self.text_state = Some((face.id.0.clone(), size, hex.to_string()));
        let pos = self.point(x, y);
        self.ops.extend([
            Op::SetTextMatrix {
                matrix: if italic {
                    TextMatrix::Raw([1.0, 0.0, ITALIC_SLANT, 1.0, pos.x.0, pos.y.0])
                } else {
                    TextMatrix::Translate(pos.x, pos.y)
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
        ]);
    }

    /// The page's text, a line per text run.
    #[cfg(test)]
    pub fn shown_text(&self) -> String {
        let mut text = String::new();
        for op in &self.ops {
            if let Op::ShowText { items } = op {
                for item in items {
                    if let TextItem::Text(run) = item {
                        text.push_str(run);
                    }
                }
                text.push('\n');
            }
        }
        text
    }

    /// The picture added to the document as `id`, of `pixels` (width, height), drawn to fill the
    /// box of `width` by `height` points whose top-left corner is (x, y).
    pub fn image(&mut self, id: &XObjectId, pixels: (u32, u32), (x, y): (f32, f32), (width, height): (f32, f32)) {
        self.close_text();
        self.ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(self.height - y - height)),
                scale_x: Some(width / pixels.0 as f32),
                scale_y: Some(height / pixels.1 as f32),
                // One pixel to one point before scaling.
                dpi: Some(72.0),
                ..XObjectTransform::default()
            },
        });
    }

    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, fill: &str) {
        self.close_text();
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: colour(fill) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(self.height - y - height),
                    width: Pt(width),
                    height: Pt(height),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A straight line or an open polyline.
    pub fn line(&mut self, points: &[(f32, f32)], hex: &str, width: f32, dash: Option<&[f32]>) {
        self.path(points, None, Some((hex, width, dash)), false);
    }

    /// A closed polygon, filled and/or stroked.
    pub fn polygon(&mut self, points: &[(f32, f32)], fill: Option<&str>, stroke: Option<(&str, f32, Option<&[f32]>)>) {
        self.path(points, fill, stroke, true);
    }

    fn path(
        &mut self,
        points: &[(f32, f32)],
        fill: Option<&str>,
        stroke: Option<(&str, f32, Option<&[f32]>)>,
        closed: bool,
    ) {
        if points.len() < 2 || (fill.is_none() && stroke.is_none()) {
            return;
        }
        self.close_text();
        self.ops.push(Op::SaveGraphicsState);
        if let Some(hex) = fill {
            self.ops.push(Op::SetFillColor { col: colour(hex) });
        }
        if let Some((hex, width, dash)) = stroke {
            self.ops.push(Op::SetOutlineColor { col: colour(hex) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            if let Some(pattern) = dash {
                self.ops.push(Op::SetLineDashPattern {
                    dash: LineDashPattern::new(0.0, pattern),
                });
            }
        }
        let ring: Vec<LinePoint> = points
            .iter()
            .map(|&(x, y)| LinePoint {
                p: self.point(x, y),
                bezier: false,
            })
            .collect();
        let mode = match (fill.is_some(), stroke.is_some()) {
            (true, true) => PaintMode::FillStroke,
            (true, false) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        if closed {
            self.ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing { points: ring }],
                    mode,
                    winding_order: WindingOrder::NonZero,
                },
            });
        } else {
            self.ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: ring,
                    is_closed: false,
                },
            });
        }
        self.ops.push(Op::RestoreGraphicsState);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_tints() {
        assert_eq!(
            colour("#ff0000"),
            Color::Rgb(Rgb {
                r: 1.0,
                g: 0.0,
                b: 0.0,
                icc_profile: None
            })
        );
        assert_eq!(
            colour("red"),
            Color::Rgb(Rgb {
                r: 0.0,
                g: 0.0,
                b: 0.0,
                icc_profile: None
            })
        );
        assert_eq!(tint("#000000", 0.5), "#808080");
        assert_eq!(tint("#1f4e8c", 1.0), "#1f4e8c");
        assert_eq!(tint("#1f4e8c", 0.0), "#ffffff");
    }
}
