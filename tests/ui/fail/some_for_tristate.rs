// An optional, nullable field is set with its setter or cleared with
// `clear_*`; `Some(x)` would leave `None` ambiguous (keep or clear?), so
// neither the setter nor the field takes an `Option`.
use oneinbox::types::PhoneNumberUpdate;

fn main() {
    let _patch = PhoneNumberUpdate::new().friendly_name(Some("Support line"));
    let mut patch = PhoneNumberUpdate::new();
    patch.friendly_name = Some("Support line".to_owned());
}
