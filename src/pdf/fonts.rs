//! The embedded DejaVu Sans pair: glyph lookup, measured widths, and a visible substitute for any
//! character the font lacks.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use printpdf::{FontId, ParsedFont};

use crate::error::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../../reports/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../reports/fonts/DejaVuSans-Bold.ttf");
/// The replacement character, shown where the font has no glyph.
const SUBSTITUTE: char = '\u{FFFD}';

pub struct Face {
    pub parsed: ParsedFont,
    pub id: FontId,
    units_per_em: f32,
    advances: RefCell<HashMap<char, f32>>,
}

impl Face {
    fn load(bytes: &[u8], id: &str) -> Result<Face> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| Error::Internal(format!("the bundled font {id} cannot be parsed")))?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Ok(Face {
            parsed,
            id: FontId(id.to_string()),
            units_per_em,
            advances: RefCell::new(HashMap::new()),
        })
    }

    fn has(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(c as u32).is_some()
    }

    /// Advance of a character in ems.
    fn advance(&self, c: char) -> f32 {
        *self.advances.borrow_mut().entry(c).or_insert_with(|| {
            self.parsed.lookup_glyph_index(c as u32).map_or(0.0, |gid| {
                f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em
            })
        })
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
    missing: RefCell<BTreeSet<char>>,
}

impl Fonts {
    pub fn load() -> Result<Fonts> {
        Ok(Fonts {
            // Six capital letters: the tag that marks a subset font in a PDF.
            regular: Face::load(REGULAR, "ITSMRG")?,
            bold: Face::load(BOLD, "ITSMBD")?,
            missing: RefCell::new(BTreeSet::new()),
        })
    }

    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }

    /// Text ready to draw: control characters become spaces (line breaks stay), and characters the
    /// font lacks become a visible substitute and are remembered for a warning.
    pub fn clean(&self, text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                c if c.is_control() => ' ',
                c if self.regular.has(c) && self.bold.has(c) => c,
                c => {
                    self.missing.borrow_mut().insert(c);
                    if self.regular.has(SUBSTITUTE) { SUBSTITUTE } else { '?' }
                }
            })
            .collect()
    }

    /// Width in points of cleaned text.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size
    }

    /// Characters replaced so far, in code point order.
    pub fn missing(&self) -> Vec<char> {
        self.missing.borrow().iter().copied().collect()
    }

    /// Breaks cleaned text into lines no wider than `width`: at spaces where it can, inside a word
    /// only when one word alone is too wide; line breaks in the text are kept.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let space = self.width(" ", size, bold);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                let word_width = self.width(word, size, bold);
                if !line.is_empty() && line_width + space + word_width <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if word_width <= width {
                    line.push_str(word);
                    line_width = word_width;
                } else {
                    line_width = 0.0;
                    for c in word.chars() {
                        let w = self.width(c.encode_utf8(&mut [0; 4]), size, bold);
                        if !line.is_empty() && line_width + w > width {
                            lines.push(std::mem::take(&mut line));
                            line_width = 0.0;
                        }
                        line.push(c);
                        line_width += w;
                    }
                }
            }
            lines.push(line);
        }
        while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps_by_glyph_widths() {
        let fonts = Fonts::load().unwrap();
        let narrow = fonts.width("iiii", 10.0, false);
        let wide = fonts.width("WWWW", 10.0, false);
        assert!(wide > 2.0 * narrow, "{wide} vs {narrow}");
        assert!(fonts.width("Bold", 10.0, true) > fonts.width("Bold", 10.0, false));
        let lines = fonts.wrap("Société Générale Müller Ωmega and Сбербанк", 10.0, false, 90.0);
        assert!(lines.len() >= 2);
        for line in &lines {
            assert!(fonts.width(line, 10.0, false) <= 90.0, "{line}");
        }
        assert_eq!(lines.join(" "), "Société Générale Müller Ωmega and Сбербанк");
    }

    #[test]
    fn long_words_break_and_line_breaks_stay() {
        let fonts = Fonts::load().unwrap();
        let lines = fonts.wrap(&"x".repeat(200), 10.0, false, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "x".repeat(200));
        assert_eq!(fonts.wrap("a\nb", 10.0, false, 100.0), ["a", "b"]);
        assert_eq!(fonts.wrap("", 10.0, false, 100.0), [""]);
    }

    #[test]
    fn missing_glyphs_become_a_visible_substitute_and_are_reported() {
        let fonts = Fonts::load().unwrap();
        let cleaned = fonts.clean("Ωmega 漢字\tok");
        assert_eq!(cleaned, "Ωmega \u{FFFD}\u{FFFD} ok");
        assert_eq!(fonts.missing(), ['字', '漢']);
    }
}
