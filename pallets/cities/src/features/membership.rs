//! Admission, suspension, reinstatement and departure of cities, and the
//! council seats of their admins.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{ChangeMembers, Get},
	BoundedVec,
};
use sp_runtime::traits::AccountIdConversion;

impl<T: Config> Pallet<T> {
	/// The city's treasury account: the pallet's account with the city id as
	/// sub-account. Nobody holds its key.
	pub fn treasury_of(city: CityId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(city)
	}

	/// The current council: admins of the active cities, sorted.
	pub fn council() -> Vec<T::AccountId> {
		let mut admins: Vec<T::AccountId> = ActiveCities::<T>::get()
			.iter()
			.filter_map(|city| Cities::<T>::get(city).map(|info| info.admin))
			.collect();
		admins.sort();
		admins
	}

	/// Hands the current council to the collective, given the one before the
	/// change.
	pub(crate) fn sync_council(old: &[T::AccountId]) {
		let new = Self::council();
		if new.as_slice() != old {
			T::CouncilMembers::set_members_sorted(&new, old);
		}
	}

	/// Fails unless `who` is the admin of `city`, a city that has not left.
	pub(crate) fn ensure_admin_of(who: &T::AccountId, city: CityId) -> DispatchResult {
		let info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status != CityStatus::Left, Error::<T>::CityHasLeft);
		ensure!(&info.admin == who, Error::<T>::NotCityAdmin);
		Ok(())
	}

	/// Takes a motion slot of the city `who` is the admin of: a council
	/// motion it proposes. Fails with `TooManyMotions` when the city has
	/// `MaxMotionsPerCity` open, whoever proposed them for it.
	pub fn open_motion(who: &T::AccountId) -> Result<CityId, DispatchError> {
		let city = CityOfAdmin::<T>::get(who).ok_or(Error::<T>::NotCityAdmin)?;
		OpenMotions::<T>::try_mutate(city, |open| {
			ensure!(*open < T::MaxMotionsPerCity::get(), Error::<T>::TooManyMotions);
			*open = open.saturating_add(1);
			Ok::<_, DispatchError>(city)
		})
	}

	/// Gives a motion slot back to `city` once its motion's deposit is
	/// released or burned. Never fails.
	pub fn close_motion(city: CityId) {
		OpenMotions::<T>::mutate_exists(city, |open| {
			*open = open.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
	}

	/// Fails unless `city` exists and is active.
	pub(crate) fn ensure_active(city: CityId) -> DispatchResult {
		let info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status == CityStatus::Active, Error::<T>::CityNotActive);
		Ok(())
	}

	/// Checks a name and the admin, then records a new active city.
	pub(crate) fn do_admit(name: Vec<u8>, admin: T::AccountId) -> Result<CityId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		let name: CityName<T::MaxNameLength> =
			name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		ensure!(!CityByName::<T>::contains_key(&name), Error::<T>::DuplicateName);
		ensure!(!CityOfAdmin::<T>::contains_key(&admin), Error::<T>::AdminAlreadyServes);
		let members = MemberCount::<T>::get();
		// Members (suspended ones too) stay within `MaxCities`, which bounds
		// every list of votes.
		ensure!(members < T::MaxCities::get(), Error::<T>::TooManyCities);
		let city = NextCityId::<T>::get();
		let next = city.checked_add(1).ok_or(Error::<T>::CityIdOverflow)?;
		Self::activate(city)?;
		MemberCount::<T>::put(members.saturating_add(1));

		let treasury = Self::treasury_of(city);
		let info = CityInfo {
			name: name.clone(),
			admin: admin.clone(),
			treasury: treasury.clone(),
			status: CityStatus::Active,
			admitted_at: frame_system::Pallet::<T>::block_number(),
		};
		Cities::<T>::insert(city, info);
		CityByName::<T>::insert(&name, city);
		CityOfAdmin::<T>::insert(&admin, city);
		NextCityId::<T>::put(next);
		Self::deposit_event(Event::CityAdmitted { city, name, admin, treasury });
		Ok(city)
	}

	/// Takes an active city out of the council and the next validator set.
	pub(crate) fn do_suspend(city: CityId) -> DispatchResult {
		let mut info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status == CityStatus::Active, Error::<T>::CityNotActive);
		let old_council = Self::council();
		Self::deactivate(city)?;
		info.status = CityStatus::Suspended;
		Cities::<T>::insert(city, info);
		Self::sync_council(&old_council);
		Self::deposit_event(Event::CitySuspended { city });
		Ok(())
	}

	/// Brings a suspended city back into the council and the validator set.
	pub(crate) fn do_reinstate(city: CityId) -> DispatchResult {
		let mut info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status == CityStatus::Suspended, Error::<T>::CityNotSuspended);
		let old_council = Self::council();
		Self::activate(city)?;
		info.status = CityStatus::Active;
		Cities::<T>::insert(city, info);
		Self::sync_council(&old_council);
		Self::deposit_event(Event::CityReinstated { city });
		Ok(())
	}

	/// Ends a city's membership for good and clears its offices, validators,
	/// name and admin seat. The record stays with status `Left`.
	pub(crate) fn do_leave(city: CityId) -> DispatchResult {
		let mut info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status != CityStatus::Left, Error::<T>::CityHasLeft);
		let old_council = Self::council();
		if info.status == CityStatus::Active {
			Self::deactivate(city)?;
		}
		for validator in CityValidators::<T>::take(city) {
			CityOfValidator::<T>::remove(&validator);
		}
		ValidatorInvitations::<T>::remove(city);
		MemberCount::<T>::mutate(|n| *n = n.saturating_sub(1));
		for role in CityRole::ALL {
			Offices::<T>::remove(city, role);
		}
		CityByName::<T>::remove(&info.name);
		CityOfAdmin::<T>::remove(&info.admin);
		info.status = CityStatus::Left;
		Cities::<T>::insert(city, info);
		Self::sync_council(&old_council);
		Self::deposit_event(Event::CityLeft { city });
		Ok(())
	}

	/// Gives the city a new admin, who takes over its council seat.
	pub(crate) fn do_set_admin(city: CityId, new_admin: T::AccountId) -> DispatchResult {
		let mut info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status != CityStatus::Left, Error::<T>::CityHasLeft);
		ensure!(!CityOfAdmin::<T>::contains_key(&new_admin), Error::<T>::AdminAlreadyServes);
		let old_council = Self::council();
		let old = core::mem::replace(&mut info.admin, new_admin.clone());
		CityOfAdmin::<T>::remove(&old);
		CityOfAdmin::<T>::insert(&new_admin, city);
		// Invitations the old admin made and nobody accepted go with it.
		ValidatorInvitations::<T>::remove(city);
		Cities::<T>::insert(city, info);
		Self::sync_council(&old_council);
		Self::deposit_event(Event::AdminChanged { city, old, new: new_admin });
		Ok(())
	}

	/// Adds a city to the active list; its validators, if any, join the next
	/// validator set, which must stay within `MaxValidators`. The counterpart
	/// of [`Self::deactivate`].
	fn activate(city: CityId) -> DispatchResult {
		let joining = CityValidators::<T>::decode_len(city).unwrap_or(0) as u32;
		ensure!(
			Self::active_validator_count().saturating_add(joining) <= T::MaxValidators::get(),
			Error::<T>::TooManyFederationValidators
		);
		ActiveCities::<T>::try_mutate(|active| {
			active.try_push(city).map_err(|_| Error::<T>::TooManyCities)
		})?;
		if joining > 0 {
			ValidatorSetChanged::<T>::put(true);
		}
		Ok(())
	}

	/// Removes an active city from the active list, refusing if that would
	/// leave no active city or too few validators.
	fn deactivate(city: CityId) -> DispatchResult {
		let active = ActiveCities::<T>::get();
		let remaining: Vec<CityId> = active.iter().copied().filter(|c| *c != city).collect();
		ensure!(!remaining.is_empty(), Error::<T>::LastActiveCity);
		let leaving = CityValidators::<T>::get(city).len() as u32;
		let after = Self::active_validator_count().saturating_sub(leaving);
		ensure!(after >= MinValidators::<T>::get(), Error::<T>::TooFewValidators);
		let remaining: BoundedVec<CityId, T::MaxCities> = BoundedVec::truncate_from(remaining);
		ActiveCities::<T>::put(remaining);
		if leaving > 0 {
			ValidatorSetChanged::<T>::put(true);
		}
		Ok(())
	}
}
