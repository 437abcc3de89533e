use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::text::one_line;
use crate::text::plural;

/// Checks the assessment and says in one line what is answered.
pub fn run(session: &Session, dir: &Path) -> crate::Result<Status> {
    let (loaded, warnings) = session.assessment(dir)?;
    let counts = loaded.answer_counts();
    session.printer.line(format_args!(
        "ok: {} ({}): {} questions in scope, {} answered, {} not applicable, {} unanswered; {warnings} warning{}",
        one_line(&loaded.file.display().to_string()),
        one_line(&loaded.assessment.organization),
        counts.questions,
        counts.answered,
        counts.not_applicable,
        counts.unanswered,
        plural(warnings)
    ))?;
    let open = loaded.responses.disagreements.iter().filter(|d| !d.settled).count();
    for d in &loaded.responses.disagreements {
        session
            .printer
            .note(crate::workspace::responses::disagreement_line(d, loaded.questionnaire));
    }
    if open > 0 {
        session.printer.note(format!(
            "{open} disagreement{} to resolve: write the settled answers in a consolidated file (itsm-assess consolidate {})",
            plural(open),
            one_line(&dir.display().to_string())
        ));
    }
    Ok(Status::Success)
}
