use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::cli::args::PlanArgs;
use crate::engine::{roadmap, scoring};
use crate::render::text::views::{self, Format};

/// Plans the improvement from the scores alone.
pub fn run(session: &Session, dir: &Path, format: Format, plan: PlanArgs) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(dir)?;
    let scores = scoring::score(&loaded);
    let roadmap = roadmap::build(
        &scores,
        loaded.questionnaire,
        &loaded.responses,
        &loaded.assessment.readiness,
        plan.options(),
    );
    session
        .printer
        .out(views::roadmap(&roadmap, format, session.printer.colour).as_bytes())?;
    Ok(Status::Success)
}
