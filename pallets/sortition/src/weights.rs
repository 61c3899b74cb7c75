//! Weights for pallet-sortition.
//!
//! Storage reads and writes are counted from the code at each call's worst
//! case; execution time is a conservative 60 µs per call, plus 10 µs per
//! pool position a draw tries (a ChaCha20 step, a map update and a
//! certificate check) and, for `record_beacon_round` and `set_beacon`, the
//! BLS12-381 verification measured in the wasm runtime (see the README's
//! sortition section). The benchmarks in `benchmarking.rs` exercise these
//! worst cases; running them through the node's benchmark command replaces
//! this file (tracked in the benchmarks issue).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{RuntimeDbWeight, Weight},
};

/// Weight functions needed for pallet-sortition.
pub trait WeightInfo {
	fn create_lottery() -> Weight;
	fn create_panel(q: u32) -> Weight;
	fn enter() -> Weight;
	fn reclaim_entry_deposit() -> Weight;
	fn declare_categories() -> Weight;
	fn withdraw_categories() -> Weight;
	fn record_beacon_round() -> Weight;
	fn commit_seed() -> Weight;
	fn reveal_seed() -> Weight;
	fn execute_draw(a: u32, c: u32) -> Weight;
	fn cancel_draw(c: u32) -> Weight;
	fn set_beacon() -> Weight;
}

/// Base execution time of every call before storage access.
const BASE: u64 = 60_000_000;
/// Execution time per pool position a draw tries.
const PER_ATTEMPT: u64 = 10_000_000;
/// Verifying one drand signature (hash to G1, two decompressions with
/// subgroup checks, a multi-pairing) in the wasm runtime, with a margin.
pub const BLS_VERIFY: u64 = 40_000_000_000;
/// An office check: the city's record and the office.
const OFFICE: u64 = 2;
/// Holding or releasing a deposit: the account and its holds.
const HOLD: u64 = 2;
/// Settling one commitment: the record, and moving its deposit between two
/// accounts' holds and balances.
const SETTLE_READS: u64 = 1 + 2 * HOLD;
const SETTLE_WRITES: u64 = 1 + 2 * HOLD;

/// Weights from the counted storage accesses, priced with the database
/// weights `DB`.
pub struct CountedWeight<DB>(PhantomData<DB>);

/// The runtime's weights: counted accesses priced with its database weights.
pub type SubstrateWeight<T> = CountedWeight<<T as frame_system::Config>::DbWeight>;

fn counted<DB: Get<RuntimeDbWeight>>(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE, 10_000).saturating_add(DB::get().reads_writes(reads, writes))
}

impl<DB: Get<RuntimeDbWeight>> WeightInfo for CountedWeight<DB> {
	/// The office, the beacon and its round, the next id; the id, the draw
	/// and the awaited round or tally written.
	fn create_lottery() -> Weight {
		counted::<DB>(OFFICE + 3, 3)
	}
	/// As a lottery, plus the resident count and each quota's stratum size.
	fn create_panel(q: u32) -> Weight {
		counted::<DB>(OFFICE + 4 + u64::from(q), 3)
	}
	/// The draw, the beacon and its round, the residency check (two), the
	/// entry; the hold; the draw, pool position and entry written.
	fn enter() -> Weight {
		counted::<DB>(6 + HOLD, 3 + HOLD)
	}
	/// The draw and the entry; the release; the entry written.
	fn reclaim_entry_deposit() -> Weight {
		counted::<DB>(2 + HOLD, 1 + HOLD)
	}
	/// The certificate (two), the declaration, three pool lengths and sizes;
	/// three positions, lengths and sizes and the declaration written.
	fn declare_categories() -> Weight {
		counted::<DB>(3 + 6, 10)
	}
	/// The declaration, three positions and sizes; all written back.
	fn withdraw_categories() -> Weight {
		counted::<DB>(7, 7)
	}
	/// The beacon, the awaited count, the round; the round written; the BLS
	/// verification.
	fn record_beacon_round() -> Weight {
		counted::<DB>(3, 1).saturating_add(Weight::from_parts(BLS_VERIFY, 0))
	}
	/// The office, the draw, the commitment, the tally; the hold; the
	/// commitment and tally written.
	fn commit_seed() -> Weight {
		counted::<DB>(OFFICE + 3 + HOLD, 2 + HOLD)
	}
	/// As a commitment, with a release instead of a hold.
	fn reveal_seed() -> Weight {
		counted::<DB>(OFFICE + 3 + HOLD, 2 + HOLD)
	}
	/// The draw, its round or tally, the treasury account; per position
	/// tried, the pool entry and the certificate; per commitment, its
	/// settlement; the result, the draw and the awaited round written.
	fn execute_draw(a: u32, c: u32) -> Weight {
		let (a, c) = (u64::from(a), u64::from(c));
		counted::<DB>(3, 3)
			.saturating_add(Weight::from_parts(PER_ATTEMPT.saturating_mul(a), 0))
			.saturating_add(DB::get().reads(a.saturating_mul(2)))
			.saturating_add(
				DB::get()
					.reads_writes(c.saturating_mul(SETTLE_READS), c.saturating_mul(SETTLE_WRITES)),
			)
	}
	/// The office, the draw, the treasury account; per commitment, its
	/// settlement; the draw and the awaited round written.
	fn cancel_draw(c: u32) -> Weight {
		let c = u64::from(c);
		counted::<DB>(OFFICE + 2, 2).saturating_add(
			DB::get().reads_writes(c.saturating_mul(SETTLE_READS), c.saturating_mul(SETTLE_WRITES)),
		)
	}
	/// The key's check (a decompression with its subgroup check, priced as
	/// a verification); the beacon written.
	fn set_beacon() -> Weight {
		counted::<DB>(0, 1).saturating_add(Weight::from_parts(BLS_VERIFY, 0))
	}
}

type Rocks = CountedWeight<frame_support::weights::constants::RocksDbWeight>;

/// For tests: the same counts priced with RocksDB weights.
impl WeightInfo for () {
	fn create_lottery() -> Weight {
		Rocks::create_lottery()
	}
	fn create_panel(q: u32) -> Weight {
		Rocks::create_panel(q)
	}
	fn enter() -> Weight {
		Rocks::enter()
	}
	fn reclaim_entry_deposit() -> Weight {
		Rocks::reclaim_entry_deposit()
	}
	fn declare_categories() -> Weight {
		Rocks::declare_categories()
	}
	fn withdraw_categories() -> Weight {
		Rocks::withdraw_categories()
	}
	fn record_beacon_round() -> Weight {
		Rocks::record_beacon_round()
	}
	fn commit_seed() -> Weight {
		Rocks::commit_seed()
	}
	fn reveal_seed() -> Weight {
		Rocks::reveal_seed()
	}
	fn execute_draw(a: u32, c: u32) -> Weight {
		Rocks::execute_draw(a, c)
	}
	fn cancel_draw(c: u32) -> Weight {
		Rocks::cancel_draw(c)
	}
	fn set_beacon() -> Weight {
		Rocks::set_beacon()
	}
}
