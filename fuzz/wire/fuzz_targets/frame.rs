#![no_main]
//! A byte stream split into frames, each decoded as a request.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| amicus_protocol::checks::frame(data));
