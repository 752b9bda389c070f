#![no_main]
//! Signed rosters as a relay serves them (a compromised relay controls them fully).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_protocol::checks::roster(data));
