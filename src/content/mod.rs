//! The content library: bundled catalogs and questionnaires, optionally overlaid by a folder of the
//! user's own, and the validation (lint) of all of it.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::de::DeserializeOwned;

pub mod catalog;
pub mod questionnaire;

use crate::content::catalog::{Catalog, Control};
use crate::content::questionnaire::{ACTIONS, LEVELS, Mapping, Questionnaire, Role};
use crate::error::{Diagnostic, Diagnostics, Result, Severity};
use crate::json_locate;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

pub use bundled::BUNDLED_TEMPLATES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

/// A parsed content file with where it came from, kept so diagnostics can name file and line.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub value: T,
    pub origin: Origin,
    pub label: String,
    text: Cow<'static, str>,
}

impl<T> Loaded<T> {
    pub fn is_bundled(&self) -> bool {
        self.origin == Origin::Bundled
    }
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub catalogs: IndexMap<String, Loaded<Catalog>>,
    pub questionnaires: IndexMap<String, Loaded<Questionnaire>>,
}

#[derive(Clone, Copy)]
enum Kind {
    Catalog,
    Questionnaire,
}

/// Tells a catalog from a questionnaire by its top-level keys, without building the document in
/// memory.
#[derive(serde::Deserialize)]
struct KindProbe {
    domains: Option<serde::de::IgnoredAny>,
    sections: Option<serde::de::IgnoredAny>,
}

impl Library {
    /// Bundled content plus the user's folder, validated; fails when any error is found and
    /// returns the warnings otherwise.
    pub fn load(catalog_dir: Option<&Path>) -> Result<(Library, Diagnostics)> {
        let (library, diagnostics) = match catalog_dir {
            Some(_) => Library::load_unchecked(catalog_dir),
            // The bundled content alone is validated by `lint` and by the tests
            // (`lint_reports_nothing_on_the_bundled_content`): checking it again at every start
            // would cost every command time and could find nothing new.
            None => Library::parsed(None),
        };
        let warnings = diagnostics.into_result()?;
        Ok((library, warnings))
    }

    /// Loads everything it can and reports every problem, parse and validation alike.
    #[must_use]
    pub fn load_unchecked(catalog_dir: Option<&Path>) -> (Library, Diagnostics) {
        let (library, mut diagnostics) = Library::parsed(catalog_dir);
        diagnostics.extend(library.validate());
        (library, diagnostics)
    }

    /// The bundled content and the user's folder, parsed and indexed but not validated.
    fn parsed(catalog_dir: Option<&Path>) -> (Library, Diagnostics) {
        let mut library = Library::default();
        let mut diagnostics = Diagnostics::default();
        for (label, text) in bundled::BUNDLED_CATALOGS {
            library.add(
                Kind::Catalog,
                Origin::Bundled,
                label,
                Cow::Borrowed(text),
                &mut diagnostics,
            );
        }
        for (label, text) in bundled::BUNDLED_QUESTIONNAIRES {
            library.add(
                Kind::Questionnaire,
                Origin::Bundled,
                label,
                Cow::Borrowed(text),
                &mut diagnostics,
            );
        }
        if let Some(dir) = catalog_dir {
            library.add_folder(dir, &mut diagnostics);
        }
        (library, diagnostics)
    }

    fn add_folder(&mut self, dir: &Path, diagnostics: &mut Diagnostics) {
        let mut files = Vec::new();
        for folder in [dir.to_path_buf(), dir.join("frameworks"), dir.join("questionnaires")] {
            if folder != dir && !folder.is_dir() {
                continue;
            }
            match std::fs::read_dir(&folder) {
                Ok(entries) => files.extend(
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json")),
                ),
                Err(err) => diagnostics
                    .push(Diagnostic::error(folder.display().to_string(), "cannot read the catalog folder").found(err)),
            }
        }
        files.sort();
        let mut total: u64 = 0;
        for path in files {
            let label = path.display().to_string();
            total += std::fs::metadata(&path).map_or(0, |m| m.len());
            if total > crate::input::MAX_INPUT_BYTES {
                diagnostics.push(
                    Diagnostic::error(dir.display().to_string(), "the catalog folder holds too much content")
                        .found(format!("more than {} bytes of JSON", crate::input::MAX_INPUT_BYTES))
                        .expected("at most 16 MiB in all")
                        .hint(format!("{label} and the files after it in name order were not read")),
                );
                break;
            }
            let text = match crate::input::read_text(&path) {
                Ok(text) => text,
                Err(d) => {
                    diagnostics.push(*d);
                    continue;
                }
            };
            let kind = match serde_json::from_str::<KindProbe>(&text) {
                Ok(probe) if probe.domains.is_some() => Kind::Catalog,
                Ok(probe) if probe.sections.is_some() => Kind::Questionnaire,
                Ok(_) => {
                    diagnostics.push(
                        Diagnostic::error(&label, "not a catalog or a questionnaire")
                            .at_line(1)
                            .expected("a top-level \"domains\" (catalog) or \"sections\" (questionnaire)"),
                    );
                    continue;
                }
                Err(err) => {
                    diagnostics.push(crate::input::json_error(&label, &err));
                    continue;
                }
            };
            self.add(kind, Origin::File(path), &label, Cow::Owned(text), diagnostics);
        }
    }

    fn add(&mut self, kind: Kind, origin: Origin, label: &str, text: Cow<'static, str>, diagnostics: &mut Diagnostics) {
        match kind {
            Kind::Catalog => {
                if let Some(mut loaded) = parse::<Catalog>(origin, label, text, diagnostics) {
                    loaded.value.index();
                    self.catalogs.insert(loaded.value.id.clone(), loaded);
                }
            }
            Kind::Questionnaire => {
                if let Some(mut loaded) = parse::<Questionnaire>(origin, label, text, diagnostics) {
                    loaded.value.index();
                    self.questionnaires.insert(loaded.value.id.clone(), loaded);
                }
            }
        }
    }

    #[must_use]
    pub fn catalog(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.get(id).map(|l| &l.value)
    }

