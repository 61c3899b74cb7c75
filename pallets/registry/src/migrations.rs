//! Storage migrations of the register, one module per storage version.
//!
//! Each is a multi-block migration ([`SteppedMigration`], run by
//! pallet-migrations after the upgrade): every step moves as many entries as
//! the weight it is given allows and hands a cursor to the next block, so a
//! register of any size upgrades without a block past its limit. While one
//! runs the runtime takes no transactions, so no call sees a register half
//! in one layout and half in the other.
//!
//! Each checks the pallet's on-chain storage version when it starts: on any
//! other version than the one it migrates from it ends at once (one read),
//! so a runtime may keep it until every chain it serves has passed it, and a
//! chain that never had the old layout (one started from a later genesis)
//! passes it untouched. It sets the new version in its last step.

use crate::*;
use frame_support::{
	migrations::{MigrationId, SteppedMigration, SteppedMigrationError},
	traits::{Get, GetStorageVersion, StorageVersion},
	weights::WeightMeter,
};

/// The identifier prefix of the register's migrations in pallet-migrations'
/// `Historic` set.
const MIGRATIONS_ID: &[u8; 16] = b"civitas-registry";

/// The identifier of the migration from storage version `from` to `to`.
fn migration_id(from: u8, to: u8) -> MigrationId<16> {
	MigrationId { pallet_id: *MIGRATIONS_ID, version_from: from, version_to: to }
}

/// Whether the register is on storage version `version`, with the read
/// charged to `meter`; `Err` when not even that read fits.
fn on_version<T: Config>(
	version: u16,
	meter: &mut WeightMeter,
) -> Result<bool, SteppedMigrationError> {
	let read = T::DbWeight::get().reads(1);
	meter
		.try_consume(read)
		.map_err(|_| SteppedMigrationError::InsufficientWeight { required: read })?;
	Ok(Pallet::<T>::on_chain_storage_version() == StorageVersion::new(version))
}

