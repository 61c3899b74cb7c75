//! Weights for pallet-residency.
//!
//! NOT YET MEASURED on reference hardware. The storage reads and writes below
//! are counted from the code at each call's worst case, with the badge's
//! pallet-nfts operations counted as the storage they touch; the execution
//! time is a conservative 50 µs per call. The benchmarks in
//! `benchmarking.rs` exercise exactly these worst cases; running them through
//! the node's benchmark command replaces this file (tracked in the
//! benchmarks issue).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{RuntimeDbWeight, Weight},
};

/// Weight functions needed for pallet-residency.
pub trait WeightInfo {
	fn issue() -> Weight;
	fn renew() -> Weight;
	fn revoke() -> Weight;
	fn move_residency() -> Weight;
	fn expire() -> Weight;
	fn grant_consent() -> Weight;
	fn revoke_consent() -> Weight;
}

/// Base execution time of every call before storage access.
const BASE: u64 = 50_000_000;
/// Reads of an office check: the city's record and the office.
const OFFICE_READS: u64 = 2;
/// A certificate lookup: the subject's current id and the certificate.
const LOOKUP_READS: u64 = 2;
/// Creating a badge collection on pallet-nfts: the next collection id and
/// the collection (read); the collection, its config, its owner's and
/// admin's roles and the next id (written).
const CREATE_READS: u64 = 2;
const CREATE_WRITES: u64 = 5;
/// Minting a locked badge: the item, the collection, its config and the item
/// config (read); the owner's account entry, the item, its config, the
/// collection and the transfer-lock attribute (written).
const MINT_READS: u64 = 5;
const MINT_WRITES: u64 = 6;
/// Burning a badge: unlocking it, then the item, its config, metadata and
/// the collection (read and written).
const BURN_READS: u64 = 6;
const BURN_WRITES: u64 = 6;
/// Ending a certificate: the badge collection, the burn, the city's count
/// and the certificate.
const CLOSE_READS: u64 = 1 + BURN_READS + 1;
const CLOSE_WRITES: u64 = BURN_WRITES + 2;
/// Issuing: the subject's current certificate, the next id, the collection
/// id; the lapsed certificate closed, the collection created, the badge
/// minted; the certificate, current id, next id and count written; the
/// city's roll length read, the roll entry and length written.
const ISSUE_READS: u64 = LOOKUP_READS + 2 + CLOSE_READS + CREATE_READS + MINT_READS + 2;
const ISSUE_WRITES: u64 = CLOSE_WRITES + 1 + CREATE_WRITES + MINT_WRITES + 6;

/// Weights from the counted storage accesses, priced with the database
/// weights `DB`.
pub struct CountedWeight<DB>(PhantomData<DB>);

/// The runtime's weights: counted accesses priced with its database weights.
pub type SubstrateWeight<T> = CountedWeight<<T as frame_system::Config>::DbWeight>;

fn counted<DB: Get<RuntimeDbWeight>>(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE, 10_000).saturating_add(DB::get().reads_writes(reads, writes))
}

impl<DB: Get<RuntimeDbWeight>> WeightInfo for CountedWeight<DB> {
	fn issue() -> Weight {
		counted::<DB>(OFFICE_READS + ISSUE_READS, ISSUE_WRITES)
	}
	fn renew() -> Weight {
		counted::<DB>(OFFICE_READS + LOOKUP_READS, 1)
	}
	fn revoke() -> Weight {
		counted::<DB>(OFFICE_READS + LOOKUP_READS + CLOSE_READS, CLOSE_WRITES)
	}
	fn move_residency() -> Weight {
		counted::<DB>(
			OFFICE_READS + LOOKUP_READS + ISSUE_READS + 1 + CLOSE_READS,
			ISSUE_WRITES + CLOSE_WRITES,
		)
	}
	fn expire() -> Weight {
		counted::<DB>(1 + CLOSE_READS, CLOSE_WRITES)
	}
	fn grant_consent() -> Weight {
		// Residency check, the grant and the count.
		counted::<DB>(LOOKUP_READS + 2, 2)
	}
	fn revoke_consent() -> Weight {
		counted::<DB>(2, 2)
	}
}

type Rocks = CountedWeight<frame_support::weights::constants::RocksDbWeight>;

/// For tests: the same counts priced with RocksDB weights.
impl WeightInfo for () {
	fn issue() -> Weight {
		Rocks::issue()
	}
	fn renew() -> Weight {
		Rocks::renew()
	}
	fn revoke() -> Weight {
		Rocks::revoke()
	}
	fn move_residency() -> Weight {
		Rocks::move_residency()
	}
	fn expire() -> Weight {
		Rocks::expire()
	}
	fn grant_consent() -> Weight {
		Rocks::grant_consent()
	}
	fn revoke_consent() -> Weight {
		Rocks::revoke_consent()
	}
}
