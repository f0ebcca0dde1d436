//! `cargo xtask codegen` and `cargo xtask diff`: the generator's project
//! commands (`codegen::project`, which reads `sdks.toml` and parses their
//! flags), run at this workspace's root.

use std::process::ExitCode;

use crate::paths::workspace_root;

/// `cargo xtask <command> ARGS`, for `codegen` and `diff`.
pub fn run(command: &str, args: &[String]) -> ExitCode {
    let mut all = vec![command.to_owned()];
    all.extend_from_slice(args);
    codegen::project::main(&workspace_root(), &all)
}
