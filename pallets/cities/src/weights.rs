//! Weights for pallet-cities.
//!
//! NOT YET MEASURED on reference hardware. The storage reads and writes below
//! are counted from the code at each call's worst case (a full council of
//! `MaxCities`, full offices and validator lists); the execution time is a
//! conservative 50 µs per call. The benchmarks in `benchmarking.rs` exercise
//! exactly these worst cases; running them through the node's benchmark
//! command replaces this file (tracked in the benchmarks issue).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{RuntimeDbWeight, Weight},
};

/// Weight functions needed for pallet-cities.
pub trait WeightInfo {
	fn admit_city() -> Weight;
	fn suspend_city() -> Weight;
	fn reinstate_city() -> Weight;
	fn leave_federation() -> Weight;
	fn set_admin() -> Weight;
	fn appoint() -> Weight;
	fn dismiss() -> Weight;
	fn register_validator() -> Weight;
	fn deregister_validator() -> Weight;
	fn authorize_upgrade() -> Weight;
}

/// Base execution time of every call before storage access.
const BASE: u64 = 50_000_000;

/// Reads and writes of a council resync: every active city's record, plus
/// the collective's members, prime and proposals.
const COUNCIL_READS: u64 = 100 + 3;
const COUNCIL_WRITES: u64 = 2;

/// Weights from the counted storage accesses, priced with the database
/// weights `DB`.
pub struct CountedWeight<DB>(PhantomData<DB>);

/// The runtime's weights: counted accesses priced with its database weights.
pub type SubstrateWeight<T> = CountedWeight<<T as frame_system::Config>::DbWeight>;

fn counted<DB: Get<RuntimeDbWeight>>(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE, 10_000).saturating_add(DB::get().reads_writes(reads, writes))
}

impl<DB: Get<RuntimeDbWeight>> WeightInfo for CountedWeight<DB> {
	fn admit_city() -> Weight {
		counted::<DB>(5 + 2 * COUNCIL_READS, 6 + COUNCIL_WRITES)
	}
	fn suspend_city() -> Weight {
		counted::<DB>(2 + 2 * COUNCIL_READS + 100, 3 + COUNCIL_WRITES)
	}
	fn reinstate_city() -> Weight {
		counted::<DB>(3 + 2 * COUNCIL_READS, 3 + COUNCIL_WRITES)
	}
	fn leave_federation() -> Weight {
		counted::<DB>(3 + 2 * COUNCIL_READS + 100, 10 + 16 + COUNCIL_WRITES)
	}
	fn set_admin() -> Weight {
		counted::<DB>(2 + 2 * COUNCIL_READS, 3 + COUNCIL_WRITES)
	}
	fn appoint() -> Weight {
		counted::<DB>(3, 1)
	}
	fn dismiss() -> Weight {
		counted::<DB>(2, 1)
	}
	fn register_validator() -> Weight {
		counted::<DB>(6, 3)
	}
	fn deregister_validator() -> Weight {
		counted::<DB>(3 + 100, 3)
	}
	fn authorize_upgrade() -> Weight {
		counted::<DB>(0, 2)
	}
}
