//! The pallet's logic, by concern. Calls in `lib.rs` check the origin and
//! hand over to these functions.

mod accountability;
mod due_process;
mod membership;
mod offices;
mod upgrades;
mod validators;
