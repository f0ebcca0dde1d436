// An optional, nullable field is a `Tristate`, not an `Option`: `Some(x)`
// would leave `None` ambiguous (keep or clear?), so it does not compile.
use oneinbox::types::PhoneNumberUpdate;

fn main() {
    let _patch = PhoneNumberUpdate {
        friendly_name: Some("Support line".to_owned()),
        ..Default::default()
    };
}