    #[must_use]
    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.get(id).map(|l| &l.value)
    }

    /// Every content problem at once: ids, mappings, weights, descriptors, dependencies, coverage.
    #[must_use]
    pub fn validate(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        for loaded in self.catalogs.values() {
            all.extend(locate(validate_catalog(&loaded.value), loaded));
        }
        for loaded in self.questionnaires.values() {
            all.extend(locate(self.validate_questionnaire(&loaded.value), loaded));
        }
        all.extend(self.unmapped_controls());
        all.extend(self.unevidenced_elements());
        all.extend(self.size_limits());
        all
    }

    /// How content is written, which only `lint` reports (loading for an assessment does not):
    /// every mapping says whether it is direct or supporting evidence, and why, and every control
    /// has at least [`MIN_DIRECT_QUESTIONS`] direct questions.
    #[must_use]
    pub fn authoring_checks(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        for loaded in self.questionnaires.values() {
            let mut found = Findings::default();
            for (si, section) in loaded.value.sections.iter().enumerate() {
                for (qi, question) in section.questions.iter().enumerate() {
                    for (mi, mapping) in question.maps.iter().enumerate() {
                        let at = format!("sections[{si}].questions[{qi}].maps[{mi}]");
                        if mapping.role.is_none() {
                            found.add(
                                at.clone(),
                                warn("mapping without a role").expected(
                                    "\"direct\" (the question rates what the control requires) or \"supporting\" (context)",
                                ),
                            );
                        }
                        if mapping.reason.trim().is_empty() {
                            found.add(
                                at.clone(),
                                warn("mapping without a reason")
                                    .hint("say in a line why the question evidences the control"),
                            );
                        }
                    }
                }
            }
            all.extend(locate(found, loaded));
        }
        all.extend(self.thinly_evidenced_controls());
        all
    }

    /// Refuses more content than a report can show in bounded time and memory (see [`LIMITS`]).
    fn size_limits(&self) -> Diagnostics {
        let controls: usize = self.catalogs.values().map(|c| c.value.control_count()).sum();
        let questions: usize = self.questionnaires.values().map(|q| q.value.questions().count()).sum();
        let mappings: usize = self
            .questionnaires
            .values()
            .flat_map(|q| q.value.questions().map(|(_, question)| question.maps.len()))
            .sum();
        let mut found = Diagnostics::default();
        for ((what, limit), count) in LIMITS.iter().zip([controls, questions, mappings]) {
            if count > *limit {
                found.push(
                    Diagnostic::error("content", format!("too many {what} in all catalogs and questionnaires"))
                        .found(count)
                        .expected(format!("at most {limit}"))
                        .hint("split the content over several catalog folders, one per assessment"),
                );
            }
        }
        found
    }

    fn validate_questionnaire(&self, q: &Questionnaire) -> Findings {
        let mut found = Findings::default();
        check_id(&mut found, "id".into(), "questionnaire", &q.id);
        let levels: BTreeSet<u8> = q.scale.levels.iter().map(|l| l.level).collect();
        if q.scale.levels.len() != LEVELS || levels != (0..=5).collect() {
            let shown: Vec<u8> = levels.iter().copied().take(10).collect();
            found.add(
                "scale.levels".into(),
                err("the scale must name each level from 0 to 5 once")
                    .found(format!("{} levels {shown:?}", q.scale.levels.len()))
                    .expected("0, 1, 2, 3, 4, 5"),
            );
        }
        for (i, level) in q.scale.levels.iter().enumerate() {
            if level.name.trim().is_empty() {
                found.add(format!("scale.levels[{i}].name"), err("empty level name"));
            }
        }
        let mut first_seen: HashMap<&str, String> = HashMap::new();
        let mut section_ids = HashSet::new();
        for (si, section) in q.sections.iter().enumerate() {
            check_id(&mut found, format!("sections[{si}].id"), "section", &section.id);
            if !section_ids.insert(section.id.as_str()) {
                found.add(
                    format!("sections[{si}].id"),
                    err("duplicate section id").found(&section.id),
                );
            }
            if let Some(problem) = questionnaire::tab_problem(&section.tab) {
                found.add(
                    format!("sections[{si}].tab"),
                    err(problem)
                        .found(&section.tab)
                        .expected("at most 31 characters, none of : \\ / ? * [ ], not Instructions"),
                );
            }
            for (qi, question) in section.questions.iter().enumerate() {
                let at = format!("sections[{si}].questions[{qi}]");
                if check_id(&mut found, format!("{at}.id"), "question", &question.id) {
                    if let Some(first) = first_seen.get(question.id.as_str()) {
                        found.add(
                            format!("{at}.id"),
                            err("duplicate question id")
                                .found(&question.id)
                                .hint(format!("first used at {first}")),
                        );
                    } else {
                        first_seen.insert(&question.id, at.clone());
                    }
                }
                self.check_question(&mut found, &at, question);
            }
        }
        let graph: Vec<(&str, String, &[String])> = q
            .sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                s.questions.iter().enumerate().map(move |(qi, question)| {
                    (
                        question.id.as_str(),
                        format!("sections[{si}].questions[{qi}]"),
                        question.depends_on.as_slice(),
                    )
                })
            })
            .collect();
        dependency_problems(&mut found, &graph, "question");
        workstream_problems(&mut found, q);
        title_problems(&mut found, q);
        change_log_problems(&mut found, q);
        found
    }

    fn check_question(&self, found: &mut Findings, at: &str, question: &crate::content::questionnaire::Question) {
        if question.text.trim().is_empty() {
            found.add(format!("{at}.text"), err("empty question text"));
        }
        if question.levels.len() != LEVELS {
            found.add(
                format!("{at}.levels"),
                err("wrong number of level descriptors")
                    .found(question.levels.len())
                    .expected("6, for levels 0 to 5"),
            );
        }
        for (li, text) in question.levels.iter().enumerate().take(LEVELS) {
            if text.trim().is_empty() {
                found.add(format!("{at}.levels[{li}]"), err("empty level descriptor"));
            } else if question.levels[..li].contains(text) {
                found.add(
                    format!("{at}.levels[{li}]"),
                    warn("level descriptor repeats an earlier one")
                        .hint("each level needs its own observable description"),
                );
            }
        }
        if question.maps.is_empty() {
            found.add(format!("{at}.maps"), err("the question maps to no control"));
        }

        if question.title.chars().count() > MAX_TITLE {
            found.add(
                format!("{at}.title"),
                err("title too long for a roadmap line")
                    .found(question.title.chars().count())
                    .expected(format!("at most {MAX_TITLE} characters")),
            );
        }
        if !question.actions.is_empty() && question.actions.len() != ACTIONS {
            found.add(
                format!("{at}.actions"),
                err("wrong number of actions")
                    .found(question.actions.len())
                    .expected("5, one for each level from 1 to 5"),
            );
        }
        for (ai, action) in question.actions.iter().enumerate() {
            if action.trim().is_empty() {
                found.add(format!("{at}.actions[{ai}]"), err("empty action"));
            }
        }
        let mut mapped = HashSet::new();
        for (mi, mapping) in question.maps.iter().enumerate() {
            let map_at = format!("{at}.maps[{mi}]");
            check_weight(found, format!("{map_at}.weight"), mapping.weight);
            if !mapped.insert((&mapping.framework, &mapping.control)) {
                found.add(
                    map_at.clone(),
                    err("the question maps the same control twice")
                        .found(format!("{}:{}", mapping.framework, mapping.control)),
                );
            }
            match self.catalog(&mapping.framework) {
                None => found.add(
                    format!("{map_at}.framework"),
                    err("unknown framework")
                        .found(&mapping.framework)
                        .expected(one_of(self.catalogs.keys().map(String::as_str))),
                ),
                Some(catalog) if catalog.control(&mapping.control).is_none() => {
                    let mut d = err(format!("unknown control of {}", catalog.id)).found(&mapping.control);
                    if found.has_room() {
                        if let Some(near) = nearest(&mapping.control, catalog.controls().map(|(_, c)| c.id.as_str())) {
                            d = d.hint(format!("did you mean {near}?"));
                        }
                    }
                    found.add(format!("{map_at}.control"), d);
                }
                Some(catalog) => check_role(found, &map_at, mapping, catalog),
            }
        }
        if question.effort.is_none() {
            found.add(format!("{at}.effort"), warn("no effort given").expected("S, M or L"));
        }
    }

    /// Controls no questionnaire maps: an error for bundled content, a warning for a user's own.
    fn unmapped_controls(&self) -> Diagnostics {
        let mapped: HashSet<(&str, &str)> = self
            .questionnaires
            .values()
            .flat_map(|q| q.value.questions().flat_map(|(_, question)| question.maps.iter()))
            .map(|m| (m.framework.as_str(), m.control.as_str()))
            .collect();
        let all_questionnaires_bundled = self.questionnaires.values().all(Loaded::is_bundled);
        let mut diagnostics = Diagnostics::default();
        for loaded in self.catalogs.values() {
            let mut found = Findings::default();
            for (di, domain) in loaded.value.domains.iter().enumerate() {
                for (ci, control) in domain.controls.iter().enumerate() {
                    if mapped.contains(&(loaded.value.id.as_str(), control.id.as_str())) {
                        continue;
                    }
                    let message = format!(
                        "control {} is mapped by no question, so it can never be scored",
                        crate::text::shorten(&control.id)
                    );
                    let d = coverage_problem(loaded.is_bundled() && all_questionnaires_bundled, message);
                    found.add(format!("domains[{di}].controls[{ci}]"), d);
                }
            }
            diagnostics.extend(locate(found, loaded));
        }
        diagnostics
    }
}

