#![no_main]
//! Contact cards as pasted by users.
use amicus_protocol::ContactCard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(card) = ContactCard::from_text(text) {
            assert_eq!(ContactCard::from_text(&card.to_text()).as_ref(), Ok(&card));
        }
    }
});
