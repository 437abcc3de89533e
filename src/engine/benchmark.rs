//! A client against its peers: many assessments scored in parallel, the distribution of every
//! framework, domain and control score among the peers (count, quartiles, median), and where one
//! client falls among them. The method is stated in the README under "Portfolio benchmark".

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::Library;
use crate::engine::scoring::{self, ScoreSet};
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::workspace::assessment::{self, OrgProfile, Purpose};
use crate::workspace::responses::Answer;

/// Fewer peers than this and a distribution is withheld when a client is named: with a handful,
/// a quartile is one organisation's score.
pub const DEFAULT_MIN_PEERS: usize = 5;

/// Where each score of an assessment sits in a row of numbers: one column per framework, domain
/// and control of every catalog in the library, in catalog order.
#[derive(Debug, Clone)]
pub struct Layout {
    pub frameworks: Vec<FrameworkColumns>,
    pub width: usize,
}

#[derive(Debug, Clone)]
pub struct FrameworkColumns {
    pub id: String,
    pub name: String,
    pub column: usize,
    pub domains: Vec<DomainColumns>,
}

#[derive(Debug, Clone)]
pub struct DomainColumns {
    pub id: String,
    pub name: String,
    pub column: usize,
    /// (control id, title, column).
    pub controls: Vec<(String, String, usize)>,
}

impl Layout {
    #[must_use]
    pub fn of(library: &Library) -> Self {
        let mut width = 0;
        let mut next = || {
            width += 1;
            width - 1
        };
        let frameworks = library
            .catalogs
            .values()
            .map(|loaded| {
                let catalog = &loaded.value;
                FrameworkColumns {
                    id: catalog.id.clone(),
                    name: catalog.name.clone(),
                    column: next(),
                    domains: catalog
                        .domains
                        .iter()
                        .map(|d| DomainColumns {
                            id: d.id.clone(),
                            name: d.name.clone(),
                            column: next(),
                            controls: d
                                .controls
                                .iter()
                                .map(|c| (c.id.clone(), c.title.clone(), next()))
                                .collect(),
                        })
                        .collect(),
                }
            })
            .collect();
        Layout { frameworks, width }
    }

    /// An assessment's scores as a row: NaN where a score is absent (out of scope, unanswered or
    /// not applicable). Single precision halves the memory of a large portfolio; scores are
    /// shown to two decimals.
    #[allow(clippy::cast_possible_truncation, reason = "scores are 0 to 5")]
    fn row(&self, scores: &ScoreSet) -> Box<[f32]> {
        let mut row = vec![f32::NAN; self.width].into_boxed_slice();
        let mut put = |column: usize, value: Option<f64>| {
            if let Some(v) = value {
                row[column] = v as f32;
            }
        };
        for framework in &scores.frameworks {
            let Some(layout) = self.frameworks.iter().find(|f| f.id == framework.id) else {
                continue;
            };
            put(layout.column, framework.standing.score);
            for (domain, columns) in framework.domains.iter().zip(&layout.domains) {
                put(columns.column, domain.standing.score);
                for (control, (_, _, column)) in domain.controls.iter().zip(&columns.controls) {
                    put(*column, control.score);
                }
            }
        }
        row
    }
}

/// One assessment of the portfolio, reduced to what a benchmark needs.
#[derive(Debug, Clone)]
pub struct Entry {
    pub dir: PathBuf,
    /// The organisation's name; empty for an assessment read from a saved portfolio, which names
    /// no one.
    pub organization: String,
    /// Who the organisation is, as [`org_key`] of its name: rounds of one organisation share it.
    pub org_key: String,
    pub date: String,
    pub profile: OrgProfile,
    pub values: Box<[f32]>,
    /// Answers none of the questions the questionnaire's latest version added, or answered
    /// questions retired since: it was answered on an earlier version.
    pub earlier_version: bool,
    /// Answers to questions retired since, left out.
    pub retired_answers: usize,
}

/// A folder that could not be scored, with its first problem and how many it had.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub dir: PathBuf,
    pub problem: String,
    pub problems: usize,
}

/// Loads and scores one folder for the benchmark.
pub fn entry(dir: &Path, library: &Library, layout: &Layout) -> Result<Entry, Skipped> {
    let (loaded, warnings) = assessment::load_for(dir, library, Purpose::Benchmark).map_err(|e| skipped(dir, &e))?;
    let retired_answers = warnings.warnings().filter(|d| d.message.contains("retired")).count();
    Ok(entry_of(loaded, retired_answers, layout))
}

