use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::render::text::compare::comparison;
use crate::render::text::views::Format;
use crate::report::{self, ReportOptions, compare::compare};

/// Two rounds compared; both are loaded and checked first, every problem of either reported.
pub fn run(session: &Session, old: &Path, new: &Path, format: Format) -> crate::Result<Status> {
    let (before, _) = session.assessment(old)?;
    let (after, _) = session.assessment(new)?;
    let (before, after) = (
        report::build(&before, ReportOptions::default()),
        report::build(&after, ReportOptions::default()),
    );
    session
        .printer
        .out(comparison(&compare(&before, &after), format, session.printer.colour).as_bytes())?;
    Ok(Status::Success)
}
