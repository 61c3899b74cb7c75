//! The logic behind the calls, by concern.

mod award;
mod complaints;
mod contract;
mod funds;
mod invariants;
mod suppliers;
mod tendering;
