//! try-runtime against live state. The tests in `tests/` start `civitas-node`
//! (the binary `CIVITAS_NODE` names, as `scripts/env.sh` sets it), download
//! the state of a running chain over RPC (frame-remote-externalities) and run
//! the runtime, compiled natively with its `try-runtime` feature, on it:
//!
//! - `on-runtime-upgrade`: every migration of the runtime between its pre-
//!   and post-upgrade checks, then every pallet's `try_state`, on the state
//!   of the previous release's dev chain and of a `local` chain;
//! - `execute-block`: a block the live `local` node authored, executed again
//!   on its parent's state, with its state root and signatures checked and
//!   every pallet's `try_state` after it.
//!
//! The crate has no code of its own: the runtime's `TryRuntime` API calls
//! the same `Executive` functions these tests call.
