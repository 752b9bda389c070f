#![no_main]
//! Invitation codes as pasted by users.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_protocol::checks::invitation(data));
