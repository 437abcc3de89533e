//! Renders the report model: HTML and Markdown through tera templates (bundled, or a consultancy's
//! own with `--templates`), JSON from the model itself, CSV of the gap register.

mod rich;
mod style;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tera::{Tera, Value};

use crate::content::BUNDLED_TEMPLATES;
use crate::error::{Error, Result};
use crate::format::{number, percent};
use crate::markdown;
use crate::render::Rendered;
use crate::render::chart::{self, svg};
use crate::render::theme::{THEME, Theme};
use crate::report::Report;
use crate::report::rich::Block;
use crate::text::{shorten, visible};

const TEMPLATE_PREFIX: &str = "reports/templates/";
/// Templates that are documents of their own; any other template is a partial they may include.
const TOP_LEVEL: [&str; 4] = ["report.", "readiness.", "compare.", "benchmark."];

#[derive(Serialize)]
struct Context<'a> {
    report: &'a Report,
    charts: &'a Charts,
    theme: &'static Theme,
    /// The stylesheet with the theme put in, which `_style.html` places.
    stylesheet: String,
    /// The consultancy's logo as a `data:` address, so the HTML file stays one file.
    logo: Option<String>,
}

/// Charts drawn once as SVG: a radar per framework, a bar per control (`framework:control`), the heat map.
#[derive(Serialize, Default)]
struct Charts {
    radars: BTreeMap<String, String>,
    bars: BTreeMap<String, String>,
    heatmap: String,
    gantt: String,
    /// Required elements by clause, when ISO/IEC 20000-1 is in scope.
    readiness: String,
    /// Each framework's domains now against the baseline round, in the trend's order.
    trends: Vec<String>,
    /// Each framework against its peers, in the benchmark's order.
    peers: Vec<String>,
}

/// Each framework of a benchmark against its peers, as SVG.
fn peer_charts(benchmark: Option<&crate::report::benchmark::Benchmark>) -> Vec<String> {
    benchmark
        .iter()
        .flat_map(|b| &b.frameworks)
        .map(|f| svg::grid_chart(&chart::peers_chart(f)))
        .collect()
}

fn charts(report: &Report) -> Charts {
    let scores = &report.scores;
    Charts {
        radars: scores
            .frameworks
            .iter()
            .map(|f| (f.id.clone(), svg::domain_chart(&chart::framework_chart(f))))
            .collect(),
        // Ids hold no `:` (see `content::ID_RULE`), so `framework:control` names one control.
        bars: scores
            .frameworks
            .iter()
            .flat_map(|f| {
                f.domains.iter().flat_map(move |d| {
                    d.controls
                        .iter()
                        .map(move |c| (format!("{}:{}", f.id, c.id), svg::bar(&chart::bar(c.score, c.target))))
                })
            })
            .collect(),
        heatmap: svg::heatmap(&chart::heatmap(scores)),
        gantt: svg::grid_chart(&chart::gantt(&report.roadmap)),
        readiness: report
            .readiness
            .as_ref()
            .map(|iso| svg::grid_chart(&chart::readiness_chart(iso)))
            .unwrap_or_default(),
        trends: report
            .trend
            .iter()
            .flat_map(|t| &t.frameworks)
            .map(|f| svg::domain_chart(&chart::trend_chart(f)))
            .collect(),
        peers: peer_charts(report.benchmark.as_ref()),
    }
}

/// The template functions `radar_chart(framework=ID)` and `bar_chart(framework=ID, control=ID)`.
/// Templates look charts up through these rather than `charts.bars[key]`: tera turns a subscript's
/// value back into path text, so an id with a quote, a bracket or a `~` in it failed the lookup and
/// with it the whole report.
struct ChartLookup {
    charts: Arc<Charts>,
    kind: ChartKind,
}

#[derive(Clone, Copy)]
enum ChartKind {
    Radar,
    Bar,
}

impl tera::Function for ChartLookup {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let framework = string_argument(args, "framework")?;
        let found = match self.kind {
            ChartKind::Radar => self.charts.radars.get(framework),
            ChartKind::Bar => {
                let control = string_argument(args, "control")?;
                self.charts.bars.get(&format!("{framework}:{control}"))
            }
        };
        found.map(|svg| Value::String(svg.clone())).ok_or_else(|| {
            tera::Error::msg(format!(
                "no chart for framework \"{}\"{}",
                visible(&shorten(framework)),
                match self.kind {
                    ChartKind::Radar => String::new(),
                    ChartKind::Bar => format!(
                        ", control \"{}\"",
                        visible(&shorten(string_argument(args, "control").unwrap_or_default()))
                    ),
                }
            ))
        })
    }

    /// The SVG is drawn by us with every text in it escaped.
    fn is_safe(&self) -> bool {
        true
    }
}

