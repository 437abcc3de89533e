//! Flowing content down pages: a cursor, measured and wrapped text, tables whose header repeats on
//! every page they cross and whose rows never run off a page, and figures kept whole.

use super::canvas::{Align, Canvas};
use super::fonts::Fonts;
use crate::theme::THEME;

pub const LINE_FACTOR: f32 = 1.3;
const CELL_PAD: f32 = 3.0;

/// Page size and margins in points.
#[derive(Debug, Clone, Copy)]
pub struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
}

impl PageGeometry {
    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }
}

/// Text style: size in points, weight and colour.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub colour: &'static str,
}

impl Style {
    pub fn body() -> Style {
        Style {
            size: THEME.size_body as f32,
            bold: false,
            colour: THEME.ink,
        }
    }

    pub fn small() -> Style {
        Style {
            size: THEME.size_small as f32,
            bold: false,
            colour: THEME.ink,
        }
    }

    pub fn muted(self) -> Style {
        Style {
            colour: THEME.muted,
            ..self
        }
    }

    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    pub fn sized(self, size: f64) -> Style {
        Style {
            size: size as f32,
            ..self
        }
    }

    pub fn coloured(self, colour: &'static str) -> Style {
        Style { colour, ..self }
    }

    pub fn line_height(&self) -> f32 {
        self.size * LINE_FACTOR
    }
}

