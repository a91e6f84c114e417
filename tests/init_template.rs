//! The invariant test that `pactum init` writes, run as a real test of this
//! repository against the contract it writes beside it: the starting point a
//! user gets must compile against the library's public API and pass. (The
//! template reads its contract with `include_str!("../contract.pactum")`,
//! which resolves from the template's own place, examples/init/tests/, as it does
//! from the user's tests/ directory.)

#[path = "../examples/init/tests/invariants.rs"]
mod template;
