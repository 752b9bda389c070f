#![no_main]
//! Request bodies as the relay receives them from the network.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_protocol::checks::request(data));
