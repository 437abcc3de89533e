//! The shell around the library: colour choice, completions, help, exit codes.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn colour_follows_the_flag_and_no_color() {
    let ws = workspace("basic");
    let score = |colour: Option<&str>, no_color: bool| {
        let mut cmd = cli();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        if let Some(choice) = colour {
            cmd.args(["--color", choice]);
        }
        stdout_of(&cmd.arg("score").arg(ws.path()).output().unwrap())
    };
    assert!(score(Some("always"), true).contains("\x1b["));
    assert!(!score(Some("never"), false).contains('\x1b'));
    // auto: standard output is a pipe here, so no colour, and NO_COLOR keeps it off anyway.
    assert!(!score(None, false).contains('\x1b'));
    assert!(!score(Some("auto"), true).contains('\x1b'));
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = bare_cli().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = stdout_of(&output);
        for word in ["itsm-assess", "readiness", "report", "catalog-dir"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    bare_cli()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn help_states_the_exit_codes() {
    bare_cli()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Exit codes: 0 success, 1 a requested check failed, 2 bad usage or input, 3 a fault of the tool itself",
        ));
}

#[test]
fn formats_come_from_the_library_enums() {
    let ws = workspace("basic");
    cli()
        .arg("score")
        .arg(ws.path())
        .args(["--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\n| Framework / domain | Score |"));
    cli()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "docx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[possible values: html, pdf, md, json, csv]"));
}

#[test]
fn a_broken_template_of_the_users_is_bad_input_not_a_bug() {
    let ws = workspace("basic");
    let templates = tempfile::tempdir().unwrap();
    write(&templates.path().join("report.md"), "{{ nothing.here }}");
    cli()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "md", "-o", "-", "--templates"])
        .arg(templates.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("check the templates in --templates"))
        .stderr(predicate::str::contains("bug").not());
}
