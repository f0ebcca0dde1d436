//! Raw spec text (YAML or JSON): the generator must never panic, and when it
//! succeeds every Rust file it produced must parse.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(generated) = codegen::generate_from_str(text, "fuzz.yaml", &codegen::Settings::default()) {
        for (path, contents) in &generated.files {
            // The runtime is copied verbatim (and compiled by the tests);
            // only what the generator wrote for this spec needs checking.
            let verbatim = path.starts_with("runtime/") || path == "src/request.rs";
            if path.ends_with(".rs") && !verbatim {
                if let Err(e) = syn::parse_file(contents) {
                    panic!("generated {path} does not parse: {e}\n{contents}");
                }
            }
        }
    }
});
