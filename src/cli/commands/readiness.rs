use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::cli::args::ReadinessArgs;
use crate::output::preflight;
use crate::render::text::readiness::verdict_line;
use crate::report::{self, ReportOptions};

/// ISO/IEC 20000-1 readiness, and the `--fail-on` gate.
pub fn run(session: &Session, args: &ReadinessArgs) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(&args.dir)?;
    let document = &args.document;
    let inputs = session.inputs(&loaded, document.templates.as_deref());
    let path = args
        .output
        .clone()
        .or_else(|| args.format.default_file().map(|f| loaded.dir.join(f)));
    if let Some(path) = path.as_deref().filter(|p| *p != Path::new("-")) {
        preflight(path, document.force, &inputs)?;
    }
    let report = report::build(
        &loaded,
        ReportOptions {
            roadmap: args.plan.options(),
            systemic_as_major: args.systemic_as_major,
            ..ReportOptions::default()
        },
    );
    let (Some(result), Some(prose)) = (&report.readiness, &report.prose.readiness) else {
        return Err(crate::engine::readiness::not_in_scope());
    };
    let rendered = crate::render::readiness(
        &report,
        result,
        args.format,
        document.paper,
        document.templates.as_deref(),
        session.printer.colour,
    )?;
    session.write(path.as_deref(), &rendered, document.force, &inputs)?;
    let status = if result.fails(args.fail_on) {
        session
            .printer
            .note(format!("readiness check failed: {}", verdict_line(prose)));
        Status::CheckFailed
    } else {
        Status::Success
    };
    super::leave_to_exit((rendered, report, loaded));
    Ok(status)
}
