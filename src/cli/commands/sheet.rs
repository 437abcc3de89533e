use super::Session;
use crate::cli::Status;
use crate::cli::args::SheetArgs;
use crate::output::preflight;
use crate::render::Rendered;
use crate::workspace;

/// The response sheet with the answers so far, as a workbook or CSV.
pub fn run(session: &Session, args: &SheetArgs) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(&args.dir)?;
    let inputs = session.inputs(&loaded, None);
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| loaded.dir.join(args.format.default_file()));
    if path != std::path::Path::new("-") {
        preflight(&path, args.force, &inputs)?;
    }
    let bytes = workspace::export_sheet(&loaded, args.format)?;
    session.write(Some(&path), &Rendered::from(bytes), args.force, &inputs)?;
    Ok(Status::Success)
}
