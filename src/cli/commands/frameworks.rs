use super::Session;
use crate::cli::Status;
use crate::cli::args::FrameworksAction;
use crate::error::Error;
use crate::render::text::views;

/// Lists the frameworks, or shows one.
pub fn run(session: &Session, action: Option<FrameworksAction>) -> crate::Result<Status> {
    let (library, printer) = (&session.library, session.printer);
    let text = match action {
        None => views::frameworks_table(library, printer.colour),
        Some(FrameworksAction::Show { id, format }) => {
            let catalog = library.catalog(&id).ok_or_else(|| {
                let known: Vec<&str> = library.catalogs.keys().map(String::as_str).collect();
                Error::Usage(format!("unknown framework {id} (expected one of {})", known.join(", ")))
            })?;
            views::framework(library, catalog, format, printer.colour)
        }
    };
    printer.out(text.as_bytes())?;
    Ok(Status::Success)
}