/// Version 2: a title's provenance length lives in the title itself.
///
/// Up to version 1 the number of owners a title had was kept in a map of its
/// own, `ProvenanceLength`, which every recorded transfer read and wrote
/// beside the title it reads and writes anyway. Version 2 keeps it in
/// [`Title::provenance_length`], one read and one write fewer per transfer.
///
/// Each title costs two reads and two writes, about 41 µs with this
/// runtime's ParityDB weights (7 µs a read, 13 µs a write): about 59,000
/// titles a block at pallet-migrations' service weight (2.4 s).
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, storage_alias};
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

	/// Where [`MoveProvenanceLength`] stands.
	#[derive(Encode, Decode, MaxEncodedLen, Clone, Copy, PartialEq, Eq, Debug)]
	pub enum Progress {
		/// Every title up to this one (in the map's order) is moved.
		After(TitleId),
		/// Every title is moved; lengths without a title are being removed.
		Strays,
	}

	/// Moves each title's entry of `ProvenanceLength` into the title, and
	/// removes the map: storage version 1 to 2.
	pub struct MoveProvenanceLength<T>(PhantomData<T>);

	impl<T: Config> MoveProvenanceLength<T> {
		/// One title: read it and its length, write it, remove the length.
		fn per_title() -> Weight {
			T::DbWeight::get().reads_writes(2, 2)
		}
	}

	impl<T: Config> SteppedMigration for MoveProvenanceLength<T> {
		type Cursor = Progress;
		type Identifier = MigrationId<16>;

		fn id() -> Self::Identifier {
			migration_id(1, 2)
		}

		fn step(
			cursor: Option<Progress>,
			meter: &mut WeightMeter,
		) -> Result<Option<Progress>, SteppedMigrationError> {
			if cursor.is_none() && !on_version::<T>(1, meter)? {
				return Ok(None);
			}
			let required = Self::per_title();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			let mut last = match cursor {
				None => None,
				Some(Progress::After(id)) => Some(id),
				Some(Progress::Strays) => return Self::remove_strays(meter),
			};
			let mut titles = match last {
				Some(id) => v1::Titles::<T>::iter_from(v1::Titles::<T>::hashed_key_for(id)),
				None => v1::Titles::<T>::iter(),
			};
			while meter.can_consume(required) {
				let Some((id, old)) = titles.next() else {
					return Self::remove_strays(meter);
				};
				meter.consume(required);
				Titles::<T>::insert(
					id,
					Title {
						city: old.city,
						class: old.class,
						owner: old.owner,
						owner_since: old.owner_since,
						provenance_length: v1::ProvenanceLength::<T>::take(id),
						particulars: old.particulars,
						origin: old.origin,
						status: old.status,
						registered_at: old.registered_at,
					},
				);
				last = Some(id);
			}
			// At least one title fitted: the meter had room for one above.
			Ok(last.map(Progress::After))
		}

		/// Records every title's provenance length as version 1 has it, and
		/// checks that each has one; records nothing on another version.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			if Pallet::<T>::on_chain_storage_version() != 1 {
				return Ok(None::<Vec<(TitleId, u32)>>.encode());
			}
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
			Ok(Some(lengths).encode())
		}

		/// Checks that every title survived with the length it had, that the
		/// old map is gone, that the version is 2, and that the register's
		/// invariants hold.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let Some(lengths) = Option::<Vec<(TitleId, u32)>>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade state does not decode")?
			else {
				return Ok(());
			};
			ensure!(
				Pallet::<T>::on_chain_storage_version() == 2,
				"the migration ended without setting version 2"
			);
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

	impl<T: Config> MoveProvenanceLength<T> {
		/// Removes lengths left without a title (there can be none, but they
		/// would stay behind as keys nobody reads), as many as `meter`
		/// allows; once none is left, sets storage version 2.
		fn remove_strays(
			meter: &mut WeightMeter,
		) -> Result<Option<Progress>, SteppedMigrationError> {
			let db = T::DbWeight::get();
			// The read that finds the end, and the version's write.
			let end = db.reads_writes(1, 1);
			let per_stray = db.reads_writes(1, 1);
			let fit = meter
				.remaining()
				.saturating_sub(end)
				.checked_div_per_component(&per_stray)
				.unwrap_or(0);
			let limit = u32::try_from(fit).unwrap_or(u32::MAX);
			if limit == 0 {
				return Ok(Some(Progress::Strays));
			}
			let removed = v1::ProvenanceLength::<T>::clear(limit, None);
			// Every key visited is read, also one already taken in this block
			// (gone from the block's changes, not yet from the database).
			meter.consume(
				db.reads(u64::from(removed.loops))
					.saturating_add(db.writes(u64::from(removed.backend))),
			);
			if removed.maybe_cursor.is_some() {
				return Ok(Some(Progress::Strays));
			}
			meter.consume(end);
			StorageVersion::new(2).put::<Pallet<T>>();
			Ok(None)
		}
	}
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
/// It reads and removes one key per title in force (about 20 µs each), so
/// about 118,000 a block at pallet-migrations' service weight (2.4 s).
pub mod v3 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	#[cfg(feature = "try-runtime")]
	use civitas_primitives::TitleTokens;
	use frame_support::{pallet_prelude::*, storage_alias};

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

	/// Removes the register's owner index: storage version 2 to 3. Its
	/// cursor says only that it has started: each step removes keys from the
	/// front of what is left.
	pub struct RemoveOwnerIndex<T>(PhantomData<T>);

	impl<T: Config> SteppedMigration for RemoveOwnerIndex<T> {
		type Cursor = ();
		type Identifier = MigrationId<16>;

		fn id() -> Self::Identifier {
			migration_id(2, 3)
		}

		fn step(
			cursor: Option<()>,
			meter: &mut WeightMeter,
		) -> Result<Option<()>, SteppedMigrationError> {
			if cursor.is_none() && !on_version::<T>(2, meter)? {
				return Ok(None);
			}
			let db = T::DbWeight::get();
			// A key read and removed, or the end found and the version set.
			let required = db.reads_writes(1, 1);
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			// Drained key by key, so that every key removed is charged whether
			// it is committed or still in the overlay.
			let mut index = v2::TitlesByOwner::<T>::drain();
			while meter.try_consume(required).is_ok() {
				if index.next().is_none() {
					StorageVersion::new(3).put::<Pallet<T>>();
					return Ok(None);
				}
			}
			Ok(Some(()))
		}

		/// Records the owner index as version 2 has it, and checks that it
		/// names the titles in force as their items do; records nothing on
		/// another version.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			if Pallet::<T>::on_chain_storage_version() != 2 {
				return Ok(None::<Vec<(T::AccountId, TitleId)>>.encode());
			}
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
			Ok(Some(index).encode())
		}

		/// Checks that the index is gone, that the version is 3, and that
		/// `titles_of` answers for every owner what the index said.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let Some(index) = Option::<Vec<(T::AccountId, TitleId)>>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade state does not decode")?
			else {
				return Ok(());
			};
			ensure!(
				Pallet::<T>::on_chain_storage_version() == 3,
				"the migration ended without setting version 3"
			);
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
}
