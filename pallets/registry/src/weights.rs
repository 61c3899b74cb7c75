//! Weights for pallet-asset-registry.
//!
//! NOT YET MEASURED on reference hardware. The storage reads and writes below
//! are counted from the code at each call's worst case (all `MaxEncumbrances`
//! encumbrances and `MaxLeases` leases present, a Harberger settlement that
//! sends the title back to the city), with the item's pallet-nfts operations
//! and the ledger's counted as the storage they touch; the execution time is
//! a conservative 60 µs per call, plus 40 µs per part of a subdivision or
//! merger. The benchmarks in `benchmarking.rs` exercise these worst cases;
//! running them through the node's benchmark command replaces this file
//! (tracked in the benchmarks issue).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{RuntimeDbWeight, Weight},
};

/// Weight functions needed for pallet-asset-registry.
pub trait WeightInfo {
	fn register_title() -> Weight;
	fn offer_transfer() -> Weight;
	fn withdraw_offer() -> Weight;
	fn accept_transfer() -> Weight;
	fn consent_to_transfer() -> Weight;
	fn record_transfer() -> Weight;
	fn request_encumbrance() -> Weight;
	fn register_encumbrance() -> Weight;
	fn release_encumbrance() -> Weight;
	fn grant_lease() -> Weight;
	fn surrender_lease() -> Weight;
	fn end_lease() -> Weight;
	fn set_harberger_policy() -> Weight;
	fn self_assess() -> Weight;
	fn top_up_deposit() -> Weight;
	fn withdraw_deposit() -> Weight;
	fn buy() -> Weight;
	fn settle_tax() -> Weight;
	fn subdivide(p: u32) -> Weight;
	fn merge(p: u32) -> Weight;
}

/// Base execution time of every call before storage access.
const BASE: u64 = 60_000_000;
/// Extra execution time per part of a subdivision or merger.
const PER_PART: u64 = 40_000_000;
/// The most encumbrances and leases on a title, as the runtime configures.
const E_MAX: u64 = 16;
const L_MAX: u64 = 16;
/// An office check: the city's record and the office.
const OFFICE: u64 = 2;
/// Reading every encumbrance of a title.
const ENCUMBRANCE_SCAN: u64 = E_MAX;
/// Creating a registry collection on pallet-nfts.
const CREATE_READS: u64 = 2;
const CREATE_WRITES: u64 = 5;
/// Minting a locked item.
const MINT_READS: u64 = 5;
const MINT_WRITES: u64 = 6;
/// The seven public attributes of an item.
const ATTRS: u64 = 7;
/// Moving a locked item: unlock, transfer, lock.
const NFT_MOVE_READS: u64 = 6;
const NFT_MOVE_WRITES: u64 = 7;
/// Burning an item with its attributes.
const BURN_READS: u64 = 6;
const BURN_WRITES: u64 = 6 + ATTRS;
/// One ledger operation: two balances, the whitelist, the receipt books.
const LEDGER: u64 = 6;
/// A change of owner: the collection, the item move, the provenance, the
/// owner index, the offer, the title, and a deposit refund.
const MOVE_READS: u64 = 3 + NFT_MOVE_READS + LEDGER + 1;
const MOVE_WRITES: u64 = 6 + NFT_MOVE_WRITES + LEDGER + 1;
/// A settlement: the policy, the treasury account, the account, the tax
/// receipt, and at worst a reversion (a change of owner).
const SETTLE_READS: u64 = 3 + LEDGER + MOVE_READS;
const SETTLE_WRITES: u64 = 1 + LEDGER + MOVE_WRITES;

/// Weights from the counted storage accesses, priced with the database
/// weights `DB`.
pub struct CountedWeight<DB>(PhantomData<DB>);

/// The runtime's weights: counted accesses priced with its database weights.
pub type SubstrateWeight<T> = CountedWeight<<T as frame_system::Config>::DbWeight>;

fn counted<DB: Get<RuntimeDbWeight>>(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE, 10_000).saturating_add(DB::get().reads_writes(reads, writes))
}

/// Per part of a subdivision or merger: checking its reference, creating its
/// title and item, and carrying every encumbrance and lease onto it; or
/// retiring a merged title (its burdens read and cleared, its item burnt).
fn per_part<DB: Get<RuntimeDbWeight>>(p: u32) -> Weight {
	let p = u64::from(p);
	Weight::from_parts(PER_PART.saturating_mul(p), 0).saturating_add(DB::get().reads_writes(
		p.saturating_mul(1 + MINT_READS + E_MAX + L_MAX + BURN_READS + SETTLE_READS),
		p.saturating_mul(
			MINT_WRITES + ATTRS + 6 + 2 * (E_MAX + L_MAX) + BURN_WRITES + SETTLE_WRITES,
		),
	))
}

