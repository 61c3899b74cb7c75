//! The register's logic, by concern; the calls in `lib.rs` only check
//! origins and delegate here.

mod encumbrances;
mod harberger;
pub(crate) mod invariants;
mod leases;
pub(crate) mod queries;
mod titles;
mod transfers;
