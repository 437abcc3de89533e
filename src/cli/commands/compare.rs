use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::output::preflight;
use crate::render::Rendered;
use crate::render::text::compare::comparison;
use crate::render::text::views::PageFormat;
use crate::report::{self, ReportOptions, compare::compare};

/// Two rounds compared; both are loaded and checked first, every problem of either reported.
pub fn run(
    session: &Session,
    old: &Path,
    new: &Path,
    format: PageFormat,
    output: Option<&Path>,
    force: bool,
) -> crate::Result<Status> {
    let (before, _) = session.assessment(old)?;
    let (after, _) = session.assessment(new)?;
    let mut inputs = session.inputs(&before, None);
    for file in &after.responses.files {
        inputs.file(&file.path, "a response file");
    }
    inputs.file(&after.file, "the assessment file");
    if let Some(register) = &after.evidence.file {
        inputs.file(&register.path, "the evidence register");
    }
    if let Some(path) = output.filter(|p| *p != Path::new("-")) {
        preflight(path, force, &inputs)?;
    }
    let (before, after) = (
        report::build(&before, ReportOptions::default()),
        report::build(&after, ReportOptions::default()),
    );
    let result = compare(&before, &after);
    let bytes = match format.text() {
        Some(text) => comparison(&result, text, session.printer.colour && output.is_none()).into_bytes(),
        None => crate::render::html::render_comparison(&result)?,
    };
    session.write(output, &Rendered::from(bytes), force, &inputs)?;
    Ok(Status::Success)
}
