//! Titles: first registration, the registry collection and item attributes,
//! every change of owner, subdivision and merger.

use crate::*;
use alloc::{format, vec::Vec};
use civitas_primitives::TitleTokens;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::AccountIdConversion;

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The title, whatever its status.
	pub(crate) fn title(title: TitleId) -> Result<TitleOf<T>, Error<T>> {
		Titles::<T>::get(title).ok_or(Error::<T>::UnknownTitle)
	}

	/// The title, if it is in force.
	pub(crate) fn active_title(title: TitleId) -> Result<TitleOf<T>, Error<T>> {
		let record = Self::title(title)?;
		ensure!(record.status == TitleStatus::Active, Error::<T>::TitleRetired);
		Ok(record)
	}

	/// The title in force, if `who` owns it.
	pub(crate) fn owned_title(title: TitleId, who: &T::AccountId) -> Result<TitleOf<T>, Error<T>> {
		let record = Self::active_title(title)?;
		ensure!(&record.owner == who, Error::<T>::NotOwner);
		Ok(record)
	}

	/// The keyless account that owns every registry collection.
	pub fn registry_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The city's registry collection, created if it has none yet.
	fn collection_of(city: CityId) -> Result<TitleCollectionId, DispatchError> {
		if let Some(collection) = Collections::<T>::get(city) {
			return Ok(collection);
		}
		let collection = T::Titles::create_collection(city, &Self::registry_account())
			.map_err(|_| Error::<T>::TokenFailed)?;
		Collections::<T>::insert(city, collection);
		Self::deposit_event(Event::RegistryCollectionCreated { city, collection });
		Ok(collection)
	}

	/// Checks a parcel's particulars and that its reference is free in the
	/// city.
	fn check_particulars(city: CityId, particulars: &ParticularsOf<T>) -> Result<(), Error<T>> {
		ensure!(!particulars.cadastral_reference.is_empty(), Error::<T>::EmptyReference);
		ensure!(particulars.area > 0, Error::<T>::ZeroArea);
		ensure!(
			!CadastralIndex::<T>::contains_key(city, &particulars.cadastral_reference),
			Error::<T>::ReferenceTaken
		);
		let rights = &particulars.rights;
		for (i, right) in rights.iter().enumerate() {
			ensure!(
				!rights.iter().skip(i.saturating_add(1)).any(|r| r.kind == right.kind),
				Error::<T>::DuplicateRight
			);
		}
		Ok(())
	}

	fn next_title_id() -> Result<TitleId, Error<T>> {
		let id = NextTitleId::<T>::get();
		NextTitleId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
		Ok(id)
	}

	/// Creates a title in force with its item, its first provenance entry
	/// and its public attributes. Callers check the particulars first.
	fn create_title(
		city: CityId,
		class: AssetClass,
		owner: T::AccountId,
		particulars: ParticularsOf<T>,
		origin: TitleOrigin<T::MaxParts>,
		acquisition: Acquisition,
	) -> Result<TitleId, DispatchError> {
		let id = Self::next_title_id()?;
		let collection = Self::collection_of(city)?;
		T::Titles::mint(collection, id, &owner).map_err(|_| Error::<T>::TokenFailed)?;
		Self::publish_attributes(collection, id, class, &particulars)?;
		let now = Self::now();
		CadastralIndex::<T>::insert(city, &particulars.cadastral_reference, id);
		Provenance::<T>::insert(
			id,
			0,
			OwnershipRecord { owner: owner.clone(), since: now, acquisition },
		);
		Titles::<T>::insert(
			id,
			Title {
				city,
				class,
				owner,
				owner_since: now,
				provenance_length: 1,
				particulars,
				origin,
				status: TitleStatus::Active,
				registered_at: now,
			},
		);
		Ok(id)
	}

	/// Mirrors the particulars as the item's attributes on pallet-nfts, as
	/// text a wallet shows.
	fn publish_attributes(
		collection: TitleCollectionId,
		id: TitleId,
		class: AssetClass,
		particulars: &ParticularsOf<T>,
	) -> DispatchResult {
		let rights: Vec<_> =
			particulars.rights.iter().map(|r| format!("{:?}={}", r.kind, r.amount)).collect();
		let attributes: [(&[u8], Vec<u8>); 7] = [
			(b"cadastral_reference", particulars.cadastral_reference.to_vec()),
			(b"class", format!("{class:?}").into_bytes()),
			(b"document", format!("{:?}", particulars.document).into_bytes()),
			(b"area_m2", format!("{}", particulars.area).into_bytes()),
			(b"land_use", format!("{:?}", particulars.land_use).into_bytes()),
			(b"assessed_value", format!("{}", particulars.assessed_value).into_bytes()),
			(b"development_rights", rights.join(",").into_bytes()),
		];
		for (key, value) in attributes {
			T::Titles::set_attribute(collection, id, key, &value)
				.map_err(|_| Error::<T>::TokenFailed)?;
		}
		Ok(())
	}

	pub(crate) fn do_register(
		city: CityId,
		class: AssetClass,
		owner: T::AccountId,
		particulars: ParticularsOf<T>,
		evidence: DocumentHash,
	) -> Result<TitleId, DispatchError> {
		Self::check_particulars(city, &particulars)?;
		let reference = particulars.cadastral_reference.clone();
		let id = Self::create_title(
			city,
			class,
			owner.clone(),
			particulars,
			TitleOrigin::Registered { evidence },
			Acquisition::Registration { evidence },
		)?;
		Self::deposit_event(Event::TitleRegistered {
			title: id,
			city,
			class,
			owner,
			cadastral_reference: reference,
			evidence,
		});
		Ok(id)
	}

	/// Moves a title in force and its item to `to`: the provenance grows,
	/// the open offer lapses, and the Harberger account of the old owner is
	/// closed with its deposit refunded. Callers check encumbrances.
	pub(crate) fn change_owner(
		id: TitleId,
		mut record: TitleOf<T>,
		to: T::AccountId,
		acquisition: Acquisition,
	) -> DispatchResult {
		let from = record.owner.clone();
		Self::close_harberger_account(id, &record)?;
		let collection = Collections::<T>::get(record.city).ok_or(Error::<T>::TokenFailed)?;
		T::Titles::transfer(collection, id, &to).map_err(|_| Error::<T>::TokenFailed)?;
		let n = record.provenance_length;
		record.provenance_length = n.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let now = Self::now();
		Provenance::<T>::insert(
			id,
			n,
			OwnershipRecord { owner: to.clone(), since: now, acquisition },
		);
		Offers::<T>::remove(id);
		record.owner = to.clone();
		record.owner_since = now;
		Titles::<T>::insert(id, record);
		Self::deposit_event(Event::TitleTransferred { title: id, from, to, acquisition });
		Ok(())
	}

	/// Retires a title in force: its item is burnt, its offer, encumbrances
	/// and leases removed (the caller carries them over),
	/// its Harberger deposit refunded.
	fn retire(
		id: TitleId,
		mut record: TitleOf<T>,
		status: TitleStatus<BlockNumberFor<T>, T::MaxParts>,
	) -> DispatchResult {
		Self::close_harberger_account(id, &record)?;
		let collection = Collections::<T>::get(record.city).ok_or(Error::<T>::TokenFailed)?;
		T::Titles::burn(collection, id).map_err(|_| Error::<T>::TokenFailed)?;
		Offers::<T>::remove(id);
		let _ = Encumbrances::<T>::clear_prefix(id, T::MaxEncumbrances::get(), None);
		EncumbranceCount::<T>::remove(id);
		for (lease_id, lease) in Leases::<T>::drain_prefix(id) {
			LeasesByLessee::<T>::remove(&lease.lessee, (id, lease_id));
		}
		LeaseCount::<T>::remove(id);
		record.status = status;
		Titles::<T>::insert(id, record);
		Ok(())
	}

	/// Writes `encumbrances` and `leases` onto the new title `id`, under
	/// their ids.
	fn carry(
		id: TitleId,
		encumbrances: &[(EncumbranceId, EncumbranceOf<T>)],
		leases: &[(LeaseId, LeaseOf<T>)],
	) -> Result<(), Error<T>> {
		let encumbrance_count =
			u32::try_from(encumbrances.len()).map_err(|_| Error::<T>::TooManyEncumbrances)?;
		ensure!(encumbrance_count <= T::MaxEncumbrances::get(), Error::<T>::TooManyEncumbrances);
		let lease_count = u32::try_from(leases.len()).map_err(|_| Error::<T>::TooManyLeases)?;
		ensure!(lease_count <= T::MaxLeases::get(), Error::<T>::TooManyLeases);
		for (e, encumbrance) in encumbrances {
			Encumbrances::<T>::insert(id, e, encumbrance);
		}
		EncumbranceCount::<T>::insert(id, encumbrance_count);
		for (l, lease) in leases {
			Leases::<T>::insert(id, l, lease);
			LeasesByLessee::<T>::insert(&lease.lessee, (id, *l), ());
		}
		LeaseCount::<T>::insert(id, lease_count);
		Ok(())
	}

	/// The encumbrances and leases of a title.
	#[allow(clippy::type_complexity)]
	fn burdens(
		id: TitleId,
	) -> (Vec<(EncumbranceId, EncumbranceOf<T>)>, Vec<(LeaseId, LeaseOf<T>)>) {
		(Encumbrances::<T>::iter_prefix(id).collect(), Leases::<T>::iter_prefix(id).collect())
	}

	pub(crate) fn do_subdivide(
		title: TitleId,
		parts: PartsOf<T>,
	) -> Result<TitleListOf<T>, DispatchError> {
		let record = Self::active_title(title)?;
		ensure!(parts.len() >= 2, Error::<T>::TooFewParts);
		ensure!(!Offers::<T>::contains_key(title), Error::<T>::OfferOpen);
		let mut area: u64 = 0;
		for (i, part) in parts.iter().enumerate() {
			Self::check_particulars(record.city, part)?;
			ensure!(
				!parts
					.iter()
					.skip(i.saturating_add(1))
					.any(|p| p.cadastral_reference == part.cadastral_reference),
				Error::<T>::DuplicateReference
			);
			area = area.checked_add(part.area).ok_or(Error::<T>::AreaMismatch)?;
		}
		ensure!(area == record.particulars.area, Error::<T>::AreaMismatch);
		Self::ensure_not_in_arrears(title, &record)?;
		let record = Self::settle(title, record)?;

		let (encumbrances, leases) = Self::burdens(title);
		let mut into = TitleListOf::<T>::new();
		for part in parts {
			let id = Self::create_title(
				record.city,
				record.class,
				record.owner.clone(),
				part,
				TitleOrigin::SubdividedFrom { parent: title },
				Acquisition::Subdivision { parent: title },
			)?;
			Self::carry(id, &encumbrances, &leases)?;
			into.try_push(id).map_err(|_| Error::<T>::TooFewParts)?;
		}
		Self::retire(
			title,
			record,
			TitleStatus::Subdivided { into: into.clone(), at: Self::now() },
		)?;
		Self::deposit_event(Event::TitleSubdivided { title, into: into.clone() });
		Ok(into)
	}

	pub(crate) fn do_merge(
		titles: TitleListOf<T>,
		particulars: ParticularsOf<T>,
	) -> Result<TitleId, DispatchError> {
		ensure!(titles.len() >= 2, Error::<T>::TooFewParts);
		let mut records = Vec::with_capacity(titles.len());
		let mut area: u64 = 0;
		for (i, id) in titles.iter().enumerate() {
			ensure!(
				!titles.iter().skip(i.saturating_add(1)).any(|t| t == id),
				Error::<T>::DuplicateTitle
			);
			let record = Self::active_title(*id)?;
			ensure!(!Offers::<T>::contains_key(id), Error::<T>::OfferOpen);
			if let Some(first) = records.first().map(|(_, r): &(TitleId, TitleOf<T>)| r) {
				ensure!(
					record.city == first.city
						&& record.owner == first.owner
						&& record.class == first.class,
					Error::<T>::TitlesDiffer
				);
			}
			Self::ensure_not_in_arrears(*id, &record)?;
			area = area.checked_add(record.particulars.area).ok_or(Error::<T>::AreaMismatch)?;
			records.push((*id, record));
		}
		let (city, class, owner) = match records.first() {
			Some((_, r)) => (r.city, r.class, r.owner.clone()),
			None => return Err(Error::<T>::TooFewParts.into()),
		};
		Self::check_particulars(city, &particulars)?;
		ensure!(particulars.area == area, Error::<T>::AreaMismatch);

		let mut encumbrances = Vec::new();
		let mut leases = Vec::new();
		for (id, _) in &records {
			let (e, l) = Self::burdens(*id);
			for item in e {
				if !encumbrances.iter().any(|(k, _)| *k == item.0) {
					encumbrances.push(item);
				}
			}
			for item in l {
				if !leases.iter().any(|(k, _)| *k == item.0) {
					leases.push(item);
				}
			}
		}
		ensure!(
			encumbrances.len() <= T::MaxEncumbrances::get() as usize,
			Error::<T>::TooManyEncumbrances
		);
		ensure!(leases.len() <= T::MaxLeases::get() as usize, Error::<T>::TooManyLeases);
		let mut settled = Vec::with_capacity(records.len());
		for (id, record) in records {
			settled.push((id, Self::settle(id, record)?));
		}
		let into = Self::create_title(
			city,
			class,
			owner,
			particulars,
			TitleOrigin::MergedFrom { parents: titles.clone() },
			Acquisition::Merger,
		)?;
		Self::carry(into, &encumbrances, &leases)?;
		let now = Self::now();
		for (id, record) in settled {
			Self::retire(id, record, TitleStatus::Merged { into, at: now })?;
		}
		Self::deposit_event(Event::TitlesMerged { titles, into });
		Ok(into)
	}
}
