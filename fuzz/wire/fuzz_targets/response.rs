#![no_main]
//! Response bodies as a client receives them from a (possibly hostile) relay.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_protocol::checks::response(data));
