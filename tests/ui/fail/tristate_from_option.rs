// There is no `From<Option<T>>` for `Tristate<T>`; the blanket `From<T>` only
// wraps the whole `Option` as a value, giving `Tristate<Option<T>>`, which
// does not fit a `Tristate<T>` field.
use oneinbox::types::PhoneNumberUpdate;
use oneinbox::Tristate;

fn main() {
    let mut patch = PhoneNumberUpdate::new();
    patch.friendly_name = Tristate::from(None::<String>);
}
