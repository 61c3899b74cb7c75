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
/// rewrites every title, two reads and two writes each, about 41 µs per title
/// with this runtime's ParityDB weights (7 µs a read, 13 µs a write). Its
/// weight is counted; a register of more than about 70,000 titles would pass
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

/// Version 3: the register keeps no owner index of its own.
///
/// Up to version 2 the register kept `TitlesByOwner`, (owner, title) for
/// every title in force, which every registration, transfer and retirement
/// wrote beside the item it mints, moves or burns. pallet-nfts keeps the same
/// index of every item's holder, and a title's item is held by the title's
/// owner (an invariant checked by `try_state`). Version 3 answers
/// `titles_of` from that index through [`TitleTokens::held_by`], two writes
/// fewer per recorded transfer, and removes the map.
///
/// A single-block migration: it reads and removes one key per title in force
/// (about 20 µs each), so about 100,000 titles fit in a block's weight.
pub mod v3 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	#[cfg(feature = "try-runtime")]
	use civitas_primitives::TitleTokens;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};

	/// The layout of version 2.
	pub mod v2 {
		use super::*;

		/// The titles in force of each owner.
		#[storage_alias]
		pub type TitlesByOwner<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Twox64Concat,
			TitleId,
			(),
		>;
	}

	/// Removes the register's owner index. Not version-checked: use
	/// [`MigrateV2ToV3`].
	pub struct RemoveOwnerIndex<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RemoveOwnerIndex<T> {
		fn on_runtime_upgrade() -> Weight {
			// Drained key by key, so that the weight counts every key whether
			// it is committed or still in the overlay.
			let removed = v2::TitlesByOwner::<T>::drain().count() as u64;
			T::DbWeight::get().reads_writes(removed, removed)
		}

		/// Records the owner index as version 2 has it, and checks that it
		/// names the titles in force as their items do.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let mut index: Vec<(T::AccountId, TitleId)> =
				v2::TitlesByOwner::<T>::iter_keys().collect();
			index.sort();
			for (owner, id) in &index {
				let title = Titles::<T>::get(id).ok_or("the owner index names no title")?;
				let collection =
					Collections::<T>::get(title.city).ok_or("a city has no collection")?;
				ensure!(
					T::Titles::owner(collection, *id).as_ref() == Some(owner),
					"the owner index and the title's item disagree"
				);
			}
			Ok(index.encode())
		}

		/// Checks that the index is gone and that `titles_of` answers for
		/// every owner what the index said.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let index = Vec::<(T::AccountId, TitleId)>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade state does not decode")?;
			ensure!(
				v2::TitlesByOwner::<T>::iter_keys().next().is_none(),
				"the version 2 owner index is still there"
			);
			let mut answered: Vec<(T::AccountId, TitleId)> = Vec::new();
			let mut owners: Vec<T::AccountId> = index.iter().map(|(o, _)| o.clone()).collect();
			owners.dedup();
			for owner in owners {
				for id in Pallet::<T>::titles_of(owner.clone()) {
					answered.push((owner.clone(), id));
				}
			}
			answered.sort();
			ensure!(answered == index, "titles_of does not answer what the index held");
			Pallet::<T>::check_invariants().map_err(|e| {
				log::error!(target: "runtime::registry", "post_upgrade: {e}");
				"the register's invariants do not hold after the migration"
			})?;
			Ok(())
		}
	}

	/// [`RemoveOwnerIndex`], run only on storage version 2; sets 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		RemoveOwnerIndex<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
