//! The engine: from an assessment's answers to scores, gaps, readiness and the roadmap.

pub mod gaps;
pub mod levels;
pub mod readiness;
pub mod roadmap;
pub mod scoring;
