//! The pallet's logic, by concern; the calls in `lib.rs` only check origins
//! and delegate here.

mod draws;
pub(crate) mod invariants;
mod randomness;
mod strata;

pub use randomness::{commit_reveal_output, commitment_of, reveal_leaf};
