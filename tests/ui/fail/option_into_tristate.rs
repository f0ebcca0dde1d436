// `.into()` from an `Option` does not compile either: whether `None` means
// keep or clear is spelled out with `absent_if_none` / `null_if_none`.
use oneinbox::types::PhoneNumberUpdate;

fn main() {
    let mut patch = PhoneNumberUpdate::new();
    patch.friendly_name = None::<String>.into();
}
