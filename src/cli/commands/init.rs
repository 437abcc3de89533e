use super::Session;
use crate::cli::Status;
use crate::cli::args::InitArgs;
use crate::workspace::{self, InitOptions};

/// Starts an assessment, after moving a previous one aside when forced.
pub fn run(session: &Session, args: InitArgs) -> crate::Result<Status> {
    let options = InitOptions {
        dir: args.dir,
        organization: args.org,
        assessor: args.assessor,
        date: args.date,
        frameworks: args.frameworks,
        questionnaire: args.questionnaire,
        target: args.target,
        force: args.force,
        sheet: args.sheet,
        profile: crate::workspace::assessment::OrgProfile {
            sector: args.sector.trim().to_string(),
            size: args.size.trim().to_string(),
            region: args.region.trim().to_string(),
        },
    };
    let summary = workspace::init(&session.library, &options, &session.protected)?;
    let printer = session.printer;
    for (from, to) in &summary.backups {
        printer.note(format!(
            "moved {} to {} (backup of the previous assessment)",
            from.display(),
            to.display()
        ));
    }
    printer.line(format_args!(
        "created {} and {} ({} questions; frameworks {})",
        summary.assessment_file.display(),
        summary.responses_file.display(),
        summary.questions,
        summary.frameworks.join(", ")
    ))?;
    if let Some(file) = &summary.evidence_file {
        printer.line(format_args!(
            "created {} ({} documents: set status to seen, claimed or missing as you check each)",
            file.display(),
            summary.documents
        ))?;
    }
    printer.line(format_args!(
        "next: fill in the answer column (0-5, na, or blank), then run `itsm-assess score {}`",
        options.dir.display()
    ))?;
    Ok(Status::Success)
}