fn string_argument<'a>(args: &'a HashMap<String, Value>, name: &str) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("the argument `{name}` (a string) is missing")))
}

/// The document `name` (a bundled template, or one in `templates`), with its template context
/// handed back as [`Rendered::scratch`].
pub fn render_template(report: &Report, name: &str, templates: Option<&Path>) -> Result<Rendered> {
    let mut tera = engine_for(templates, name)?;
    // A Markdown document cannot show SVG: its charts are left empty rather than drawn for nothing.
    let charts = Arc::new(if markdown_extension(name) {
        Charts::default()
    } else {
        charts(report)
    });
    for (function, kind) in [("radar_chart", ChartKind::Radar), ("bar_chart", ChartKind::Bar)] {
        tera.register_function(
            function,
            ChartLookup {
                charts: Arc::clone(&charts),
                kind,
            },
        );
    }
    let context = tera::Context::from_serialize(Context {
        report,
        charts: &charts,
        theme: &THEME,
        stylesheet: if markdown_extension(name) {
            String::new()
        } else {
            style::stylesheet(&THEME, report.roadmap.options.phases)
        },
        logo: report.meta.document.logo.as_ref().map(|logo| {
            use base64::Engine;
            format!(
                "data:{};base64,{}",
                logo.media_type,
                base64::engine::general_purpose::STANDARD.encode(&logo.bytes)
            )
        }),
    })
    .map_err(|e| Error::Internal(format!("cannot build the template context: {e}")))?;
    let text = tera
        .render(name, &context)
        .map_err(|e| template_fault(templates, format!("template {name}: {}", error_chain(&e))))?;
    Ok(Rendered {
        bytes: text.into_bytes(),
        warnings: Vec::new(),
        scratch: Some(Box::new(context)),
    })
}

/// The comparison of two rounds as an HTML page, from the bundled `compare.html`.
pub fn render_comparison(comparison: &crate::report::compare::Comparison) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct CompareContext<'a> {
        comparison: &'a crate::report::compare::Comparison,
        #[serde(flatten)]
        page: Page,
    }
    render_page(
        "compare.html",
        &CompareContext {
            comparison,
            page: Page::new(),
        },
    )
}

/// A portfolio benchmark as an HTML page, from the bundled `benchmark.html`.
pub fn render_benchmark(benchmark: &crate::report::benchmark::Benchmark) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct BenchmarkContext<'a> {
        benchmark: &'a crate::report::benchmark::Benchmark,
        peer_charts: Vec<String>,
        #[serde(flatten)]
        page: Page,
    }
    let context = BenchmarkContext {
        benchmark,
        peer_charts: peer_charts(Some(benchmark)),
        page: Page::new(),
    };
    render_page("benchmark.html", &context)
}

/// What every page of its own (not a report) is given besides its model.
#[derive(Serialize)]
struct Page {
    theme: &'static Theme,
    stylesheet: String,
    generator: String,
}

