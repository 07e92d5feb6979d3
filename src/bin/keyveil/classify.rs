//! `keyveil classify`: PLACEHOLDER until its issue lands.

/// Runs the subcommand; returns the process exit code.
pub fn run(_args: &[String]) -> u8 {
    eprintln!("keyveil classify: not built yet");
    2
}
