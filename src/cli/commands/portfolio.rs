use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::cli::args::PortfolioArgs;
use crate::output::preflight;
use crate::render::Rendered;
use crate::render::text::benchmark::benchmark;

/// The portfolio's distributions, and a client's place among its peers when one is named.
pub fn run(session: &Session, args: &PortfolioArgs) -> crate::Result<Status> {
    let mut request = args.peers.request(args.dirs.clone(), args.client.clone());
    request.save = args.save.is_some();
    let mut inputs = session.protected.clone();
    if let Some(client) = &args.client {
        inputs.folder(
            &crate::workspace::assessment::locate(client).0,
            "the client's assessment",
        );
    }
    let folders = super::portfolio_folders(session, &request, &mut inputs);
    let output = args.output.as_deref();
    for path in output
        .filter(|p| *p != Path::new("-"))
        .into_iter()
        .chain(args.save.as_deref())
    {
        preflight(path, args.force, &inputs)?;
    }
    let run = super::benchmark(session, &folders, &request)?;
    if let (Some(path), Some(saved)) = (&args.save, run.saved) {
        session.write(Some(path), &Rendered::from(saved), args.force, &inputs)?;
    }
    let result = run.benchmark;
    let bytes = match args.format.text() {
        Some(text) => benchmark(&result, text, session.printer.colour && output.is_none()).into_bytes(),
        None => crate::render::html::render_benchmark(&result)?,
    };
    session.write(output, &Rendered::from(bytes), args.force, &inputs)?;
    Ok(Status::Success)
}
