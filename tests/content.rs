//! The bundled content against the checked reference facts (tests/fixtures/reference/frameworks.json,
//! a copy of the shared reference): names, ids, counts, structure and questionnaire rules.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use itsm_assess::content::Library;
use itsm_assess::content::catalog::Catalog;
use itsm_assess::content::questionnaire::{Questionnaire, Role};
use predicates::prelude::*;
use serde_json::Value;

fn reference() -> Value {
    let text = std::fs::read_to_string(common::fixtures().join("reference/frameworks.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The bundled content, validated in full: commands skip that check for bundled content alone.
fn library() -> Library {
    let (library, found) = Library::load_unchecked(None);
    assert_eq!(found.error_count() + found.warning_count(), 0, "{found:?}");
    library
}

fn catalog<'a>(library: &'a Library, id: &str) -> &'a Catalog {
    library.catalog(id).unwrap_or_else(|| panic!("{id} is bundled"))
}

fn core(library: &Library) -> &Questionnaire {
    library.questionnaire("itsm-core").expect("itsm-core is bundled")
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn itil4_has_the_34_practices_in_14_17_3_with_exact_names_and_the_value_system() {
    let library = library();
    let itil = catalog(&library, "itil4");
    let reference = reference();
    let practices = reference["itil4"]["practices"].as_array().unwrap();
    assert_eq!(itil.control_count(), 34 + 6);
    let domains: Vec<(&str, usize)> = itil.domains.iter().map(|d| (d.id.as_str(), d.controls.len())).collect();
    assert_eq!(
        domains,
        [
            ("general-management", 14),
            ("service-management", 17),
            ("technical-management", 3),
            ("service-value-system", 6)
        ]
    );
    let system = &itil.domains[3];
    let titles: Vec<&str> = system.controls.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Four dimensions of service management",
            "Guiding principles",
            "Service value chain",
            "Value streams",
            "Governance",
            "Continual improvement model"
        ]
    );
    assert_eq!(reference["itil4"]["four_dimensions"].as_array().unwrap().len(), 4);
    for (domain, category) in
        itil.domains
            .iter()
            .zip(["general_management", "service_management", "technical_management"])
    {
        let expected: Vec<&str> = practices
            .iter()
            .filter(|p| p["category"] == category)
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let actual: Vec<&str> = domain.controls.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(actual, expected, "{}", domain.id);
    }
    assert!(itil.control("incident-management").is_some());
}

