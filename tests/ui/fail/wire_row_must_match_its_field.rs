// A wire table row whose encoding does not match its field's wrapper does
// not compile: a Tristate field listed as `optional` would be written and
// read as an `Option`, losing the difference between absent and null.
use runtime::Tristate;

#[derive(Debug, Default)]
pub struct Patch {
    pub fallback: Tristate<String>,
}

runtime::wire_struct! {
    Patch {
        optional fallback: String = "fallback",
    }
}

fn main() {}
