//! The static ruleset `build.sh` writes for Chrome is the one the core turns rules off in.
//!
//! `build.sh` runs `keyveil list compile --dnr --merge-hosts lists/keyveil.txt` into
//! `rules/builtin.json`; the core compares the person's settings with its own compile of the
//! built-in list (`lists::chrome::static_rules`) and turns off static rules by id. If the two
//! differ, the wrong rules are turned off.
use std::process::Command;

#[test]
fn the_cli_writes_the_static_rules_the_core_compares_with() {
    let list = concat!(env!("CARGO_MANIFEST_DIR"), "/lists/keyveil.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_keyveil"))
        .args(["list", "compile", "--dnr", "--merge-hosts", list])
        .output()
        .expect("run keyveil");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON rules");
    let core = keyveil::lists::chrome::static_rules();
    assert!(!core.is_empty());
    assert_eq!(written, core);
    // The engine's own compile under no overrides is the same rules.
    let engine = keyveil::Engine::new()
        .compile_dnr("")
        .expect("no overrides");
    assert_eq!(engine.rules, core);
}