#[test]
fn cobit2019_has_the_40_objectives_with_official_ids_and_names() {
    let library = library();
    let cobit = catalog(&library, "cobit2019");
    let reference = reference();
    let objectives = reference["cobit2019"]["objectives"].as_array().unwrap();
    let expected: Vec<(String, String, String)> = objectives
        .iter()
        .map(|o| {
            let field = |k: &str| o[k].as_str().unwrap().to_string();
            (field("domain"), field("id"), field("name"))
        })
        .collect();
    let actual: Vec<(String, String, String)> = cobit
        .controls()
        .map(|(d, c)| (d.id.clone(), c.id.clone(), c.title.clone()))
        .collect();
    assert_eq!(actual, expected);
    let domain_names: BTreeMap<String, String> = objectives
        .iter()
        .map(|o| {
            (
                o["domain"].as_str().unwrap().to_string(),
                o["domain_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for domain in &cobit.domains {
        assert_eq!(Some(&domain.name), domain_names.get(&domain.id));
    }
}

#[test]
fn iso20000_has_the_57_requirements_with_clause_titles_all_mandatory() {
    let library = library();
    let iso = catalog(&library, "iso20000");
    let reference = reference();
    let iso_ref = &reference["iso20000_1_2018"];
    let titles: BTreeMap<String, String> = strings(&iso_ref["clauses"], "id")
        .into_iter()
        .zip(strings(&iso_ref["clauses"], "title"))
        .collect();
    let expected: Vec<String> = iso_ref["leaf_requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(expected.len(), 57);
    let actual: Vec<String> = iso.controls().map(|(_, c)| c.id.clone()).collect();
    assert_eq!(actual, expected);
    for (domain, control) in iso.controls() {
        assert_eq!(Some(&control.title), titles.get(&control.id), "{}", control.id);
        assert!(control.mandatory, "{} is mandatory", control.id);
        assert!(
            control.id.starts_with(&format!("{}.", domain.id)),
            "{} sits under clause {}",
            control.id,
            domain.id
        );
        assert!(!control.documents.is_empty(), "{} calls for documents", control.id);
        assert!(
            (2..=9).contains(&control.elements.len()),
            "{} lists its required elements",
            control.id
        );
        assert!(!control.statement.is_empty(), "{} has a one-line statement", control.id);
    }
    let required = iso.documents.iter().filter(|d| d.required).count();
    assert!(
        required >= 30,
        "the standard's own documented information is marked required ({required})"
    );
    for id in [
        "sms-scope",
        "sm-policy",
        "sms-plan",
        "service-catalogue",
        "audit-programme",
        "management-review-results",
    ] {
        assert!(
            iso.document(id).is_some_and(|d| d.required),
            "{id} is a required document"
        );
    }
    let clauses: Vec<&str> = iso.domains.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(clauses, ["4", "5", "6", "7", "8", "9", "10"]);
    for domain in &iso.domains {
        assert_eq!(Some(&domain.name), titles.get(&domain.id));
    }
}

#[test]
fn leanit_has_the_five_dimensions_with_three_to_six_controls_each() {
    let library = library();
    let lean = catalog(&library, "leanit");
    let reference = reference();
    let expected = strings(&reference["leanit"]["dimensions"], "name");
    let actual: Vec<String> = lean.domains.iter().map(|d| d.name.clone()).collect();
    assert_eq!(actual, expected);
    for domain in &lean.domains {
        assert!(
            (3..=6).contains(&domain.controls.len()),
            "{}: {}",
            domain.id,
            domain.controls.len()
        );
    }
}

#[test]
fn every_control_has_a_summary_and_a_positive_weight() {
    let library = library();
    for loaded in library.catalogs.values() {
        let catalog = &loaded.value;
        assert!(!catalog.description.is_empty());
        for (_, control) in catalog.controls() {
            assert!(control.summary.len() > 40, "{}:{} summary", catalog.id, control.id);
            assert!(control.weight > 0.0);
        }
    }
}

#[test]
fn every_control_of_every_catalog_is_mapped_with_full_weight_at_least_once() {
    let library = library();
    let q = core(&library);
    let central: BTreeSet<(&str, &str)> = q
        .questions()
        .flat_map(|(_, question)| question.maps.iter())
        .filter(|m| m.weight >= 1.0)
        .map(|m| (m.framework.as_str(), m.control.as_str()))
        .collect();
    for loaded in library.catalogs.values() {
        for (_, control) in loaded.value.controls() {
            assert!(
                central.contains(&(loaded.value.id.as_str(), control.id.as_str())),
                "{}:{}",
                loaded.value.id,
                control.id
            );
        }
    }
}

#[test]
fn every_control_of_the_four_catalogs_has_at_least_two_direct_questions() {
    let library = library();
    let q = core(&library);
    let mut direct: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for (_, question) in q.questions() {
        for m in question.maps.iter().filter(|m| m.role == Some(Role::Direct)) {
            direct
                .entry((m.framework.as_str(), m.control.as_str()))
                .or_default()
                .insert(question.id.as_str());
        }
    }
    for (id, controls) in [("itil4", 40), ("cobit2019", 40), ("iso20000", 57), ("leanit", 18)] {
        let catalog = catalog(&library, id);
        assert_eq!(catalog.control_count(), controls, "{id}");
        for (_, control) in catalog.controls() {
            let found = direct.get(&(id, control.id.as_str())).map_or(0, BTreeSet::len);
            assert!(found >= 2, "{id}:{} has {found} direct questions", control.id);
        }
    }
}

#[test]
fn questions_follow_the_authoring_rules() {
    let library = library();
    let q = core(&library);
    let count = q.questions().count();
    assert!((120..=249).contains(&count), "{count} questions");
    assert_eq!(q.scale.levels.len(), 6);
    assert_eq!(q.level_name(3), "Defined");
    let mut ids = BTreeSet::new();
    for (_, question) in q.questions() {
        assert!(ids.insert(question.id.clone()), "unique id {}", question.id);
        assert!(question.text.trim_end().ends_with('?'), "{} is a question", question.id);
        assert!(!question.guidance.is_empty(), "{} has guidance", question.id);
        let distinct: BTreeSet<&String> = question.levels.iter().collect();
        assert_eq!(distinct.len(), 6, "{} has six distinct descriptors", question.id);
        assert!(
            question.levels.iter().all(|l| l.split_whitespace().count() >= 6),
            "{} descriptors say something",
            question.id
        );
        assert!(
            (2..=5).contains(&question.evidence_examples.len()),
            "{} evidence examples",
            question.id
        );
        assert!(question.effort.is_some(), "{} effort", question.id);
    }
}

#[test]
fn overlapping_subjects_share_one_question() {
    let library = library();
    let q = core(&library);
    let maps_all = |targets: &[(&str, &str)]| {
        q.questions().any(|(_, question)| {
            targets
                .iter()
                .all(|(f, c)| question.maps.iter().any(|m| m.framework == *f && m.control == *c))
        })
    };
    assert!(maps_all(&[
        ("itil4", "incident-management"),
        ("cobit2019", "DSS02"),
        ("iso20000", "8.6.1")
    ]));
    assert!(maps_all(&[
        ("itil4", "change-enablement"),
        ("cobit2019", "BAI06"),
        ("iso20000", "8.5.1.3")
    ]));
    assert!(maps_all(&[
        ("itil4", "problem-management"),
        ("cobit2019", "DSS03"),
        ("iso20000", "8.6.3")
    ]));
    assert!(maps_all(&[
        ("itil4", "service-level-management"),
        ("cobit2019", "APO09"),
        ("iso20000", "8.3.3")
    ]));
}

#[test]
fn lint_reports_nothing_on_the_bundled_content() {
    common::bare_cli()
        .arg("lint")
        .assert()
        .success()
        .stdout(predicate::str::contains("4 catalogs (155 controls), 1 questionnaires"))
        .stdout(predicate::str::contains("0 errors, 0 warnings"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn frameworks_lists_the_four_bundled_catalogs() {
    common::bare_cli()
        .arg("frameworks")
        .assert()
        .success()
        .stdout(predicate::str::contains("itil4      ITIL 4"))
        .stdout(predicate::str::contains("cobit2019  COBIT 2019"))
        .stdout(predicate::str::contains("iso20000   ISO/IEC 20000-1:2018"))
        .stdout(predicate::str::contains("leanit     Lean IT"));
}

#[test]
fn bundled_files_write_no_key_twice() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for folder in ["frameworks", "questionnaires"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                let found = itsm_assess::input::duplicate_keys(&path.display().to_string(), &text);
                assert!(found.is_empty(), "{:?}", found.iter().next());
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} bundled files found");
}

#[test]
fn every_bundled_question_names_its_initiative_and_says_what_to_do_at_each_level() {
    let library = library();
    let q = library.questionnaire("itsm-core").unwrap();
    assert_eq!(q.workstreams.len(), 10);
    let mut titles = std::collections::HashSet::new();
    for (section, question) in q.questions() {
        assert!(
            q.workstream_of(&section.id).is_some(),
            "{} has a workstream",
            section.id
        );
        assert!(
            !question.title.is_empty() && question.title.len() <= 60,
            "{}",
            question.id
        );
        assert!(
            titles.insert(question.title.to_lowercase()),
            "{} title is unique",
            question.id
        );
        assert_eq!(question.actions.len(), 5, "{}", question.id);
        for action in &question.actions {
            assert!(
                action.ends_with('.') && action.len() <= 160,
                "{}: {action}",
                question.id
            );
        }
    }
    for w in &q.workstreams {
        assert!(w.outcome.ends_with('.') && !w.name.is_empty(), "{}", w.id);
    }
}

#[test]
fn every_mapping_has_a_role_and_a_reason_and_the_change_log_is_current() {
    let library = library();
    let found = library.authoring_checks();
    assert_eq!(found.warning_count() + found.error_count(), 0, "{found:?}");
    let core = core(&library);
    assert_eq!(
        core.changes.first().map(|c| c.version.as_str()),
        Some(core.version.as_str())
    );
    let mappings = core.questions().flat_map(|(_, q)| &q.maps);
    for m in mappings {
        assert!(
            m.reason.split_whitespace().count() <= 25,
            "a reason is one line: {:?}",
            m.reason
        );
    }
}

#[test]
fn the_readme_gives_the_rating_rules_as_the_questionnaire_does() {
    let library = library();
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let rules = &core(&library).rating.rules;
    assert!(rules.len() >= 5);
    for rule in rules {
        assert!(flat.contains(rule.as_str()), "the README lacks: {rule}");
    }
}