impl Page {
    fn new() -> Self {
        Page {
            theme: &THEME,
            stylesheet: style::stylesheet(&THEME, crate::engine::roadmap::RoadmapOptions::default().phases),
            generator: format!("itsm-assess {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// A bundled page template rendered with its context.
fn render_page(name: &str, context: &impl Serialize) -> Result<Vec<u8>> {
    let tera = engine_for(None, name)?;
    let context = tera::Context::from_serialize(context)
        .map_err(|e| Error::Internal(format!("cannot build the template context: {e}")))?;
    tera.render(name, &context)
        .map(String::into_bytes)
        .map_err(|e| template_fault(None, format!("template {name}: {}", error_chain(&e))))
}

/// A template that fails: the user's fault when they gave templates of their own, else a bug.
fn template_fault(templates: Option<&Path>, message: String) -> Error {
    if templates.is_some() {
        Error::Usage(format!(
            "{message}\n  hint: check the templates in --templates; without it the bundled ones are used"
        ))
    } else {
        Error::Internal(message)
    }
}

/// The bundled templates, with any file of the same name in `dir` taking their place. Only those
/// needed to render `main` are parsed: it and the partials (every template not named `report.*` or
/// `readiness.*`), less those for the other kind of document (`.html` partials for a Markdown
/// document, `.md` ones for HTML); parsing the rest would only cost time.
///
/// Every value a template prints is escaped for the document being made, whatever the name of
/// the template it is in: Markdown escaping when `main` is a `.md` document, HTML escaping
/// otherwise. Only the output of our own filters and functions (`num`, `pct`, `mdcell`, `mdtext`,
/// `anchor`, `rich`, the charts) and values marked `| safe` are printed as they are.
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
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
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
    let other_document = if markdown_extension(main) { ".html" } else { ".md" };
    sources.retain(|(name, _)| {
        name == main || !(TOP_LEVEL.iter().any(|prefix| name.starts_with(prefix)) || name.ends_with(other_document))
    });
    let mut tera = Tera::default();
    // The empty suffix matches every template name, partials of any extension included.
    tera.autoescape_on(vec![""]);
    let markdown_document = markdown_extension(main);
    tera.set_escape_fn(if markdown_document { markdown::cell } else { escape_html });
    tera.add_raw_templates(sources)
        .map_err(|e| template_fault(dir, format!("templates: {}", error_chain(&e))))?;
    tera.register_filter("num", safe_filter(|v| number(v.as_f64())));
    tera.register_filter("pct", safe_filter(|v| percent(v.as_f64())));
    tera.register_filter("days", safe_filter(|v| crate::format::days(v.as_f64().unwrap_or(0.0))));
    tera.register_filter("signed", safe_filter(|v| crate::format::signed(v.as_f64())));
    tera.register_filter("mdcell", safe_filter(|v| markdown::cell(&plain(v))));
    tera.register_filter("mdtext", safe_filter(|v| markdown::text(&plain(v))));
    tera.register_filter("anchor", safe_filter(|v| anchor(&plain(v))));
    let blocks = |v: &Value| serde_json::from_value::<Vec<Block>>(v.clone()).unwrap_or_default();
    if markdown_document {
        tera.register_filter("rich", safe_filter(move |v| rich::markdown(&blocks(v))));
    } else {
        tera.register_filter("rich", safe_filter(move |v| rich::html(&blocks(v), escape_html)));
    }
    Ok(tera)
}

fn markdown_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// HTML escaping of a value, with line breaks made `\n` and any other control character or
/// bidirectional override shown visibly rather than passed into the page. One pass: runs of
/// ordinary ASCII, most of a report, are copied whole.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(at) = rest.bytes().position(needs_care) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2F;"),
            '\r' => {
                out.push('\n');
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            _ => out.push_str(&visible(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out.push_str(rest);
    out
}

/// A byte `escape_html` cannot copy as it is: markup, a control character other than a line
/// feed or tab, or the start of a non-ASCII character (which may be a control or an override).
fn needs_care(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'' | b'/' | b'\r' | 0x7f..)
        || (byte < 0x20 && byte != b'\n' && byte != b'\t')
}

/// `text` as an HTML id or URL fragment: ASCII letters, digits and `-` kept, every other byte
/// written `_xx` in hex (`_` itself too, so different texts never share an anchor). The result
/// needs no escaping in an attribute or after `#`.
#[must_use]
pub fn anchor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "_{byte:02x}");
        }
    }
    out
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A filter whose output is text we made safe for the document ourselves, so autoescaping leaves
/// it alone (escaping it again would show the escapes).
struct SafeFilter<F>(F);

fn safe_filter<F: Fn(&Value) -> String + Sync + Send>(f: F) -> SafeFilter<F> {
    SafeFilter(f)
}

impl<F: Fn(&Value) -> String + Sync + Send> tera::Filter for SafeFilter<F> {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::String((self.0)(value)))
    }

    fn is_safe(&self) -> bool {
        true
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ReportOptions, build};
    use crate::testkit::{assessment, catalog, control, question, questionnaire, responses};
    use crate::workspace::assessment::{Loaded, Targets};
    use crate::workspace::responses::Answer;

    /// The escaping as three passes (every line end made `\n`, controls made visible, tera's HTML
    /// escaping): the one-pass `escape_html` must give the same text for any input.
    fn escape_html_in_passes(text: &str) -> String {
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        tera::escape_html(&visible(&unified))
    }

    #[test]
    fn escaping_covers_markup_breaks_controls_and_overrides() {
        assert_eq!(
            escape_html("a<b>&\"c'/d\r\ne\rf\u{1b}g\u{202e}h\u{85}\té"),
            "a&lt;b&gt;&amp;&quot;c&#x27;&#x2F;d\ne\nf\\x1bg\\u{202e}h\\x85\té"
        );
    }

    proptest::proptest! {
        #[test]
        fn one_pass_escaping_matches_the_passes(text in "(?s).{0,40}", ascii in "[ -~\r\n\t]{0,40}") {
            proptest::prop_assert_eq!(escape_html(&text), escape_html_in_passes(&text));
            proptest::prop_assert_eq!(escape_html(&ascii), escape_html_in_passes(&ascii));
        }
    }

    /// Ids lint accepted before ids were restricted: quotes, brackets, a JSON pointer escape,
    /// markup and a space. Rendering must not depend on what an id holds.
    const HOSTILE_IDS: [&str; 6] = ["a\"b", "c'd]", "x[y", "p~0/q", "<i>t</i>", "s p"];

    fn report_with_hostile_ids() -> Report {
        let controls = HOSTILE_IDS.iter().map(|id| control(id, 1.0)).collect();
        let framework = "f[\"x']";
        let catalogs = [catalog(framework, vec![("d]", controls)])];
        let questions = HOSTILE_IDS
            .iter()
            .enumerate()
            .map(|(i, id)| question(&format!("Q{i}"), &[(framework, id, 1.0)]))
            .collect();
        let questionnaire = questionnaire(questions);
        let answers: Vec<(String, Answer)> = (0..HOSTILE_IDS.len())
            .map(|i| (format!("Q{i}"), Answer::Level(u8::try_from(i % 6).unwrap_or(0))))
            .collect();
        let answers: Vec<(&str, Answer)> = answers.iter().map(|(id, a)| (id.as_str(), *a)).collect();
        let loaded = Loaded {
            dir: "ws".into(),
            file: "ws/assessment.json".into(),
            assessment: assessment(&[framework], Targets::default()),
            questionnaire: &questionnaire,
            catalogs: catalogs.iter().collect(),
            responses: responses(&answers),
            evidence: crate::workspace::evidence::Register::default(),
            logo: None,
        };
        build(&loaded, ReportOptions::default())
    }

    fn rendered(report: &Report, name: &str) -> String {
        let bytes = render_template(report, name, None)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
            .bytes;
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn ids_with_quotes_brackets_and_markup_render_html_with_every_chart() {
        let report = report_with_hostile_ids();
        let html = rendered(&report, "report.html");
        assert_eq!(
            html.matches("class=\"chart bars\"").count(),
            1,
            "one domain: bars, not a radar"
        );
        assert_eq!(
            html.matches("class=\"bar\"").count(),
            HOSTILE_IDS.len() + 1,
            "a bar per control and one for the domain"
        );
        assert!(!html.contains("<i>t</i>"), "ids are text, not markup");
        assert!(html.contains("<code>&lt;i&gt;t&lt;&#x2F;i&gt;</code>"));
        let anchor_id = format!("id=\"fw-{}\"", anchor("f[\"x']"));
        assert!(html.contains(&anchor_id), "{anchor_id}");
        assert!(html.contains(&format!("href=\"#fw-{}\"", anchor("f[\"x']"))));
    }

    #[test]
    fn ids_in_markdown_are_escaped_text_in_code_elements() {
        let report = report_with_hostile_ids();
        let md = rendered(&report, "report.md");
        assert!(md.contains("<code>a\"b</code>"), "{md}");
        assert!(md.contains("<code>\\<i\\>t\\</i\\></code>"), "{md}");
        assert!(md.contains("<code>x\\[y</code>"));
        assert!(!md.contains("<i>"));
    }

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(anchor("itil4"), "itil4");
        assert_eq!(anchor("a b\"<"), "a_20b_22_3c");
        assert_eq!(anchor("é"), "_c3_a9");
        assert_ne!(anchor("a_b"), anchor("a b"));
        assert_ne!(anchor("a_5fb"), anchor("a_b"));
    }

    #[test]
    fn chart_functions_refuse_unknown_ids_without_panicking() {
        let report = report_with_hostile_ids();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("report.html"),
            "{{ bar_chart(framework=\"nope\", control=\"\u{1b}[31m\") }}",
        )
        .unwrap();
        let Err(error) = render_template(&report, "report.html", Some(dir.path())) else {
            panic!("a broken template rendered");
        };
        let text = format!("{error:?}");
        assert!(text.contains("no chart for framework \\\"nope\\\""), "{text}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn html_values_show_controls_visibly_and_keep_line_breaks() {
        assert_eq!(escape_html("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(escape_html("<b>\u{1b}[1m\u{202e}"), "&lt;b&gt;\\x1b[1m\\u{202e}");
    }
}
