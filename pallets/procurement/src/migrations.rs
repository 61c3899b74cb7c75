//! Storage migrations of pallet-procurement.
//!
//! Each is wrapped in [`frame_support::migrations::VersionedMigration`]: it
//! runs only on the storage version it migrates from, and is a one-read no-op
//! afterwards.

use crate::*;

/// Version 2: bid commitments bound to their tender and bidder. Bids sealed
/// before the upgrade used `BLAKE2-256(SCALE(price, salt, document))`; their
/// bidders can still open them: the upgrade block is recorded in
/// [`LegacyCommitmentsBefore`], and a bid committed before it reveals with
/// either preimage.
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use sp_runtime::traits::{One, Saturating};

	/// Records the block from which every commitment is bound.
	pub struct BindCommitments<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for BindCommitments<T> {
		fn on_runtime_upgrade() -> Weight {
			// Runtime upgrades run before the block is initialised, so the
			// block number is still the parent's: bids of that block and
			// earlier were sealed the old way.
			let first_bound = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
			LegacyCommitmentsBefore::<T>::put(first_bound);
			T::DbWeight::get().reads_writes(0, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(!LegacyCommitmentsBefore::<T>::exists(), "commitments already bound");
			Ok(Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(LegacyCommitmentsBefore::<T>::exists(), "the upgrade block is not recorded");
			Pallet::<T>::check_invariants().map_err(Into::into)
		}
	}

	/// [`BindCommitments`], run only on storage version 1; sets 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		BindCommitments<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
