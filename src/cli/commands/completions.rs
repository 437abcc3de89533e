use clap::CommandFactory;

use crate::cli::Status;
use crate::cli::args::Cli;
use crate::cli::printer::Printer;

/// Prints the completion script for `shell`.
pub fn run(shell: clap_complete::Shell, printer: &Printer) -> crate::Result<Status> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "itsm-assess", &mut script);
    printer.out(&script)?;
    Ok(Status::Success)
}
