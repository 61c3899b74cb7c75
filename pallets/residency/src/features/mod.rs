//! The pallet's logic, by concern; the calls in `lib.rs` check the origin
//! and come here.

mod certificates;
mod consent;
mod invariants;
mod queries;
