//! The command line as clap reads it. Format options derive from the library's own enums, so the
//! shell keeps no copies of them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::benchmark::Filter;
use crate::engine::readiness::FailOn;
use crate::engine::roadmap::{DEFAULT_CAPACITY, Month, RoadmapOptions};
use crate::render::pdf::Paper;
use crate::render::text::views::Format;
use crate::render::text::views::PageFormat;
use crate::render::{ReadinessFormat, ReportFormat};
use crate::report::Profile;
use crate::workspace::SheetFormat;

const AFTER_HELP: &str = "Example:\n  itsm-assess init acme --org \"Acme Ltd\" --assessor \"J. Smith\"\n  itsm-assess score acme\n\nExit codes: 0 success, 1 a requested check failed, 2 bad usage or input, 3 a fault of the tool itself (a bug to report).";

#[derive(Parser)]
#[command(
    name = "itsm-assess",
    version,
    about = "Measure IT service management maturity (ITIL 4, COBIT 2019, ISO/IEC 20000-1:2018, Lean IT) and certification readiness.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Folder of further catalogs and questionnaires (JSON); one whose id matches a bundled one replaces it.
    #[arg(long, global = true, value_name = "DIR")]
    pub catalog_dir: Option<PathBuf>,
    /// When to colour terminal tables; `auto` colours a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
pub enum Command {
    /// List the frameworks, or show one with its domains and controls.
    #[command(after_help = "Examples:\n  itsm-assess frameworks\n  itsm-assess frameworks show iso20000 --format md")]
    Frameworks {
        #[command(subcommand)]
        action: Option<FrameworksAction>,
    },
    /// Start an assessment: write DIR/assessment.json and DIR/responses.csv (or responses.xlsx).
    #[command(
        after_help = "Examples:\n  itsm-assess init acme --org \"Acme Ltd\" --assessor \"J. Smith\" --date 2026-11-24 --frameworks itil4,iso20000 --target 3\n  itsm-assess init acme --org \"Acme Ltd\" --sheet xlsx      # an Excel workbook, a tab per section"
    )]
    Init(InitArgs),
    /// Write the response sheet with the answers given so far, as an Excel workbook or as CSV: for
    /// the next interview, or for the client to fill in.
    #[command(
        after_help = "Examples:\n  itsm-assess sheet acme -o acme/interview.xlsx\n  itsm-assess sheet acme --format csv -o answers.csv"
    )]
    Sheet(SheetArgs),
    /// Bring the response files in line with the scope after it changed: add the rows of
    /// questions newly in scope to the first response file (the previous one kept as FILE.1),
    /// keep every existing row, and list rows now out of scope.
    #[command(after_help = "Examples:\n  itsm-assess sync acme --dry-run\n  itsm-assess sync acme")]
    Sync {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        /// Say what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the questions several interviewees answered, with the median answer and who said
    /// what, for the assessor to settle; then list the file in assessment.json with
    /// "consolidated": true, and its answers are the ones scored.
    #[command(
        after_help = "Examples:\n  itsm-assess consolidate acme\n  itsm-assess consolidate acme --format xlsx -o acme/consolidated.xlsx"
    )]
    Consolidate(ConsolidateArgs),
    /// Compare two rounds of an assessment: how each framework, domain and control moved, the
    /// first round's roadmap steps due by the second achieved or not, and readiness then and now.
    #[command(
        after_help = "Examples:\n  itsm-assess compare acme-2026 acme-2027\n  itsm-assess compare acme-2026 acme-2027 --format md > progress.md"
    )]
    Compare {
        /// The earlier round's folder or assessment.json.
        old: PathBuf,
        /// The later round's folder or assessment.json.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = PageFormat::Table)]
        format: PageFormat,
        /// Output file (default: standard output; - for standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Compare many assessments: per framework, domain and control the peers' count, quartiles
    /// and median, and with --client where one organisation stands among them (its percentile).
    /// Folders are searched at any depth; those that cannot be scored are reported and skipped.
    /// Peers are never named.
    #[command(
        after_help = "Examples:\n  itsm-assess portfolio clients/\n  itsm-assess portfolio clients/ --client clients/acme-2027 --filter sector=logistics,since=2025-01-01\n  itsm-assess portfolio clients/ --format csv -o portfolio.csv"
    )]
    Portfolio(PortfolioArgs),
    /// Answer at the terminal during an interview: each question with its guidance and six
    /// levels, then the level, a comment and the evidence; saved to the first response file after
    /// every answer (the previous file kept as FILE.1), so an interrupted session loses nothing
    /// and resumes with --unanswered. Reads plain lines when input is not a terminal.
    #[command(after_help = "Examples:\n  itsm-assess ask acme --section support\n  itsm-assess ask acme --unanswered")]
    Ask {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        /// Only the questions of this section (its id, such as support).
        #[arg(long, value_name = "ID")]
        section: Option<String>,
        /// Only the questions not answered yet.
        #[arg(long)]
        unanswered: bool,
    },
    /// Check an assessment: content, assessment.json and every response file; all problems at once.
    #[command(after_help = "Example:\n  itsm-assess validate acme")]
    Validate {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
    },
    /// Check catalogs and questionnaires: the bundled ones and, if given, those in DIR.
    #[command(after_help = "Examples:\n  itsm-assess lint\n  itsm-assess lint my-catalogs")]
    Lint {
        /// Folder of catalogs and questionnaires to check with the bundled ones.
        dir: Option<PathBuf>,
    },
    /// Score an assessment per framework, domain and control.
    #[command(after_help = "Examples:\n  itsm-assess score acme\n  itsm-assess score acme --format json > scores.json")]
    Score {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Plan the improvement: initiatives, steps and phases, by priority.
    #[command(
        after_help = "Examples:\n  itsm-assess roadmap acme\n  itsm-assess roadmap acme --phases 6 --capacity 8 --format csv > plan.csv"
    )]
    Roadmap {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        plan: PlanArgs,
    },
    /// ISO/IEC 20000-1:2018 certification readiness: every requirement classified, the evidence
    /// behind it, the documented information checklist and the corrective action plan.
    #[command(
        after_help = "Examples:\n  itsm-assess readiness acme\n  itsm-assess readiness acme --format pdf             # writes acme/readiness.pdf\n  itsm-assess readiness acme --format csv > actions.csv\n  itsm-assess readiness acme --fail-on major           # exit 1 on a major finding"
    )]
    Readiness(ReadinessArgs),
    /// Write the assessment report: HTML, PDF, Markdown, JSON, or the gap register as CSV.
    #[command(
        after_help = "Examples:\n  itsm-assess report acme                      # writes acme/report.html\n  itsm-assess report acme --format pdf --paper letter\n  itsm-assess report acme --format md -o report.md\n  itsm-assess report acme --format json -o -   # to standard output"
    )]
    Report(ReportArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    #[command(
        after_help = "Examples:\n  itsm-assess completions bash > /etc/bash_completion.d/itsm-assess\n  itsm-assess completions zsh > ~/.zfunc/_itsm-assess"
    )]
    Completions { shell: clap_complete::Shell },
}

