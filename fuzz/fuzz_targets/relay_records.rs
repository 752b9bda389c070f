#![no_main]
//! Records the relay reads back from its own disk.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_relay::internal::fuzzing::relay_records(data));
