use super::Session;
use crate::cli::Status;
use crate::cli::args::ReportArgs;
use crate::output::preflight;
use crate::render;
use crate::report::{self, ReportOptions};

/// Writes the assessment report; the output is checked before the work starts.
pub fn run(session: &Session, args: ReportArgs) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(&args.dir)?;
    let document = &args.document;
    let mut inputs = session.inputs(&loaded, document.templates.as_deref());
    let request = args.peers.request(args.benchmark.clone(), Some(loaded.dir.clone()));
    let folders = if args.benchmark.is_empty() {
        Vec::new()
    } else {
        super::portfolio_folders(session, &request, &mut inputs)
    };
    let path = args
        .output
        .unwrap_or_else(|| loaded.dir.join(args.format.default_file()));
    if path != std::path::Path::new("-") {
        preflight(&path, document.force, &inputs)?;
    }
    let mut report = report::build(
        &loaded,
        ReportOptions {
            roadmap: args.plan.options(),
            profile: args.profile,
            ..ReportOptions::default()
        },
    );
    report.trend = super::trend(session, &loaded, &report)?;
    if !args.benchmark.is_empty() {
        report.benchmark = Some(super::benchmark(session, &folders, &request)?.benchmark);
    }
    let rendered = render::report(&report, args.format, document.paper, document.templates.as_deref())?;
    session.write(Some(&path), &rendered, document.force, &inputs)?;
    super::leave_to_exit((rendered, report, loaded));
    Ok(Status::Success)
}