pub struct Flow<'f> {
    pub fonts: &'f Fonts,
    pub page: PageGeometry,
    pub pages: Vec<Canvas>,
    /// Distance of the cursor from the top of the current page.
    pub y: f32,
    /// Section titles with the index of the page they start on, for the outline and contents.
    pub outline: Vec<(String, usize)>,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts, page: PageGeometry) -> Self {
        Flow {
            fonts,
            page,
            pages: Vec::new(),
            y: page.height,
            outline: Vec::new(),
        }
    }

    pub fn left(&self) -> f32 {
        self.page.margin_x
    }

    pub fn width(&self) -> f32 {
        self.page.content_width()
    }

    fn bottom(&self) -> f32 {
        self.page.height - self.page.margin_bottom
    }

    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    pub fn canvas(&mut self) -> &mut Canvas {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages.push(Canvas::new(self.page.height));
        self.y = self.page.margin_top;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.room() < height {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    pub fn clean(&self, text: &str) -> String {
        self.fonts.clean(text)
    }

    /// A section title that starts a new page and an outline entry.
    pub fn section(&mut self, title: &str) {
        self.new_page();
        self.outline.push((title.to_string(), self.pages.len() - 1));
        self.heading(title, 1);
    }

    /// A heading kept with what follows it; level 1 is ruled in the accent colour.
    pub fn heading(&mut self, title: &str, level: u8) {
        let style = match level {
            1 => Style::body().sized(THEME.size_h1).bold().coloured(THEME.accent),
            _ => Style::body().sized(THEME.size_h2).bold(),
        };
        let lines = self.fonts.wrap(&self.clean(title), style.size, true, self.width());
        let height = lines.len() as f32 * style.line_height();
        // Keep the heading with the start of what follows it: a paragraph or a table's first rows.
        self.ensure(height + 120.0);
        if level > 1 && self.y > self.page.margin_top + 1.0 {
            self.space(6.0);
        }
        self.lines(&lines, style, self.left(), Align::Left);
        if level == 1 {
            let (x, y, w) = (self.left(), self.y + 1.0, self.width());
            self.canvas().line(&[(x, y), (x + w, y)], THEME.accent, 1.2, None);
            self.space(10.0);
        } else {
            self.space(3.0);
        }
    }

    /// Wrapped text, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        let lines = self.fonts.wrap(&self.clean(text), style.size, style.bold, self.width());
        self.lines(&lines, style, self.left(), Align::Left);
        self.space(style.size * 0.6);
    }

    pub fn bullets(&mut self, items: &[String], style: Style) {
        let indent = 12.0;
        for item in items {
            let lines = self
                .fonts
                .wrap(&self.clean(item), style.size, style.bold, self.width() - indent);
            self.ensure(style.line_height());
            let (x, y, fonts) = (self.left(), self.y + style.size, self.fonts);
            self.canvas()
                .text(fonts, x + 3.0, y, "•", style.size, false, style.colour, Align::Left);
            self.lines(&lines, style, self.left() + indent, Align::Left);
            self.space(2.0);
        }
        self.space(style.size * 0.4);
    }

    fn lines(&mut self, lines: &[String], style: Style, x: f32, align: Align) {
        for line in lines {
            self.ensure(style.line_height());
            let baseline = self.y + style.size;
            let fonts = self.fonts;
            self.canvas()
                .text(fonts, x, baseline, line, style.size, style.bold, style.colour, align);
            self.space(style.line_height());
        }
    }

    /// Room for a figure of `height`, drawn by `draw` with its top-left corner at (x, y).
    pub fn figure(&mut self, height: f32, draw: impl FnOnce(&mut Canvas, &Fonts, f32, f32)) {
        self.ensure(height);
        let (x, y, fonts) = (self.left(), self.y, self.fonts);
        draw(self.canvas(), fonts, x, y);
        self.space(height);
    }

    pub fn table(&mut self, table: &Table) {
        let widths = table.column_widths(self.width());
        let header: Vec<Cell> = table.columns.iter().map(|c| Cell::text(&c.title).bold()).collect();
        let header = self.layout_row(&Row::new(header), &widths, table);
        let header_height = if table.header { header.height } else { 0.0 };
        let body = self.bottom() - self.page.margin_top;
        let first_row = table
            .rows
            .first()
            .map_or(0.0, |r| self.layout_row(r, &widths, table).height);
        self.ensure(header_height + first_row.min(body / 2.0));
        self.draw_header(&header, table);
        for row in &table.rows {
            let mut laid = self.layout_row(row, &widths, table);
            loop {
                if laid.height <= self.room() {
                    self.draw_row(&laid);
                    break;
                }
                let full_page = self.bottom() - self.page.margin_top - header_height;
                if laid.height <= full_page || self.room() < table.style.line_height() * 3.0 {
                    self.new_page();
                    self.draw_header(&header, table);
                    if laid.height <= self.room() {
                        continue;
                    }
                }
                // Taller than a page: draw what fits, carry the rest over with the header repeated.
                let rest = laid.split(self.room() - 2.0 * CELL_PAD);
                self.draw_row(&laid);
                self.new_page();
                self.draw_header(&header, table);
                laid = rest;
            }
        }
        self.space(table.style.size);
    }

    fn layout_row(&self, row: &Row, widths: &[f32], table: &Table) -> LaidRow {
        let style = table.style;
        let mut column = 0;
        let mut cells = Vec::new();
        for cell in &row.cells {
            let span = cell.span.min(widths.len().saturating_sub(column)).max(1);
            let width: f32 = widths[column.min(widths.len() - 1)..(column + span).min(widths.len())]
                .iter()
                .sum();
            let align = table.columns.get(column).map_or(Align::Left, |c| c.align);
            column += span;
            let indent = match cell.graphic {
                Some(Graphic::Level(_)) if !cell.text.is_empty() => Graphic::BADGE_WIDTH + 4.0,
                _ => 0.0,
            };
            let inner = (width - 2.0 * CELL_PAD - indent).max(4.0);
            let mut lines = Vec::new();
            let main = Style {
                bold: cell.bold || row.group,
                colour: if row.group {
                    THEME.accent
                } else {
                    cell.colour.unwrap_or(style.colour)
                },
                ..style
            };
            for text in self.fonts.wrap(&self.clean(&cell.text), main.size, main.bold, inner) {
                lines.push((text, main));
            }
            if let Some(sub) = &cell.sub {
                let small = Style::small().sized(f64::from(style.size) - 1.0).muted();
                for text in self.fonts.wrap(&self.clean(sub), small.size, false, inner) {
                    lines.push((text, small));
                }
            }
            cells.push(LaidCell {
                lines,
                graphic: cell.graphic.clone(),
                width,
                indent,
                align,
            });
        }
        let height = cells.iter().map(LaidCell::height).fold(0.0, f32::max) + 2.0 * CELL_PAD;
        LaidRow {
            cells,
            height,
            group: row.group,
        }
    }

    fn draw_header(&mut self, header: &LaidRow, table: &Table) {
        if !table.header {
            return;
        }
        let (x, y, w) = (self.left(), self.y, self.width());
        self.canvas().rect(x, y, w, header.height, THEME.panel);
        self.draw_cells(header);
    }

    fn draw_row(&mut self, row: &LaidRow) {
        let (x, y, w) = (self.left(), self.y, self.width());
        if row.group {
            self.canvas().rect(x, y, w, row.height, THEME.panel);
        }
        self.draw_cells(row);
    }

    fn draw_cells(&mut self, row: &LaidRow) {
        let fonts = self.fonts;
        let (top, left, width) = (self.y, self.left(), self.width());
        let mut x = left;
        let canvas = self.canvas();
        for cell in &row.cells {
            let (w, align) = (cell.width, cell.align);
            let mut baseline = top + CELL_PAD;
            for (text, style) in &cell.lines {
                baseline += style.size;
                let tx = match align {
                    Align::Left => x + CELL_PAD + cell.indent,
                    Align::Centre => x + w / 2.0,
                    Align::Right => x + w - CELL_PAD,
                };
                canvas.text(fonts, tx, baseline, text, style.size, style.bold, style.colour, align);
                baseline += style.line_height() - style.size;
            }
            if let Some(graphic) = &cell.graphic {
                graphic.draw(canvas, fonts, x + CELL_PAD, top + CELL_PAD, w - 2.0 * CELL_PAD);
            }
            x += w;
        }
        let bottom = top + row.height;
        canvas.line(&[(left, bottom), (left + width, bottom)], THEME.rule, 0.5, None);
        self.y = bottom;
    }
}

