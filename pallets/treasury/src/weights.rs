//! Weights for pallet-city-treasury.
//!
//! NOT YET MEASURED on reference hardware. The storage reads and writes below
//! are counted from the code at each call's worst case; the execution time is
//! a conservative 50 µs per call (plus 10 µs per budget line). The benchmarks
//! in `benchmarking.rs` exercise exactly these worst cases; running them
//! through the node's benchmark command replaces this file (tracked in the
//! benchmarks issue).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{RuntimeDbWeight, Weight},
};

/// Weight functions needed for pallet-city-treasury.
pub trait WeightInfo {
	fn open_ledger() -> Weight;
	fn set_payment_rules() -> Weight;
	fn add_department() -> Weight;
	fn set_department_officers() -> Weight;
	fn register_payee() -> Weight;
	fn remove_payee() -> Weight;
	fn record_receipt() -> Weight;
	fn adopt_budget(l: u32) -> Weight;
	fn amend_line() -> Weight;
	fn reallocate() -> Weight;
	fn propose_payment() -> Weight;
	fn approve_payment() -> Weight;
	fn execute_payment() -> Weight;
	fn block_payment() -> Weight;
	fn close_expired() -> Weight;
	fn transfer() -> Weight;
	fn redeem() -> Weight;
}

/// Base execution time of every call before storage access.
const BASE: u64 = 50_000_000;
/// Execution time per budget line adopted.
const PER_LINE: u64 = 10_000_000;
/// Reads of an office check: the city's record and, for officials, the office.
const OFFICE_READS: u64 = 2;

/// Weights from the counted storage accesses, priced with the database
/// weights `DB`.
pub struct CountedWeight<DB>(PhantomData<DB>);

/// The runtime's weights: counted accesses priced with its database weights.
pub type SubstrateWeight<T> = CountedWeight<<T as frame_system::Config>::DbWeight>;

fn counted<DB: Get<RuntimeDbWeight>>(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE, 10_000).saturating_add(DB::get().reads_writes(reads, writes))
}

impl<DB: Get<RuntimeDbWeight>> WeightInfo for CountedWeight<DB> {
	fn open_ledger() -> Weight {
		counted::<DB>(OFFICE_READS + 3, 2)
	}
	fn set_payment_rules() -> Weight {
		counted::<DB>(OFFICE_READS + 1, 1)
	}
	fn add_department() -> Weight {
		counted::<DB>(OFFICE_READS + 3, 3)
	}
	fn set_department_officers() -> Weight {
		counted::<DB>(OFFICE_READS + 1, 1)
	}
	fn register_payee() -> Weight {
		counted::<DB>(OFFICE_READS + 2, 1)
	}
	fn remove_payee() -> Weight {
		counted::<DB>(OFFICE_READS + 2, 1)
	}
	fn record_receipt() -> Weight {
		counted::<DB>(OFFICE_READS + 6, 5)
	}
	fn adopt_budget(l: u32) -> Weight {
		let l = u64::from(l);
		counted::<DB>(OFFICE_READS + 2 + l, 1 + 2 * l)
			.saturating_add(Weight::from_parts(PER_LINE.saturating_mul(l), 100 * l))
	}
	fn amend_line() -> Weight {
		counted::<DB>(OFFICE_READS + 4, 3)
	}
	fn reallocate() -> Weight {
		counted::<DB>(OFFICE_READS + 3, 4)
	}
	fn propose_payment() -> Weight {
		counted::<DB>(OFFICE_READS + 7, 5)
	}
	fn approve_payment() -> Weight {
		// The approval that pays: the proposal, the line, both balances and
		// the holder record; then the line, its history, both balances, the
		// proposal and the pending count.
		counted::<DB>(OFFICE_READS + 7, 6)
	}
	fn execute_payment() -> Weight {
		counted::<DB>(OFFICE_READS + 6, 6)
	}
	fn block_payment() -> Weight {
		counted::<DB>(OFFICE_READS + 4, 4)
	}
	fn close_expired() -> Weight {
		counted::<DB>(3, 4)
	}
	fn transfer() -> Weight {
		counted::<DB>(5, 2)
	}
	fn redeem() -> Weight {
		counted::<DB>(4, 2)
	}
}

/// For tests: every call weighs nothing.
impl WeightInfo for () {
	fn open_ledger() -> Weight {
		Weight::zero()
	}
	fn set_payment_rules() -> Weight {
		Weight::zero()
	}
	fn add_department() -> Weight {
		Weight::zero()
	}
	fn set_department_officers() -> Weight {
		Weight::zero()
	}
	fn register_payee() -> Weight {
		Weight::zero()
	}
	fn remove_payee() -> Weight {
		Weight::zero()
	}
	fn record_receipt() -> Weight {
		Weight::zero()
	}
	fn adopt_budget(_: u32) -> Weight {
		Weight::zero()
	}
	fn amend_line() -> Weight {
		Weight::zero()
	}
	fn reallocate() -> Weight {
		Weight::zero()
	}
	fn propose_payment() -> Weight {
		Weight::zero()
	}
	fn approve_payment() -> Weight {
		Weight::zero()
	}
	fn execute_payment() -> Weight {
		Weight::zero()
	}
	fn block_payment() -> Weight {
		Weight::zero()
	}
	fn close_expired() -> Weight {
		Weight::zero()
	}
	fn transfer() -> Weight {
		Weight::zero()
	}
	fn redeem() -> Weight {
		Weight::zero()
	}
}
