//! The embedded `DejaVu` Sans pair: glyph lookup, measured widths, a visible substitute for any
//! character the font lacks, and the subset of each face that the document embeds.
//!
//! printpdf subsets fonts only with its `text_layout` feature, which brings a layout engine we do
//! not use. Without it, printpdf embeds whatever font program it is given, so we give it a subset:
//! the glyphs the pages draw, cut out by allsorts (which printpdf depends on in every build), with
//! the same glyph order, tables and Unicode cmap that printpdf's own subsetting would produce.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::{FontId, Op, ParsedFont, PdfFontHandle, PdfPage, TextItem};

use super::limits::{MISSING_GLYPH_WARNINGS, more_missing_glyphs};
use crate::error::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../../../reports/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../reports/fonts/DejaVuSans-Bold.ttf");
/// The replacement character, shown where the font has no glyph.
const SUBSTITUTE: char = '\u{FFFD}';
const ELLIPSIS: char = '…';

pub struct Face {
    /// The whole font, parsed: what the layout measures with.
    pub parsed: ParsedFont,
    bytes: &'static [u8],
    /// The PostScript name of the face, for the embedded font's name.
    name: &'static str,
    pub id: FontId,
    units_per_em: f32,
    /// Advance in ems of each character below [`TABLED`], looked up at load; NaN when the font
    /// lacks it. Nearly every character a report draws is here, so most look-ups are an index.
    tabled: Vec<f32>,
    /// Advance in ems of every other character looked up so far; none when the font lacks it.
    advances: RefCell<HashMap<char, Option<f32>>>,
}

/// Characters whose advances are tabled when a face loads: the Latin blocks. Tabling more costs
/// more at load than it saves.
const TABLED: u32 = 0x0250;

impl Face {
    fn load(bytes: &'static [u8], id: &str, name: &'static str) -> Result<Face> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| Error::Internal(format!("the bundled font {id} cannot be parsed")))?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut face = Face {
            parsed,
            bytes,
            name,
            id: FontId(id.to_string()),
            units_per_em,
            tabled: Vec::new(),
            advances: RefCell::new(HashMap::new()),
        };
        face.tabled = (0..TABLED)
            .map(|code| char::from_u32(code).and_then(|c| face.look_up(c)).unwrap_or(f32::NAN))
            .collect();
        Ok(face)
    }

    fn look_up(&self, c: char) -> Option<f32> {
        self.parsed
            .lookup_glyph_index(c as u32)
            .map(|gid| f32::from(self.parsed.get_glyph_width(gid).unwrap_or(0)) / self.units_per_em)
    }

    fn glyph_advance(&self, c: char) -> Option<f32> {
        if let Some(&advance) = self.tabled.get(c as usize) {
            return (!advance.is_nan()).then_some(advance);
        }
        *self.advances.borrow_mut().entry(c).or_insert_with(|| self.look_up(c))
    }

    fn has(&self, c: char) -> bool {
        self.glyph_advance(c).is_some()
    }

    /// Advance of a character in ems.
    fn advance(&self, c: char) -> f32 {
        self.glyph_advance(c).unwrap_or(0.0)
    }

    /// The face cut down to the glyphs of `chars`, ready to embed. Glyph 0 (.notdef) comes
    /// first and the others follow in their order in the whole font, each renumbered to its
    /// position; the subset keeps a Unicode cmap and the advance widths, from which printpdf maps
    /// the text to glyphs and writes the widths and the `ToUnicode` map.
    fn subset(&self, chars: &CharSet) -> Result<ParsedFont> {
        let fail = |what: &str| Error::Internal(format!("cannot subset the bundled font {}: {what}", self.id.0));
        let glyphs: BTreeSet<u16> = chars
            .iter()
            .filter_map(|c| self.parsed.lookup_glyph_index(c as u32))
            .filter(|&gid| gid != 0)
            .collect();
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
        let font = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| fail(&e.to_string()))?;
        let provider = font.table_provider(0).map_err(|e| fail(&e.to_string()))?;
        let bytes =
            subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(&e.to_string()))?;
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| fail("unreadable subset"))?;
        // The subset drops the OS/2 table; the font descriptor describes the whole face.
        parsed.pdf_font_metrics = self.parsed.pdf_font_metrics.clone();
        // The six capital letters of the id and a plus sign mark a subset font in a PDF.
        parsed.font_name = Some(format!("{}+{}", self.id.0, self.name));
        Ok(parsed)
    }
}

