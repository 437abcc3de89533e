//! The response workbook (`responses.xlsx`): written with `rust_xlsxwriter` for interviews in Excel
//! or `LibreOffice` Calc, read back with calamine.
//!
//! Layout: an instructions sheet, then one sheet per section, so an interview with the service
//! desk lead opens on its own tab and a cell reference such as `Support!C14` names one answer.
//! Every section sheet has the columns of the CSV sheet (`question_id`, `question`, `answer`,
//! `comment`, `evidence`, `level_0` to `level_5`, `guidance`) under a frozen header; only the
//! answer, comment and evidence cells can be edited (the sheets are protected without a password,
//! against slips rather than people), and the answer cell offers 0 to 5 and `na` in a list.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::content::questionnaire::{
    INSTRUCTIONS, LEVELS, MAX_SHEET_NAME, Question, Questionnaire, SHEET_NAME_FORBIDDEN, Section, tab_problem,
};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::workspace::responses::{Answer, Responses};

/// Columns of a section sheet, in order, with their width in characters.
const COLUMNS: [(&str, f64); 12] = [
    ("question_id", 10.0),
    ("question", 46.0),
    ("answer", 9.0),
    ("comment", 44.0),
    ("evidence", 30.0),
    ("level_0", 34.0),
    ("level_1", 34.0),
    ("level_2", 34.0),
    ("level_3", 34.0),
    ("level_4", 34.0),
    ("level_5", 34.0),
    ("guidance", 60.0),
];
const ID: u16 = 0;
const QUESTION: u16 = 1;
const ANSWER: u16 = 2;
const COMMENT: u16 = 3;
const EVIDENCE: u16 = 4;
const FIRST_LEVEL: u16 = 5;
const GUIDANCE: u16 = 11;

/// The most bytes the parts of a workbook may take once unzipped: far above any questionnaire,
/// far below what would strain memory, so a zip bomb is refused before it is read.
const MAX_UNZIPPED_BYTES: u64 = 128 * 1024 * 1024;

/// What the instructions sheet says about the assessment.
pub struct Cover<'a> {
    pub organization: &'a str,
    pub date: &'a str,
    pub frameworks: &'a [String],
}

