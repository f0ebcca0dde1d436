// `PhoneNumberResponse` has required fields, so it has no `Default`: a
// made-up "empty" number cannot exist.
use oneinbox::types::PhoneNumberResponse;

fn main() {
    let _number = PhoneNumberResponse::default();
}
