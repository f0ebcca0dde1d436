//! Structure-aware: `arbitrary` builds OpenAPI documents (see the
//! `oneinbox-specgen` crate: schemas that refer to each other, unions,
//! nullable spellings, operations with parameters and bodies, hostile names
//! and texts), so the fuzzer spends its time in lowering and emission rather
//! than in the parser. The generator must never panic, its Rust output must
//! parse, and no spec text may reach a doctest.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::Spec;

fuzz_target!(|spec: Spec| {
    let text = spec.to_json().to_string();
    if let Ok(generated) = codegen::generate_from_str(&text, "fuzz.json", &codegen::Settings::default()) {
        for (path, contents) in &generated.files {
            // The runtime is copied verbatim (and compiled by the tests);
            // only what the generator wrote for this spec needs checking.
            let verbatim = path.starts_with("runtime/") || path == "src/request.rs";
            if path.ends_with(".rs") && !verbatim {
                if let Err(e) = syn::parse_file(contents) {
                    panic!("generated {path} does not parse: {e}\nspec: {text}");
                }
                let fences = codegen::verify::runnable_doc_fences(contents, path == "src/lib.rs");
                assert!(fences.is_empty(), "{path}: {fences:?}\nspec: {text}");
            }
        }
    }
});
