//! The pallet's logic, by concern. Calls in `lib.rs` check the origin and
//! hand over to these functions; each checks everything before it writes.

mod budget;
mod escrow;
mod ledger;
mod payments;
mod report;
