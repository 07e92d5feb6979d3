//! `keyveil scan`: PLACEHOLDER until its issue lands.

/// Runs the subcommand; returns the process exit code.
pub fn run(_args: &[String]) -> u8 {
    eprintln!("keyveil scan: not built yet");
    2
}
