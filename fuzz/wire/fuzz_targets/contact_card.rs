#![no_main]
//! Contact cards as pasted by users.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_protocol::checks::contact_card(data));
