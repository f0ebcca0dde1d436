// Models are `#[non_exhaustive]`: a struct literal (even with
// `..Default::default()`) does not compile outside the crate, so a field the
// API adds later cannot break it. Build them with `new` and setters.
use oneinbox::types::PhoneNumberUpdate;
use oneinbox::Tristate;

fn main() {
    let _patch = PhoneNumberUpdate {
        friendly_name: Tristate::Value("Support line".to_owned()),
        ..Default::default()
    };
}
