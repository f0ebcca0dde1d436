//! `cargo xtask codegen [--check | --preview] [--only NAME]...` and
//! `cargo xtask diff OLD NEW`, for the SDKs that sdks.toml declares.
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    codegen::project::main(&root, &args)
}
