//! The text backend: aligned terminal tables, CSV and JSON documents, and Markdown built in code
//! (`frameworks show`, `score` and `roadmap` in `md`).

pub mod benchmark;
pub mod compare;
pub mod readiness;
pub mod table;
pub mod views;