/// An assessment already loaded, reduced to what a benchmark needs; `retired_answers` is how many
/// answers to questions retired since its load left out.
#[must_use]
pub fn entry_of(loaded: assessment::Loaded, retired_answers: usize, layout: &Layout) -> Entry {
    let latest_added = loaded
        .questionnaire
        .changes
        .first()
        .map(|c| c.added.as_slice())
        .unwrap_or_default();
    let in_scope: Vec<&String> = latest_added
        .iter()
        .filter(|id| {
            loaded
                .questionnaire
                .question(id)
                .is_some_and(|q| q.maps_any(&loaded.assessment.frameworks))
        })
        .collect();
    let answers_latest = in_scope
        .iter()
        .any(|id| loaded.responses.answer(id) != Answer::Unanswered);
    let scores = scoring::score(&loaded);
    Entry {
        values: layout.row(&scores),
        org_key: org_key(&loaded.assessment.organization),
        dir: loaded.dir,
        organization: loaded.assessment.organization,
        date: loaded.assessment.date,
        profile: loaded.assessment.profile,
        earlier_version: retired_answers > 0 || (!in_scope.is_empty() && !answers_latest),
        retired_answers,
    }
}

fn skipped(dir: &Path, error: &Error) -> Skipped {
    let (problem, problems) = match error {
        Error::Invalid(found) => (
            found
                .errors()
                .next()
                .map_or_else(|| error.to_string(), ToString::to_string),
            found.error_count(),
        ),
        other => (other.to_string(), 1),
    };
    Skipped {
        dir: dir.to_path_buf(),
        problem,
        problems,
    }
}

/// Every folder loaded and scored, in parallel; the order of `folders` is kept.
#[must_use]
pub fn gather(folders: &[PathBuf], library: &Library, layout: &Layout) -> (Vec<Entry>, Vec<Skipped>) {
    let results: Vec<Result<Entry, Skipped>> = folders.par_iter().map(|dir| entry(dir, library, layout)).collect();
    let mut entries = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for result in results {
        match result {
            Ok(e) => entries.push(e),
            Err(s) => skipped.push(s),
        }
    }
    (entries, skipped)
}

/// Which assessments are peers: profile values (any of several, without regard to case) and a
/// date range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// (profile field, accepted values in lower case).
    pub profile: Vec<(String, Vec<String>)>,
    pub since: Option<String>,
    pub until: Option<String>,
}

const FILTER_KEYS: &str = "sector, size, region, since or until";

impl Filter {
    /// Parses `sector=logistics|retail,size=250-999,since=2025-01-01`.
    pub fn parse(text: &str) -> Result<Filter, Box<Diagnostic>> {
        let mut filter = Filter::default();
        let problem = |message: &str, found: &str| {
            Box::new(
                Diagnostic::error("--filter", message)
                    .found(format!("{found:?}"))
                    .expected(format!("KEY=VALUE pairs separated by commas, KEY one of {FILTER_KEYS}"))
                    .hint("for example --filter sector=logistics,size=250-999,since=2025-01-01; separate alternatives with |"),
            )
        };
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(problem("a condition without =", part));
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            if value.is_empty() {
                return Err(problem("a condition without a value", part));
            }
            match key.as_str() {
                "since" | "until" => {
                    if assessment::parse_date(value).is_none() {
                        return Err(problem("not a date YYYY-MM-DD", value));
                    }
                    let slot = if key == "since" {
                        &mut filter.since
                    } else {
                        &mut filter.until
                    };
                    *slot = Some(value.to_string());
                }
                field if OrgProfile::FIELDS.contains(&field) => {
                    if filter.profile.iter().any(|(f, _)| f == field) {
                        return Err(problem("a key given twice (separate alternatives with |)", part));
                    }
                    let values = value
                        .split('|')
                        .map(|v| v.trim().to_lowercase())
                        .filter(|v| !v.is_empty());
                    filter.profile.push((field.to_string(), values.collect()));
                }
                _ => return Err(problem("unknown filter key", &key)),
            }
        }
        Ok(filter)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.profile.is_empty() && self.since.is_none() && self.until.is_none()
    }

    #[must_use]
    pub fn matches(&self, entry: &Entry) -> bool {
        let profile_fits = self.profile.iter().all(|(field, values)| {
            let own = entry.profile.get(field).unwrap_or("").trim().to_lowercase();
            values.contains(&own)
        });
        let after = self
            .since
            .as_ref()
            .is_none_or(|since| entry.date.as_str() >= since.as_str());
        let before = self
            .until
            .as_ref()
            .is_none_or(|until| entry.date.as_str() <= until.as_str());
        profile_fits && after && before
    }

    /// The filter in words: "sector logistics or retail; assessed from 2025-01-01".
    #[must_use]
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .profile
            .iter()
            .map(|(field, values)| format!("{field} {}", values.join(" or ")))
            .collect();
        match (&self.since, &self.until) {
            (Some(s), Some(u)) => parts.push(format!("assessed from {s} to {u}")),
            (Some(s), None) => parts.push(format!("assessed from {s}")),
            (None, Some(u)) => parts.push(format!("assessed up to {u}")),
            (None, None) => {}
        }
        parts.join("; ")
    }
}