/// The name of a section's sheet: its `tab`, or its name without the characters Excel refuses,
/// cut at a word to 31 characters. A name already taken gets a number.
fn sheet_name(section: &Section, taken: &[String]) -> String {
    let source = if section.tab.trim().is_empty() || tab_problem(&section.tab).is_some() {
        &section.name
    } else {
        &section.tab
    };
    let cleaned: String = source
        .chars()
        .map(|c| {
            if SHEET_NAME_FORBIDDEN.contains(&c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut name = String::new();
    for word in words {
        let next = if name.is_empty() {
            word.to_string()
        } else {
            format!("{name} {word}")
        };
        if next.chars().count() > MAX_SHEET_NAME {
            break;
        }
        name = next;
    }
    let name = name.trim_end_matches([',', ';', '.', '-', '&']).trim_end();
    let mut name = name.to_string();
    if name.is_empty() || name.eq_ignore_ascii_case(INSTRUCTIONS) {
        name = format!("Section {}", taken.len() + 1);
    }
    let base = name.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" {n}");
        let room = MAX_SHEET_NAME - suffix.len();
        name = format!("{}{suffix}", base.chars().take(room).collect::<String>().trim_end());
        n += 1;
    }
    name
}

/// A sheet name as a cell reference writes it: quoted when it holds anything but letters,
/// digits and `_`.
#[must_use]
pub fn sheet_reference(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// Column letters of a zero-based column index: 0 is A, 26 is AA.
#[must_use]
pub fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Rows of a sheet are as tall as their longest wrapped cell needs, estimated from its length,
/// so descriptors read without resizing in Excel (which does not fit rows on opening) and in Calc.
fn row_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            text.split('\n')
                .map(|line| {
                    let per_line = (width * 1.2).max(1.0);
                    #[allow(clippy::cast_precision_loss)]
                    let chars = line.chars().count() as f64;
                    (chars / per_line).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 15.0 + 3.0).min(409.0)
}

/// The response workbook for the questions of `questionnaire` that map a framework in `scope`,
/// filled with `responses` when given (an export of answers already collected).
pub fn write(
    questionnaire: &Questionnaire,
    scope: &[String],
    responses: Option<&Responses>,
    cover: &Cover<'_>,
) -> Result<Vec<u8>> {
    write_selected(questionnaire, &|q: &Question| q.maps_any(scope), responses, cover)
}

/// The response workbook for the questions `include` selects.
pub fn write_selected(
    questionnaire: &Questionnaire,
    include: &dyn Fn(&Question) -> bool,
    responses: Option<&Responses>,
    cover: &Cover<'_>,
) -> Result<Vec<u8>> {
    build(questionnaire, include, responses, cover)
        .map_err(|e| Error::Internal(format!("cannot write the response workbook: {e}")))
}

fn build(
    questionnaire: &Questionnaire,
    include: &dyn Fn(&Question) -> bool,
    responses: Option<&Responses>,
    cover: &Cover<'_>,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The assessment's date, never the clock: the same inputs give the same bytes.
    let created = ExcelDateTime::parse_from_str(cover.date).or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Responses: {}", cover.organization))
            .set_subject(format!("{} {}", questionnaire.name, questionnaire.version))
            .set_creation_datetime(&created),
    );
    let sections: Vec<&Section> = questionnaire
        .sections
        .iter()
        .filter(|s| s.questions.iter().any(include))
        .collect();
    let mut names = Vec::new();
    for section in &sections {
        let name = sheet_name(section, &names);
        names.push(name);
    }
    instructions(workbook.add_worksheet(), questionnaire, &sections, &names, cover)?;
    let styles = Styles::new();
    for (section, name) in sections.iter().zip(&names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        section_sheet(sheet, questionnaire, section, include, responses, &styles)?;
    }
    workbook.save_to_buffer()
}

struct Styles {
    header: Format,
    text: Format,
    open: Format,
    answer: Format,
    id: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0x001F_3A5F))
                .set_font_color(Color::White)
                .set_border_bottom(FormatBorder::Thin),
            text: base.clone(),
            open: base
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(0x00FF_F8E1)),
            answer: base
                .clone()
                .set_unlocked()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0x00FF_F8E1))
                .set_border(FormatBorder::Thin),
            id: base.set_bold(),
        }
    }
}