impl Library {
    /// Required elements no question evidences directly, so readiness could never find them met:
    /// an error for bundled content, a warning for a user's own.
    fn unevidenced_elements(&self) -> Diagnostics {
        let evidenced: HashSet<(&str, &str, &str)> = self
            .questionnaires
            .values()
            .flat_map(|q| q.value.questions().flat_map(|(_, question)| question.maps.iter()))
            .filter(|m| m.role == Some(Role::Direct))
            .flat_map(|m| {
                m.elements
                    .iter()
                    .map(move |e| (m.framework.as_str(), m.control.as_str(), e.as_str()))
            })
            .collect();
        let all_questionnaires_bundled = self.questionnaires.values().all(Loaded::is_bundled);
        let mut diagnostics = Diagnostics::default();
        for loaded in self.catalogs.values() {
            let catalog = &loaded.value;
            let mut found = Findings::default();
            for (di, domain) in catalog.domains.iter().enumerate() {
                for (ci, control) in domain.controls.iter().enumerate() {
                    for (ei, element) in control.elements.iter().enumerate() {
                        if evidenced.contains(&(catalog.id.as_str(), control.id.as_str(), element.id.as_str())) {
                            continue;
                        }
                        let message = format!(
                            "required element {} of {} is evidenced by no direct question, so it can never be found met",
                            crate::text::shorten(&element.id),
                            crate::text::shorten(&control.id)
                        );
                        let d = coverage_problem(loaded.is_bundled() && all_questionnaires_bundled, message);
                        found.add(
                            format!("domains[{di}].controls[{ci}].elements[{ei}]"),
                            d.hint("name it in the `elements` of a mapping with \"role\": \"direct\" to this control"),
                        );
                    }
                }
            }
            diagnostics.extend(locate(found, loaded));
        }
        diagnostics
    }
}

