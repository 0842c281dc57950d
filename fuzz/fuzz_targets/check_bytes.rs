//! Raw bytes → `ftcert_check::check_bytes`: any input gives a verdict, never a panic.
#![no_main]

use ftcert_check::{check_bytes, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = check_bytes(data, &Limits::default());
});
