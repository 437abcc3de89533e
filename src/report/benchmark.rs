//! The benchmark model: a portfolio's distributions per framework, domain and control, and where a
//! client stands among its peers, with every sentence the formats print. Peers are never named:
//! the model holds counts and distributions only.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::Library;
use crate::engine::benchmark::{self, ColumnFigures, Entry, Filter, Layout, Selection};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::format::{count, number};

#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    /// The organisation compared, when one is named.
    pub client: Option<Client>,
    /// The filter in words; empty when every assessment is a peer.
    pub filter: String,
    pub counts: Counts,
    pub min_peers: usize,
    pub frameworks: Vec<FrameworkBenchmark>,
    /// What the benchmark says, in sentences.
    pub summary: Vec<String>,
    /// How the figures are made, in sentences, with this run's numbers.
    pub method: Vec<String>,
    /// Under each framework's chart.
    pub chart_caption: String,
    /// The section's heading in a report: "Against 12 peers".
    pub title: String,
    /// The heading of the benchmark on its own: "Acme Ltd, assessed 2026-06-01: against 12 peers"
    /// or "Portfolio of 1,622 assessments".
    pub heading: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Client {
    pub organization: String,
    pub date: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    /// Assessments found: folders with `assessment.json`, and lines of saved portfolios.
    pub folders: usize,
    /// Of them, scored.
    pub scored: usize,
    /// Of them, skipped for problems (reported as warnings, never named in the output).
    pub skipped: usize,
    pub filtered_out: usize,
    pub earlier_rounds: usize,
    pub own_rounds: usize,
    /// The peers compared.
    pub peers: usize,
    /// Of the peers, those answered on an earlier version of the questionnaire.
    pub earlier_version: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkBenchmark {
    #[serde(flatten)]
    pub row: Row,
    pub domains: Vec<DomainBenchmark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainBenchmark {
    #[serde(flatten)]
    pub row: Row,
    pub controls: Vec<Row>,
}

/// One framework, domain or control: the peers' figures and the client's.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    /// Peers with a score here.
    pub peers: usize,
    #[serde(serialize_with = "crate::format::round")]
    pub q1: Option<f64>,
    #[serde(serialize_with = "crate::format::round")]
    pub median: Option<f64>,
    #[serde(serialize_with = "crate::format::round")]
    pub q3: Option<f64>,
    #[serde(serialize_with = "crate::format::round")]
    pub client: Option<f64>,
    /// The share of peers below the client, ties counted half, 0 to 100.
    #[serde(serialize_with = "crate::format::round")]
    pub percentile: Option<f64>,
    /// "bottom quarter", "second quarter", "third quarter", "top quarter"; empty without one.
    pub quarter: String,
    /// Fewer peers than the minimum: the distribution is not shown.
    pub withheld: bool,
}

impl Row {
    fn of(id: &str, name: &str, f: &ColumnFigures) -> Row {
        let d = f.distribution;
        Row {
            id: id.to_string(),
            name: name.to_string(),
            peers: f.peers,
            q1: d.map(|d| d.q1),
            median: d.map(|d| d.median),
            q3: d.map(|d| d.q3),
            client: f.client,
            percentile: f.percentile,
            quarter: f.percentile.map(quarter).unwrap_or_default().to_string(),
            withheld: d.is_none() && f.peers > 0,
        }
    }

    /// The percentile for people: "38th".
    #[must_use]
    pub fn percentile_text(&self) -> String {
        self.percentile.map_or_else(|| "-".to_string(), ordinal)
    }
}

/// Which quarter of the peers a percentile rank falls in, judged on the whole percentile shown, so
/// that "25th" never reads "bottom quarter".
#[must_use]
pub fn quarter(percentile: f64) -> &'static str {
    match percentile.round() {
        p if p < 25.0 => "bottom quarter",
        p if p < 50.0 => "second quarter",
        p if p < 75.0 => "third quarter",
        _ => "top quarter",
    }
}

/// A percentile rank rounded to a whole number, as an ordinal: "1st", "22nd", "38th", "100th".
#[must_use]
pub fn ordinal(percentile: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "0 to 100")]
    let n = percentile.round().clamp(0.0, 100.0) as u32;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// What a benchmark run is asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub roots: Vec<PathBuf>,
    pub filter: Filter,
    pub client: Option<PathBuf>,
    pub min_peers: Option<usize>,
    pub all_rounds: bool,
    /// Hand back every assessment scored as a saved portfolio.
    pub save: bool,
}

