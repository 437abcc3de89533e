use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::engine::scoring;
use crate::render::text::views::{self, Format};

/// Scores per framework, domain and control.
pub fn run(session: &Session, dir: &Path, format: Format) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(dir)?;
    let scores = scoring::score(&loaded);
    session
        .printer
        .out(views::scores(&scores, format, session.printer.colour).as_bytes())?;
    Ok(Status::Success)
}
