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
    /// Where each control id sits, built by [`Catalog::index`] once loaded, so look-ups stay
    /// constant-time in catalogs of any size.
    #[serde(skip)]
    pub(crate) positions: std::collections::HashMap<String, (usize, usize)>,
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

    #[must_use]
    pub fn control(&self, id: &str) -> Option<&Control> {
        if self.positions.is_empty() {
            return self.controls().map(|(_, c)| c).find(|c| c.id == id);
        }
        let &(d, c) = self.positions.get(id)?;
        self.domains.get(d)?.controls.get(c)
    }

    /// Builds the id look-up; the first of two equal ids wins, as in a linear search.
    pub fn index(&mut self) {
        self.positions.clear();
        for (d, domain) in self.domains.iter().enumerate() {
            for (c, control) in domain.controls.iter().enumerate() {
                self.positions.entry(control.id.clone()).or_insert((d, c));
            }
        }
    }

    #[must_use]
    pub fn control_count(&self) -> usize {
        self.domains.iter().map(|d| d.controls.len()).sum()
    }
}