/// The assessment folders under the request's roots ([`crate::workspace::portfolio::find`]), with
/// the problems met on the way as warnings.
#[must_use]
pub fn folders(request: &Request) -> (Vec<PathBuf>, Diagnostics) {
    let roots: Vec<PathBuf> = request.roots.iter().filter(|r| !is_saved(r)).cloned().collect();
    let (folders, problems) = crate::workspace::portfolio::find(&roots);
    let mut warnings = Diagnostics::default();
    for p in problems {
        warnings.push(Diagnostic {
            severity: crate::error::Severity::Warning,
            ..p
        });
    }
    (folders, warnings)
}

/// A root that is a saved portfolio (`portfolio --save`) rather than a folder.
#[must_use]
pub fn is_saved(root: &Path) -> bool {
    root.is_file() && benchmark::is_saved(root)
}

/// The saved portfolios among the request's roots.
#[must_use]
pub fn saved_files(request: &Request) -> Vec<PathBuf> {
    request.roots.iter().filter(|r| is_saved(r)).cloned().collect()
}

/// What a benchmark run gives: the model, its warnings, and the portfolio saved when asked for.
pub struct Run {
    pub benchmark: Benchmark,
    pub warnings: Diagnostics,
    /// Every assessment scored, saved (`--save`): see [`benchmark::save`].
    pub saved: Option<Vec<u8>>,
}

/// Loads and scores the portfolio's `folders` and reads its saved portfolios, and compares the
/// client when one is named. Folders that cannot be scored are handed back as warnings and never
/// stop the run; a client that cannot be loaded is an error, as is a portfolio with nothing to
/// score.
pub fn run(library: &Library, folders: &[PathBuf], request: &Request) -> Result<Run> {
    let layout = Layout::of(library);
    let mut warnings = Diagnostics::default();
    let client = match &request.client {
        Some(dir) => Some(client_entry(dir, library, &layout)?),
        None => None,
    };
    let (mut entries, skipped) = benchmark::gather(folders, library, &layout);
    let mut saved_count = 0;
    for file in saved_files(request) {
        let (saved, problems) = benchmark::load_saved(&file, &layout).map_err(|d| Error::single(*d))?;
        saved_count += saved.len() + problems.warning_count();
        warnings.extend(problems);
        entries.extend(saved);
    }
    for s in &skipped {
        warnings.push(
            Diagnostic::warning(s.dir.display().to_string(), "skipped: cannot be scored")
                .found(if s.problems > 1 {
                    format!("{} problems, the first: {}", s.problems, s.problem)
                } else {
                    s.problem.clone()
                })
                .hint(format!(
                    "`itsm-assess validate {}` lists every problem",
                    s.dir.display()
                )),
        );
    }
    for e in entries.iter().filter(|e| e.retired_answers > 0) {
        warnings.push(
            Diagnostic::warning(
                e.dir.display().to_string(),
                format!(
                    "{} answer{} to questions retired since left out",
                    e.retired_answers,
                    crate::text::plural(e.retired_answers)
                ),
            )
            .hint("the round is compared on the questions it shares with today's questionnaire"),
        );
    }
    if entries.is_empty() {
        return Err(Error::single(
            Diagnostic::error(roots_label(&request.roots), "no assessment to compare")
                .found(format!(
                    "{} folders with assessment.json, {} of them skipped",
                    folders.len(),
                    skipped.len()
                ))
                .hint("name folders that hold assessment folders (each with assessment.json and its responses)"),
        ));
    }
    // Withheld only when the figures go to a client: a consultancy may study its own portfolio
    // however small.
    let min_peers = request
        .min_peers
        .unwrap_or(if client.is_some() {
            benchmark::DEFAULT_MIN_PEERS
        } else {
            1
        })
        .max(1);
    let selection = benchmark::select(&entries, &request.filter, client.as_ref(), request.all_rounds);
    let figures = benchmark::figures(&entries, &selection.peers, client.as_ref(), layout.width, min_peers);
    let counts = Counts {
        folders: folders.len() + saved_count,
        scored: entries.len(),
        skipped: skipped.len(),
        filtered_out: selection.filtered_out,
        earlier_rounds: selection.earlier_rounds,
        own_rounds: selection.own_rounds,
        peers: selection.peers.len(),
        earlier_version: selection.peers.iter().filter(|&&i| entries[i].earlier_version).count(),
    };
    let scope = client.as_ref().map(|c| scope_of(c, &layout));
    let saved = request.save.then(|| {
        let questionnaire = library
            .questionnaires
            .values()
            .next()
            .map(|q| format!("{} {}", q.value.id, q.value.version))
            .unwrap_or_default();
        benchmark::save(&entries, &layout, &questionnaire)
    });
    Ok(Run {
        benchmark: build(
            &layout,
            &figures,
            client.as_ref(),
            scope.as_deref(),
            &request.filter,
            &selection,
            counts,
            min_peers,
        ),
        warnings,
        saved,
    })
}

