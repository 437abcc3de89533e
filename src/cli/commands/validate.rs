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
    let reworded: Vec<&str> = loaded
        .responses
        .by_question
        .values()
        .filter(|r| !r.asked_as.is_empty())
        .map(|r| r.question_id.as_str())
        .collect();
    if !reworded.is_empty() {
        session.printer.note(format!(
            "{} question{} worded in the sheet otherwise than in the questionnaire now (the sheet was made from an earlier version): {}; the answers stand, but check they still fit the wording",
            reworded.len(),
            plural(reworded.len()),
            reworded.join(", ")
        ));
    }
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