impl Library {
    /// Controls that fewer than [`MIN_DIRECT_QUESTIONS`] questions map directly, across every
    /// questionnaire loaded, so a single answer decides them: an error for bundled content, a
    /// warning for a user's own. A control no question maps at all is left to `unmapped_controls`.
    fn thinly_evidenced_controls(&self) -> Diagnostics {
        let several = self.questionnaires.len() > 1;
        let mut mapped: HashSet<(&str, &str)> = HashSet::new();
        // The first few distinct direct questions of each control: enough to tell short from not.
        let mut direct: HashMap<(&str, &str), Vec<String>> = HashMap::new();
        for loaded in self.questionnaires.values() {
            let q = &loaded.value;
            for (_, question) in q.questions() {
                for m in &question.maps {
                    let key = (m.framework.as_str(), m.control.as_str());
                    mapped.insert(key);
                    if m.role != Some(Role::Direct) {
                        continue;
                    }
                    let names = direct.entry(key).or_default();
                    if names.len() < MIN_DIRECT_QUESTIONS {
                        let name = if several {
                            format!(
                                "{} of {}",
                                crate::text::shorten(&question.id),
                                crate::text::shorten(&q.id)
                            )
                        } else {
                            crate::text::shorten(&question.id).into_owned()
                        };
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
            }
        }
        let all_questionnaires_bundled = self.questionnaires.values().all(Loaded::is_bundled);
        let mut diagnostics = Diagnostics::default();
        for loaded in self.catalogs.values() {
            let catalog = &loaded.value;
            let mut found = Findings::default();
            for (di, domain) in catalog.domains.iter().enumerate() {
                for (ci, control) in domain.controls.iter().enumerate() {
                    let key = (catalog.id.as_str(), control.id.as_str());
                    if !mapped.contains(&key) {
                        continue;
                    }
                    let names = direct.get(&key).map_or(&[][..], Vec::as_slice);
                    if names.len() >= MIN_DIRECT_QUESTIONS {
                        continue;
                    }
                    let message = format!(
                        "control {} of {} has too few direct questions",
                        crate::text::shorten(&control.id),
                        crate::text::shorten(&catalog.id)
                    );
                    let d = coverage_problem(loaded.is_bundled() && all_questionnaires_bundled, message);
                    let shown = if names.is_empty() {
                        "0, supporting mappings only".to_string()
                    } else {
                        format!("{}: {}", names.len(), names.join(", "))
                    };
                    found.add(
                        format!("domains[{di}].controls[{ci}]"),
                        d.found(shown)
                            .expected(format!(
                                "at least {MIN_DIRECT_QUESTIONS} questions mapped to it with \"role\": \"direct\""
                            ))
                            .hint(
                                "add a question that rates another side of the control, or make a supporting mapping \
                                 direct where the question's level 3 rates what the control requires",
                            ),
                    );
                }
            }
            diagnostics.extend(locate(found, loaded));
        }
        diagnostics
    }
}

/// The fewest questions that must map each control directly, so no control is decided by one
/// answer alone (`lint` checks it).
pub const MIN_DIRECT_QUESTIONS: usize = 2;

/// Longest initiative title, in characters.
pub const MAX_TITLE: usize = 60;

/// Workstreams: valid distinct ids, names, known sections, each section in exactly one.
fn workstream_problems(found: &mut Findings, q: &Questionnaire) {
    if q.workstreams.is_empty() {
        return;
    }
    let mut ids = HashSet::new();
    let mut taken: HashMap<&str, &str> = HashMap::new();
    for (wi, workstream) in q.workstreams.iter().enumerate() {
        let at = format!("workstreams[{wi}]");
        if check_id(found, format!("{at}.id"), "workstream", &workstream.id) && !ids.insert(workstream.id.as_str()) {
            found.add(format!("{at}.id"), err("duplicate workstream id").found(&workstream.id));
        }
        if workstream.name.trim().is_empty() {
            found.add(format!("{at}.name"), err("empty workstream name"));
        }
        for (si, section) in workstream.sections.iter().enumerate() {
            if !q.sections.iter().any(|s| &s.id == section) {
                let mut d = err("unknown section").found(section);
                if let Some(near) = nearest(section, q.sections.iter().map(|s| s.id.as_str())) {
                    d = d.hint(format!("did you mean {near}?"));
                }
                found.add(format!("{at}.sections[{si}]"), d);
            } else if let Some(first) = taken.insert(section.as_str(), workstream.id.as_str()) {
                found.add(
                    format!("{at}.sections[{si}]"),
                    err("section already in another workstream").found(format!("{section}, in {first}")),
                );
            }
        }
    }
    for (si, section) in q.sections.iter().enumerate() {
        if !taken.contains_key(section.id.as_str()) {
            found.add(
                format!("sections[{si}]"),
                err("section in no workstream, so its initiatives have no theme").found(&section.id),
            );
        }
    }
}

/// Initiative titles: each used once, so a roadmap never shows two initiatives by one name.
fn title_problems(found: &mut Findings, q: &Questionnaire) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (si, section) in q.sections.iter().enumerate() {
        for (qi, question) in section.questions.iter().enumerate() {
            if question.title.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(question.title.to_lowercase(), question.id.as_str()) {
                found.add(
                    format!("sections[{si}].questions[{qi}].title"),
                    err("title used by another question").found(format!("{}, also {first}", question.title)),
                );
            }
        }
    }
}

/// A mapping's role and elements against the control it maps: elements only on direct mappings,
/// each one the control's own, and a direct mapping to a control with elements names at least one.
fn check_role(found: &mut Findings, at: &str, mapping: &Mapping, catalog: &Catalog) {
    let Some(control) = catalog.control(&mapping.control) else {
        return;
    };
    match mapping.role {
        Some(Role::Direct) if mapping.elements.is_empty() && !control.elements.is_empty() => found.add(
            format!("{at}.elements"),
            err("a direct mapping names none of the control's required elements")
                .expected(one_of(control.elements.iter().map(|e| e.id.as_str())))
                .hint("name the elements the question evidences, or make the role supporting"),
        ),
        Some(Role::Direct) => {}
        _ if !mapping.elements.is_empty() => found.add(
            format!("{at}.role"),
            err("only a direct mapping can evidence required elements")
                .found(mapping.role.map_or("no role", |_| "supporting"))
                .expected("\"role\": \"direct\""),
        ),
        None if !control.elements.is_empty() => found.add(
            format!("{at}.role"),
            warn("no role given, so readiness takes the question as supporting evidence")
                .expected("\"direct\" or \"supporting\""),
        ),
        _ => {}
    }
    for (ei, element) in mapping.elements.iter().enumerate() {
        if control.elements.iter().any(|e| &e.id == element) {
            continue;
        }
        let mut d = err(format!(
            "unknown required element of {}",
            crate::text::shorten(&control.id)
        ))
        .found(element);
        if let Some(near) = nearest(element, control.elements.iter().map(|e| e.id.as_str())) {
            d = d.hint(format!("did you mean {near}?"));
        }
        found.add(format!("{at}.elements[{ei}]"), d);
    }
}

/// A control's required elements: valid, distinct ids with text.
fn check_elements(found: &mut Findings, at: &str, control: &Control, catalog: &Catalog, catalog_has_elements: bool) {
    let mut ids = HashSet::new();
    for (ei, element) in control.elements.iter().enumerate() {
        let element_at = format!("{at}.elements[{ei}]");
        if check_id(found, format!("{element_at}.id"), "element", &element.id) && !ids.insert(element.id.as_str()) {
            found.add(
                format!("{element_at}.id"),
                err("duplicate element id").found(&element.id),
            );
        }
        if element.text.trim().is_empty() {
            found.add(format!("{element_at}.text"), err("empty element text"));
        }
    }
    if catalog_has_elements && control.mandatory && control.elements.is_empty() {
        found.add(
            format!("{at}.elements"),
            err("a mandatory requirement lists no required elements, so readiness cannot classify it")
                .hint("list what an auditor looks for, as the catalog's other requirements do"),
        );
    }
    for (di, document) in control.documents.iter().enumerate() {
        if catalog.document(document).is_none() {
            let mut d = err("unknown document").found(document);
            if let Some(near) = nearest(document, catalog.documents.iter().map(|d| d.id.as_str())) {
                d = d.hint(format!("did you mean {near}?"));
            }
            found.add(format!("{at}.documents[{di}]"), d);
        }
    }
}

/// The catalog's document list: valid, distinct ids with titles, each called for by some control.
fn check_documents(found: &mut Findings, catalog: &Catalog) {
    let referenced: HashSet<&str> = catalog
        .controls()
        .flat_map(|(_, c)| c.documents.iter().map(String::as_str))
        .collect();
    let mut ids = HashSet::new();
    for (i, document) in catalog.documents.iter().enumerate() {
        let at = format!("documents[{i}]");
        if check_id(found, format!("{at}.id"), "document", &document.id) && !ids.insert(document.id.as_str()) {
            found.add(format!("{at}.id"), err("duplicate document id").found(&document.id));
        }
        if document.title.trim().is_empty() {
            found.add(format!("{at}.title"), err("empty document title"));
        }
        if !referenced.contains(document.id.as_str()) {
            found.add(
                at.clone(),
                warn("no requirement calls for this document").found(&document.id),
            );
        }
        if let Some(clause) = &document.raised_under {
            let calls_for_it = catalog
                .control(clause)
                .is_some_and(|c| c.documents.contains(&document.id));
            if !calls_for_it {
                found.add(
                    format!("{at}.raised_under"),
                    err("a document is raised under a control that calls for it")
                        .found(clause)
                        .expected(format!("a control listing {} in its documents", document.id)),
                );
            }
        }
    }
}

/// The most controls, questions and question-to-control mappings the loaded content may hold, all
/// files together: over 30 times the bundled content (155, 217 and 626), and the size up to which
/// every report stays within seconds and well under 512 MB.
pub const LIMITS: [(&str, usize); 3] = [("controls", 10_000), ("questions", 10_000), ("mappings", 20_000)];

/// Problems found in one content file, each with the JSON path of the value at fault: the first
/// [`crate::error::DIAGNOSTICS_PER_FILE`] in full, the rest counted, so a file with a million bad
/// entries is reported in bounded time and memory.
#[derive(Default)]
struct Findings {
    kept: Vec<(String, Diagnostic)>,
    omitted_errors: usize,
    omitted_warnings: usize,
}

impl Findings {
    fn has_room(&self) -> bool {
        self.kept.len() < crate::error::DIAGNOSTICS_PER_FILE
    }

