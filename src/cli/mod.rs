//! The command-line shell, in the shape of just and uv: arguments ([`args`]), one file per command
//! ([`commands`]), and one printer for standard output and error ([`printer`]). Each command
//! returns an exit [`Status`]; the work itself is done by the library below.

pub mod args;
mod commands;
mod printer;

use std::process::ExitCode;

use clap::Parser;

pub use crate::error::Status;
use args::{Cli, Command};
use printer::Printer;

/// Runs the command line of this process and returns its exit code.
#[must_use]
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer::new(cli.color);
    let status = run(cli, &printer).unwrap_or_else(|error| {
        printer.error(&error);
        error.status()
    });
    ExitCode::from(status.code())
}

fn run(cli: Cli, printer: &Printer) -> crate::Result<Status> {
    let catalog_dir = cli.catalog_dir.as_deref();
    match cli.command {
        Command::Lint { dir } => commands::lint::run(dir.as_deref().or(catalog_dir), printer),
        Command::Completions { shell } => commands::completions::run(shell, printer),
        command => {
            let session = commands::Session::open(catalog_dir, printer)?;
            let status = match command {
                Command::Frameworks { action } => commands::frameworks::run(&session, action),
                Command::Init(args) => commands::init::run(&session, args),
                Command::Sheet(args) => commands::sheet::run(&session, &args),
                Command::Ask {
                    dir,
                    section,
                    unanswered,
                } => commands::ask::run(&session, &dir, section.as_deref(), unanswered),
                Command::Compare {
                    old,
                    new,
                    format,
                    output,
                    force,
                } => commands::compare::run(&session, &old, &new, format, output.as_deref(), force),
                Command::Portfolio(args) => commands::portfolio::run(&session, &args),
                Command::Consolidate(args) => commands::sheet::consolidate(&session, &args),
                Command::Sync { dir, dry_run } => commands::sync::run(&session, &dir, dry_run),
                Command::Validate { dir } => commands::validate::run(&session, &dir),
                Command::Score { dir, format } => commands::score::run(&session, &dir, format),
                Command::Roadmap { dir, format, plan } => commands::roadmap::run(&session, &dir, format, plan),
                Command::Readiness(args) => commands::readiness::run(&session, &args),
                Command::Report(args) => commands::report::run(&session, args),
                Command::Lint { .. } | Command::Completions { .. } => unreachable!("handled above"),
            };
            commands::leave_to_exit(session);
            status
        }
    }
}
