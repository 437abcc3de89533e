//! Control catalogs: a framework, its domains and its controls, kept in the order they are written.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default = "default_weight")]
    pub weight: f64,
    #[serde(default)]
    pub mandatory: bool,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documented_information: Vec<String>,
}

pub(crate) fn default_weight() -> f64 {
    1.0
}

impl Catalog {
    pub fn controls(&self) -> impl Iterator<Item = (&Domain, &Control)> {
        self.domains.iter().flat_map(|d| d.controls.iter().map(move |c| (d, c)))
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls().map(|(_, c)| c).find(|c| c.id == id)
    }

    pub fn control_count(&self) -> usize {
        self.domains.iter().map(|d| d.controls.len()).sum()
    }
}