    fn add(&mut self, path: String, diagnostic: Diagnostic) {
        if self.has_room() {
            self.kept.push((path, diagnostic));
        } else if diagnostic.severity == Severity::Error {
            self.omitted_errors += 1;
        } else {
            self.omitted_warnings += 1;
        }
    }
}

/// Ids are written into users' response files, `framework:control` target keys, file names and
/// reports: they are short names of letters, digits, dots, hyphens and underscores.
pub const ID_RULE: &str = "1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit";

/// Whether `id` follows [`ID_RULE`].
#[must_use]
pub fn valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Reports an id that breaks [`ID_RULE`]; true when the id is valid.
fn check_id(found: &mut Findings, path: String, what: &str, id: &str) -> bool {
    if valid_id(id) {
        return true;
    }
    let message = if id.trim().is_empty() {
        format!("empty {what} id")
    } else {
        format!("{what} id with characters ids cannot have")
    };
    found.add(path, err(message).found(format!("{id:?}")).expected(ID_RULE));
    false
}

/// The largest weight a control or mapping may carry; larger values would overflow the sums.
pub const MAX_WEIGHT: f64 = 100.0;

fn check_weight(found: &mut Findings, path: String, weight: f64) {
    if !(weight.is_finite() && weight > 0.0 && weight <= MAX_WEIGHT) {
        found.add(
            path,
            err("weight out of range")
                .found(weight)
                .expected(format!("a number greater than 0 and at most {MAX_WEIGHT}")),
        );
    }
}

fn validate_catalog(catalog: &Catalog) -> Findings {
    let mut found = Findings::default();
    check_id(&mut found, "id".into(), "framework", &catalog.id);
    if catalog.control_count() == 0 {
        found.add("domains".into(), err("the catalog has no controls"));
    }
    let mut domain_ids = HashSet::new();
    let mut control_ids = HashSet::new();
    let has_elements = catalog.controls().any(|(_, c)| !c.elements.is_empty());
    for (di, domain) in catalog.domains.iter().enumerate() {
        check_id(&mut found, format!("domains[{di}].id"), "domain", &domain.id);
        if !domain_ids.insert(domain.id.as_str()) {
            found.add(
                format!("domains[{di}].id"),
                err("duplicate domain id").found(&domain.id),
            );
        }
        for (ci, control) in domain.controls.iter().enumerate() {
            let at = format!("domains[{di}].controls[{ci}]");
            if check_id(&mut found, format!("{at}.id"), "control", &control.id)
                && !control_ids.insert(control.id.as_str())
            {
                found.add(format!("{at}.id"), err("duplicate control id").found(&control.id));
            }
            check_weight(&mut found, format!("{at}.weight"), control.weight);
            check_elements(&mut found, &at, control, catalog, has_elements);
        }
    }
    check_documents(&mut found, catalog);
    let graph: Vec<(&str, String, &[String])> = catalog
        .domains
        .iter()
        .enumerate()
        .flat_map(|(di, d)| {
            d.controls.iter().enumerate().map(move |(ci, c)| {
                (
                    c.id.as_str(),
                    format!("domains[{di}].controls[{ci}]"),
                    c.depends_on.as_slice(),
                )
            })
        })
        .collect();
    dependency_problems(&mut found, &graph, "control");
    design_factor_problems(&mut found, catalog);
    found
}

/// Design factors: ids unique, each value's adjustments name controls of the catalog and move a
/// target by one level.
fn design_factor_problems(found: &mut Findings, catalog: &Catalog) {
    let mut factor_ids = HashSet::new();
    for (fi, factor) in catalog.design_factors.iter().enumerate() {
        let at = format!("design_factors[{fi}]");
        if check_id(found, format!("{at}.id"), "design factor", &factor.id) && !factor_ids.insert(factor.id.as_str()) {
            found.add(format!("{at}.id"), err("duplicate design factor id").found(&factor.id));
        }
        if factor.values.len() < 2 {
            found.add(
                format!("{at}.values"),
                err("a design factor needs at least two values").found(factor.values.len()),
            );
        }
        let mut value_ids = HashSet::new();
        for (vi, value) in factor.values.iter().enumerate() {
            let at = format!("{at}.values[{vi}]");
            if check_id(found, format!("{at}.id"), "design factor value", &value.id)
                && !value_ids.insert(value.id.as_str())
            {
                found.add(format!("{at}.id"), err("duplicate value id").found(&value.id));
            }
            for (ai, adjustment) in value.adjustments.iter().enumerate() {
                let at = format!("{at}.adjustments[{ai}]");
                if catalog.control(&adjustment.control).is_none() {
                    let mut d = err(format!("unknown control of {}", catalog.id)).found(&adjustment.control);
                    if let Some(near) = nearest(&adjustment.control, catalog.controls().map(|(_, c)| c.id.as_str())) {
                        d = d.hint(format!("did you mean {near}?"));
                    }
                    found.add(format!("{at}.control"), d);
                }
                if adjustment.change.unsigned_abs() != 1 {
                    found.add(
                        format!("{at}.change"),
                        err("a design factor moves a target by one level")
                            .found(adjustment.change)
                            .expected("1 or -1"),
                    );
                }
            }
        }
    }
}

/// Most ids quoted when a dependency cycle is shown; the rest are counted.
const CYCLE_IDS_SHOWN: usize = 4;

const WHITE: u8 = 0;
const GREY: u8 = 1;
const BLACK: u8 = 2;

/// Unknown ids and cycles in a `depends_on` graph of (id, json path, dependencies). The walk is an
/// iterative depth-first search with three colours, so a chain of a million dependencies needs no
/// more stack than a chain of two; each cycle is reported once, at the node that closes it.
fn dependency_problems(found: &mut Findings, graph: &[(&str, String, &[String])], what: &str) {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(graph.len());
    for (i, (id, _, _)) in graph.iter().enumerate() {
        index.entry(id).or_insert(i);
    }
    for (id, path, deps) in graph {
        for (k, dep) in deps.iter().enumerate() {
            if dep == id {
                found.add(
                    format!("{path}.depends_on[{k}]"),
                    err(format!("a {what} cannot depend on itself")).found(dep),
                );
            } else if !index.contains_key(dep.as_str()) {
                let mut d = err(format!("depends on an unknown {what}")).found(dep);
                if found.has_room() {
                    if let Some(near) = nearest(dep, graph.iter().map(|(id, _, _)| *id)) {
                        d = d.hint(format!("did you mean {near}?"));
                    }
                }
                found.add(format!("{path}.depends_on[{k}]"), d);
            }
        }
    }
    let mut colour = vec![WHITE; graph.len()];
    let mut depth_of = vec![0usize; graph.len()];
    // The current path, each node with the position of its next dependency to follow.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in 0..graph.len() {
        if colour[start] != WHITE {
            continue;
        }
        colour[start] = GREY;
        path.push((start, 0));
        while let Some(&mut (node, ref mut next_dep)) = path.last_mut() {
            let deps = graph[node].2;
            let Some(dep) = deps.get(*next_dep) else {
                colour[node] = BLACK;
                path.pop();
                continue;
            };
            *next_dep += 1;
            let Some(&next) = index.get(dep.as_str()) else { continue };
            if next == node {
                continue;
            }
            match colour[next] {
                WHITE => {
                    colour[next] = GREY;
                    depth_of[next] = path.len();
                    path.push((next, 0));
                }
                GREY => {
                    let cycle = &path[depth_of[next]..];
                    let mut ids: Vec<&str> = cycle.iter().take(CYCLE_IDS_SHOWN).map(|&(n, _)| graph[n].0).collect();
                    let shown = if cycle.len() > CYCLE_IDS_SHOWN {
                        format!(
                            "{} -> … ({} more) -> {}",
                            ids.join(" -> "),
                            cycle.len() - CYCLE_IDS_SHOWN,
                            graph[next].0
                        )
                    } else {
                        ids.push(graph[next].0);
                        ids.join(" -> ")
                    };
                    found.add(
                        format!("{}.depends_on", graph[node].1),
                        err(format!("{what} dependencies form a cycle")).found(shown),
                    );
                }
                _ => {}
            }
        }
    }
}

