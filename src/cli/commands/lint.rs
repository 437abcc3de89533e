use std::path::Path;

use crate::cli::Status;
use crate::cli::printer::Printer;
use crate::content::Library;
use crate::text::plural;

/// Checks the bundled content and, with `dir`, a folder of the user's own; exit 2 on any error.
pub fn run(dir: Option<&Path>, printer: &Printer) -> crate::Result<Status> {
    let (library, mut diagnostics) = Library::load_unchecked(dir);
    diagnostics.extend(library.authoring_checks());
    printer.diagnostics(&diagnostics);
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    let questions: usize = library
        .questionnaires
        .values()
        .map(|q| q.value.questions().count())
        .sum();
    let controls: usize = library.catalogs.values().map(|c| c.value.control_count()).sum();
    printer.line(format_args!(
        "lint: {} catalogs ({controls} controls), {} questionnaires ({questions} questions): {errors} error{}, {warnings} warning{}",
        library.catalogs.len(),
        library.questionnaires.len(),
        plural(errors),
        plural(warnings)
    ))?;
    Ok(if errors > 0 { Status::BadInput } else { Status::Success })
}