/// The peers: who is compared, and how many were left out and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Indices into the entries, in their order.
    pub peers: Vec<usize>,
    /// Assessments the filter left out.
    pub filtered_out: usize,
    /// Earlier rounds of an organisation whose latest round is a peer.
    pub earlier_rounds: usize,
    /// The client's own rounds, never its own peers.
    pub own_rounds: usize,
}

/// An organisation's name as a key that does not show it: the SHA-256 of the name in lower case
/// with its spaces evened out, so that rounds of one organisation share it and a saved portfolio
/// names no one (a pseudonym: whoever knows a name can find its key).
#[must_use]
pub fn org_key(name: &str) -> String {
    use sha2::Digest;
    let normal = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    sha2::Sha256::digest(normal.as_bytes())
        .iter()
        .take(16)
        .fold(String::with_capacity(32), |mut key, b| {
            use std::fmt::Write as _;
            let _ = write!(key, "{b:02x}");
            key
        })
}

/// The peers among `entries`: those the filter keeps, not the client's organisation, and of each
/// organisation its latest round only (by date, then folder order) unless `all_rounds`.
#[must_use]
pub fn select(entries: &[Entry], filter: &Filter, client: Option<&Entry>, all_rounds: bool) -> Selection {
    let client_key = client.map(|c| c.org_key.clone());
    let mut selection = Selection::default();
    let mut latest: HashMap<String, usize> = HashMap::new();
    let mut kept = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let key = e.org_key.clone();
        if client_key.as_ref() == Some(&key) {
            selection.own_rounds += 1;
        } else if !filter.matches(e) {
            selection.filtered_out += 1;
        } else if all_rounds {
            kept.push(i);
        } else {
            match latest.get(&key) {
                Some(&j) if entries[j].date > e.date => {}
                _ => {
                    latest.insert(key, i);
                }
            }
        }
    }
    if !all_rounds {
        kept = latest.into_values().collect();
        kept.sort_unstable();
        let matched = entries.len() - selection.own_rounds - selection.filtered_out;
        selection.earlier_rounds = matched - kept.len();
    }
    selection.peers = kept;
    selection
}

/// Count, quartiles and median of the peers' scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distribution {
    pub count: usize,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

/// The value below which a share `p` of sorted values lies, interpolated between the two nearest
/// ranks: the method of Excel's QUARTILE.INC and of numpy's default.
#[must_use]
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "0 <= h <= last")]
    let lower = h.floor() as usize;
    let upper = (lower + 1).min(last);
    Some(sorted[lower] + (h - lower as f64) * (sorted[upper] - sorted[lower]))
}

impl Distribution {
    /// The distribution of values sorted ascending; None when there are none.
    #[must_use]
    pub fn of(sorted: &[f64]) -> Option<Distribution> {
        Some(Distribution {
            count: sorted.len(),
            q1: quantile(sorted, 0.25)?,
            median: quantile(sorted, 0.5)?,
            q3: quantile(sorted, 0.75)?,
        })
    }
}

/// The share of peers scoring below `value`, counting peers on the same score as half below:
/// 0 when every peer is above, 100 when every peer is below, 50 at the median of distinct scores.
#[must_use]
pub fn percentile_rank(sorted: &[f64], value: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let below = sorted.partition_point(|&v| v < value);
    let not_above = sorted.partition_point(|&v| v <= value);
    Some(100.0 * (below as f64 + (not_above - below) as f64 / 2.0) / sorted.len() as f64)
}

