//! Renders the report model: HTML and Markdown through tera templates (bundled, or a consultancy's
//! own with `--templates`), JSON from the model itself, CSV of the gap register.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tera::{Tera, Value};

use crate::charts::{self, svg};
use crate::content::BUNDLED_TEMPLATES;
use crate::error::{Error, Result};
use crate::pdf::Paper;
use crate::render::csv::CsvTable;
use crate::render::{json, markdown, number, percent};
use crate::report::Report;
use crate::theme::{THEME, Theme};

const TEMPLATE_PREFIX: &str = "reports/templates/";
/// Templates that are documents of their own; any other template is a partial they may include.
const TOP_LEVEL: [&str; 2] = ["report.", "readiness."];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Markdown,
    Json,
    Csv,
    Pdf(Paper),
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Pdf(_) => "pdf",
        }
    }
}

#[derive(Serialize)]
struct Context<'a> {
    report: &'a Report,
    charts: Charts,
    theme: &'static Theme,
}

/// Charts drawn once as SVG: a radar per framework, a bar per control (`framework:control`), the heat map.
#[derive(Serialize)]
struct Charts {
    radars: BTreeMap<String, String>,
    bars: BTreeMap<String, String>,
    heatmap: String,
}

fn charts(report: &Report) -> Charts {
    let scores = &report.scores;
    Charts {
        radars: scores
            .frameworks
            .iter()
            .map(|f| (f.id.clone(), svg::radar(&charts::framework_radar(f))))
            .collect(),
        bars: scores
            .frameworks
            .iter()
            .flat_map(|f| {
                f.domains.iter().flat_map(move |d| {
                    d.controls
                        .iter()
                        .map(move |c| (format!("{}:{}", f.id, c.id), svg::bar(&charts::bar(c.score, c.target))))
                })
            })
            .collect(),
        heatmap: svg::heatmap(&charts::heatmap(scores)),
    }
}

/// A rendered report and what the reader of the command should be told about it.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

impl From<Vec<u8>> for Rendered {
    fn from(bytes: Vec<u8>) -> Self {
        Rendered {
            bytes,
            warnings: Vec::new(),
        }
    }
}

pub fn render(report: &Report, format: ReportFormat, templates: Option<&Path>) -> Result<Rendered> {
    match format {
        ReportFormat::Json => Ok(json(report).into_bytes().into()),
        ReportFormat::Csv => Ok(gap_csv(report).to_bytes().into()),
        ReportFormat::Html => render_template(report, "report.html", templates).map(Rendered::from),
        ReportFormat::Markdown => render_template(report, "report.md", templates).map(Rendered::from),
        ReportFormat::Pdf(paper) => crate::pdf::render(report, paper).map(|pdf| Rendered {
            bytes: pdf.bytes,
            warnings: pdf.warnings,
        }),
    }
}

pub fn render_template(report: &Report, name: &str, templates: Option<&Path>) -> Result<Vec<u8>> {
    let tera = engine_for(templates, name)?;
    let context = tera::Context::from_serialize(Context {
        report,
        charts: charts(report),
        theme: &THEME,
    })
    .map_err(|e| Error::Usage(format!("cannot build the template context: {e}")))?;
    tera.render(name, &context)
        .map(String::into_bytes)
        .map_err(|e| Error::Usage(format!("template {name}: {}", error_chain(&e))))
}

/// The bundled templates, with any file of the same name in `dir` taking their place. Only those
/// needed to render `main` are parsed: it and the partials (every template not named `report.*` or
/// `readiness.*`); parsing the other top-level templates would only cost time.
fn engine_for(dir: Option<&Path>, main: &str) -> Result<Tera> {
    let mut sources: Vec<(String, String)> = BUNDLED_TEMPLATES
        .iter()
        .map(|(label, text)| {
            (
                label.trim_start_matches(TEMPLATE_PREFIX).to_string(),
                (*text).to_string(),
            )
        })
        .collect();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = crate::input::read_text(&path).map_err(|d| Error::single(*d))?;
            sources.retain(|(existing, _)| existing != &name);
            sources.push((name, text));
        }
    }
    sources.retain(|(name, _)| name == main || !TOP_LEVEL.iter().any(|prefix| name.starts_with(prefix)));
    let mut tera = Tera::default();
    tera.add_raw_templates(sources)
        .map_err(|e| Error::Usage(format!("templates: {}", error_chain(&e))))?;
    tera.register_filter("num", filter(|v| number(v.as_f64())));
    tera.register_filter("pct", filter(|v| percent(v.as_f64())));
    tera.register_filter("mdcell", filter(|v| markdown::cell(&plain(v))));
    tera.register_filter("mdtext", filter(|v| markdown::text(&plain(v))));
    Ok(tera)
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn filter(f: impl Fn(&Value) -> String + Sync + Send + 'static) -> impl tera::Filter {
    move |value: &Value, _: &HashMap<String, Value>| Ok(Value::String(f(value)))
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

/// The gap register as CSV, for tracking in a spreadsheet.
pub fn gap_csv(report: &Report) -> CsvTable {
    let mut table = CsvTable::new(&[
        "rank",
        "framework",
        "domain",
        "control",
        "title",
        "mandatory",
        "score",
        "level",
        "target",
        "gap",
        "priority",
        "questions",
    ]);
    for g in &report.gaps.gaps {
        table.push(vec![
            g.rank.to_string(),
            g.framework.clone(),
            g.domain.clone(),
            g.control.clone(),
            g.title.clone(),
            if g.mandatory { "yes" } else { "no" }.into(),
            crate::scoring::round4(g.score).to_string(),
            g.level.to_string(),
            crate::scoring::round4(g.target).to_string(),
            crate::scoring::round4(g.gap).to_string(),
            crate::scoring::round4(g.priority).to_string(),
            g.questions.join(" "),
        ]);
    }
    table
}
