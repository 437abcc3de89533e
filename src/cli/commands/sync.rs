use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::output::{keep_copy, write_atomic};
use crate::workspace::sync;

/// Adds the rows of questions newly in scope; lists rows out of scope; changes no existing row.
pub fn run(session: &Session, dir: &Path, dry_run: bool) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(dir)?;
    let plan = sync::plan(&loaded)?;
    let printer = session.printer;
    if !plan.out_of_scope.is_empty() {
        let rows: Vec<String> = plan
            .out_of_scope
            .iter()
            .map(|(id, place)| format!("{id} ({place})"))
            .collect();
        printer.note(format!(
            "kept {} rows whose question maps no framework in scope (they stay, and are not scored): {}",
            rows.len(),
            rows.join(", ")
        ));
    }
    let file = plan.file.display();
    if plan.missing.is_empty() {
        printer.line(format_args!("{file} is in line with the scope: no question to add"))?;
        return Ok(Status::Success);
    }
    let ids: Vec<&str> = plan.missing.iter().map(|q| q.id.as_str()).collect();
    if dry_run {
        printer.line(format_args!(
            "would add {} rows to {file}: {}",
            ids.len(),
            ids.join(", ")
        ))?;
        return Ok(Status::Success);
    }
    let bytes = sync::apply(&loaded, &plan)?;
    let protected = session.inputs_but_first_response_file(&loaded);
    let backup = keep_copy(&plan.file)?;
    write_atomic(&plan.file, &bytes, true, &protected)?;
    printer.line(format_args!(
        "added {} rows to {file} (the previous file is kept as {}): {}",
        ids.len(),
        backup.display(),
        ids.join(", ")
    ))?;
    Ok(Status::Success)
}