/// Characters the font lacks, each counted once: a bit per code point, so that any text keeps it
/// at a fixed size.
#[derive(Default)]
struct MissingGlyphs {
    seen: Vec<u64>,
    count: usize,
}

impl MissingGlyphs {
    const CODE_POINTS: usize = 0x11_0000;

    fn insert(&mut self, c: char) {
        if self.seen.is_empty() {
            self.seen = vec![0; Self::CODE_POINTS / 64];
        }
        let (word, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            self.count += 1;
        }
    }

    /// The first `limit` characters in code point order.
    fn first(&self, limit: usize) -> Vec<char> {
        let mut chars = Vec::new();
        for (word_index, &word) in self.seen.iter().enumerate() {
            let mut bits = word;
            while bits != 0 && chars.len() < limit {
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                chars.extend(char::from_u32((word_index * 64 + bit) as u32));
            }
            if chars.len() >= limit {
                break;
            }
        }
        chars
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
    missing: RefCell<MissingGlyphs>,
    /// Characters measured so far: the layout's work, which must grow linearly with the text.
    measured: Cell<u64>,
}

impl Fonts {
    pub fn load() -> Result<Fonts> {
        Ok(Fonts {
            // Six capital letters: the tag that marks a subset font in a PDF.
            regular: Face::load(REGULAR, "ITSMRG", "DejaVuSans")?,
            bold: Face::load(BOLD, "ITSMBD", "DejaVuSans-Bold")?,
            missing: RefCell::new(MissingGlyphs::default()),
            measured: Cell::new(0),
        })
    }

    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }

