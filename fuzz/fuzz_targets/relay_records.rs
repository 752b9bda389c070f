#![no_main]
//! Records the relay reads back from its own disk.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_tests::fuzz_checks::relay_records(data));