fn roots_label(roots: &[PathBuf]) -> String {
    roots
        .iter()
        .map(|r| r.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn client_entry(dir: &Path, library: &Library, layout: &Layout) -> Result<Entry> {
    // Loaded as a report loads it, so a client with problems is refused with all of them (an
    // answer to a retired question among them: none is left out).
    let (loaded, _) = crate::workspace::assessment::load(dir, library)?;
    Ok(benchmark::entry_of(loaded, 0, layout))
}

/// The frameworks the client's row has any score in.
fn scope_of(client: &Entry, layout: &Layout) -> Vec<String> {
    layout
        .frameworks
        .iter()
        .filter(|f| {
            let last = f
                .domains
                .last()
                .and_then(|d| d.controls.last())
                .map_or(f.column, |c| c.2);
            client.values[f.column..=last].iter().any(|v| !v.is_nan())
        })
        .map(|f| f.id.clone())
        .collect()
}

#[allow(clippy::too_many_arguments, reason = "the parts of one run, named")]
fn build(
    layout: &Layout,
    figures: &[ColumnFigures],
    client: Option<&Entry>,
    scope: Option<&[String]>,
    filter: &Filter,
    selection: &Selection,
    counts: Counts,
    min_peers: usize,
) -> Benchmark {
    let frameworks: Vec<FrameworkBenchmark> = layout
        .frameworks
        .iter()
        .filter(|f| scope.is_none_or(|s| s.contains(&f.id)) && figures[f.column].peers > 0)
        .map(|f| FrameworkBenchmark {
            row: Row::of(&f.id, &f.name, &figures[f.column]),
            domains: f
                .domains
                .iter()
                .map(|d| DomainBenchmark {
                    row: Row::of(&d.id, &d.name, &figures[d.column]),
                    controls: d
                        .controls
                        .iter()
                        .map(|(id, title, c)| Row::of(id, title, &figures[*c]))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let client = client.map(|c| Client {
        organization: c.organization.clone(),
        date: c.date.clone(),
    });
    let summary = summary(&frameworks, client.as_ref(), &counts, min_peers);
    let method = method(filter, selection, &counts, min_peers);
    Benchmark {
        chart_caption: if client.is_some() {
            "Each bar runs from the peers' lower to upper quartile, the thin mark is their median and the dark square the client's score; the figure beside is the client's score and percentile.".to_string()
        } else {
            "Each bar runs from the lower to the upper quartile, the thin mark is the median; the figure beside is the median.".to_string()
        },
        title: format!("Against {}", peers(counts.peers)),
        heading: match &client {
            Some(c) => format!(
                "{}, assessed {}: against {}",
                c.organization,
                c.date,
                peers(counts.peers)
            ),
            None => format!("Portfolio of {} assessments", count(counts.peers)),
        },
        client,
        filter: filter.describe(),
        counts,
        min_peers,
        frameworks,
        summary,
        method,
    }
}

/// "1 peer", "12 peers".
fn peers(n: usize) -> String {
    format!("{} peer{}", crate::format::count(n), crate::text::plural(n))
}

/// How many controls a summary names at each end.
const SUMMARY_CONTROLS: usize = 5;

fn summary(
    frameworks: &[FrameworkBenchmark],
    client: Option<&Client>,
    counts: &Counts,
    min_peers: usize,
) -> Vec<String> {
    let mut lines = Vec::new();
    let Some(client) = client else {
        lines.push(format!(
            "{} assessments compared; the figures are the peers' quartiles and median per framework, domain and control.",
            count(counts.peers)
        ));
        return lines;
    };
    for f in frameworks {
        let r = &f.row;
        lines.push(match (r.percentile, r.median) {
            (Some(p), Some(median)) => format!(
                "{}: {} scores {}, the {} percentile of {} ({}); their median is {}.",
                r.name,
                client.organization,
                number(r.client),
                ordinal(p),
                peers(r.peers),
                quarter(p),
                number(Some(median))
            ),
            _ if r.client.is_none() => format!("{}: {} has no score to compare.", r.name, client.organization),
            _ => format!(
                "{}: withheld, {} where at least {min_peers} are needed.",
                r.name,
                peers(r.peers)
            ),
        });
    }
    let mut controls: Vec<(&str, &Row)> = frameworks
        .iter()
        .flat_map(|f| {
            f.domains
                .iter()
                .flat_map(move |d| d.controls.iter().map(move |c| (f.row.name.as_str(), c)))
        })
        .filter(|(_, c)| c.percentile.is_some())
        .collect();
    controls.sort_by(|a, b| {
        a.1.percentile
            .partial_cmp(&b.1.percentile)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let describe = |list: Vec<&(&str, &Row)>| {
        list.iter()
            .map(|(framework, c)| format!("{} ({framework}, {})", c.name, c.percentile_text()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let low: Vec<_> = controls
        .iter()
        .take(SUMMARY_CONTROLS)
        .filter(|(_, c)| c.percentile.is_some_and(|p| quarter(p) == "bottom quarter"))
        .collect();
    if !low.is_empty() {
        lines.push(format!("In the bottom quarter of its peers: {}.", describe(low)));
    }
    let high: Vec<_> = controls
        .iter()
        .rev()
        .take(SUMMARY_CONTROLS)
        .filter(|(_, c)| c.percentile.is_some_and(|p| quarter(p) == "top quarter"))
        .collect();
    if !high.is_empty() {
        lines.push(format!("In the top quarter: {}.", describe(high)));
    }
    lines
}

fn method(filter: &Filter, selection: &Selection, counts: &Counts, min_peers: usize) -> Vec<String> {
    let mut lines = vec![format!(
        "Peers: {} of the {} assessments scored{}{}{}. Each organisation counts once, by its latest round, unless every round is asked for; the client's own rounds are never its peers.",
        count(counts.peers),
        count(counts.scored),
        if filter.is_empty() {
            String::new()
        } else {
            format!(", those with {}", filter.describe())
        },
        if selection.earlier_rounds > 0 {
            format!(" ({} earlier rounds left out)", count(selection.earlier_rounds))
        } else {
            String::new()
        },
        if counts.skipped > 0 {
            format!(
                "; {} folders could not be scored and were skipped",
                count(counts.skipped)
            )
        } else {
            String::new()
        },
    )];
    lines.push("Quartiles and the median are interpolated between the two nearest ranks of the peers' scores (as Excel's QUARTILE.INC). A percentile is the share of peers scoring below the client, those on the same score counted half: the 50th is the middle of the peers.".to_string());
    lines.push(format!(
        "Peers are never named, and no lowest or highest score is shown. Where fewer than {min_peers} peers have a score, the figures are withheld, so that no quartile is one organisation's score."
    ));
    lines.push(format!(
        "Every assessment is scored against today's questionnaire and catalogs, so each control is compared on the questions answered: a question added since a round was answered counts as unanswered there, and an answer to a retired question is left out. {} of the peers answer none of the questions the latest version added.",
        counts.earlier_version
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_and_quarters() {
        let cases = [
            (0.0, "0th"),
            (1.0, "1st"),
            (2.4, "2nd"),
            (3.0, "3rd"),
            (11.0, "11th"),
            (12.0, "12th"),
            (22.0, "22nd"),
            (38.0, "38th"),
            (100.0, "100th"),
        ];
        for (p, text) in cases {
            assert_eq!(ordinal(p), text);
        }
        assert_eq!(quarter(24.4), "bottom quarter");
        assert_eq!(quarter(24.6), "second quarter");
        assert_eq!(quarter(25.0), "second quarter");
        assert_eq!(quarter(74.4), "third quarter");
        assert_eq!(quarter(75.0), "top quarter");
    }
}
