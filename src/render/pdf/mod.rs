//! The PDF report, drawn with printpdf from the same report model as every other format: a cover,
//! contents, the sections of the HTML report, running header and footer, an outline, embedded and
//! subset `DejaVu` Sans, and document properties dated from the assessment, so the same inputs give
//! the same bytes.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    reason = "page geometry is f32 points, printpdf's unit; scores, sizes and counts drawn are far inside its range"
)]

mod canvas;
mod charts;
mod flow;
mod fonts;
mod limits;
mod sections;

use printpdf::{
    Date, DateTime, Mm, Offset, PageAnnotId, PageAnnotation, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, RawImage,
    RawImageData, RawImageFormat, Time, XObject, XObjectId,
};
use sha2::Digest;

use self::canvas::Align;
use self::flow::{Cell, Flow, PageGeometry, Style, Table, column};
use self::fonts::Fonts;
use self::limits::{TEXT_LIMIT, shorten};
use crate::error::{Error, Result};
use crate::render::theme::THEME;
use crate::report::Report;

const POINTS_PER_MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn geometry(self) -> PageGeometry {
        let (width, height) = match self {
            Paper::A4 => (210.0 * POINTS_PER_MM, 297.0 * POINTS_PER_MM),
            Paper::Letter => (612.0, 792.0),
        };
        PageGeometry {
            width,
            height,
            margin_x: 44.0,
            margin_top: 60.0,
            margin_bottom: 56.0,
        }
    }
}

#[derive(Debug)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks, each shown as a visible substitute.
    pub warnings: Vec<String>,
    /// The documents the file was made from, handed back as [`crate::render::Rendered::scratch`].
    pub scratch: Box<dyn std::any::Any>,
}

/// Which document to draw from the report model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The full assessment report.
    Assessment,
    /// The ISO/IEC 20000-1 readiness report for auditors.
    Readiness,
}

/// The full assessment report.
pub fn render(report: &Report, paper: Paper) -> Result<PdfOutput> {
    assemble(report, paper, Kind::Assessment)
}

/// The ISO/IEC 20000-1 readiness report; an error when that framework is not in scope.
pub fn render_readiness(report: &Report, paper: Paper) -> Result<PdfOutput> {
    if report.readiness.is_none() {
        return Err(crate::engine::readiness::not_in_scope());
    }
    assemble(report, paper, Kind::Readiness)
}

/// The name the logo has among the document's pictures.
const LOGO_ID: &str = "Logo";

fn assemble(report: &Report, paper: Paper, kind: Kind) -> Result<PdfOutput> {
    let logo = logo_image(report);
    let fonts = Fonts::load()?;
    let page = paper.geometry();
    let mut flow = Flow::new(&fonts, page);
    let title = match (kind, &report.readiness) {
        (Kind::Readiness, Some(iso)) => format!("{} readiness", iso.framework_name),
        _ => report.title.clone(),
    };
    cover(&mut flow, report, kind, &title);
    flow.new_page();
    match kind {
        Kind::Assessment => sections::lay_out(&mut flow, report),
        Kind::Readiness => sections::lay_out_readiness(&mut flow, report),
    }
    flow.finish();
    contents(&mut flow);
    running_header_and_footer(&mut flow, report, &title);

    let organization = shorten(&report.meta.organization, TEXT_LIMIT);
    let mut document = PdfDocument::new(&shorten(&format!("{title}: {organization}"), TEXT_LIMIT));
    let info = &mut document.metadata.info;
    info.author = shorten(&report.meta.assessor, TEXT_LIMIT).into_owned();
    info.subject = format!("Maturity and readiness of {organization}");
    info.keywords = ["IT service management", "maturity assessment"]
        .iter()
        .map(|k| (*k).to_string())
        .chain(
            report
                .meta
                .scope
                .iter()
                .map(|s| shorten(&s.name, TEXT_LIMIT).into_owned()),
        )
        .collect();
    info.creator.clone_from(&report.generator);
    info.producer.clone_from(&report.generator);
    let date = assessment_date(&report.meta.date);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    let mut outline = vec![("Contents".to_string(), 1)];
    outline.extend(flow.outline.iter().cloned());
    for (k, (name, index)) in outline.into_iter().enumerate() {
        document.bookmarks.map.insert(
            PageAnnotId(format!("B{k:04}")),
            PageAnnotation { name, page: index + 1 },
        );
    }
    let (width, height) = (Mm(page.width / POINTS_PER_MM), Mm(page.height / POINTS_PER_MM));
    let pages: Vec<PdfPage> = flow
        .pages
        .into_iter()
        .map(|c| PdfPage::new(width, height, c.into_ops()))
        .collect();
    let count = pages.len();
    for (id, subset) in fonts.subsets(&pages)? {
        document.resources.fonts.map.insert(id, PdfFont::new(subset));
    }
    if let Some(image) = logo {
        document
            .resources
            .xobjects
            .map
            .insert(XObjectId(LOGO_ID.into()), XObject::Image(image));
    }
    document.with_pages(pages);

    let mut warnings = Vec::new();
    let mut lo = document.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    compress(&mut lo);
    // printpdf draws the file identifier at random; derive it from the content instead.
    let id = fingerprint(report, paper, kind);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| Error::Internal(format!("cannot write the PDF: {e}")))?;
    Ok(PdfOutput {
        bytes,
        pages: count,
        warnings: fonts.warnings(),
        scratch: Box::new((document, lo, fonts)),
    })
}