impl<DB: Get<RuntimeDbWeight>> WeightInfo for CountedWeight<DB> {
	/// The reference index, the next id and the collection; creating the collection on the first title; minting and the seven attributes; the title, its index entries and provenance.
	fn register_title() -> Weight {
		counted::<DB>(
			OFFICE + 3 + CREATE_READS + MINT_READS,
			CREATE_WRITES + MINT_WRITES + ATTRS + 6,
		)
	}
	/// The title and the open offer; the offer.
	fn offer_transfer() -> Weight {
		counted::<DB>(2, 1)
	}
	/// The title and the offer.
	fn withdraw_offer() -> Weight {
		counted::<DB>(2, 1)
	}
	/// The title and the offer.
	fn accept_transfer() -> Weight {
		counted::<DB>(2, 1)
	}
	/// The title, the encumbrance and the offer.
	fn consent_to_transfer() -> Weight {
		counted::<DB>(3, 1)
	}
	/// The title, the offer, every encumbrance, settling the tax, and the change of owner.
	fn record_transfer() -> Weight {
		counted::<DB>(
			OFFICE + 3 + ENCUMBRANCE_SCAN + SETTLE_READS + MOVE_READS,
			SETTLE_WRITES + MOVE_WRITES,
		)
	}
	/// The title, the count and the next id; the encumbrance, the count and the next id.
	fn request_encumbrance() -> Weight {
		counted::<DB>(3, 3)
	}
	/// The title and the encumbrance.
	fn register_encumbrance() -> Weight {
		counted::<DB>(OFFICE + 2, 1)
	}
	/// The title, the encumbrance and the offer; the encumbrance, the count and the offer.
	fn release_encumbrance() -> Weight {
		counted::<DB>(3, 3)
	}
	/// The title, the count and the next id; the lease, the lessee index, the count and the next id.
	fn grant_lease() -> Weight {
		counted::<DB>(3, 4)
	}
	/// The lease and the count; the lease, the count and the lessee index.
	fn surrender_lease() -> Weight {
		counted::<DB>(2, 3)
	}
	/// The lease and the count; the lease, the count and the lessee index.
	fn end_lease() -> Weight {
		counted::<DB>(2, 3)
	}
	/// The policy and the ledger whitelist entry.
	fn set_harberger_policy() -> Weight {
		counted::<DB>(OFFICE + 2, 2)
	}
	/// The title and the policy; settling; the account.
	fn self_assess() -> Weight {
		counted::<DB>(2 + SETTLE_READS, 1 + SETTLE_WRITES)
	}
	/// The title and the policy; settling; the ledger transfer; the account.
	fn top_up_deposit() -> Weight {
		counted::<DB>(2 + SETTLE_READS + LEDGER, 1 + SETTLE_WRITES + LEDGER)
	}
	/// The title and the policy; settling; the ledger transfer; the account.
	fn withdraw_deposit() -> Weight {
		counted::<DB>(2 + SETTLE_READS + LEDGER, 1 + SETTLE_WRITES + LEDGER)
	}
	/// The title and the policy; settling; every encumbrance; the payment; the change of owner; the buyer's account.
	fn buy() -> Weight {
		counted::<DB>(
			2 + SETTLE_READS + ENCUMBRANCE_SCAN + LEDGER + MOVE_READS,
			1 + SETTLE_WRITES + LEDGER + MOVE_WRITES,
		)
	}
	/// The title and the policy; settling, at worst a reversion.
	fn settle_tax() -> Weight {
		counted::<DB>(2 + SETTLE_READS, SETTLE_WRITES)
	}
	/// The title, the parts' references; then per part.
	fn subdivide(p: u32) -> Weight {
		counted::<DB>(OFFICE + 2 + CREATE_READS, CREATE_WRITES + 2)
			.saturating_add(per_part::<DB>(p))
	}
	/// The merged titles, then per title.
	fn merge(p: u32) -> Weight {
		counted::<DB>(OFFICE + 2 + CREATE_READS, CREATE_WRITES + 2)
			.saturating_add(per_part::<DB>(p))
	}
}

type Rocks = CountedWeight<frame_support::weights::constants::RocksDbWeight>;

/// For tests: the same counts priced with RocksDB weights.
impl WeightInfo for () {
	fn register_title() -> Weight {
		Rocks::register_title()
	}
	fn offer_transfer() -> Weight {
		Rocks::offer_transfer()
	}
	fn withdraw_offer() -> Weight {
		Rocks::withdraw_offer()
	}
	fn accept_transfer() -> Weight {
		Rocks::accept_transfer()
	}
	fn consent_to_transfer() -> Weight {
		Rocks::consent_to_transfer()
	}
	fn record_transfer() -> Weight {
		Rocks::record_transfer()
	}
	fn request_encumbrance() -> Weight {
		Rocks::request_encumbrance()
	}
	fn register_encumbrance() -> Weight {
		Rocks::register_encumbrance()
	}
	fn release_encumbrance() -> Weight {
		Rocks::release_encumbrance()
	}
	fn grant_lease() -> Weight {
		Rocks::grant_lease()
	}
	fn surrender_lease() -> Weight {
		Rocks::surrender_lease()
	}
	fn end_lease() -> Weight {
		Rocks::end_lease()
	}
	fn set_harberger_policy() -> Weight {
		Rocks::set_harberger_policy()
	}
	fn self_assess() -> Weight {
		Rocks::self_assess()
	}
	fn top_up_deposit() -> Weight {
		Rocks::top_up_deposit()
	}
	fn withdraw_deposit() -> Weight {
		Rocks::withdraw_deposit()
	}
	fn buy() -> Weight {
		Rocks::buy()
	}
	fn settle_tax() -> Weight {
		Rocks::settle_tax()
	}
	fn subdivide(p: u32) -> Weight {
		Rocks::subdivide(p)
	}
	fn merge(p: u32) -> Weight {
		Rocks::merge(p)
	}
}
