//! The `itsm-assess` command; everything it does is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    itsm_assess::cli::main()
}