    /// Text ready to draw: control characters become spaces (line breaks stay), and characters the
    /// font lacks become a visible substitute and are remembered for a warning.
    pub fn clean(&self, text: &str) -> String {
        let substitute = if self.regular.has(SUBSTITUTE) { SUBSTITUTE } else { '?' };
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                c if c.is_control() => ' ',
                c if self.regular.has(c) && self.bold.has(c) => c,
                c => {
                    self.missing.borrow_mut().insert(c);
                    substitute
                }
            })
            .collect()
    }

    /// Each face, subset to the characters the pages draw with it, keyed by its font id; a face
    /// the pages do not use is left out.
    pub fn subsets(&self, pages: &[PdfPage]) -> Result<Vec<(FontId, ParsedFont)>> {
        let mut used: BTreeMap<&str, CharSet> = BTreeMap::new();
        for page in pages {
            let mut current = None;
            for op in &page.ops {
                match op {
                    Op::SetFont { font, .. } => {
                        current = match font {
                            PdfFontHandle::External(id) => Some(id.0.as_str()),
                            PdfFontHandle::Builtin(_) => None,
                        };
                    }
                    Op::ShowText { items } => {
                        let Some(id) = current else { continue };
                        let chars = used.entry(id).or_default();
                        for item in items {
                            if let TextItem::Text(text) = item {
                                text.chars().for_each(|c| chars.insert(c));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        [&self.regular, &self.bold]
            .into_iter()
            .filter_map(|face| used.get(face.id.0.as_str()).map(|chars| (face, chars)))
            .map(|(face, chars)| Ok((face.id.clone(), face.subset(chars)?)))
            .collect()
    }

    /// Advance of a character in ems.
    fn advance_in_ems(&self, c: char, bold: bool) -> f32 {
        self.measured.set(self.measured.get() + 1);
        self.face(bold).advance(c)
    }

    /// Advance of a character in points.
    fn advance(&self, c: char, size: f32, bold: bool) -> f32 {
        self.advance_in_ems(c, bold) * size
    }

    /// Width in points of cleaned text.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        text.chars().map(|c| self.advance_in_ems(c, bold)).sum::<f32>() * size
    }

    /// Characters measured so far.
    #[cfg(test)]
    pub fn measured(&self) -> u64 {
        self.measured.get()
    }

    /// One warning per character the font lacks, in code point order, up to a limit; then one
    /// warning counting the rest.
    pub fn warnings(&self) -> Vec<String> {
        let missing = self.missing.borrow();
        let mut warnings: Vec<String> = missing
            .first(MISSING_GLYPH_WARNINGS)
            .into_iter()
            .map(|c| {
                format!(
                    "the font has no glyph for U+{:04X} {c:?}; it is shown as {SUBSTITUTE}",
                    c as u32
                )
            })
            .collect();
        if missing.count > warnings.len() {
            warnings.push(more_missing_glyphs(missing.count - warnings.len()));
        }
        warnings
    }

    /// Cleaned text on one line no wider than `width`, ending with an ellipsis when cut.
    pub fn ellipsize(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        let room = width - self.advance(ELLIPSIS, size, bold);
        let mut used = 0.0;
        let mut cut = None;
        for (at, c) in text.char_indices() {
            used += self.advance(c, size, bold);
            if used > room && cut.is_none() {
                cut = Some(at);
            }
            if used > width {
                let kept = &text[..cut.unwrap_or(at)];
                return format!("{}{ELLIPSIS}", kept.trim_end());
            }
        }
        text.to_string()
    }

    /// Breaks cleaned text into lines no wider than `width`: at spaces where it can, inside a word
    /// only when one word alone is too wide; line breaks in the text are kept. Each character is
    /// measured at most twice, so the work grows linearly with the text.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let space = self.advance(' ', size, bold);
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
                    continue;
                }
                // A word wider than the line: as many characters per line as fit, at least one.
                line_width = 0.0;
                for c in word.chars() {
                    let w = self.advance(c, size, bold);
                    if !line.is_empty() && line_width + w > width {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += w;
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

/// A run of cleaned text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub colour: &'static str,
}

/// A run placed on a line, `x` points from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub run: Run,
    pub x: f32,
}

impl Fonts {
    /// Breaks styled runs into lines no wider than `width`, as [`Fonts::wrap`] breaks plain text:
    /// at spaces, inside a word only when it alone is too wide, and at every line break. Pieces
    /// of one style next to each other on a line are joined into one run.
    pub fn wrap_runs(&self, runs: &[Run], size: f32, width: f32) -> Vec<Vec<Placed>> {
        let mut lines = Lines::default();
        let mut pending_space = false;
        for run in runs {
            for (i, segment) in run.text.split('\n').enumerate() {
                if i > 0 {
                    lines.break_line();
                    pending_space = false;
                }
                let mut words = segment.split(' ').peekable();
                while let Some(word) = words.next() {
                    if word.is_empty() {
                        pending_space |= words.peek().is_some() || segment.ends_with(' ');
                        continue;
                    }
                    let word_width = self.width(word, size, run.bold);
                    let space = if pending_space {
                        self.advance(' ', size, run.bold)
                    } else {
                        0.0
                    };
                    if lines.used > 0.0 && lines.used + space + word_width > width {
                        lines.break_line();
                    }
                    if word_width <= width || lines.used > 0.0 {
                        lines.put(run, word, space, word_width);
                    } else {
                        for c in word.chars() {
                            let w = self.advance(c, size, run.bold);
                            if lines.used > 0.0 && lines.used + w > width {
                                lines.break_line();
                            }
                            lines.put(run, c.encode_utf8(&mut [0; 4]), 0.0, w);
                        }
                    }
                    pending_space = words.peek().is_some();
                }
            }
        }
        lines.finish()
    }
}

/// Lines being filled by [`Fonts::wrap_runs`]: those done, the current one and its width so far.
#[derive(Default)]
struct Lines {
    done: Vec<Vec<Placed>>,
    current: Vec<Placed>,
    used: f32,
}

impl Lines {
    fn break_line(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.used = 0.0;
    }

    /// `word` after `space` points of space, which a line's start drops.
    fn put(&mut self, run: &Run, word: &str, space: f32, word_width: f32) {
        let space = if self.used > 0.0 { space } else { 0.0 };
        place(&mut self.current, run, word, space > 0.0, self.used);
        self.used += space + word_width;
    }

    /// Every line, without empty ones at the end (one empty line for no text).
    fn finish(mut self) -> Vec<Vec<Placed>> {
        self.done.push(self.current);
        while self.done.len() > 1 && self.done.last().is_some_and(Vec::is_empty) {
            self.done.pop();
        }
        self.done
    }
}

/// Adds `word` to the line at `x`, onto the last run when it has the same style.
fn place(line: &mut Vec<Placed>, run: &Run, word: &str, space: bool, x: f32) {
    if let Some(last) = line.last_mut() {
        let same = (last.run.bold, last.run.italic, last.run.colour) == (run.bold, run.italic, run.colour);
        if same {
            if space {
                last.run.text.push(' ');
            }
            last.run.text.push_str(word);
            return;
        }
    }
    let text = if space { format!(" {word}") } else { word.to_string() };
    line.push(Placed {
        run: Run { text, ..run.clone() },
        x,
    });
}

/// The characters a face draws: a bit per character of the Basic Multilingual Plane, where
/// nearly all text lies, and an ordered set for the rest. A report shows a few hundred thousand
/// characters, and a bit set takes each in a step where a tree takes a search.
#[derive(Default)]
struct CharSet {
    basic: Vec<u64>,
    beyond: BTreeSet<char>,
}

impl CharSet {
    const BASIC_WORDS: usize = 0x1_0000 / 64;

    fn insert(&mut self, c: char) {
        let code = c as usize;
        if code < 0x1_0000 {
            if self.basic.is_empty() {
                self.basic = vec![0; Self::BASIC_WORDS];
            }
            self.basic[code / 64] |= 1 << (code % 64);
        } else {
            self.beyond.insert(c);
        }
    }

    /// Every character in the set, in order.
    fn iter(&self) -> impl Iterator<Item = char> + '_ {
        let basic = self.basic.iter().enumerate().flat_map(|(word, &bits)| {
            (0..64)
                .filter(move |bit| bits & (1 << bit) != 0)
                .filter_map(move |bit| u32::try_from(word * 64 + bit).ok().and_then(char::from_u32))
        });
        basic.chain(self.beyond.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_char_set_holds_each_character_once_in_order() {
        let mut set = CharSet::default();
        for c in "zebra\u{1F600}a\u{ffff}\u{0}é\u{10FFFF}".chars() {
            set.insert(c);
        }
        let found: String = set.iter().collect();
        assert_eq!(found, "\u{0}aberzé\u{ffff}\u{1F600}\u{10FFFF}");
        assert_eq!(CharSet::default().iter().count(), 0);
    }

    fn run(text: &str, bold: bool) -> Run {
        Run {
            text: text.into(),
            bold,
            italic: false,
            colour: "#000000",
        }
    }

    #[test]
    fn styled_runs_wrap_at_spaces_and_join_on_a_line() {
        let fonts = Fonts::load().unwrap();
        let runs = [
            run("We saw ", false),
            run("strong", true),
            run(" practice in the service desk and", false),
            run("s", true),
            run(" more", false),
        ];
        let lines = fonts.wrap_runs(&runs, 10.0, 120.0);
        assert!(lines.len() >= 2, "{lines:?}");
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|p| p.run.text.as_str()).collect())
            .collect();
        assert_eq!(
            text.join("|")
                .replace('|', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            "We saw strong practice in the service desk ands more"
        );
        assert_eq!(lines[0][0].run.text, "We saw");
        assert!(lines[0][1].run.bold && lines[0][1].run.text == " strong");
        assert!((lines[0][1].x - fonts.width("We saw", 10.0, false)).abs() < 0.01);
        for line in &lines {
            let last = line.last().unwrap();
            assert!(
                last.x + fonts.width(&last.run.text, 10.0, last.run.bold) <= 120.01,
                "{line:?}"
            );
        }
        let glued = lines.iter().flatten().find(|p| p.run.text == "s").unwrap();
        assert!(glued.run.bold, "a style change inside a word keeps the word whole");
    }

    #[test]
    fn line_breaks_and_overlong_words_in_runs() {
        let fonts = Fonts::load().unwrap();
        let lines = fonts.wrap_runs(&[run("one\ntwo", false)], 10.0, 200.0);
        assert_eq!(lines.len(), 2);
        let long = "W".repeat(40);
        let lines = fonts.wrap_runs(&[run(&long, true)], 10.0, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.iter().flatten().map(|p| p.run.text.len()).sum::<usize>(), 40);
    }

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
        assert_eq!(
            fonts.warnings(),
            [
                "the font has no glyph for U+5B57 '字'; it is shown as \u{FFFD}",
                "the font has no glyph for U+6F22 '漢'; it is shown as \u{FFFD}",
            ]
        );
    }

    #[test]
    fn missing_glyph_warnings_are_deduplicated_and_capped() {
        let fonts = Fonts::load().unwrap();
        let many: String = (0x4E00..0x4E00 + 5_000).filter_map(char::from_u32).collect();
        fonts.clean(&many.repeat(3));
        let warnings = fonts.warnings();
        assert_eq!(warnings.len(), MISSING_GLYPH_WARNINGS + 1);
        assert!(warnings[0].contains("U+4E00"), "{}", warnings[0]);
        assert_eq!(
            warnings.last().unwrap(),
            &format!("the font has no glyph for 4,980 more characters; each is shown as {SUBSTITUTE}")
        );
    }

    #[test]
    fn a_long_unbroken_word_breaks_into_lines_that_fit_and_loses_nothing() {
        let fonts = Fonts::load().unwrap();
        let word = "https://example.com/".to_string() + &"aWiW0%".repeat(5_000);
        let text = format!("see {word} for details");
        let lines = fonts.wrap(&text, 7.5, false, 150.0);
        assert!(lines.len() > 100, "{} lines", lines.len());
        for line in &lines {
            assert!(fonts.width(line, 7.5, false) <= 150.0, "{line}");
            assert!(!line.is_empty());
        }
        // Lines break inside the word without spaces, and between words with one.
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert_eq!(lines[0], "see");
        assert!(lines.last().unwrap().ends_with("details"));
    }

    #[test]
    fn wrapping_work_grows_linearly_with_the_text() {
        let cost = |text: &str| {
            let fonts = Fonts::load().unwrap();
            fonts.wrap(text, 8.0, false, 150.0);
            fonts.measured()
        };
        for unit in ["abcdefg ", "x", "a\n", "Ωmega and Сбербанк "] {
            let small = cost(&unit.repeat(2_000));
            let large = cost(&unit.repeat(20_000));
            assert!(small > 0);
            assert!(large <= 10 * small + 100, "{unit:?}: {small} then {large}");
        }
        // At most two measurements per character, whatever the shape of the text.
        let text = "x".repeat(50_000);
        assert!(cost(&text) <= 2 * 50_000 + 1);
    }

    #[test]
    fn one_line_texts_are_cut_with_an_ellipsis_measuring_only_what_fits() {
        let fonts = Fonts::load().unwrap();
        assert_eq!(fonts.ellipsize("Northwind", 8.0, true, 200.0), "Northwind");
        let long = "Northwind Logistics ".repeat(100_000);
        let before = fonts.measured();
        let cut = fonts.ellipsize(&long, 8.0, true, 200.0);
        assert!(fonts.measured() - before < 200, "measures only what fits");
        assert!(cut.ends_with('…') && cut.starts_with("Northwind Logistics"));
        assert!(fonts.width(&cut, 8.0, true) <= 200.0);
    }
}
