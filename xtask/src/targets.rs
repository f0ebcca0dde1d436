//! The crates `cargo xtask codegen` keeps up to date: the SDK, and the
//! crates the tests generate from fixture specs of their own.

/// A checked-in crate generated from a spec in this repository.
pub struct Target {
    /// Spec path, relative to the workspace root.
    pub spec: &'static str,
    /// Output directory, relative to the workspace root.
    pub out: &'static str,
    /// Package name.
    pub crate_name: &'static str,
    /// The settings file beside the spec (crate name and version), if the
    /// crate has one: its version is bumped when the API changes.
    pub settings: Option<&'static str>,
}

/// Everything `cargo xtask codegen` keeps up to date: the SDK, and the
/// crates the tests generate from fixture specs of their own.
pub const TARGETS: &[Target] = &[
    Target {
        spec: "openapi/oneinbox.yaml",
        out: "generated-sdk",
        crate_name: "oneinbox",
        settings: Some("openapi/codegen.toml"),
    },
    Target {
        spec: "tests/fastapi/openapi.json",
        out: "tests/fixtures/generated/fastapi-twin",
        settings: None,
        crate_name: "fixture-fastapi-twin",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-30.yaml",
        out: "tests/fixtures/generated/nullable-30",
        settings: None,
        crate_name: "fixture-nullable-30",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-31-type-array.yaml",
        out: "tests/fixtures/generated/nullable-31-type-array",
        settings: None,
        crate_name: "fixture-nullable-31-type-array",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-31-anyof.yaml",
        out: "tests/fixtures/generated/nullable-31-anyof",
        settings: None,
        crate_name: "fixture-nullable-31-anyof",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-31-oneof.yaml",
        out: "tests/fixtures/generated/nullable-31-oneof",
        settings: None,
        crate_name: "fixture-nullable-31-oneof",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-enum-null.yaml",
        out: "tests/fixtures/generated/nullable-enum-null",
        settings: None,
        crate_name: "fixture-nullable-enum-null",
    },
    Target {
        spec: "tests/fixtures/specs/coverage.yaml",
        out: "tests/fixtures/generated/coverage",
        settings: None,
        crate_name: "fixture-coverage",
    },
    Target {
        spec: "tests/fixtures/specs/auth-query.yaml",
        out: "tests/fixtures/generated/auth-query",
        settings: None,
        crate_name: "fixture-auth-query",
    },
    Target {
        spec: "tests/fixtures/specs/auth-cookie.yaml",
        out: "tests/fixtures/generated/auth-cookie",
        settings: None,
        crate_name: "fixture-auth-cookie",
    },
    Target {
        spec: "tests/fixtures/specs/hostile.yaml",
        out: "tests/fixtures/generated/hostile",
        settings: None,
        crate_name: "fixture-hostile",
    },
    Target {
        spec: "tests/fixtures/specs/repro-local-names.yaml",
        out: "tests/fixtures/generated/repro-local-names",
        settings: None,
        crate_name: "fixture-repro-local-names",
    },
    Target {
        spec: "tests/fixtures/specs/repro-discriminator-fallback.yaml",
        out: "tests/fixtures/generated/repro-discriminator-fallback",
        settings: None,
        crate_name: "fixture-repro-discriminator-fallback",
    },
    Target {
        spec: "tests/fixtures/specs/repro-doc-injection.yaml",
        out: "tests/fixtures/generated/repro-doc-injection",
        settings: None,
        crate_name: "fixture-repro-doc-injection",
    },
    Target {
        spec: "tests/fixtures/specs/repeated-operation-ids.yaml",
        out: "tests/fixtures/generated/repeated-operation-ids",
        settings: None,
        crate_name: "fixture-repeated-operation-ids",
    },
    Target {
        spec: "tests/fixtures/specs/refs-31/openapi.yaml",
        out: "tests/fixtures/generated/refs-31",
        settings: None,
        crate_name: "fixture-refs-31",
    },
    Target {
        spec: "tests/fixtures/specs/big-numbers.yaml",
        out: "tests/fixtures/generated/big-numbers",
        settings: None,
        crate_name: "fixture-big-numbers",
    },
    Target {
        spec: "tests/fixtures/specs/overlapping-discriminator.yaml",
        out: "tests/fixtures/generated/overlapping-discriminator",
        settings: None,
        crate_name: "fixture-overlapping-discriminator",
    },
    Target {
        spec: "tests/fixtures/specs/keyword-mismatch.yaml",
        out: "tests/fixtures/generated/keyword-mismatch",
        settings: None,
        crate_name: "fixture-keyword-mismatch",
    },
    Target {
        spec: "tests/fixtures/specs/binary-in-json.yaml",
        out: "tests/fixtures/generated/binary-in-json",
        settings: None,
        crate_name: "fixture-binary-in-json",
    },
    Target {
        spec: "tests/fixtures/specs/non-string-ref.yaml",
        out: "tests/fixtures/generated/non-string-ref",
        settings: None,
        crate_name: "fixture-non-string-ref",
    },
    Target {
        spec: "tests/fixtures/specs/fastapi-names.yaml",
        out: "tests/fixtures/generated/fastapi-names",
        settings: None,
        crate_name: "fixture-fastapi-names",
    },
    Target {
        spec: "tests/fixtures/specs/streams.yaml",
        out: "tests/fixtures/generated/streams",
        settings: Some("tests/fixtures/specs/streams.codegen.toml"),
        crate_name: "fixture-streams",
    },
    Target {
        spec: "tests/fixtures/specs/binary-downloads.yaml",
        out: "tests/fixtures/generated/binary-downloads",
        settings: None,
        crate_name: "fixture-binary-downloads",
    },
    Target {
        spec: "tests/fixtures/specs/reserved-params.yaml",
        out: "tests/fixtures/generated/reserved-params",
        settings: None,
        crate_name: "fixture-reserved-params",
    },
    Target {
        spec: "tests/fixtures/specs/keyword-names.yaml",
        out: "tests/fixtures/generated/keyword-names",
        settings: None,
        crate_name: "fixture-keyword-names",
    },
    Target {
        spec: "tests/fixtures/specs/foreign-refs.yaml",
        out: "tests/fixtures/generated/foreign-refs",
        settings: None,
        crate_name: "fixture-foreign-refs",
    },
    Target {
        spec: "tests/fixtures/specs/pydantic-defs.json",
        out: "tests/fixtures/generated/pydantic-defs",
        settings: None,
        crate_name: "fixture-pydantic-defs",
    },
    Target {
        spec: "tests/fixtures/specs/allof-primitives.yaml",
        out: "tests/fixtures/generated/allof-primitives",
        settings: None,
        crate_name: "fixture-allof-primitives",
    },
];
