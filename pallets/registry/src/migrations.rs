//! Storage migrations of the register, one module per storage version.
//!
//! Each migration is wrapped in [`frame_support::migrations::VersionedMigration`]:
//! it runs only when the pallet's on-chain storage version is the one it
//! migrates from, sets the new version afterwards, and is a no-op (one read)
//! on any later upgrade, so a runtime may keep it in its `Migrations` until
//! every chain it serves has passed it.

use crate::*;

/// Version 2: a title's provenance length lives in the title itself.
///
/// Up to version 1 the number of owners a title had was kept in a map of its
/// own, `ProvenanceLength`, which every recorded transfer read and wrote
/// beside the title it reads and writes anyway. Version 2 keeps it in
/// [`Title::provenance_length`], one read and one write fewer per transfer.
///
/// This is a single-block migration: in the block of the upgrade it reads and
/// rewrites every title, two reads and two writes each, about 63 µs per title
/// with this runtime's ParityDB weights (10 µs a read, 21 µs a write). Its
/// weight is counted; a register of more than about 45,000 titles would pass
/// the block's 3-second weight limit, and must move this into a multi-block
/// migration (`pallet-migrations`) before the upgrade is proposed.
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The layout of version 1.
	pub mod v1 {
		use super::*;

		/// A title as version 1 stored it: no provenance length.
		#[derive(Encode, Decode)]
		pub struct Title<AccountId, BlockNumber, Particulars, Origin, Status> {
			/// The city whose register holds it.
			pub city: CityId,
			/// The kind of asset.
			pub class: AssetClass,
			/// The registered owner.
			pub owner: AccountId,
			/// Since when `owner` holds it.
			pub owner_since: BlockNumber,
			/// What the asset is.
			pub particulars: Particulars,
			/// How it came into the register.
			pub origin: Origin,
			/// Whether it is in force.
			pub status: Status,
			/// When it came into the register.
			pub registered_at: BlockNumber,
		}

		/// A version 1 title of runtime `T`.
		pub type TitleOf<T> = Title<
			<T as frame_system::Config>::AccountId,
			BlockNumberFor<T>,
			ParticularsOf<T>,
			TitleOrigin<<T as Config>::MaxParts>,
			TitleStatus<BlockNumberFor<T>, <T as Config>::MaxParts>,
		>;

		/// How many owners each title had.
		#[storage_alias]
		pub type ProvenanceLength<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, TitleId, u32, ValueQuery>;

		/// The titles, in the version 1 layout.
		#[storage_alias]
		pub type Titles<T: Config> = StorageMap<Pallet<T>, Twox64Concat, TitleId, TitleOf<T>>;
	}

	/// Moves each title's entry of `ProvenanceLength` into the title, and
	/// removes the map. Not version-checked: use [`MigrateV1ToV2`].
	pub struct MoveProvenanceLength<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MoveProvenanceLength<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut titles: u64 = 0;
			Titles::<T>::translate::<v1::TitleOf<T>, _>(|id, old| {
				titles = titles.saturating_add(1);
				Some(Title {
					city: old.city,
					class: old.class,
					owner: old.owner,
					owner_since: old.owner_since,
					provenance_length: v1::ProvenanceLength::<T>::take(id),
					particulars: old.particulars,
					origin: old.origin,
					status: old.status,
					registered_at: old.registered_at,
				})
			});
			// A length without a title cannot be, but would otherwise stay
			// behind as a key nobody reads.
			let strays = v1::ProvenanceLength::<T>::clear(u32::MAX, None);
			let strays = u64::from(strays.backend);
			T::DbWeight::get().reads_writes(
				titles.saturating_mul(2).saturating_add(strays),
				titles.saturating_mul(2).saturating_add(strays),
			)
		}

		/// Records every title's provenance length as version 1 has it, and
		/// checks that each has one.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let mut lengths: Vec<(TitleId, u32)> = Vec::new();
			for id in v1::Titles::<T>::iter_keys() {
				let length = v1::ProvenanceLength::<T>::get(id);
				ensure!(length > 0, "a title without provenance before the migration");
				lengths.push((id, length));
			}
			ensure!(
				v1::ProvenanceLength::<T>::iter_keys().count() == lengths.len(),
				"a provenance length without a title before the migration"
			);
			Ok(lengths.encode())
		}

		/// Checks that every title survived with the length it had, that the
		/// old map is gone, and that the register's invariants hold.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let lengths = Vec::<(TitleId, u32)>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade state does not decode")?;
			ensure!(
				Titles::<T>::iter_keys().count() == lengths.len(),
				"the number of titles changed in the migration"
			);
			for (id, length) in lengths {
				let title = Titles::<T>::get(id).ok_or("a title was lost in the migration")?;
				ensure!(title.provenance_length == length, "a provenance length changed");
			}
			ensure!(
				v1::ProvenanceLength::<T>::iter_keys().next().is_none(),
				"the version 1 provenance lengths are still there"
			);
			Pallet::<T>::check_invariants().map_err(|e| {
				log::error!(target: "runtime::registry", "post_upgrade: {e}");
				"the register's invariants do not hold after the migration"
			})?;
			Ok(())
		}
	}

	/// [`MoveProvenanceLength`], run only on storage version 1; sets 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		MoveProvenanceLength<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
