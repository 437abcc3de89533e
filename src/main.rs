use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use itsm_assess::content::Library;
use itsm_assess::output::Protected;
use itsm_assess::pdf::Paper;
use itsm_assess::render::readiness as readiness_view;
use itsm_assess::render::report::{ReportFormat, render as render_report, render_template};
use itsm_assess::render::views::{self, Format};
use itsm_assess::report::{self, ReportOptions};
use itsm_assess::roadmap::{self, RoadmapOptions};
use itsm_assess::workspace::{self, InitOptions};
use itsm_assess::{Diagnostics, Error, assessment, output, scoring};

#[derive(Parser)]
#[command(
    name = "itsm-assess",
    version,
    about = "Measure IT service management maturity (ITIL 4, COBIT 2019, ISO/IEC 20000-1:2018, Lean IT) and certification readiness.",
    after_help = "Example:\n  itsm-assess init acme --org \"Acme Ltd\" --assessor \"J. Smith\"\n  itsm-assess score acme"
)]
struct Cli {
    /// Folder of further catalogs and questionnaires (JSON); one whose id matches a bundled one replaces it.
    #[arg(long, global = true, value_name = "DIR")]
    catalog_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the frameworks, or show one with its domains and controls.
    #[command(after_help = "Examples:\n  itsm-assess frameworks\n  itsm-assess frameworks show iso20000 --format md")]
    Frameworks {
        #[command(subcommand)]
        action: Option<FrameworksAction>,
    },
    /// Start an assessment: write DIR/assessment.json and DIR/responses.csv.
    #[command(
        after_help = "Example:\n  itsm-assess init acme --org \"Acme Ltd\" --assessor \"J. Smith\" --date 2026-11-24 --frameworks itil4,iso20000 --target 3"
    )]
    Init {
        /// Folder to create (it must be new or empty unless --force).
        dir: PathBuf,
        /// Organisation assessed.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// Who runs the assessment.
        #[arg(long, value_name = "NAME", default_value = "")]
        assessor: String,
        /// Assessment date, YYYY-MM-DD (default: today, then fixed in the file).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Frameworks in scope, comma-separated (default: every framework the questionnaire maps).
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        frameworks: Vec<String>,
        /// Questionnaire id (default: itsm-core).
        #[arg(long, value_name = "ID")]
        questionnaire: Option<String>,
        /// Default target level, 0 to 5.
        #[arg(long, value_name = "N", default_value_t = 3.0)]
        target: f64,
        /// Write into a folder that is not empty, replacing assessment.json and responses.csv.
        #[arg(long)]
        force: bool,
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
        #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
        format: ScoreFormat,
    },
    /// Plan the improvement: initiatives, steps and phases, by priority.
    #[command(
        after_help = "Examples:\n  itsm-assess roadmap acme\n  itsm-assess roadmap acme --phases 6 --capacity 8 --format csv > plan.csv"
    )]
    Roadmap {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = RoadmapFormat::Table)]
        format: RoadmapFormat,
        #[command(flatten)]
        plan: PlanArgs,
    },
    /// ISO/IEC 20000-1:2018 certification readiness: every requirement classified, the evidence
    /// behind it, the documented information checklist and the corrective action plan.
    #[command(
        after_help = "Examples:\n  itsm-assess readiness acme\n  itsm-assess readiness acme --format pdf             # writes acme/readiness.pdf\n  itsm-assess readiness acme --format csv > actions.csv\n  itsm-assess readiness acme --fail-on major           # exit 1 on a major finding"
    )]
    Readiness {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        /// table, md, json, csv (the corrective action plan), soa-csv (the applicability table),
        /// html or pdf.
        #[arg(long, value_enum, default_value_t = ReadinessFormat::Table)]
        format: ReadinessFormat,
        /// Output file (default: standard output; readiness.html or readiness.pdf in the
        /// assessment folder for those formats; - for standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Exit with 1 when a finding of this grade or worse exists (a requirement not assessed counts too).
        #[arg(long, value_enum, default_value_t = FailOn::None)]
        fail_on: FailOn,
        /// Grade the minors of a possible systemic failure as major.
        #[arg(long)]
        systemic_as_major: bool,
        #[command(flatten)]
        document: DocumentArgs,
        #[command(flatten)]
        plan: PlanArgs,
    },
    /// Write the assessment report: HTML, PDF, Markdown, JSON, or the gap register as CSV.
    #[command(
        after_help = "Examples:\n  itsm-assess report acme                      # writes acme/report.html\n  itsm-assess report acme --format pdf --paper letter\n  itsm-assess report acme --format md -o report.md\n  itsm-assess report acme --format json -o -   # to standard output"
    )]
    Report {
        /// Assessment folder or its assessment.json.
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Html)]
        format: ReportFormatArg,
        /// Output file (default: report.<format> in the assessment folder; - for standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        document: DocumentArgs,
        #[command(flatten)]
        plan: PlanArgs,
    },
}