/// Something drawn inside a table cell instead of, or after, its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Graphic {
    /// A score bar: fraction of the scale filled (none: not scored), target mark, fill colour.
    Bar {
        fraction: Option<f32>,
        target: f32,
        fill: &'static str,
    },
    /// A level badge.
    Level(Option<u8>),
}

impl Graphic {
    pub const HEIGHT: f32 = 10.0;
    pub const BADGE_WIDTH: f32 = 14.0;

    fn draw(&self, canvas: &mut Canvas, fonts: &Fonts, x: f32, y: f32, width: f32) {
        match *self {
            Graphic::Bar { fraction, target, fill } => {
                canvas.rect(x, y + 1.0, width, Self::HEIGHT - 2.0, THEME.unscored);
                if let Some(f) = fraction {
                    canvas.rect(x, y + 1.0, width * f, Self::HEIGHT - 2.0, fill);
                }
                let tx = x + (width * target).clamp(1.0, width - 1.0);
                canvas.line(&[(tx, y), (tx, y + Self::HEIGHT)], THEME.ink, 1.5, None);
            }
            Graphic::Level(level) => {
                let score = level.map(f64::from);
                let text = level.map_or_else(|| "–".to_string(), |l| l.to_string());
                canvas.rect(x, y, Self::BADGE_WIDTH, Self::HEIGHT + 1.0, THEME.fill(score));
                canvas.text(
                    fonts,
                    x + Self::BADGE_WIDTH / 2.0,
                    y + 8.5,
                    &text,
                    7.5,
                    true,
                    THEME.fill_ink(score),
                    Align::Centre,
                );
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub sub: Option<String>,
    pub bold: bool,
    pub colour: Option<&'static str>,
    pub graphic: Option<Graphic>,
    /// How many columns the cell covers.
    pub span: usize,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            sub: None,
            bold: false,
            colour: None,
            graphic: None,
            span: 1,
        }
    }

    pub fn graphic(graphic: Graphic) -> Cell {
        Cell {
            graphic: Some(graphic),
            ..Cell::text("")
        }
    }

    pub fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }

    pub fn muted(mut self) -> Cell {
        self.colour = Some(THEME.muted);
        self
    }

    pub fn span(mut self, columns: usize) -> Cell {
        self.span = columns.max(1);
        self
    }

    /// A level badge followed by text, such as the level's name.
    pub fn level(level: Option<u8>, text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::graphic(Graphic::Level(level))
        }
    }

    /// A second, smaller and muted paragraph under the text.
    pub fn sub(mut self, sub: impl Into<String>) -> Cell {
        let sub = sub.into();
        if !sub.is_empty() {
            self.sub = Some(sub);
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A group heading row (a domain within a framework table).
    pub group: bool,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, group: false }
    }

    pub fn group(cells: Vec<Cell>) -> Row {
        Row { cells, group: true }
    }
}

pub struct Column {
    pub title: String,
    /// Share of the table's width, relative to the other columns.
    pub weight: f32,
    pub align: Align,
}

pub fn column(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.to_string(),
        weight,
        align,
    }
}

pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub style: Style,
    /// Whether the column titles are drawn (and repeated on each page).
    pub header: bool,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            style: Style::small().sized(THEME.size_small + 0.5),
            header: true,
        }
    }

    pub fn push(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row::new(cells));
    }

    fn column_widths(&self, total: f32) -> Vec<f32> {
        let sum: f32 = self.columns.iter().map(|c| c.weight).sum::<f32>().max(f32::EPSILON);
        self.columns.iter().map(|c| total * c.weight / sum).collect()
    }
}

struct LaidCell {
    lines: Vec<(String, Style)>,
    graphic: Option<Graphic>,
    width: f32,
    /// Room left of the text for a badge.
    indent: f32,
    align: Align,
}

impl LaidCell {
    fn height(&self) -> f32 {
        let text: f32 = self.lines.iter().map(|(_, s)| s.line_height()).sum();
        let graphic = if self.graphic.is_some() {
            Graphic::HEIGHT + 1.0
        } else {
            0.0
        };
        text.max(graphic)
    }
}

struct LaidRow {
    cells: Vec<LaidCell>,
    height: f32,
    group: bool,
}

impl LaidRow {
    /// Keeps the lines that fit in `budget` points and returns the rest as a row of its own.
    fn split(&mut self, budget: f32) -> LaidRow {
        let mut rest = Vec::new();
        for cell in &mut self.cells {
            let mut used = 0.0;
            let keep = cell
                .lines
                .iter()
                .take_while(|(_, s)| {
                    used += s.line_height();
                    used <= budget
                })
                .count()
                .max(1);
            rest.push(LaidCell {
                lines: cell.lines.split_off(keep.min(cell.lines.len())),
                graphic: None,
                width: cell.width,
                indent: cell.indent,
                align: cell.align,
            });
        }
        self.height = self.cells.iter().map(LaidCell::height).fold(0.0, f32::max) + 2.0 * CELL_PAD;
        let height = rest.iter().map(LaidCell::height).fold(0.0, f32::max) + 2.0 * CELL_PAD;
        LaidRow {
            cells: rest,
            height,
            group: self.group,
        }
    }
}
