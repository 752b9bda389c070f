#![no_main]
//! Invitation codes as pasted by users.
use amicus_protocol::Invitation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(invitation) = Invitation::from_text(text) {
            assert_eq!(Invitation::from_text(&invitation.to_text()).as_ref(), Ok(&invitation));
        }
    }
});
