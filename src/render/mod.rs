//! Renderers: one folder per backend, none importing another. [`text`] writes terminal tables,
//! CSV, JSON and code-built Markdown; [`html`] renders the tera templates (HTML and Markdown);
//! [`chart`] computes chart geometry once and draws it as SVG; [`pdf`] lays out the PDF. This
//! module only dispatches a format to its backend.

pub mod chart;
pub mod html;
pub mod pdf;
pub mod text;
pub mod theme;

use std::path::Path;

use crate::engine::readiness::ReadinessResult;
use crate::error::Result;
use crate::format::json;
use crate::report::Report;
use pdf::Paper;

/// A rendered document and what the reader of the command should be told about it.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
    /// What was built only to render the document: for a template, its context, the whole model
    /// again as a tree of values. It is handed back rather than freed so that a caller about to
    /// exit can leave it to the operating system (`std::mem::forget`): freeing it node by node
    /// takes a tenth of an HTML report's run. Dropping the `Rendered` frees it as usual.
    pub scratch: Option<Box<dyn std::any::Any>>,
}

impl From<Vec<u8>> for Rendered {
    fn from(bytes: Vec<u8>) -> Self {
        Rendered {
            bytes,
            warnings: Vec::new(),
            scratch: None,
        }
    }
}

impl From<pdf::PdfOutput> for Rendered {
    fn from(pdf: pdf::PdfOutput) -> Self {
        Rendered {
            bytes: pdf.bytes,
            warnings: pdf.warnings,
            scratch: Some(pdf.scratch),
        }
    }
}

/// The formats of the assessment report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Pdf,
    #[value(name = "md")]
    Markdown,
    Json,
    /// The gap register.
    Csv,
}

impl ReportFormat {
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Pdf => "pdf",
        }
    }

    /// Where the report goes when no output is named: `report.<extension>` in the assessment folder.
    #[must_use]
    pub fn default_file(self) -> String {
        format!("report.{}", self.extension())
    }
}

/// The assessment report in `format`.
pub fn report(report: &Report, format: ReportFormat, paper: Paper, templates: Option<&Path>) -> Result<Rendered> {
    match format {
        ReportFormat::Json => Ok(json(report).into_bytes().into()),
        ReportFormat::Csv => Ok(text::views::gap_csv(report).to_bytes().into()),
        ReportFormat::Html => html::render_template(report, "report.html", templates),
        ReportFormat::Markdown => html::render_template(report, "report.md", templates),
        ReportFormat::Pdf => pdf::render(report, paper).map(Rendered::from),
    }
}

/// The formats of the readiness report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReadinessFormat {
    /// Aligned columns for the terminal.
    Table,
    #[value(name = "md")]
    Markdown,
    Json,
    /// The corrective action plan.
    Csv,
    /// The applicability table.
    SoaCsv,
    Html,
    Pdf,
}

impl ReadinessFormat {
    /// Where the document goes when no output is named: the assessment folder for the documents
    /// (HTML, PDF), standard output for the rest.
    #[must_use]
    pub fn default_file(self) -> Option<&'static str> {
        match self {
            ReadinessFormat::Html => Some("readiness.html"),
            ReadinessFormat::Pdf => Some("readiness.pdf"),
            _ => None,
        }
    }
}

/// The readiness report in `format`.
pub fn readiness(
    report: &Report,
    result: &ReadinessResult,
    format: ReadinessFormat,
    paper: Paper,
    templates: Option<&Path>,
    colour: bool,
) -> Result<Rendered> {
    use text::readiness as view;
    Ok(match format {
        ReadinessFormat::Table => view::table(report, result, colour).into_bytes().into(),
        ReadinessFormat::Json => view::json(report, result).into_bytes().into(),
        ReadinessFormat::Csv => view::actions_csv(result).to_bytes().into(),
        ReadinessFormat::SoaCsv => view::applicability_csv(result).to_bytes().into(),
        ReadinessFormat::Markdown => html::render_template(report, "readiness.md", templates)?,
        ReadinessFormat::Html => html::render_template(report, "readiness.html", templates)?,
        ReadinessFormat::Pdf => pdf::render_readiness(report, paper)?.into(),
    })
}
