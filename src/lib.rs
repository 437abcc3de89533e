//! itsm-assess: IT service management maturity and ISO/IEC 20000-1 readiness assessments.
//!
//! The data flows one way: content (catalogs and questionnaire) and the assessment workspace are
//! loaded and checked ([`content`], [`assessment`], [`responses`]), scored ([`scoring`]), and
//! rendered ([`render`]). Each number is computed in exactly one module.

pub mod assessment;
pub mod catalog;
pub mod charts;
pub mod cli;
pub mod content;
pub mod error;
pub mod gaps;
pub mod input;
pub mod json_locate;
pub mod output;
pub mod pdf;
pub mod questionnaire;
pub mod readiness;
pub mod render;
pub mod report;
pub mod responses;
pub mod roadmap;
pub mod scoring;
pub mod text;
pub mod theme;
pub mod workspace;

#[cfg(test)]
mod testkit;

pub use error::{Diagnostic, Diagnostics, Error, Result};
