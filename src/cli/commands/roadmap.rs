use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::cli::args::PlanArgs;
use crate::render::text::views::{self, Format};

/// Plans the improvement: certification work first when ISO/IEC 20000-1 is in scope.
pub fn run(session: &Session, dir: &Path, format: Format, plan: PlanArgs) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(dir)?;
    let roadmap = crate::engine::plan(&loaded, plan.options(), false).roadmap;
    session
        .printer
        .out(views::roadmap(&roadmap, format, session.printer.colour).as_bytes())?;
    Ok(Status::Success)
}