fn section_sheet(
    sheet: &mut Worksheet,
    questionnaire: &Questionnaire,
    section: &Section,
    include: &dyn Fn(&Question) -> bool,
    responses: Option<&Responses>,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    for (column, (title, width)) in (0u16..).zip(COLUMNS) {
        sheet.set_column_width(column, width)?;
        sheet.write_string_with_format(0, column, title, &styles.header)?;
    }
    sheet.set_row_height(0, 30)?;
    let mut row: u32 = 0;
    for question in section.questions.iter().filter(|q| include(q)) {
        row += 1;
        let given = responses.and_then(|r| r.get(&question.id));
        let guidance = crate::workspace::sheet_guidance(questionnaire, question);
        sheet.write_string_with_format(row, ID, &question.id, &styles.id)?;
        sheet.write_string_with_format(row, QUESTION, &question.text, &styles.text)?;
        match given.map(|r| r.answer) {
            Some(Answer::Level(level)) => {
                sheet.write_number_with_format(row, ANSWER, f64::from(level), &styles.answer)?;
            }
            Some(Answer::NotApplicable) => {
                sheet.write_string_with_format(row, ANSWER, "na", &styles.answer)?;
            }
            _ => {
                sheet.write_blank(row, ANSWER, &styles.answer)?;
            }
        }
        let comment = given.map_or("", |r| r.comment.as_str());
        let evidence = given.map_or("", |r| r.evidence.as_str());
        sheet.write_string_with_format(row, COMMENT, comment, &styles.open)?;
        sheet.write_string_with_format(row, EVIDENCE, evidence, &styles.open)?;
        for (column, level) in (FIRST_LEVEL..).zip(&question.levels) {
            sheet.write_string_with_format(row, column, level, &styles.text)?;
        }
        sheet.write_string_with_format(row, GUIDANCE, &guidance, &styles.text)?;
        let mut wrapped: Vec<(&str, f64)> = vec![
            (question.text.as_str(), COLUMNS[usize::from(QUESTION)].1),
            (comment, COLUMNS[usize::from(COMMENT)].1),
            (evidence, COLUMNS[usize::from(EVIDENCE)].1),
            (guidance.as_str(), COLUMNS[usize::from(GUIDANCE)].1),
        ];
        wrapped.extend(
            question
                .levels
                .iter()
                .map(|level| (level.as_str(), COLUMNS[usize::from(FIRST_LEVEL)].1)),
        );
        sheet.set_row_height(row, row_height(&wrapped))?;
    }
    if row > 0 {
        let list = DataValidation::new()
            .allow_list_strings(&["0", "1", "2", "3", "4", "5", "na"])?
            .set_input_title("Answer")?
            .set_input_message("A level 0 to 5 (see level_0 to level_5 on this row), na when the practice cannot exist in scope, or blank when not asked.")?
            .set_error_title("Not an answer")?
            .set_error_message("Answer with one level 0 to 5, or na. Leave the cell empty for a question not asked.")?
            .set_error_style(DataValidationErrorStyle::Stop);
        sheet.add_data_validation(1, ANSWER, row, ANSWER, &list)?;
        sheet.autofilter(0, ID, row, GUIDANCE)?;
    }
    sheet.set_freeze_panes(1, ANSWER + 1)?;
    // Printed (or saved as PDF) a sheet fits the page width, header repeated on every page.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        sort: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

fn instructions(
    sheet: &mut Worksheet,
    questionnaire: &Questionnaire,
    sections: &[&Section],
    names: &[String],
    cover: &Cover<'_>,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(INSTRUCTIONS)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    let title = Format::new().set_bold().set_font_size(16);
    let heading = Format::new().set_bold().set_font_size(12);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = text.clone().set_bold();
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 100)?;
    let mut row = 0;
    sheet.write_string_with_format(row, 0, format!("Responses: {}", cover.organization), &title)?;
    row += 2;
    let facts = [
        ("Assessment date", cover.date.to_string()),
        (
            "Questionnaire",
            format!("{} {}", questionnaire.name, questionnaire.version),
        ),
        ("Frameworks", cover.frameworks.join(", ")),
    ];
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        sheet.write_string_with_format(row, 1, value, &text)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "How to answer", &heading)?;
    row += 1;
    let steps = [
        "Each tab after this one holds the questions of one section. For each question, read the six level descriptions (level_0 to level_5) and type the level that holds in full in the answer column: 0 to 5, or pick it from the list.",
        "Type na only when the practice cannot exist within the scope, and say why in the comment. Leave the answer empty for a question not asked.",
        "In comment, write who said what and what you saw; in evidence, name the documents or records seen. An answer without a comment or evidence is a claim, not a finding.",
        "Only the answer, comment and evidence cells (shaded) can be edited; the rest is protected against slips (Review, Unprotect Sheet; there is no password). Do not change the question ids: they tie each answer to its question.",
        "Save the file as a workbook (.xlsx) and run itsm-assess score on the assessment folder.",
    ];
    for step in steps {
        sheet.write_string_with_format(row, 1, step, &text)?;
        sheet.set_row_height(row, row_height(&[(step, 100.0)]))?;
        row += 1;
    }
    if !questionnaire.rating.rules.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, "Rating rules", &heading)?;
        row += 1;
        for (n, rule) in (1..).zip(&questionnaire.rating.rules) {
            sheet.write_string_with_format(row, 0, format!("Rule {n}"), &bold)?;
            sheet.write_string_with_format(row, 1, rule, &text)?;
            sheet.set_row_height(row, row_height(&[(rule, 100.0)]))?;
            row += 1;
        }
    }
    row += 1;
    let scale_title = if questionnaire.scale.name.is_empty() {
        "Levels"
    } else {
        questionnaire.scale.name.as_str()
    };
    sheet.write_string_with_format(row, 0, scale_title, &heading)?;
    row += 1;
    for level in questionnaire.scale.levels.iter().take(LEVELS) {
        let name = format!("{} {}", level.level, level.name);
        sheet.write_string_with_format(row, 0, &name, &bold)?;
        sheet.write_string_with_format(row, 1, &level.meaning, &text)?;
        sheet.set_row_height(row, row_height(&[(&name, 30.0), (&level.meaning, 100.0)]))?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Sections", &heading)?;
    row += 1;
    for (section, name) in sections.iter().zip(names) {
        sheet.write_string_with_format(row, 0, name, &bold)?;
        sheet.write_string_with_format(row, 1, &section.name, &text)?;
        sheet.set_row_height(row, row_height(&[(name, 30.0), (&section.name, 100.0)]))?;
        row += 1;
    }
    sheet.protect();
    Ok(())
}