/// How to move a catalog written for version 0.1 to the document register (see the README's content
/// change log).
const RETIRED_DOCUMENTED_INFORMATION: &str = "`documented_information` was retired in 0.2: list each document once in the catalog's `documents` ({\"id\", \"title\", \"required\"}) and put its id in the control's `documents`";

fn parse<T: DeserializeOwned>(
    origin: Origin,
    label: &str,
    text: Cow<'static, str>,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded<T>> {
    // Bundled content is checked for repeated keys by the tests, not at every start.
    let duplicates = if origin == Origin::Bundled {
        Diagnostics::default()
    } else {
        crate::input::duplicate_keys(label, &text)
    };
    let parsed = serde_json::from_str::<T>(&text);
    if let Err(e) = &parsed {
        if e.to_string().starts_with("unknown field `documented_information`") {
            let mut d = crate::input::json_error(label, e);
            d.hint = Some(RETIRED_DOCUMENTED_INFORMATION.into());
            diagnostics.push(d);
        } else {
            diagnostics.extend(crate::input::json_error_beside_duplicates(label, e, &duplicates));
        }
    }
    diagnostics.extend(duplicates);
    parsed.ok().map(|value| Loaded {
        value,
        origin,
        label: label.to_string(),
        text,
    })
}

fn locate<T>(found: Findings, loaded: &Loaded<T>) -> Diagnostics {
    let paths: Vec<&str> = found.kept.iter().map(|(path, _)| path.as_str()).collect();
    // Scanning a whole catalog costs more than validating it: only done when there is a finding.
    let lines = if paths.is_empty() {
        Vec::new()
    } else {
        json_locate::scan(&loaded.text, &paths).lines
    };
    let mut located = Diagnostics::default();
    for ((path, mut d), line) in found.kept.into_iter().zip(lines) {
        d.file.clone_from(&loaded.label);
        d.line = line;
        located.push(d.at_path(path));
    }
    located.count_omitted(&loaded.label, found.omitted_errors, found.omitted_warnings);
    located
}