/// One column's figures: the peers' distribution (None when there are fewer than the minimum) and
/// the client's score and percentile rank among them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnFigures {
    pub peers: usize,
    pub distribution: Option<Distribution>,
    pub client: Option<f64>,
    pub percentile: Option<f64>,
}

/// Every column's figures over the selected peers, columns in parallel.
#[must_use]
pub fn figures(
    entries: &[Entry],
    peers: &[usize],
    client: Option<&Entry>,
    width: usize,
    min_peers: usize,
) -> Vec<ColumnFigures> {
    (0..width)
        .into_par_iter()
        .map(|column| {
            let mut values: Vec<f64> = peers
                .iter()
                .map(|&i| entries[i].values[column])
                .filter(|v| !v.is_nan())
                .map(f64::from)
                .collect();
            values.sort_unstable_by(f64::total_cmp);
            let shown = values.len() >= min_peers.max(1);
            let client = client.map(|c| c.values[column]).filter(|v| !v.is_nan()).map(f64::from);
            ColumnFigures {
                peers: values.len(),
                distribution: if shown { Distribution::of(&values) } else { None },
                client,
                percentile: if shown {
                    client.and_then(|v| percentile_rank(&values, v))
                } else {
                    None
                },
            }
        })
        .collect()
}

/// What the first line of a saved portfolio says it is.
pub const SAVED_FORMAT: &str = "itsm-assess portfolio";
/// The largest saved portfolio read: about 150,000 assessments of today's content.
pub const MAX_SAVED_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct SavedHeader {
    format: String,
    version: u32,
    /// The questionnaire the scores come from, as "id version".
    questionnaire: String,
    /// The id of each column: `framework`, `framework/domain`, `framework/domain/control`.
    columns: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedEntry {
    organization: String,
    date: String,
    #[serde(default, skip_serializing_if = "OrgProfile::is_empty")]
    profile: OrgProfile,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    earlier_version: bool,
    scores: Vec<Option<f64>>,
}

impl Layout {
    /// Each column's id, in column order.
    fn column_ids(&self) -> Vec<String> {
        let mut ids = vec![String::new(); self.width];
        for f in &self.frameworks {
            ids[f.column].clone_from(&f.id);
            for d in &f.domains {
                ids[d.column] = format!("{}/{}", f.id, d.id);
                for (control, _, column) in &d.controls {
                    ids[*column] = format!("{}/{}/{control}", f.id, d.id);
                }
            }
        }
        ids
    }
}

/// A saved portfolio: JSON Lines, a header then one assessment a line, its organisation as
/// [`org_key`] and its scores to four decimals. It names no organisation and no folder.
#[must_use]
pub fn save(entries: &[Entry], layout: &Layout, questionnaire: &str) -> Vec<u8> {
    let header = SavedHeader {
        format: SAVED_FORMAT.to_string(),
        version: 1,
        questionnaire: questionnaire.to_string(),
        columns: layout.column_ids(),
    };
    let mut out = serde_json::to_vec(&header).unwrap_or_default();
    out.push(b'\n');
    for e in entries {
        let saved = SavedEntry {
            organization: e.org_key.clone(),
            date: e.date.clone(),
            profile: e.profile.clone(),
            earlier_version: e.earlier_version,
            scores: e
                .values
                .iter()
                .map(|v| (!v.is_nan()).then(|| crate::format::round4(f64::from(*v))))
                .collect(),
        };
        if let Ok(line) = serde_json::to_vec(&saved) {
            out.extend(line);
            out.push(b'\n');
        }
    }
    out
}

/// Whether a file is a saved portfolio, by its first bytes.
#[must_use]
pub fn is_saved(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut start))
        .unwrap_or(0);
    String::from_utf8_lossy(&start[..read]).contains(SAVED_FORMAT)
}