/// A row of a section sheet as read: its sheet, its spreadsheet row (1-based) and the cells of
/// the columns asked for, in that order (empty where the column or cell is missing).
pub struct SheetRow {
    pub sheet: String,
    pub row: u32,
    pub cells: Vec<String>,
    /// The letters of each column asked for, for cell references in messages.
    pub columns: Vec<String>,
}

/// Reads every sheet but the instructions: its first non-empty row is the header, found by
/// column names (any order, any case), and every later row with a cell in it is passed to
/// `accept`. A sheet without `question_id` and `answer` columns is reported, not skipped in silence.
pub fn read(
    label: &str,
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    accept: &mut dyn FnMut(SheetRow),
) -> std::result::Result<(), Diagnostics> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostics::single(
            Diagnostic::error(label, "cannot read the workbook")
                .found(e)
                .hint("save it again as an Excel workbook (.xlsx), or use the CSV sheet"),
        )
    };
    check_unzipped_size(label, bytes, MAX_UNZIPPED_BYTES)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names: Vec<String> = workbook
        .sheet_names()
        .into_iter()
        .filter(|n| !n.eq_ignore_ascii_case(INSTRUCTIONS))
        .collect();
    let mut problems = Diagnostics::default();
    for name in names {
        let mut cells = workbook.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
        let mut reader = SheetReader::new(label, &name, required, optional);
        loop {
            match cells.next_cell() {
                Ok(Some(cell)) => {
                    let (row, column) = cell.get_position();
                    reader.cell(row, column, cell_text(cell.get_value()), accept);
                }
                Ok(None) => break,
                Err(e) => {
                    problems.push(
                        Diagnostic::error(label, format!("cannot read sheet {}", sheet_reference(&name))).found(e),
                    );
                    break;
                }
            }
        }
        if let Err(found) = reader.finish(accept) {
            problems.extend(found);
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Refuses a workbook whose parts would unzip to more than [`MAX_UNZIPPED_BYTES`], counting what
/// each part really inflates to (a zip's declared sizes may lie) and stopping at the limit.
fn check_unzipped_size(label: &str, bytes: &[u8], limit: u64) -> std::result::Result<(), Diagnostics> {
    let fail = |found: String| {
        Diagnostics::single(
            Diagnostic::error(label, "cannot read the workbook")
                .found(found)
                .hint("save it again as an Excel workbook (.xlsx), or use the CSV sheet"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| fail(e.to_string()))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|e| fail(e.to_string()))?;
        let room = limit - total;
        let inflated =
            std::io::copy(&mut part.take(room + 1), &mut std::io::sink()).map_err(|e| fail(e.to_string()))?;
        total += inflated;
        if total > limit {
            return Err(fail(format!(
                "parts that unzip to more than {} MiB",
                limit / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// A cell's value as the text a CSV cell would hold: whole numbers without a decimal point (a
/// level typed in Excel is stored as the number 3), others as written, errors as Excel shows them.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::Error(e) => e.to_string(),
    }
}

fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// Turns a sheet's cells, which come row by row, into rows of the columns asked for.
struct SheetReader<'a> {
    label: &'a str,
    sheet: &'a str,
    wanted: Vec<&'a str>,
    required: usize,
    /// Where each wanted column sits, once the header is read.
    columns: Option<Vec<Option<u32>>>,
    header_row: u32,
    current: Option<(u32, Vec<String>)>,
    header: Vec<(u32, String)>,
}

impl<'a> SheetReader<'a> {
    fn new(label: &'a str, sheet: &'a str, required: &[&'a str], optional: &[&'a str]) -> Self {
        SheetReader {
            label,
            sheet,
            wanted: required.iter().chain(optional).copied().collect(),
            required: required.len(),
            columns: None,
            header_row: 0,
            current: None,
            header: Vec::new(),
        }
    }

    fn cell(&mut self, row: u32, column: u32, text: String, accept: &mut dyn FnMut(SheetRow)) {
        if self.columns.is_none() {
            if !self.header.is_empty() && row != self.header_row {
                self.settle_header();
            } else {
                if !text.trim().is_empty() {
                    self.header_row = row;
                    self.header.push((column, text.trim().to_lowercase()));
                }
                return;
            }
        }
        let Some(columns) = &self.columns else { return };
        let Some(slot) = columns.iter().position(|c| *c == Some(column)) else {
            return;
        };
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            self.flush(accept);
        }
        let width = self.wanted.len();
        let (_, cells) = self.current.get_or_insert_with(|| (row, vec![String::new(); width]));
        cells[slot] = text;
    }

    fn settle_header(&mut self) {
        let columns = self
            .wanted
            .iter()
            .map(|name| self.header.iter().find(|(_, h)| h == name).map(|(c, _)| *c))
            .collect();
        self.columns = Some(columns);
    }

    fn flush(&mut self, accept: &mut dyn FnMut(SheetRow)) {
        let Some((row, cells)) = self.current.take() else {
            return;
        };
        let Some(columns) = &self.columns else { return };
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        accept(SheetRow {
            sheet: self.sheet.to_string(),
            row: row + 1,
            cells,
            columns: columns
                .iter()
                .map(|c| c.map(column_letters).unwrap_or_default())
                .collect(),
        });
    }

    fn finish(mut self, accept: &mut dyn FnMut(SheetRow)) -> std::result::Result<(), Diagnostics> {
        if self.columns.is_none() {
            if self.header.is_empty() {
                // An empty sheet (one added by hand, say) holds no answers and no mistake.
                return Ok(());
            }
            self.settle_header();
        }
        let missing: Vec<&str> = self.wanted[..self.required]
            .iter()
            .zip(self.columns.iter().flatten())
            .filter(|(_, c)| c.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            let found: Vec<&str> = self.header.iter().map(|(_, h)| h.as_str()).collect();
            return Err(Diagnostics::single(
                Diagnostic::error(self.label, format!("missing required column {}", missing.join(" and ")))
                    .at_cell(format!("{}!{}", sheet_reference(self.sheet), self.header_row + 1))
                    .found(format!("columns {}", found.join(", ")))
                    .expected(self.wanted[..self.required].join(" and "))
                    .hint("the first filled row of every sheet but Instructions is its header; keep the header itsm-assess wrote"),
            ));
        }
        self.flush(accept);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{question, questionnaire};

    fn section(name: &str, tab: &str) -> Section {
        Section {
            id: "s".into(),
            name: name.into(),
            tab: tab.into(),
            description: String::new(),
            questions: Vec::new(),
        }
    }

    #[test]
    fn sheet_names_follow_excel_rules_and_stay_unique() {
        let long = section("Assurance: availability, capacity, continuity and security", "");
        assert_eq!(sheet_name(&long, &[]), "Assurance availability");
        assert_eq!(
            sheet_name(&section("Anything", "SMS (ISO 20000)"), &[]),
            "SMS (ISO 20000)"
        );
        assert_eq!(sheet_name(&section("[*?]", ""), &["A".into()]), "Section 2");
        assert_eq!(sheet_name(&section("instructions", ""), &[]), "Section 1");
        let taken = vec!["Support".to_string()];
        assert_eq!(sheet_name(&section("Support", ""), &taken), "Support 2");
        let full = "x".repeat(31);
        let name = sheet_name(&section(&full, ""), std::slice::from_ref(&full));
        assert_eq!(name, format!("{} 2", "x".repeat(29)));
    }

    #[test]
    fn a_tab_a_spreadsheet_would_refuse_is_named() {
        assert_eq!(tab_problem("Support"), None);
        assert_eq!(tab_problem(""), None);
        assert!(tab_problem(&"x".repeat(32)).is_some());
        assert!(tab_problem("A/B").is_some());
        assert!(tab_problem("instructions").is_some());
    }

    #[test]
    fn cell_references_read_as_a_spreadsheet_writes_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(sheet_reference("Support"), "Support");
        assert_eq!(sheet_reference("Change and release"), "'Change and release'");
        assert_eq!(sheet_reference("O'Neil"), "'O''Neil'");
    }

    #[test]
    fn numbers_read_as_the_text_a_csv_cell_holds() {
        assert_eq!(cell_text(&DataRef::Float(3.0)), "3");
        assert_eq!(cell_text(&DataRef::Float(3.5)), "3.5");
        assert_eq!(cell_text(&DataRef::Int(4)), "4");
        assert_eq!(cell_text(&DataRef::Bool(true)), "TRUE");
        assert_eq!(cell_text(&DataRef::SharedString("na")), "na");
        assert_eq!(cell_text(&DataRef::Empty), "");
    }

    fn rows_of(bytes: &[u8]) -> std::result::Result<Vec<(String, u32, Vec<String>)>, Diagnostics> {
        let mut rows = Vec::new();
        read("w.xlsx", bytes, &["question_id", "answer"], &["comment"], &mut |row| {
            rows.push((row.sheet, row.row, row.cells));
        })?;
        Ok(rows)
    }

    #[test]
    fn a_written_workbook_reads_back_with_its_answers_by_sheet_and_row() {
        let mut q = questionnaire(vec![
            question("Q-1", &[("f", "c", 1.0)]),
            question("Q-2", &[("f", "c", 1.0)]),
        ]);
        q.sections[0].name = "Support and resolution".into();
        let cover = Cover {
            organization: "Org",
            date: "2026-01-05",
            frameworks: &["f".to_string()],
        };
        let bytes = write(&q, &["f".to_string()], None, &cover).unwrap();
        assert_eq!(
            bytes,
            write(&q, &["f".to_string()], None, &cover).unwrap(),
            "same inputs, same bytes"
        );
        let rows = rows_of(&bytes).unwrap();
        assert_eq!(
            rows,
            [
                (
                    "Support and resolution".to_string(),
                    2,
                    vec!["Q-1".to_string(), String::new(), String::new()]
                ),
                (
                    "Support and resolution".to_string(),
                    3,
                    vec!["Q-2".to_string(), String::new(), String::new()]
                ),
            ]
        );
    }

    #[test]
    fn a_sheet_without_the_answer_column_is_reported_at_its_header() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Mine").unwrap();
        sheet.write_string(2, 1, "question_id").unwrap();
        sheet.write_string(2, 2, "remarks").unwrap();
        sheet.write_string(3, 1, "Q-1").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let Err(problems) = rows_of(&bytes) else { panic!("read") };
        let text: String = problems.iter().map(ToString::to_string).collect();
        assert!(
            text.contains("w.xlsx: Mine!3: missing required column answer"),
            "{text}"
        );
    }

    #[test]
    fn a_workbook_that_unzips_beyond_the_limit_is_refused_before_it_is_read() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "x".repeat(30_000)).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        assert!(check_unzipped_size("w.xlsx", &bytes, 10_000_000).is_ok());
        let Err(refused) = check_unzipped_size("w.xlsx", &bytes, 20_000) else {
            panic!("read")
        };
        let refused: String = refused.iter().map(ToString::to_string).collect();
        assert!(refused.contains("cannot read the workbook"), "{refused}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 64, ..proptest::test_runner::Config::default() })]
        #[test]
        fn any_bytes_give_rows_or_a_reason_never_a_panic(
            noise in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            at in 0usize..6000,
        ) {
            let q = questionnaire(vec![question("Q-1", &[("f", "c", 1.0)])]);
            let cover = Cover { organization: "Org", date: "2026-01-05", frameworks: &["f".to_string()] };
            let mut bytes = write(&q, &["f".to_string()], None, &cover).unwrap();
            let start = at.min(bytes.len());
            for (i, b) in noise.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(start + i) {
                    *slot ^= b;
                }
            }
            let _ = rows_of(&bytes);
            let _ = rows_of(&noise);
        }
    }
}