fn err(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("", message)
}

/// A gap in what content covers: an error in the bundled content, which must be whole, a warning
/// in a user's own, which may be work in progress.
fn coverage_problem(bundled: bool, message: String) -> Diagnostic {
    if bundled { err(message) } else { warn(message) }
}

fn warn(message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning("", message)
}

fn one_of<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.take(20).collect();
    if ids.is_empty() {
        "a known framework".into()
    } else {
        format!("one of {}", ids.join(", "))
    }
}

/// Longest id for which a "did you mean" hint is sought; longer ones are no typo.
const HINT_MAX_CHARS: usize = 64;
/// Most candidates compared for one hint, so a hint costs bounded time in content of any size.
const HINT_MAX_CANDIDATES: usize = 10_000;

/// The closest known id, when one is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = wanted.chars().count();
    if length > HINT_MAX_CHARS {
        return None;
    }
    let wanted_lower = wanted.to_lowercase();
    candidates
        .take(HINT_MAX_CANDIDATES)
        .filter(|c| c.len().abs_diff(wanted.len()) <= 2.max(c.len() / 3) && c.len() <= 4 * HINT_MAX_CHARS)
        .map(|c| (strsim::levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// The change log agrees with the questions: a retired id is never a question again, ids added or
/// split into are questions (or retired later), versions are not repeated, and the newest entry is
/// the questionnaire's own version.
fn change_log_problems(found: &mut Findings, q: &crate::content::questionnaire::Questionnaire) {
    let current: HashSet<&str> = q.questions().map(|(_, question)| question.id.as_str()).collect();
    let retired: HashSet<&str> = q
        .changes
        .iter()
        .flat_map(|c| c.retired.iter().map(|r| r.id.as_str()))
        .collect();
    if let Some(newest) = q.changes.first().filter(|c| c.version != q.version) {
        found.add(
            "changes[0].version".into(),
            warn("the newest change log entry is not this version")
                .found(&newest.version)
                .expected(&q.version)
                .hint("add an entry for this version at the top of `changes`"),
        );
    }
    let mut versions = HashSet::new();
    let mut introduced: HashMap<&str, &str> = HashMap::new();
    for (ci, change) in q.changes.iter().enumerate() {
        for (k, id) in change.added.iter().enumerate() {
            if let Some(other) = introduced.insert(id.as_str(), change.version.as_str()) {
                found.add(
                    format!("changes[{ci}].added[{k}]"),
                    err("a question id is added in two versions")
                        .found(format!("{id}, added in {other} and in {}", change.version))
                        .hint("an id keeps one meaning for good: give the newer question a new id"),
                );
            }
        }
        if !versions.insert(change.version.as_str()) {
            found.add(
                format!("changes[{ci}].version"),
                err("version listed twice in the change log").found(&change.version),
            );
        }
        for (ri, r) in change.retired.iter().enumerate() {
            if current.contains(r.id.as_str()) {
                found.add(
                    format!("changes[{ci}].retired[{ri}].id"),
                    err("a retired question id is used again")
                        .found(&r.id)
                        .hint("an id keeps one meaning for good: give the question a new id"),
                );
            }
            for (k, id) in r.replaced_by.iter().enumerate() {
                if !current.contains(id.as_str()) {
                    found.add(
                        format!("changes[{ci}].retired[{ri}].replaced_by[{k}]"),
                        err("unknown question id").found(id),
                    );
                }
            }
        }
        let named = change
            .added
            .iter()
            .enumerate()
            .map(|(k, id)| (format!("changes[{ci}].added[{k}]"), id))
            .chain(change.split.iter().enumerate().flat_map(|(si, split)| {
                std::iter::once((format!("changes[{ci}].split[{si}].from"), &split.from)).chain(
                    split
                        .into
                        .iter()
                        .enumerate()
                        .map(move |(k, id)| (format!("changes[{ci}].split[{si}].into[{k}]"), id)),
                )
            }));
        for (path, id) in named {
            if !current.contains(id.as_str()) && !retired.contains(id.as_str()) {
                found.add(path, err("unknown question id").found(id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize, cycle: bool) -> (Vec<String>, Vec<Vec<String>>) {
        let ids: Vec<String> = (0..n).map(|i| format!("q{i}")).collect();
        let deps = (0..n)
            .map(|i| match i {
                0 if cycle => vec![ids[n - 1].clone()],
                0 => vec![],
                _ => vec![ids[i - 1].clone()],
            })
            .collect();
        (ids, deps)
    }

    fn problems(ids: &[String], deps: &[Vec<String>]) -> Findings {
        let graph: Vec<(&str, String, &[String])> = ids
            .iter()
            .zip(deps)
            .enumerate()
            .map(|(i, (id, d))| (id.as_str(), format!("q[{i}]"), d.as_slice()))
            .collect();
        let mut found = Findings::default();
        dependency_problems(&mut found, &graph, "question");
        found
    }

    /// A catalog `own` of controls c1, c2 and c3 and a questionnaire `id` whose questions map
    /// them as given: (question, [(control, role)]).
    fn own_content(library: &mut Library, origin: &Origin, id: &str, questions: &[(&str, &[(&str, &str)])]) {
        let catalog = serde_json::json!({"id": "own", "name": "Own", "version": "1", "domains": [
            {"id": "d", "name": "D", "controls": [
                {"id": "c1", "title": "One"}, {"id": "c2", "title": "Two"}, {"id": "c3", "title": "Three"}
            ]}
        ]});
        let levels: Vec<serde_json::Value> = (0..6)
            .map(|l| serde_json::json!({"level": l, "name": format!("L{l}")}))
            .collect();
        let questions: Vec<serde_json::Value> = questions
            .iter()
            .map(|(qid, maps)| {
                let maps: Vec<serde_json::Value> = maps
                    .iter()
                    .map(|(control, role)| {
                        serde_json::json!({"framework": "own", "control": control, "role": role, "reason": "Why."})
                    })
                    .collect();
                serde_json::json!({"id": qid, "text": "Q?", "levels": ["a", "b", "c", "d", "e", "f"], "maps": maps})
            })
            .collect();
        let questionnaire = serde_json::json!({"id": id, "name": "N", "version": "1", "scale": {"levels": levels},
            "sections": [{"id": "s", "name": "S", "questions": questions}]});
        let mut diagnostics = Diagnostics::default();
        for (kind, label, value) in [
            (Kind::Catalog, "own.json".to_string(), catalog),
            (Kind::Questionnaire, format!("{id}.json"), questionnaire),
        ] {
            let text = serde_json::to_string_pretty(&value).unwrap();
            library.add(kind, origin.clone(), &label, Cow::Owned(text), &mut diagnostics);
        }
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    fn thin(origin: &Origin, questions: &[(&str, &[(&str, &str)])]) -> Vec<Diagnostic> {
        let mut library = Library::default();
        own_content(&mut library, origin, "q", questions);
        library.thinly_evidenced_controls().iter().cloned().collect()
    }

    #[test]
    fn a_control_with_one_direct_question_is_named_with_its_framework_and_question() {
        let own = Origin::File("own".into());
        let found = thin(
            &own,
            &[
                ("Q-1", &[("c1", "direct"), ("c2", "direct")]),
                ("Q-2", &[("c1", "supporting"), ("c2", "direct")]),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            d.severity,
            Severity::Warning,
            "a user's own content is warned, not refused"
        );
        assert_eq!(d.file, "own.json");
        assert_eq!(d.path.as_deref(), Some("domains[0].controls[0]"));
        assert!(d.line.is_some());
        assert_eq!(
            d.to_string().lines().next().unwrap(),
            "warning: own.json:5: domains[0].controls[0]: control c1 of own has too few direct questions \
             (found 1: Q-1, expected at least 2 questions mapped to it with \"role\": \"direct\")"
        );
        assert!(
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("another side of the control"))
        );
    }

    #[test]
    fn two_direct_questions_satisfy_the_rule_and_an_unmapped_control_is_left_to_its_own_check() {
        let own = Origin::File("own".into());
        let found = thin(
            &own,
            &[
                ("Q-1", &[("c1", "direct"), ("c2", "direct")]),
                ("Q-2", &[("c1", "direct"), ("c2", "direct")]),
            ],
        );
        assert!(found.is_empty(), "{found:?}");
        let found = thin(
            &own,
            &[
                ("Q-1", &[("c1", "direct"), ("c2", "supporting")]),
                ("Q-2", &[("c1", "direct"), ("c2", "supporting")]),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].found.as_deref(), Some("0, supporting mappings only"));
        assert_eq!(found[0].path.as_deref(), Some("domains[0].controls[1]"));
    }

    #[test]
    fn direct_questions_count_across_questionnaires_and_bundled_content_is_held_to_the_rule() {
        let own = Origin::File("own".into());
        let mut library = Library::default();
        own_content(
            &mut library,
            &own,
            "a",
            &[("Q-1", &[("c1", "direct"), ("c2", "direct")])],
        );
        own_content(&mut library, &own, "b", &[("Q-1", &[("c1", "direct")])]);
        let found = library.thinly_evidenced_controls();
        assert_eq!(found.iter().count(), 1, "{found:?}");
        let d = found.iter().next().unwrap();
        assert_eq!(d.found.as_deref(), Some("1: Q-1 of a"));
        assert!(d.message.starts_with("control c2 of own"), "{}", d.message);
        assert_eq!(library.authoring_checks().warning_count(), 1);

        let found = thin(&Origin::Bundled, &[("Q-1", &[("c1", "direct")])]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error, "bundled content must meet the rule");
    }

    #[test]
    fn a_chain_of_a_million_dependencies_is_walked_without_recursion() {
        let (ids, deps) = chain(1_000_000, false);
        let found = problems(&ids, &deps);
        assert!(found.kept.is_empty());
        let (ids, deps) = chain(1_000_000, true);
        let found = problems(&ids, &deps);
        assert_eq!(found.kept.len(), 1);
        assert_eq!(
            found.kept[0].1.found.as_deref(),
            Some("q0 -> q999999 -> q999998 -> q999997 -> … (999996 more) -> q0")
        );
    }

    #[test]
    fn short_cycles_are_shown_whole_and_once() {
        let ids: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_string()).collect();
        let deps = vec![vec!["b".to_string()], vec!["c".to_string()], vec!["a".to_string()]];
        let found = problems(&ids, &deps);
        assert_eq!(found.kept.len(), 1);
        assert_eq!(found.kept[0].1.found.as_deref(), Some("a -> b -> c -> a"));
    }

    #[test]
    fn findings_keep_the_first_hundred_and_count_the_rest() {
        let mut found = Findings::default();
        for i in 0..250 {
            found.add(format!("p{i}"), if i % 2 == 0 { err("e") } else { warn("w") });
        }
        assert_eq!(found.kept.len(), crate::error::DIAGNOSTICS_PER_FILE);
        assert_eq!((found.omitted_errors, found.omitted_warnings), (75, 75));
    }

    #[test]
    fn ids_are_short_plain_names() {
        for good in ["a", "8.7.3.1", "APO01", "incident-management", "SUP_05"] {
            assert!(valid_id(good), "{good}");
        }
        let long = "x".repeat(65);
        for bad in ["", " a", "-a", "a b", "x'\"[]", "a:b", "é", long.as_str()] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn hints_skip_long_ids_and_compare_a_bounded_number_of_candidates() {
        assert_eq!(nearest("SUP-1O", ["SUP-10", "CHG-01"].into_iter()), Some("SUP-10"));
        assert_eq!(nearest(&"x".repeat(65), ["x"].into_iter()), None);
        let many: Vec<String> = (0..20_000).map(|i| format!("id{i:05}")).collect();
        // The only close candidate lies past the comparison budget, so no hint is given.
        assert_eq!(nearest("zz19999", many.iter().map(String::as_str)), None);
        assert_eq!(nearest("zz00001", many.iter().map(String::as_str)), Some("id00001"));
    }
}
