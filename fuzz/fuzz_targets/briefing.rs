#![no_main]
//! Decrypted end-to-end content: briefings, submissions with mandates, presentations,
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_core::internal::fuzzing::briefing(data));
