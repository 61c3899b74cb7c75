//! Storage migrations of pallet-cities.
//!
//! Each is wrapped in [`frame_support::migrations::VersionedMigration`]: it
//! runs only on the storage version it migrates from, and is a one-read no-op
//! afterwards.

use crate::*;

/// Version 2: due process. Adds the member count (the electorate of
/// two-thirds majorities), the federation's periods and its validator
/// minimum; proceedings, invitations and the pending upgrade start empty.
///
/// It reads every city record once: one read per city ever admitted plus
/// three writes, a few hundred at most on any federation this runtime bounds.
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	#[cfg(feature = "try-runtime")]
	use sp_runtime::traits::Zero;

	/// Counts the member cities, sets the periods to `Notice` and `Delay`
	/// and the validator minimum to `Min`. A chain with fewer validators
	/// than `Min` keeps them, and refuses any change that removes one.
	pub struct AddDueProcess<T, Notice, Delay, Min>(
		core::marker::PhantomData<(T, Notice, Delay, Min)>,
	);

	impl<T, Notice, Delay, Min> UncheckedOnRuntimeUpgrade for AddDueProcess<T, Notice, Delay, Min>
	where
		T: Config,
		Notice: Get<BlockNumberFor<T>>,
		Delay: Get<BlockNumberFor<T>>,
		Min: Get<u32>,
	{
		fn on_runtime_upgrade() -> Weight {
			let mut reads: u64 = 0;
			let mut members: u32 = 0;
			for info in Cities::<T>::iter_values() {
				reads = reads.saturating_add(1);
				if info.status != CityStatus::Left {
					members = members.saturating_add(1);
				}
			}
			MemberCount::<T>::put(members);
			Periods::<T>::put(FederationPeriods {
				notice: Notice::get(),
				upgrade_delay: Delay::get(),
			});
			// A chain with fewer validators than `Min` keeps the ones it has:
			// one read of the active list and one per active city.
			let active = ActiveCities::<T>::decode_len().unwrap_or(0) as u64;
			reads = reads.saturating_add(active.saturating_add(1));
			let min = Min::get().min(Pallet::<T>::active_validator_count()).max(1);
			MinValidators::<T>::put(min);
			T::DbWeight::get().reads_writes(reads, 3)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(!MemberCount::<T>::exists(), "a member count before version 2");
			Ok(Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(!Periods::<T>::get().notice.is_zero(), "no notice period after the migration");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`AddDueProcess`], run only on storage version 1; sets 2.
	pub type MigrateV1ToV2<T, Notice, Delay, Min> = VersionedMigration<
		1,
		2,
		AddDueProcess<T, Notice, Delay, Min>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
