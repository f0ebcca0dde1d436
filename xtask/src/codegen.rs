//! `cargo xtask codegen` and `cargo xtask diff`: the generator's project
//! commands (`codegen::project`, which reads `sdks.toml`), run at this
//! workspace's root; and the paths the other commands share.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::RuntimeSource;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The runtime crate every generated crate depends on.
pub fn runtime_dir() -> PathBuf {
    workspace_root().join("codegen/runtime")
}

/// The runtime, for crates generated outside the repository's tree (the
/// corpus, the fuzzers, the evolution suite): by absolute path, so they
/// all share one build of it with the repository's crates.
pub fn shared_runtime() -> RuntimeSource {
    RuntimeSource::Path(runtime_dir().display().to_string())
}

/// `cargo xtask <command> ARGS`, for `codegen` and `diff`.
pub fn run(command: &str, args: &[String]) -> ExitCode {
    let mut all = vec![command.to_owned()];
    all.extend_from_slice(args);
    codegen::project::main(&workspace_root(), &all)
}