/// Deflates every stream at the fast level: lopdf's own `compress` uses the slowest level,
/// which costs more time than it saves bytes on text and vector content.
fn compress(document: &mut lopdf::Document) {
    use std::io::Write;
    for object in document.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish()
            && compressed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// The file identifier: a digest of what determines the report (who, when, the data's
/// fingerprints, the tool and the paper), so the same inputs give the same identifier.
fn fingerprint(report: &Report, paper: Paper, kind: Kind) -> Vec<u8> {
    let mut hash = sha2::Sha256::new();
    let meta = &report.meta;
    for part in [
        &report.generator,
        &meta.organization,
        &meta.assessor,
        &meta.date,
        &meta.questionnaire.version,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    for file in &meta.response_files {
        hash.update(file.sha256.as_bytes());
    }
    hash.update(format!("{paper:?} {kind:?}"));
    hash.finalize()[..16].to_vec()
}

/// Midnight UTC of the assessment date: the only date in the file.
fn assessment_date(date: &str) -> DateTime {
    use chrono::Datelike;
    let day = crate::workspace::assessment::parse_date(date).unwrap_or_default();
    DateTime {
        date: Date {
            year: day.year(),
            month: u8::try_from(day.month()).unwrap_or(1),
            day: u8::try_from(day.day()).unwrap_or(1),
        },
        time: Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

/// The cover rows of the consultancy's block that are filled in.
fn issued_rows(document: &crate::report::DocumentMeta) -> Vec<(&'static str, String)> {
    let version = if document.version.is_empty() {
        String::new()
    } else {
        format!("{}, issued {}", document.version, document.issue_date)
    };
    [
        ("Prepared by", document.consultancy.clone()),
        ("Classification", document.classification.clone()),
        ("Version", version),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .collect()
}

/// The consultancy's logo as a picture for the PDF: a PNG as decoded, an SVG as drawn on load.
fn logo_image(report: &Report) -> Option<RawImage> {
    let pixels = &report.meta.document.logo.as_ref()?.pixels;
    let data_format = match pixels.channels {
        1 => RawImageFormat::R8,
        2 => RawImageFormat::RG8,
        3 => RawImageFormat::RGB8,
        _ => RawImageFormat::RGBA8,
    };
    Some(RawImage {
        pixels: RawImageData::U8(pixels.data.clone()),
        width: pixels.width as usize,
        height: pixels.height as usize,
        data_format,
        tag: Vec::new(),
    })
}

/// The largest box the logo is drawn in on the cover, in points; it keeps its proportions.
const LOGO_BOX: (f32, f32) = (160.0, 56.0);

/// The logo at the top right of the cover, scaled into [`LOGO_BOX`].
fn cover_logo(flow: &mut Flow, report: &Report) {
    let Some(pixels) = report.meta.document.logo.as_ref().map(|l| &l.pixels) else {
        return;
    };
    let (width, height) = (pixels.width as f32, pixels.height as f32);
    let scale = (LOGO_BOX.0 / width).min(LOGO_BOX.1 / height);
    let size = (width * scale, height * scale);
    let (right, top) = (flow.left() + flow.width(), flow.y);
    let id = XObjectId(LOGO_ID.into());
    flow.canvas()
        .image(&id, (pixels.width, pixels.height), (right - size.0, top), size);
    flow.space(size.1 + 10.0);
}

fn cover(flow: &mut Flow, report: &Report, kind: Kind, title: &str) {
    flow.new_page();
    let (x, y, w) = (flow.left(), flow.page.margin_top, flow.width());
    flow.canvas().rect(x, y, w, 6.0, THEME.accent);
    flow.space(20.0);
    cover_logo(flow, report);
    match (kind, &report.readiness, &report.prose.readiness) {
        (Kind::Readiness, Some(iso), Some(prose)) => sections::verdict_box(flow, iso, prose),
        _ => flow.space(26.0),
    }
    flow.space(14.0);
    flow.paragraph(&title.to_uppercase(), Style::small().bold().coloured(THEME.accent));
    flow.paragraph(&report.meta.organization, Style::body().sized(THEME.size_title).bold());
    let scope = report.meta.scope.len();
    let subtitle = match (kind, &report.readiness) {
        (Kind::Readiness, Some(iso)) => format!(
            "Certification readiness against {}, assessed on {}",
            iso.framework_name, report.meta.date
        ),
        _ => format!(
            "Maturity against {scope} framework{}, assessed on {}",
            crate::text::plural(scope),
            report.meta.date
        ),
    };
    flow.paragraph(&subtitle, Style::body().muted());
    flow.space(24.0);
    flow.table(&cover_table(report, kind));
}

/// Who issued the document, what was assessed and on what answers.
fn cover_table(report: &Report, kind: Kind) -> Table {
    let mut table = Table::new(vec![column("", 1.0, Align::Left), column("", 3.2, Align::Left)]);
    table.header = false;
    table.style = Style::body();
    let meta = &report.meta;
    let answered = &report.summary.answered;
    let scope: Vec<String> = meta
        .scope
        .iter()
        .map(|s| format!("{} ({})", s.name, s.version))
        .collect();
    for (key, value) in issued_rows(&meta.document) {
        table.push(vec![Cell::text(key).muted(), Cell::text(value)]);
    }
    let rows = [
        (
            "Assessor",
            if meta.assessor.is_empty() {
                "not named".to_string()
            } else {
                meta.assessor.clone()
            },
        ),
        ("Assessment date", meta.date.clone()),
        ("Scope", scope.join("; ")),
        (
            "Questionnaire",
            format!("{}, version {}", meta.questionnaire.name, meta.questionnaire.version),
        ),
        (
            "Answers",
            format!(
                "{} of {} questions answered, {} not applicable, {} not answered",
                answered.answered, answered.questions, answered.not_applicable, answered.unanswered
            ),
        ),
    ];
    for (key, value) in rows {
        table.push(vec![Cell::text(key).muted(), Cell::text(value)]);
    }
    let files = meta.response_files.iter().map(|f| ("Response file", f));
    for (label, f) in files.chain(meta.evidence_file.iter().map(|f| ("Evidence register", f))) {
        table.push(vec![
            Cell::text(label).muted(),
            Cell::text(format!("{} ({} bytes)", f.label, f.bytes)).sub(format!("SHA-256 {}", f.sha256)),
        ]);
    }
    if let (Kind::Readiness, Some(iso)) = (kind, &report.readiness) {
        for (label, verdict) in [
            ("Stage 1, documentation", iso.stage1.verdict),
            ("Stage 2, implementation", iso.stage2.verdict),
        ] {
            table.push(vec![Cell::text(label).muted(), Cell::text(verdict.label()).bold()]);
        }
        table.push(vec![
            Cell::text("Interviews and samples").muted(),
            Cell::text(format!(
                "{} interviews, {} samples",
                iso.interviews.len(),
                iso.samples.len()
            )),
        ]);
    }
    table
}

/// The contents page (the second page), written once every section knows its page.
fn contents(flow: &mut Flow) {
    let entries = flow.outline.clone();
    let fonts = flow.fonts;
    let page = flow.page;
    let Some(canvas) = flow.pages.get_mut(1) else {
        return;
    };
    let (x, w) = (page.margin_x, page.content_width());
    let title = Style::body().sized(THEME.size_h1).bold().coloured(THEME.accent);
    let mut y = page.margin_top + title.size;
    canvas.text(fonts, x, y, "Contents", title.size, true, title.colour, Align::Left);
    canvas.line(&[(x, y + 5.0), (x + w, y + 5.0)], THEME.accent, 1.2, None);
    y += 28.0;
    let available = page.height - page.margin_bottom - y;
    let step = (available / entries.len().max(1) as f32).min(18.0);
    let size = (step * 0.62).min(THEME.size_body as f32 + 1.0);
    for (i, (name, index)) in entries.iter().enumerate() {
        let number = format!("{}.  ", i + 1);
        let page_number = (index + 1).to_string();
        let room = w - fonts.width(&number, size, false) - fonts.width(&page_number, size, false) - 24.0;
        let name = fonts.ellipsize(&fonts.clean(&shorten(name, TEXT_LIMIT)), size, false, room);
        canvas.text(
            fonts,
            x,
            y,
            &format!("{number}{name}"),
            size,
            false,
            THEME.ink,
            Align::Left,
        );
        canvas.text(fonts, x + w, y, &page_number, size, false, THEME.ink, Align::Right);
        let dots_from = x + fonts.width(&format!("{number}{name}"), size, false) + 6.0;
        let dots_to = x + w - fonts.width(&page_number, size, false) - 6.0;
        if dots_to > dots_from {
            canvas.line(&[(dots_from, y), (dots_to, y)], THEME.rule, 0.6, Some(&[0.6, 2.4]));
        }
        y += step;
    }
}

fn running_header_and_footer(flow: &mut Flow, report: &Report, title: &str) {
    let total = flow.pages.len();
    let fonts = flow.fonts;
    let page = flow.page;
    let (x, w) = (page.margin_x, page.content_width());
    let size = THEME.size_small as f32;
    let organization = fonts.clean(&shorten(&report.meta.organization, TEXT_LIMIT));
    let document = &report.meta.document;
    let title = if document.classification.is_empty() {
        title.to_string()
    } else {
        format!("{} · {title}", document.classification)
    };
    let title = fonts.ellipsize(&fonts.clean(&shorten(&title, TEXT_LIMIT)), size, false, w / 2.0);
    let footer = match (document.version.is_empty(), document.consultancy.is_empty()) {
        (true, true) => report.meta.date.clone(),
        (false, true) => format!("{} · version {}", document.issue_date, document.version),
        (true, false) => format!("{} · {}", report.meta.date, document.consultancy),
        (false, false) => format!(
            "{} · version {} · {}",
            document.issue_date, document.version, document.consultancy
        ),
    };
    let footer = fonts.ellipsize(&fonts.clean(&shorten(&footer, TEXT_LIMIT)), size, false, w * 0.7);
    let title_width = fonts.width(&title, size, false);
    let organization = fonts.ellipsize(&organization, size, true, w - title_width - 24.0);
    for (i, canvas) in flow.pages.iter_mut().enumerate().skip(1) {
        let top = page.margin_top - 26.0;
        canvas.text(fonts, x, top, &organization, size, true, THEME.muted, Align::Left);
        canvas.text(fonts, x + w, top, &title, size, false, THEME.muted, Align::Right);
        canvas.line(&[(x, top + 5.0), (x + w, top + 5.0)], THEME.rule, 0.5, None);
        let bottom = page.height - page.margin_bottom + 28.0;
        canvas.line(&[(x, bottom - 11.0), (x + w, bottom - 11.0)], THEME.rule, 0.5, None);
        canvas.text(fonts, x, bottom, &footer, size, false, THEME.muted, Align::Left);
        canvas.text(
            fonts,
            x + w,
            bottom,
            &format!("page {} of {total}", i + 1),
            size,
            false,
            THEME.muted,
            Align::Right,
        );
    }
}