/// How a report document is written.
#[derive(clap::Args)]
struct DocumentArgs {
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    paper: PaperArg,
    /// Folder of templates (report.html, report.md, readiness.html, readiness.md) that replace
    /// the bundled ones.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

/// How the roadmap is scheduled.
#[derive(clap::Args, Clone, Copy)]
struct PlanArgs {
    /// Number of phases.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=24))]
    phases: u32,
    /// Length of a phase in months.
    #[arg(long, value_name = "M", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=24))]
    phase_months: u32,
    /// Steps per phase.
    #[arg(long, value_name = "K", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    capacity: u32,
}

impl PlanArgs {
    fn options(self) -> RoadmapOptions {
        RoadmapOptions {
            phases: self.phases as usize,
            phase_months: self.phase_months,
            capacity: self.capacity as usize,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReadinessFormat {
    Table,
    Md,
    Json,
    Csv,
    SoaCsv,
    Html,
    Pdf,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    None,
    Minor,
    Major,
}

#[derive(Subcommand)]
enum FrameworksAction {
    /// Show one framework's domains and controls.
    Show {
        /// Framework id, such as itil4.
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
        format: ShowFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormatArg {
    Html,
    Pdf,
    Md,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RoadmapFormat {
    Table,
    Md,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScoreFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Table,
    Json,
    Csv,
    Md,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            report_error(&error);
            ExitCode::from(2)
        }
    }
}

fn report_error(error: &Error) {
    match error {
        Error::Invalid(diagnostics) => {
            for d in diagnostics.iter() {
                eprintln!("{d}");
            }
            for line in diagnostics.omitted_lines() {
                eprintln!("{line}");
            }
            let errors = diagnostics.error_count();
            eprintln!(
                "{errors} error{} found; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
        }
        other => eprintln!("error: {}", itsm_assess::text::visible(&other.to_string())),
    }
}

fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn print_warnings(warnings: &Diagnostics) {
    for w in warnings.warnings() {
        eprintln!("{w}");
    }
    for line in warnings.omitted_lines() {
        eprintln!("{line}");
    }
}

/// Loads the assessment in `dir`, prints its warnings and returns how many there were.
fn open<'l>(dir: &std::path::Path, library: &'l Library) -> Result<(assessment::Loaded<'l>, usize), Error> {
    let (loaded, warnings) = assessment::load(dir, library)?;
    print_warnings(&warnings);
    Ok((loaded, warnings.warnings().count()))
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    if let Command::Lint { dir } = &cli.command {
        return Ok(lint(dir.as_deref().or(cli.catalog_dir.as_deref())));
    }
    let (library, warnings) = Library::load(cli.catalog_dir.as_deref())?;
    print_warnings(&warnings);
    let mut protected = Protected::default();
    if let Some(dir) = &cli.catalog_dir {
        protected.folder(dir, "the catalog folder (--catalog-dir)");
    }
    match cli.command {
        Command::Lint { .. } => unreachable!("handled above"),
        Command::Frameworks { action: None } => emit(views::frameworks_table(&library, colour()).as_bytes())?,
        Command::Frameworks {
            action: Some(FrameworksAction::Show { id, format }),
        } => {
            let catalog = library.catalog(&id).ok_or_else(|| {
                let known: Vec<&str> = library.catalogs.keys().map(String::as_str).collect();
                Error::Usage(format!("unknown framework {id} (expected one of {})", known.join(", ")))
            })?;
            let format = match format {
                ShowFormat::Table => Format::Table,
                ShowFormat::Json => Format::Json,
                ShowFormat::Csv => Format::Csv,
                ShowFormat::Md => Format::Markdown,
            };
            emit(views::framework(catalog, format, colour()).as_bytes())?;
        }
        Command::Init {
            dir,
            org,
            assessor,
            date,
            frameworks,
            questionnaire,
            target,
            force,
        } => {
            let options = InitOptions {
                dir,
                organization: org,
                assessor,
                date: date.unwrap_or_else(|| chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()),
                frameworks,
                questionnaire,
                target,
                force,
            };
            let summary = workspace::init(&library, &options, &protected)?;
            for (from, to) in &summary.backups {
                eprintln!(
                    "moved {} to {} (backup of the previous assessment)",
                    from.display(),
                    to.display()
                );
            }
            emit_line(format!(
                "created {} and {} ({} questions; frameworks {})",
                summary.assessment_file.display(),
                summary.responses_file.display(),
                summary.questions,
                summary.frameworks.join(", ")
            ))?;
            emit_line(format!(
                "next: fill in the answer column (0-5, na, or blank), then run `itsm-assess score {}`",
                options.dir.display()
            ))?;
        }
        Command::Validate { dir } => {
            let (loaded, warnings) = open(&dir, &library)?;
            let counts = loaded.answer_counts();
            emit_line(format!(
                "ok: {} ({}): {} questions in scope, {} answered, {} not applicable, {} unanswered; {} warning{}",
                itsm_assess::text::one_line(&loaded.file.display().to_string()),
                itsm_assess::text::one_line(&loaded.assessment.organization),
                counts.questions,
                counts.answered,
                counts.not_applicable,
                counts.unanswered,
                warnings,
                if warnings == 1 { "" } else { "s" }
            ))?;
        }
        Command::Score { dir, format } => {
            let (loaded, _) = open(&dir, &library)?;
            let set = scoring::score(&loaded);
            let format = match format {
                ScoreFormat::Table => Format::Table,
                ScoreFormat::Json => Format::Json,
                ScoreFormat::Csv => Format::Csv,
            };
            emit(views::scores(&set, format, colour()).as_bytes())?;
        }
        Command::Readiness {
            dir,
            format,
            output,
            fail_on,
            systemic_as_major,
            document,
            plan,
        } => {
            let DocumentArgs {
                force,
                paper,
                templates,
            } = document;
            let (loaded, _) = open(&dir, &library)?;
            protect_inputs(&mut protected, &loaded, templates.as_deref());
            let options = ReportOptions {
                roadmap: plan.options(),
                systemic_as_major,
            };
            let report = report::build(&loaded, options);
            let Some(result) = &report.readiness else {
                return Err(Error::Usage(
                    "ISO/IEC 20000-1 (iso20000) is not in the assessment's scope: add it to \"frameworks\" in assessment.json".into(),
                ));
            };
            if let Some(path) = output.as_deref().filter(|p| *p != std::path::Path::new("-")) {
                output::preflight(path, force, &protected)?;
            }
            let paper = Paper::from(paper);
            let (bytes, default_file): (Vec<u8>, Option<&str>) = match format {
                ReadinessFormat::Table => (readiness_view::table(&report, result, colour()).into_bytes(), None),
                ReadinessFormat::Json => (readiness_view::json(&report, result).into_bytes(), None),
                ReadinessFormat::Csv => (readiness_view::actions_csv(result).to_bytes(), None),
                ReadinessFormat::SoaCsv => (readiness_view::applicability_csv(result).to_bytes(), None),
                ReadinessFormat::Md => (render_template(&report, "readiness.md", templates.as_deref())?, None),
                ReadinessFormat::Html => (
                    render_template(&report, "readiness.html", templates.as_deref())?,
                    Some("readiness.html"),
                ),
                ReadinessFormat::Pdf => {
                    let pdf = itsm_assess::pdf::render_readiness(&report, paper)?;
                    for warning in &pdf.warnings {
                        eprintln!("warning: {warning}");
                    }
                    (pdf.bytes, Some("readiness.pdf"))
                }
            };
            let target = output.or_else(|| default_file.map(|f| loaded.dir.join(f)));
            write_output(target.as_deref(), &bytes, force, &protected)?;
            let failing = result.counts.major
                + result.counts.not_assessed
                + if fail_on == FailOn::Minor {
                    result.counts.minor
                } else {
                    0
                };
            if fail_on != FailOn::None && failing > 0 {
                eprintln!("readiness check failed: {}", readiness_view::verdict_line(result));
                return Ok(ExitCode::from(1));
            }
        }
        Command::Roadmap { dir, format, plan } => {
            let (loaded, _) = open(&dir, &library)?;
            let scores = scoring::score(&loaded);
            let a = &loaded.assessment;
            let roadmap = roadmap::build(
                &scores,
                loaded.questionnaire,
                &loaded.responses,
                &a.readiness,
                plan.options(),
            );
            let format = match format {
                RoadmapFormat::Table => Format::Table,
                RoadmapFormat::Md => Format::Markdown,
                RoadmapFormat::Csv => Format::Csv,
                RoadmapFormat::Json => Format::Json,
            };
            emit(views::roadmap(&roadmap, format, colour()).as_bytes())?;
        }
        Command::Report {
            dir,
            format,
            output,
            document,
            plan,
        } => {
            let DocumentArgs {
                force,
                paper,
                templates,
            } = document;
            let (loaded, _) = open(&dir, &library)?;
            protect_inputs(&mut protected, &loaded, templates.as_deref());
            let format = match format {
                ReportFormatArg::Html => ReportFormat::Html,
                ReportFormatArg::Md => ReportFormat::Markdown,
                ReportFormatArg::Json => ReportFormat::Json,
                ReportFormatArg::Csv => ReportFormat::Csv,
                ReportFormatArg::Pdf => ReportFormat::Pdf(paper.into()),
            };
            let report = report::build(
                &loaded,
                ReportOptions {
                    roadmap: plan.options(),
                    ..ReportOptions::default()
                },
            );
            let path = output.unwrap_or_else(|| loaded.dir.join(format!("report.{}", format.extension())));
            if path != std::path::Path::new("-") {
                output::preflight(&path, force, &protected)?;
            }
            let rendered = render_report(&report, format, templates.as_deref())?;
            for warning in &rendered.warnings {
                eprintln!("warning: {warning}");
            }
            let bytes = rendered.bytes;
            write_output(Some(&path), &bytes, force, &protected)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes to `path` (atomically, refusing to replace a file without `force`), or to standard
/// output when there is no path or it is `-`.
fn write_output(path: Option<&std::path::Path>, bytes: &[u8], force: bool, protected: &Protected) -> Result<(), Error> {
    match path {
        Some(path) if path != std::path::Path::new("-") => {
            output::write_atomic(path, bytes, force, protected)?;
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
        _ => emit(bytes)?,
    }
    Ok(())
}

/// Adds everything a report command read to the files it must never write.
fn protect_inputs(protected: &mut Protected, loaded: &assessment::Loaded, templates: Option<&std::path::Path>) {
    protected.file(&loaded.file, "the assessment file");
    for file in &loaded.responses.files {
        protected.file(&file.path, "a response file");
    }
    if let Some(dir) = templates {
        protected.folder(dir, "the templates folder (--templates)");
    }
}

fn emit_line(mut line: String) -> Result<(), Error> {
    line.push('\n');
    emit(line.as_bytes())
}

/// Writes to standard output; a reader that stopped early (`| head`) is not an error.
fn emit(bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("standard output", &e)),
        _ => Ok(()),
    }
}

fn lint(dir: Option<&std::path::Path>) -> ExitCode {
    let (library, diagnostics) = Library::load_unchecked(dir);
    for d in diagnostics.iter() {
        eprintln!("{d}");
    }
    for line in diagnostics.omitted_lines() {
        eprintln!("{line}");
    }
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    let questions: usize = library
        .questionnaires
        .values()
        .map(|q| q.value.questions().count())
        .sum();
    let _ = emit_line(format!(
        "lint: {} catalogs ({} controls), {} questionnaires ({} questions): {} error{}, {} warning{}",
        library.catalogs.len(),
        library
            .catalogs
            .values()
            .map(|c| c.value.control_count())
            .sum::<usize>(),
        library.questionnaires.len(),
        questions,
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    ));
    if errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
