#![no_main]
//! Records the client reads back from its local store (after authentication, but a bug or
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_core::internal::fuzzing::client_records(data));
