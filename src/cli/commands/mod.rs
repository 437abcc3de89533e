//! One file per command. Each loads what it needs through a [`Session`], asks the library for the
//! result, prints it and returns the exit status.

pub mod ask;
pub mod compare;
pub mod completions;
pub mod frameworks;
pub mod init;
pub mod lint;
pub mod portfolio;
pub mod readiness;
pub mod report;
pub mod roadmap;
pub mod score;
pub mod sheet;
pub mod sync;
pub mod validate;

use std::path::Path;

use super::printer::Printer;
use crate::content::Library;
use crate::output::Protected;
use crate::render::Rendered;
use crate::workspace::assessment::{self, Loaded};

/// What every command but `lint` and `completions` starts from: the content, loaded and checked,
/// and the files it came from, which no output may replace.
/// Leaves what a command built to the operating system instead of freeing it: the process exits
/// right after the command, and freeing a report model and its template context node by node
/// would take about a tenth of the run for nothing.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// The progress since the previous round, when the assessment names it as `baseline`: that
/// round loaded and checked like any assessment, its report built with the default plan, and the
/// two compared.
pub fn trend(
    session: &Session,
    loaded: &Loaded,
    report: &crate::report::Report,
) -> crate::Result<Option<crate::report::compare::Comparison>> {
    let Some(baseline) = &loaded.assessment.baseline else {
        return Ok(None);
    };
    let (previous, _) = session.assessment(&loaded.dir.join(baseline))?;
    let before = crate::report::build(&previous, crate::report::ReportOptions::default());
    Ok(Some(crate::report::compare::compare(&before, report)))
}

/// The portfolio's assessment folders for a benchmark, with the problems met finding them
/// printed, each folder protected from the output.
pub fn portfolio_folders(
    session: &Session,
    request: &crate::report::benchmark::Request,
    inputs: &mut Protected,
) -> Vec<std::path::PathBuf> {
    let (folders, warnings) = crate::report::benchmark::folders(request);
    session.printer.diagnostics(&warnings);
    for file in crate::report::benchmark::saved_files(request) {
        inputs.file(&file, "a saved portfolio");
    }
    // The client's own folder is where its report goes; its input files are protected one by one.
    let client = request.client.as_ref().and_then(|c| std::fs::canonicalize(c).ok());
    for folder in &folders {
        if client.is_none() || std::fs::canonicalize(folder).ok() != client {
            inputs.folder(folder, "an assessment of the portfolio");
        }
    }
    folders
}

/// The benchmark of a request over its folders, its warnings (skipped folders) printed.
pub fn benchmark(
    session: &Session,
    folders: &[std::path::PathBuf],
    request: &crate::report::benchmark::Request,
) -> crate::Result<crate::report::benchmark::Run> {
    let run = crate::report::benchmark::run(&session.library, folders, request)?;
    session.printer.diagnostics(&run.warnings);
    Ok(run)
}

pub struct Session<'p> {
    pub library: Library,
    pub protected: Protected,
    pub printer: &'p Printer,
}

impl<'p> Session<'p> {
    pub fn open(catalog_dir: Option<&Path>, printer: &'p Printer) -> crate::Result<Session<'p>> {
        let (library, warnings) = Library::load(catalog_dir)?;
        printer.diagnostics(&warnings);
        let mut protected = Protected::default();
        if let Some(dir) = catalog_dir {
            protected.folder(dir, "the catalog folder (--catalog-dir)");
        }
        Ok(Session {
            library,
            protected,
            printer,
        })
    }

    /// Loads the assessment in `dir` and prints its warnings; returns it with their count.
    pub fn assessment(&self, dir: &Path) -> crate::Result<(Loaded<'_>, usize)> {
        let (loaded, warnings) = assessment::load(dir, &self.library)?;
        self.printer.diagnostics(&warnings);
        Ok((loaded, warnings.warning_count()))
    }

    /// Everything a report command read, which its output must never replace: the content
    /// folder, the assessment file, every response file and the templates folder.
    /// Every input but the first response file, which `sync` and `ask` write to on purpose,
    /// having kept its previous bytes beside it.
    pub fn inputs_but_first_response_file(&self, loaded: &Loaded) -> Protected {
        let mut protected = self.protected.clone();
        protected.file(&loaded.file, "the assessment file");
        if let Some(register) = &loaded.evidence.file {
            protected.file(&register.path, "the evidence register");
        }
        for other in loaded.responses.files.iter().skip(1) {
            protected.file(&other.path, "a response file");
        }
        protected
    }

    pub fn inputs(&self, loaded: &Loaded, templates: Option<&Path>) -> Protected {
        let mut protected = self.protected.clone();
        protected.file(&loaded.file, "the assessment file");
        for file in &loaded.responses.files {
            protected.file(&file.path, "a response file");
        }
        if let Some(file) = &loaded.evidence.file {
            protected.file(&file.path, "the evidence register");
        }
        if let Some(dir) = templates {
            protected.folder(dir, "the templates folder (--templates)");
        }
        protected
    }

    /// Prints a rendered document's warnings and writes it.
    pub fn write(
        &self,
        path: Option<&Path>,
        rendered: &Rendered,
        force: bool,
        inputs: &Protected,
    ) -> crate::Result<()> {
        for warning in &rendered.warnings {
            self.printer.note(format!("warning: {warning}"));
        }
        self.printer.document(path, &rendered.bytes, force, inputs)
    }
}
