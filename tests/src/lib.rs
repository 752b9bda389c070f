//! Integration tests live in tests/tests/. The library holds what they share with the fuzz
//! targets: the property each target checks.

pub mod fuzz_checks;
