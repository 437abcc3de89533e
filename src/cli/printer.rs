//! The one place that writes to standard output and standard error.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::args::ColorChoice;
use crate::error::{Diagnostics, Error, Result};
use crate::output::{Protected, write_atomic};
use crate::text::visible;

pub struct Printer {
    pub colour: bool,
}

// Standard error needs no state today; the methods keep one call shape for every message.
#[allow(clippy::unused_self)]
impl Printer {
    /// Colour on a terminal unless `NO_COLOR` is set (<https://no-color.org>), or as the user chose.
    pub fn new(choice: ColorChoice) -> Printer {
        let colour = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        Printer { colour }
    }

    /// Writes to standard output; a reader that stopped early (`| head`) is not an error.
    pub fn out(&self, bytes: &[u8]) -> Result<()> {
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("standard output", e)),
            _ => Ok(()),
        }
    }

    pub fn line(&self, line: impl std::fmt::Display) -> Result<()> {
        self.out(format!("{line}\n").as_bytes())
    }

    /// A note on standard error, shown visibly whatever it quotes.
    pub fn note(&self, text: impl std::fmt::Display) {
        eprintln!("{}", visible(&text.to_string()));
    }

    /// Every diagnostic kept, then the counts of those past the per-file limit.
    pub fn diagnostics(&self, diagnostics: &Diagnostics) {
        for d in diagnostics.iter() {
            eprintln!("{d}");
        }
        for line in diagnostics.omitted_lines() {
            eprintln!("{line}");
        }
    }

    pub fn error(&self, error: &Error) {
        match error {
            Error::Invalid(diagnostics) => {
                self.diagnostics(diagnostics);
                let errors = diagnostics.error_count();
                eprintln!(
                    "{errors} error{} found; nothing was written",
                    crate::text::plural(errors)
                );
            }
            other => eprintln!("error: {}", visible(&other.to_string())),
        }
    }

    /// Writes a document to `path` (atomically; see [`write_atomic`]), or to standard output when
    /// there is no path or it is `-`.
    pub fn document(&self, path: Option<&Path>, bytes: &[u8], force: bool, protected: &Protected) -> Result<()> {
        match path {
            Some(path) if path != Path::new("-") => {
                write_atomic(path, bytes, force, protected)?;
                self.note(format!("wrote {} ({} bytes)", path.display(), bytes.len()));
                Ok(())
            }
            _ => self.out(bytes),
        }
    }
}