#[derive(Subcommand)]
pub enum FrameworksAction {
    /// Show one framework's domains and controls.
    Show {
        /// Framework id, such as itil4.
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Args)]
pub struct InitArgs {
    /// Folder to create (it must be new or empty unless --force).
    pub dir: PathBuf,
    /// Organisation assessed.
    #[arg(long, value_name = "NAME")]
    pub org: String,
    /// Who runs the assessment.
    #[arg(long, value_name = "NAME", default_value = "")]
    pub assessor: String,
    /// Assessment date, YYYY-MM-DD (default: today, then fixed in the file).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Frameworks in scope, comma-separated (default: every framework the questionnaire maps).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub frameworks: Vec<String>,
    /// Questionnaire id (default: itsm-core).
    #[arg(long, value_name = "ID")]
    pub questionnaire: Option<String>,
    /// Default target level, 0 to 5.
    #[arg(long, value_name = "N", default_value_t = 3.0)]
    pub target: f64,
    /// Start afresh in a folder that is not empty: the previous assessment.json, response files
    /// and reports are first moved to numbered backups (responses.csv.1, ...).
    #[arg(long)]
    pub force: bool,
    /// The response sheet: csv (any editor or spreadsheet) or xlsx (an Excel workbook with a tab
    /// per section, a list of answers and the question text protected).
    #[arg(long, value_enum, default_value_t = SheetFormat::Csv)]
    pub sheet: SheetFormat,
    /// The organisation's sector ("logistics"), for `portfolio --filter`.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub sector: String,
    /// Its size band ("250-999 staff").
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub size: String,
    /// Its region ("EMEA").
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub region: String,
}

#[derive(Args)]
pub struct PortfolioArgs {
    /// Folders of assessment folders (searched at any depth), assessment folders, or portfolios
    /// saved with --save.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// An assessment to place among the others: its score and percentile everywhere.
    #[arg(long, value_name = "DIR")]
    pub client: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = PageFormat::Table)]
    pub format: PageFormat,
    /// Output file (default: standard output; - for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file (never one the command reads).
    #[arg(long)]
    pub force: bool,
    /// Also save every assessment's scores to FILE (JSON Lines naming no organisation or folder),
    /// which later runs and `report --benchmark` read in place of the folders, in a fraction of
    /// the time.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    #[command(flatten)]
    pub peers: PeerArgs,
}

/// Which assessments of a portfolio are a client's peers.
#[derive(Args, Clone)]
pub struct PeerArgs {
    /// Only peers with these profile values or dates, comma-separated: sector=, size=, region=
    /// (alternatives separated by |, any case), since=YYYY-MM-DD, until=YYYY-MM-DD.
    #[arg(long, value_name = "KEY=VALUE,...", value_parser = parse_filter, default_value = "")]
    pub filter: Filter,
    /// Withhold the figures of fewer peers than this (default: 5 when a client is compared, else 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub min_peers: Option<u32>,
    /// Count every round of an organisation, not only its latest.
    #[arg(long)]
    pub all_rounds: bool,
}

