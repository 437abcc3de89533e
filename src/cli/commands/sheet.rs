use super::Session;
use crate::cli::Status;
use crate::cli::args::{ConsolidateArgs, SheetArgs};
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

/// The questions several interviewees answered, consolidated, for the assessor to settle.
pub fn consolidate(session: &Session, args: &ConsolidateArgs) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(&args.dir)?;
    let printer = session.printer;
    if loaded.responses.voices.is_empty() {
        printer.line(format_args!(
            "no question has more than one interviewee's answer: nothing to consolidate (name each file's interview in assessment.json: {{\"file\": ..., \"interview\": \"INT-01\"}})"
        ))?;
        return Ok(Status::Success);
    }
    let inputs = session.inputs(&loaded, None);
    let name = match args.format {
        workspace::SheetFormat::Csv => "consolidated.csv",
        workspace::SheetFormat::Xlsx => "consolidated.xlsx",
    };
    let path = args.output.clone().unwrap_or_else(|| loaded.dir.join(name));
    preflight(&path, args.force, &inputs)?;
    let (bytes, questions) = workspace::consolidation_sheet(&loaded, args.format)?;
    session.write(Some(&path), &Rendered::from(bytes), args.force, &inputs)?;
    let open = loaded.responses.disagreements.iter().filter(|d| !d.settled).count();
    let listed = path.strip_prefix(&loaded.dir).unwrap_or(&path).display().to_string();
    printer.line(format_args!(
        "{questions} questions answered by more than one interviewee, {open} of them a disagreement to settle; edit the answers, then list the file in assessment.json: {{\"file\": \"{listed}\", \"consolidated\": true}}"
    ))?;
    Ok(Status::Success)
}
