// `.into()` from an `Option` does not compile either: whether `None` means
// keep or clear is spelled out with `absent_if_none` / `null_if_none`.
use oneinbox::types::PhoneNumberUpdate;

fn main() {
    let _patch = PhoneNumberUpdate {
        friendly_name: None::<String>.into(),
        ..Default::default()
    };
}