/// The assessments of a saved portfolio, their columns matched to today's by id (a column the
/// content no longer has is dropped; one it has gained is empty). A line that cannot be read is
/// reported and skipped.
pub fn load_saved(path: &Path, layout: &Layout) -> Result<(Vec<Entry>, Diagnostics), Box<Diagnostic>> {
    use std::io::BufRead;
    let label = path.display().to_string();
    let cannot = |e: &dyn std::fmt::Display| {
        Box::new(Diagnostic::error(&label, "cannot read the saved portfolio").found(e.to_string()))
    };
    let metadata = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if metadata.len() > MAX_SAVED_BYTES {
        return Err(Box::new(
            Diagnostic::error(&label, "saved portfolio too large")
                .found(format!("{} bytes", metadata.len()))
                .expected(format!("at most {MAX_SAVED_BYTES} bytes")),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let first = lines.next().transpose().map_err(|e| cannot(&e))?.unwrap_or_default();
    let header: SavedHeader = serde_json::from_str(&first)
        .ok()
        .filter(|h: &SavedHeader| h.format == SAVED_FORMAT && h.version == 1)
        .ok_or_else(|| {
            Box::new(
                Diagnostic::error(&label, "not a saved portfolio")
                    .at_line(1)
                    .expected(format!(
                        "a file written by `portfolio --save` (\"format\": \"{SAVED_FORMAT}\", version 1)"
                    )),
            )
        })?;
    let today: HashMap<String, usize> = layout
        .column_ids()
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    let columns: Vec<Option<usize>> = header.columns.iter().map(|id| today.get(id).copied()).collect();
    let mut entries = Vec::new();
    let mut problems = Diagnostics::default();
    for (number, line) in lines.enumerate() {
        let line_number = number + 2;
        let line = line.map_err(|e| cannot(&e))?;
        if line.trim().is_empty() {
            continue;
        }
        let saved: SavedEntry = match serde_json::from_str(&line) {
            Ok(saved) => saved,
            Err(e) => {
                problems.push(
                    Diagnostic::warning(&label, "skipped: an assessment line that cannot be read")
                        .at_line(line_number)
                        .found(e.to_string()),
                );
                continue;
            }
        };
        if saved.scores.len() != columns.len() {
            problems.push(
                Diagnostic::warning(&label, "skipped: an assessment line with the wrong number of scores")
                    .at_line(line_number)
                    .found(saved.scores.len().to_string())
                    .expected(columns.len().to_string()),
            );
            continue;
        }
        let mut values = vec![f32::NAN; layout.width].into_boxed_slice();
        for (score, column) in saved.scores.iter().zip(&columns) {
            if let (Some(score), Some(column)) = (score, column) {
                #[allow(clippy::cast_possible_truncation, reason = "scores are 0 to 5")]
                if score.is_finite() {
                    values[*column] = score.clamp(0.0, 5.0) as f32;
                }
            }
        }
        entries.push(Entry {
            dir: path.to_path_buf(),
            organization: String::new(),
            org_key: saved.organization,
            date: saved.date,
            profile: saved.profile,
            values,
            earlier_version: saved.earlier_version,
            retired_answers: 0,
        });
    }
    Ok((entries, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(org: &str, date: &str, sector: &str, values: &[f32]) -> Entry {
        Entry {
            dir: PathBuf::from(org),
            organization: org.into(),
            org_key: org_key(org),
            date: date.into(),
            profile: OrgProfile {
                sector: sector.into(),
                ..OrgProfile::default()
            },
            values: values.into(),
            earlier_version: false,
            retired_answers: 0,
        }
    }

    #[test]
    fn quartiles_interpolate_between_ranks_as_excel_quartile_inc() {
        // Hand-computed: h = 4 * p over [1, 2, 3, 4, 10].
        let sorted = [1.0, 2.0, 3.0, 4.0, 10.0];
        let d = Distribution::of(&sorted).unwrap();
        assert_eq!((d.count, d.q1, d.median, d.q3), (5, 2.0, 3.0, 4.0));
        // Four values: h = 0.75, 1.5, 2.25.
        let d = Distribution::of(&[1.0, 2.0, 4.0, 8.0]).unwrap();
        assert_eq!((d.q1, d.median, d.q3), (1.75, 3.0, 5.0));
        let d = Distribution::of(&[2.5]).unwrap();
        assert_eq!((d.q1, d.median, d.q3), (2.5, 2.5, 2.5));
        assert!(Distribution::of(&[]).is_none());
    }

    #[test]
    fn percentile_rank_counts_ties_as_half() {
        let sorted = [1.0, 2.0, 2.0, 3.0];
        assert_eq!(percentile_rank(&sorted, 0.5), Some(0.0));
        assert_eq!(percentile_rank(&sorted, 2.0), Some(50.0));
        assert_eq!(percentile_rank(&sorted, 2.5), Some(75.0));
        assert_eq!(percentile_rank(&sorted, 9.0), Some(100.0));
        assert_eq!(percentile_rank(&[], 1.0), None);
    }

    #[test]
    fn filters_parse_match_and_refuse_what_they_cannot_read() {
        let f = Filter::parse("Sector=Logistics|retail, since=2025-01-01").unwrap();
        assert!(f.matches(&entry("a", "2025-06-01", "logistics", &[])));
        assert!(f.matches(&entry("a", "2025-06-01", " RETAIL ", &[])));
        assert!(!f.matches(&entry("a", "2024-12-31", "logistics", &[])));
        assert!(!f.matches(&entry("a", "2025-06-01", "health", &[])));
        assert_eq!(f.describe(), "sector logistics or retail; assessed from 2025-01-01");
        for bad in ["colour=red", "sector", "since=2025-13-01", "sector=a,sector=b", "size="] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
        assert!(Filter::parse("").unwrap().is_empty());
    }

    #[test]
    fn peers_are_latest_rounds_never_the_client_and_the_filter_applies() {
        let entries = vec![
            entry("Acme", "2024-01-01", "logistics", &[1.0]),
            entry("Acme", "2025-01-01", "logistics", &[2.0]),
            entry("Beta", "2025-02-01", "health", &[3.0]),
            entry("Client", "2025-03-01", "logistics", &[4.0]),
            entry("Dyna", "2025-04-01", "logistics", &[5.0]),
        ];
        let client = entries[3].clone();
        let filter = Filter::parse("sector=logistics").unwrap();
        let s = select(&entries, &filter, Some(&client), false);
        assert_eq!(s.peers, vec![1, 4]);
        assert_eq!((s.filtered_out, s.earlier_rounds, s.own_rounds), (1, 1, 1));
        let all = select(&entries, &Filter::default(), None, true);
        assert_eq!(all.peers, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn figures_withhold_small_groups_and_skip_absent_scores() {
        let entries = vec![
            entry("a", "2025-01-01", "", &[1.0, f32::NAN]),
            entry("b", "2025-01-01", "", &[2.0, 1.0]),
            entry("c", "2025-01-01", "", &[3.0, f32::NAN]),
        ];
        let client = entry("z", "2025-01-01", "", &[2.5, 4.0]);
        let f = figures(&entries, &[0, 1, 2], Some(&client), 2, 2);
        assert_eq!(f[0].distribution.unwrap().median, 2.0);
        assert_eq!(f[0].percentile, Some(200.0 / 3.0));
        assert_eq!((f[1].peers, f[1].distribution, f[1].percentile), (1, None, None));
        assert_eq!(f[1].client, Some(4.0));
    }

    #[test]
    fn a_saved_portfolio_reads_back_the_same_scores_and_keys() {
        let (library, _) = Library::load(None).unwrap();
        let layout = Layout::of(&library);
        let mut values = vec![f32::NAN; layout.width];
        values[0] = 2.5;
        values[layout.width - 1] = 4.25;
        let mut original = entry("Acme", "2026-01-01", "logistics", &values);
        original.earlier_version = true;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("saved.jsonl");
        std::fs::write(&file, save(std::slice::from_ref(&original), &layout, "q 1")).unwrap();
        assert!(is_saved(&file));
        let (read, problems) = load_saved(&file, &layout).unwrap();
        assert!(problems.is_empty());
        assert_eq!(read[0].org_key, org_key(" ACME "));
        assert_eq!((read[0].values[0], read[0].values[layout.width - 1]), (2.5, 4.25));
        assert!(read[0].values[1].is_nan() && read[0].earlier_version);
        assert_eq!(read[0].profile.sector, "logistics");
        assert!(read[0].organization.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_after_a_saved_header_give_entries_or_reasons(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let (library, _) = Library::load(None).unwrap();
            let layout = Layout::of(&library);
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("saved.jsonl");
            let mut bytes = save(&[], &layout, "q 1");
            bytes.extend(body);
            std::fs::write(&file, bytes).unwrap();
            if let Ok((entries, problems)) = load_saved(&file, &layout) {
                proptest::prop_assert!(entries.len() + problems.warning_count() <= 400);
            }
        }
    }
}
