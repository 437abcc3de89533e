//! itsm-assess: IT service management maturity and ISO/IEC 20000-1 readiness assessments.
//!
//! The data flows one way, and each stage is a folder that imports only the stages below it:
//!
//! 1. [`content`]: catalogs and questionnaires, bundled or the user's, loaded and checked (lint).
//! 2. [`workspace`]: an assessment (`assessment.json`), its response files, and `init`.
//! 3. [`engine`]: levels, scores, the gap register, ISO/IEC 20000-1 readiness, the roadmap.
//! 4. [`report`]: the one report model, with every sentence a report prints.
//! 5. [`render`]: one folder per backend (text, HTML and Markdown templates, charts, PDF), which
//!    never import each other; `render` itself dispatches a format to its backend.
//! 6. [`cli`]: the command-line shell.
//!
//! Below them all sit the helpers every stage may use: [`error`], [`text`], [`format`],
//! [`markdown`], [`csv_out`], [`input`], [`json_locate`] and [`output`].

pub mod cli;
pub mod content;
pub mod csv_out;
pub mod engine;
pub mod error;
pub mod format;
pub mod input;
pub mod json_locate;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod text;
pub mod workspace;

#[cfg(test)]
mod testkit;

pub use error::{Diagnostic, Diagnostics, Error, Result};
