//! Flowing content down pages: a cursor, measured and wrapped text, tables whose header repeats on
//! every page they cross and whose rows never run off a page, and figures kept whole.

use std::ops::Range;

use super::canvas::{Align, Canvas};
use super::fonts::{Fonts, Run};
use super::limits::{PAGE_LIMIT, TEXT_LIMIT, shorten, stopped_note};
use crate::render::theme::THEME;

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
    /// Characters of one text shown before it is cut with a note.
    pub text_limit: usize,
    /// Pages of the document, the closing note of a stopped document included.
    pub page_limit: usize,
    /// Whether the page limit was reached: from then on nothing more is laid out.
    stopped: bool,
    /// The section the document stopped in, unless it stopped between sections.
    interrupted: Option<String>,
    /// Sections that started after the document stopped.
    left_out: Vec<String>,
    /// Where drawing goes once the document has stopped, emptied on every use.
    discard: Canvas,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts, page: PageGeometry) -> Self {
        Flow {
            fonts,
            page,
            pages: Vec::new(),
            y: page.height,
            outline: Vec::new(),
            text_limit: TEXT_LIMIT,
            page_limit: PAGE_LIMIT,
            stopped: false,
            interrupted: None,
            left_out: Vec::new(),
            discard: Canvas::new(page.height),
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
        match self.pages.last_mut() {
            Some(canvas) if !self.stopped => canvas,
            _ => {
                self.discard = Canvas::new(self.page.height);
                &mut self.discard
            }
        }
    }

    /// Starts a page; at the page limit, stops the document instead, keeping the last page for
    /// the closing note.
    pub fn new_page(&mut self) {
        if self.stopped {
            return;
        }
        if self.pages.len() + 1 >= self.page_limit.max(3) {
            self.stopped = true;
            self.interrupted = self.outline.last().map(|(name, _)| name.clone());
            return;
        }
        self.pages.push(Canvas::new(self.page.height));
        self.y = self.page.margin_top;
    }

    /// Ends a stopped document with a page saying what was left out and where to find it.
    pub fn finish(&mut self) {
        if !self.stopped {
            return;
        }
        let note = stopped_note(self.page_limit, self.interrupted.as_deref(), &self.left_out);
        self.stopped = false;
        self.pages.push(Canvas::new(self.page.height));
        self.y = self.page.margin_top;
        let title = "Left out of this PDF";
        self.outline.push((title.to_string(), self.pages.len() - 1));
        self.heading(title, 1);
        self.paragraph(&note, Style::body());
        self.stopped = true;
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

    /// Text ready to draw: cut at the text limit with a note saying so, then cleaned.
    pub fn fit(&self, text: &str) -> String {
        self.fonts.clean(&shorten(text, self.text_limit))
    }

    /// A section title that starts a new page and an outline entry.
    pub fn section(&mut self, title: &str) {
        let stopped_before = self.stopped;
        self.new_page();
        let title = shorten(title, self.text_limit).into_owned();
        if self.stopped {
            if !stopped_before {
                // Stopped between sections: the one before is whole.
                self.interrupted = None;
            }
            self.left_out.push(title);
            return;
        }
        self.outline.push((title.clone(), self.pages.len() - 1));
        self.heading(&title, 1);
    }

    /// A heading kept with what follows it; level 1 is ruled in the accent colour.
    pub fn heading(&mut self, title: &str, level: u8) {
        let style = match level {
            1 => Style::body().sized(THEME.size_h1).bold().coloured(THEME.accent),
            _ => Style::body().sized(THEME.size_h2).bold(),
        };
        if self.stopped {
            return;
        }
        let lines = self.fonts.wrap(&self.fit(title), style.size, true, self.width());
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
        if self.stopped {
            return;
        }
        let lines = self.fonts.wrap(&self.fit(text), style.size, style.bold, self.width());
        self.lines(&lines, style, self.left(), Align::Left);
        self.space(style.size * 0.6);
    }

    pub fn bullets(&mut self, items: &[String], style: Style) {
        let indent = 12.0;
        for item in items {
            if self.stopped {
                return;
            }
            let lines = self
                .fonts
                .wrap(&self.fit(item), style.size, style.bold, self.width() - indent);
            self.ensure(style.line_height());
            let (x, y, fonts) = (self.left(), self.y + style.size, self.fonts);
            self.canvas()
                .text(fonts, x + 3.0, y, "•", style.size, false, style.colour, Align::Left);
            self.lines(&lines, style, self.left() + indent, Align::Left);
            self.space(2.0);
        }
        self.space(style.size * 0.4);
    }

    /// Styled runs wrapped as a paragraph, `indent` points in, with `marker` (a bullet or a number)
    /// before the first line; the runs' sizes are the style's.
    pub fn rich(&mut self, runs: &[Run], style: Style, indent: f32, marker: Option<&str>) {
        if self.stopped {
            return;
        }
        let lines = self.fonts.wrap_runs(runs, style.size, self.width() - indent);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(style.line_height());
            if self.stopped {
                return;
            }
            let (x, baseline, fonts) = (self.left(), self.y + style.size, self.fonts);
            let canvas = self.canvas();
            if let (0, Some(marker)) = (i, marker) {
                canvas.text(
                    fonts,
                    x + 3.0,
                    baseline,
                    marker,
                    style.size,
                    false,
                    style.colour,
                    Align::Left,
                );
            }
            for placed in line {
                canvas.run(fonts, x + indent + placed.x, baseline, &placed.run, style.size);
            }
            self.space(style.line_height());
        }
        self.space(if marker.is_some() { 2.0 } else { style.size * 0.6 });
    }

    fn lines(&mut self, lines: &[String], style: Style, x: f32, align: Align) {
        for line in lines {
            self.ensure(style.line_height());
            if self.stopped {
                return;
            }
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
        if self.stopped {
            return;
        }
        let (x, y, fonts) = (self.left(), self.y, self.fonts);
        draw(self.canvas(), fonts, x, y);
        self.space(height);
    }

    pub fn table(&mut self, table: &Table) {
        if self.stopped {
            return;
        }
        let widths = table.column_widths(self.width());
        let header: Vec<Cell> = table.columns.iter().map(|c| Cell::text(&c.title).bold()).collect();
        let header = self.layout_row(&Row::new(header), &widths, table);
        let header_height = if table.header { header.height() } else { 0.0 };
        let body = self.bottom() - self.page.margin_top;
        let mut first = table.rows.first().map(|r| self.layout_row(r, &widths, table));
        let first_height = first.as_ref().map_or(0.0, LaidRow::height);
        self.ensure(header_height + first_height.min(body / 2.0));
        self.draw_header(&header, table);
        for row in &table.rows {
            let mut laid = first.take().unwrap_or_else(|| self.layout_row(row, &widths, table));
            loop {
                if self.stopped {
                    return;
                }
                if laid.height() <= self.room() {
                    self.draw_row(&mut laid, f32::INFINITY);
                    break;
                }
                let full_page = body - header_height;
                if laid.height() <= full_page || self.room() < table.style.line_height() * 3.0 {
                    self.new_page();
                    self.draw_header(&header, table);
                    if laid.height() <= self.room() {
                        continue;
                    }
                }
                // Taller than a page: draw what fits, carry the rest over with the header repeated.
                let budget = self.room() - 2.0 * CELL_PAD;
                self.draw_row(&mut laid, budget);
                if laid.is_drawn() {
                    break;
                }
                self.new_page();
                self.draw_header(&header, table);
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
            for text in self.fonts.wrap(&self.fit(&cell.text), main.size, main.bold, inner) {
                lines.push((text, main));
            }
            if let Some(sub) = &cell.sub {
                let small = Style::small().sized(f64::from(style.size) - 1.0).muted();
                for text in self.fonts.wrap(&self.fit(sub), small.size, false, inner) {
                    lines.push((text, small));
                }
            }
            cells.push(LaidCell::new(lines, cell.graphic.clone(), width, indent, align));
        }
        LaidRow {
            cells,
            group: row.group,
            started: false,
        }
    }

    fn draw_header(&mut self, header: &LaidRow, table: &Table) {
        if !table.header || self.stopped {
            return;
        }
        let (x, y, w) = (self.left(), self.y, self.width());
        let height = header.height();
        self.canvas().rect(x, y, w, height, THEME.panel);
        let whole: Vec<Range<usize>> = header.cells.iter().map(|c| 0..c.lines.len()).collect();
        self.draw_cells(header, &whole, true, height);
    }

    /// Draws the lines of each cell not yet drawn that fit in `budget` points (at least one), and
    /// marks them drawn.
    fn draw_row(&mut self, row: &mut LaidRow, budget: f32) {
        let parts: Vec<Range<usize>> = row.cells.iter().map(|c| c.lines_within(budget)).collect();
        let graphics = !row.started;
        let height = row
            .cells
            .iter()
            .zip(&parts)
            .map(|(cell, part)| cell.part_height(part, graphics))
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD;
        let (x, y, w) = (self.left(), self.y, self.width());
        if row.group {
            self.canvas().rect(x, y, w, height, THEME.panel);
        }
        self.draw_cells(row, &parts, graphics, height);
        for (cell, part) in row.cells.iter_mut().zip(parts) {
            cell.drawn = part.end;
        }
        row.started = true;
    }

    fn draw_cells(&mut self, row: &LaidRow, parts: &[Range<usize>], graphics: bool, height: f32) {
        let fonts = self.fonts;
        let (top, left, width) = (self.y, self.left(), self.width());
        let mut x = left;
        let canvas = self.canvas();
        for (cell, part) in row.cells.iter().zip(parts) {
            let (w, align) = (cell.width, cell.align);
            let mut baseline = top + CELL_PAD;
            for (text, style) in &cell.lines[part.clone()] {
                baseline += style.size;
                let tx = match align {
                    Align::Left => x + CELL_PAD + cell.indent,
                    Align::Centre => x + w / 2.0,
                    Align::Right => x + w - CELL_PAD,
                };
                canvas.text(fonts, tx, baseline, text, style.size, style.bold, style.colour, align);
                baseline += style.line_height() - style.size;
            }
            if let Some(graphic) = cell.graphic.as_ref().filter(|_| graphics) {
                graphic.draw(canvas, fonts, x + CELL_PAD, top + CELL_PAD, w - 2.0 * CELL_PAD);
            }
            x += w;
        }
        let bottom = top + height;
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
    /// `tops[i]` is the height of the lines before line `i`; one more entry than lines.
    tops: Vec<f32>,
    /// Lines already drawn, on earlier pages.
    drawn: usize,
    graphic: Option<Graphic>,
    width: f32,
    /// Room left of the text for a badge.
    indent: f32,
    align: Align,
}

impl LaidCell {
    fn new(lines: Vec<(String, Style)>, graphic: Option<Graphic>, width: f32, indent: f32, align: Align) -> LaidCell {
        let mut tops = Vec::with_capacity(lines.len() + 1);
        let mut top = 0.0;
        tops.push(top);
        for (_, style) in &lines {
            top += style.line_height();
            tops.push(top);
        }
        LaidCell {
            lines,
            tops,
            drawn: 0,
            graphic,
            width,
            indent,
            align,
        }
    }

    /// The lines not yet drawn that fit in `budget` points, at least one if any are left. Only the
    /// lines it returns are looked at, so drawing a cell across pages is linear in its lines.
    fn lines_within(&self, budget: f32) -> Range<usize> {
        let start = self.drawn;
        let mut end = start;
        while end < self.lines.len() && self.tops[end + 1] - self.tops[start] <= budget {
            end += 1;
        }
        if end == start && end < self.lines.len() {
            end += 1;
        }
        start..end
    }

    fn part_height(&self, part: &Range<usize>, graphic: bool) -> f32 {
        let text = self.tops[part.end] - self.tops[part.start];
        let graphic = if graphic && self.graphic.is_some() {
            Graphic::HEIGHT + 1.0
        } else {
            0.0
        };
        text.max(graphic)
    }

    fn is_drawn(&self) -> bool {
        self.drawn >= self.lines.len()
    }
}

struct LaidRow {
    cells: Vec<LaidCell>,
    group: bool,
    /// Whether part of the row is drawn already: its graphics go with its first part only.
    started: bool,
}

impl LaidRow {
    /// Height of what is left to draw.
    fn height(&self) -> f32 {
        let graphics = !self.started;
        self.cells
            .iter()
            .map(|cell| cell.part_height(&(cell.drawn..cell.lines.len()), graphics))
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD
    }

    fn is_drawn(&self) -> bool {
        self.started && self.cells.iter().all(LaidCell::is_drawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::Paper;

    fn comment_table(comment: &str) -> Table {
        let mut table = Table::new(vec![
            column("Id", 1.1, Align::Left),
            column("Question", 3.6, Align::Left),
            column("Comment", 3.6, Align::Left),
        ]);
        table.push(vec![
            Cell::text("GOV-01"),
            Cell::text("Who decides?"),
            Cell::text(comment),
        ]);
        table.push(vec![
            Cell::text("GOV-02"),
            Cell::text("Who checks?"),
            Cell::text("short"),
        ]);
        table
    }

    /// Pages and characters measured to lay out `table`, with `text_limit` characters per text.
    fn lay_out(table: &Table, text_limit: usize) -> (Flow<'static>, u64) {
        let fonts: &'static Fonts = Box::leak(Box::new(Fonts::load().unwrap()));
        let mut flow = Flow::new(fonts, Paper::A4.geometry());
        flow.text_limit = text_limit;
        flow.new_page();
        let before = fonts.measured();
        flow.table(table);
        let work = fonts.measured() - before;
        (flow, work)
    }

    fn all_text(flow: &Flow) -> String {
        flow.pages.iter().map(Canvas::shown_text).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_text_over_the_limit_is_cut_in_its_cell_with_a_note() {
        let comment = "evidence reviewed ".repeat(50_000);
        let (flow, _) = lay_out(&comment_table(&comment), TEXT_LIMIT);
        assert!(flow.pages.len() <= 2, "{} pages", flow.pages.len());
        let text = all_text(&flow);
        assert!(text.contains("[shortened in the PDF: 898,000 more"), "{text}");
        assert!(text.contains("the full text is in the HTML, Markdown"));
        assert!(text.contains("GOV-02"), "the next row follows");
    }

    #[test]
    fn layout_work_does_not_grow_with_text_beyond_the_limit() {
        let (_, small) = lay_out(&comment_table(&"abcdefg ".repeat(10_000)), TEXT_LIMIT);
        let (_, large) = lay_out(&comment_table(&"abcdefg ".repeat(1_000_000)), TEXT_LIMIT);
        assert!(large <= small + 100, "{small} then {large}");
        let (_, small) = lay_out(&comment_table(&"x".repeat(80_000)), TEXT_LIMIT);
        let (_, large) = lay_out(&comment_table(&"x".repeat(8_000_000)), TEXT_LIMIT);
        assert!(large <= small + 100, "{small} then {large}");
    }

    #[test]
    fn a_row_taller_than_many_pages_is_split_in_linear_work_losing_no_line() {
        let words = |n: usize| (0..n).map(|i| format!("w{i:05}")).collect::<Vec<_>>().join(" ");
        let (small_flow, small) = lay_out(&comment_table(&words(5_000)), usize::MAX);
        let (large_flow, large) = lay_out(&comment_table(&words(50_000)), usize::MAX);
        let (small_pages, large_pages) = (small_flow.pages.len(), large_flow.pages.len());
        assert!(small_pages >= 3, "{small_pages} pages");
        assert!(
            large_pages <= 11 * small_pages,
            "{small_pages} then {large_pages} pages"
        );
        assert!(large <= 12 * small, "{small} then {large}");
        let text = all_text(&large_flow);
        for i in [0, 1, 25_000, 49_999] {
            assert!(text.contains(&format!("w{i:05}")), "w{i:05}");
        }
        assert!(
            text.matches("Comment").count() >= large_pages,
            "the header repeats on every page"
        );
    }

    #[test]
    fn lines_of_a_split_cell_are_each_looked_at_once() {
        let style = Style::small();
        let lines = vec![("line".to_string(), style); 100_000];
        let mut cell = LaidCell::new(lines, None, 100.0, 0.0, Align::Left);
        let (mut parts, mut looked_at) = (0, 0);
        while !cell.is_drawn() {
            let part = cell.lines_within(style.line_height() * 50.5);
            looked_at += part.len();
            cell.drawn = part.end;
            parts += 1;
        }
        assert_eq!(looked_at, 100_000);
        assert_eq!(parts, 2_000);
        // A line taller than the budget still goes, alone, so drawing always moves on.
        let mut cell = LaidCell::new(vec![("tall".to_string(), style)], None, 100.0, 0.0, Align::Left);
        assert_eq!(cell.lines_within(1.0), 0..1);
        cell.drawn = 1;
        assert_eq!(cell.lines_within(1.0), 1..1);
    }

    #[test]
    fn the_document_stops_at_the_page_limit_with_a_closing_note() {
        let fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&fonts, Paper::A4.geometry());
        flow.page_limit = 12;
        flow.new_page();
        flow.new_page();
        for section in ["Answers", "Method", "Glossary"] {
            flow.section(section);
            for _ in 0..20 {
                flow.paragraph(&"evidence reviewed ".repeat(100), Style::body());
                flow.table(&comment_table(&"x".repeat(1_000)));
            }
        }
        flow.finish();
        assert_eq!(flow.pages.len(), 12);
        let last = flow.pages.last().unwrap().shown_text();
        assert!(last.contains("Left out of this PDF"), "{last}");
        assert!(
            last.contains("This PDF stops at 12 pages. Left out: the rest of Answers; Method; Glossary. The full"),
            "{last}"
        );
        assert_eq!(flow.outline.last().unwrap(), &("Left out of this PDF".to_string(), 11));
    }

    #[test]
    fn a_document_stopped_between_sections_leaves_out_whole_sections_only() {
        let fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&fonts, Paper::A4.geometry());
        flow.page_limit = 4;
        flow.new_page();
        flow.new_page();
        flow.section("Summary");
        flow.section("Answers");
        flow.paragraph("Never drawn.", Style::body());
        flow.finish();
        assert_eq!(flow.pages.len(), 4);
        let last = flow.pages[3].shown_text();
        assert!(last.contains("Left out: Answers. The full report"), "{last}");
        assert!(!flow.pages.iter().any(|p| p.shown_text().contains("Never drawn")));
    }
}