fn parse_filter(text: &str) -> Result<Filter, String> {
    Filter::parse(text).map_err(|d| {
        let mut message = d.message.clone();
        for (label, part) in [("found", &d.found), ("expected", &d.expected)] {
            if let Some(part) = part {
                message.push_str(&format!(" ({label} {part})"));
            }
        }
        if let Some(hint) = &d.hint {
            message.push_str(&format!("\n  hint: {hint}"));
        }
        message
    })
}

impl PeerArgs {
    /// The request for a benchmark of the portfolio under `roots`.
    #[must_use]
    pub fn request(&self, roots: Vec<PathBuf>, client: Option<PathBuf>) -> crate::report::benchmark::Request {
        crate::report::benchmark::Request {
            roots,
            filter: self.filter.clone(),
            client,
            min_peers: self.min_peers.map(|n| n as usize),
            all_rounds: self.all_rounds,
            save: false,
        }
    }
}

#[derive(Args)]
pub struct ConsolidateArgs {
    /// Assessment folder or its assessment.json.
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = SheetFormat::Csv)]
    pub format: SheetFormat,
    /// Output file (default: consolidated.csv or consolidated.xlsx in the assessment folder).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file (never one the assessment reads).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct SheetArgs {
    /// Assessment folder or its assessment.json.
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = SheetFormat::Xlsx)]
    pub format: SheetFormat,
    /// Output file (default: responses.xlsx or responses.csv in the assessment folder, which must
    /// not be one of its response files).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct ReadinessArgs {
    /// Assessment folder or its assessment.json.
    pub dir: PathBuf,
    /// table, md, json, csv (the corrective action plan), soa-csv (the applicability table),
    /// html or pdf.
    #[arg(long, value_enum, default_value_t = ReadinessFormat::Table)]
    pub format: ReadinessFormat,
    /// Output file (default: standard output; readiness.html or readiness.pdf in the
    /// assessment folder for those formats; - for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding of this grade or worse exists (a requirement not assessed counts too).
    #[arg(long, value_enum, default_value_t = FailOn::None)]
    pub fail_on: FailOn,
    /// Grade the minors of a possible systemic failure as major.
    #[arg(long)]
    pub systemic_as_major: bool,
    #[command(flatten)]
    pub document: DocumentArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(Args)]
pub struct ReportArgs {
    /// Assessment folder or its assessment.json.
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Output file (default: report.<format> in the assessment folder; - for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How much to show: everything, or about a dozen pages for a board.
    #[arg(long, value_enum, default_value_t = Profile::Full)]
    pub profile: Profile,
    #[command(flatten)]
    pub document: DocumentArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// A folder of other assessments to compare the organisation with: the report gains a
    /// section with its percentile per framework and domain, and a chart per framework. Repeat
    /// for several folders.
    #[arg(long, value_name = "DIR")]
    pub benchmark: Vec<PathBuf>,
    #[command(flatten)]
    pub peers: PeerArgs,
}

/// How a report document is written.
#[derive(Args)]
pub struct DocumentArgs {
    /// Replace the output file if it exists (never an input of the command).
    #[arg(long)]
    pub force: bool,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,
    /// Folder of templates (report.html, report.md, readiness.html, readiness.md) that replace
    /// the bundled ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// How the roadmap is scheduled.
#[derive(Args, Clone, Copy)]
pub struct PlanArgs {
    /// Number of phases.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=24))]
    pub phases: u32,
    /// Length of a phase in months.
    #[arg(long, value_name = "M", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=24))]
    pub phase_months: u32,
    /// Person-days of work a phase can take; one level costs 2, 5 or 10 person-days for effort
    /// S, M or L, unless the assessment file sets other figures.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_CAPACITY, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub capacity: u32,
    /// Levels one initiative may climb within a phase, when capacity allows.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub levels_per_phase: u8,
    /// A month (YYYY-MM) by which to be ready for a stage 2 audit: the roadmap says what capacity
    /// that takes.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub certify_by: Option<Month>,
}

fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text).ok_or_else(|| format!("expected a month written YYYY-MM, such as 2027-09 (found {text:?})"))
}

impl PlanArgs {
    #[must_use]
    pub fn options(self) -> RoadmapOptions {
        RoadmapOptions {
            phases: self.phases as usize,
            phase_months: self.phase_months,
            capacity: self.capacity,
            levels_per_phase: self.levels_per_phase,
            certify_by: self.certify_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_codes_are_in_the_help() {
        use clap::CommandFactory;
        let help = Cli::command().render_long_help().to_string();
        assert!(
            help.contains("Exit codes: 0 success, 1 a requested check failed, 2 bad usage or input, 3 a fault"),
            "{help}"
        );
    }
}
