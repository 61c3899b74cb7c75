//! City-operated validators and the validator set handed to pallet-session.

use crate::*;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::ValidatorRegistration};

impl<T: Config> Pallet<T> {
	/// How many validators the active cities have registered between them.
	pub fn active_validator_count() -> u32 {
		ActiveCities::<T>::get()
			.iter()
			.map(|city| CityValidators::<T>::decode_len(city).unwrap_or(0) as u32)
			.fold(0u32, |sum, n| sum.saturating_add(n))
	}

	/// The validators of the active cities, in city order.
	pub fn active_validators() -> Vec<T::AccountId> {
		ActiveCities::<T>::get()
			.iter()
			.flat_map(|city| CityValidators::<T>::get(city).into_inner())
			.collect()
	}

	/// Records a city's invitation to `validator`. Several cities may invite
	/// one account: only the account decides which invitation it accepts.
	pub(crate) fn do_invite_validator(city: CityId, validator: T::AccountId) -> DispatchResult {
		ensure!(
			CityOfValidator::<T>::get(&validator) != Some(city),
			Error::<T>::ValidatorAlreadyRegistered
		);
		ValidatorInvitations::<T>::try_mutate(city, |invited| {
			ensure!(!invited.contains(&validator), Error::<T>::AlreadyInvited);
			invited.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyInvitations)
		})?;
		Self::deposit_event(Event::ValidatorInvited { city, validator });
		Ok(())
	}

	/// Removes an open invitation; whether there was one.
	pub(crate) fn withdraw_invitation(city: CityId, validator: &T::AccountId) -> bool {
		ValidatorInvitations::<T>::mutate(city, |invited| {
			let before = invited.len();
			invited.retain(|v| v != validator);
			invited.len() != before
		})
	}

	/// The invited account's consent: it becomes the city's validator.
	pub(crate) fn do_accept_validator(city: CityId, validator: T::AccountId) -> DispatchResult {
		ensure!(ValidatorInvitations::<T>::get(city).contains(&validator), Error::<T>::NotInvited);
		Self::ensure_active(city)?;
		ensure!(T::ValidatorRegistration::is_registered(&validator), Error::<T>::NoSessionKeys);
		ensure!(!Self::recently_expelled(&validator), Error::<T>::RecentlyExpelled);
		Self::add_validator(city, validator.clone())?;
		Self::withdraw_invitation(city, &validator);
		ExpelledAt::<T>::remove(&validator);
		Self::deposit_event(Event::ValidatorRegistered { city, validator });
		Ok(())
	}

	/// Adds a validator to a city, within the city's and the federation's
	/// caps.
	pub(crate) fn add_validator(city: CityId, validator: T::AccountId) -> DispatchResult {
		let info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(
			!CityOfValidator::<T>::contains_key(&validator),
			Error::<T>::ValidatorAlreadyRegistered
		);
		if info.status == CityStatus::Active {
			ensure!(
				Self::active_validator_count() < T::MaxValidators::get(),
				Error::<T>::TooManyFederationValidators
			);
		}
		CityValidators::<T>::try_mutate(city, |validators| {
			validators.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)
		})?;
		CityOfValidator::<T>::insert(&validator, city);
		if info.status == CityStatus::Active {
			ValidatorSetChanged::<T>::put(true);
		}
		Ok(())
	}

	/// Removes a validator from a city, refusing if an active city would
	/// leave too few validators.
	pub(crate) fn remove_validator_of(city: CityId, validator: &T::AccountId) -> DispatchResult {
		ensure!(CityOfValidator::<T>::get(validator) == Some(city), Error::<T>::NotCityValidator);
		let active = ActiveCities::<T>::get().contains(&city);
		if active {
			let after = Self::active_validator_count().saturating_sub(1);
			ensure!(after >= MinValidators::<T>::get(), Error::<T>::TooFewValidators);
		}
		CityValidators::<T>::mutate(city, |validators| validators.retain(|v| v != validator));
		CityOfValidator::<T>::remove(validator);
		if active {
			ValidatorSetChanged::<T>::put(true);
		}
		Ok(())
	}

	/// The next validator set, if it changed: the active cities' validators
	/// that still have session keys. None of them keeps the current set.
	fn plan_validator_set(session: u32, force: bool) -> Option<Vec<T::AccountId>> {
		if !force && !ValidatorSetChanged::<T>::get() {
			return None;
		}
		let validators: Vec<T::AccountId> = Self::active_validators()
			.into_iter()
			.filter(T::ValidatorRegistration::is_registered)
			.take(T::MaxValidators::get() as usize)
			.collect();
		let count = validators.len() as u32;
		// Whatever is left with keys is planned, even below the minimum: the
		// minimum bounds what cities and the council may remove, while
		// keeping the old set would keep validators they removed.
		if count == 0 {
			Self::deposit_event(Event::ValidatorSetKept { session, validators_with_keys: count });
			return None;
		}
		ValidatorSetChanged::<T>::put(false);
		Self::deposit_event(Event::ValidatorSetPlanned { session, validators: count });
		Some(validators)
	}

	/// Checks the pallet's invariants.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for city in ActiveCities::<T>::get() {
			let info = Cities::<T>::get(city).ok_or("active city without a record")?;
			ensure!(info.status == CityStatus::Active, "active list holds an inactive city");
		}
		let members =
			Cities::<T>::iter_values().filter(|info| info.status != CityStatus::Left).count();
		ensure!(members as u32 == MemberCount::<T>::get(), "member count out of sync");
		ensure!(
			Self::active_validator_count() <= T::MaxValidators::get(),
			"more validators than MaxValidators"
		);
		for (id, proceeding) in Proceedings::<T>::iter() {
			ensure!(
				ProceedingOpenedBy::<T>::get(proceeding.opened_by) == Some(id),
				"proceeding opener index out of sync"
			);
			ensure!(!proceeding.ayes.contains(&proceeding.city), "affected city voted");
		}
		for (city, info) in Cities::<T>::iter() {
			let listed = ActiveCities::<T>::get().contains(&city);
			ensure!(listed == (info.status == CityStatus::Active), "active list out of sync");
			if info.status != CityStatus::Left {
				ensure!(
					CityOfAdmin::<T>::get(&info.admin) == Some(city),
					"admin index out of sync"
				);
				ensure!(CityByName::<T>::get(&info.name) == Some(city), "name index out of sync");
			}
			for validator in CityValidators::<T>::get(city) {
				ensure!(
					CityOfValidator::<T>::get(&validator) == Some(city),
					"validator index out of sync"
				);
			}
		}
		Ok(())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		Self::plan_validator_set(new_index, false)
	}

	fn new_session_genesis(new_index: u32) -> Option<Vec<T::AccountId>> {
		Self::plan_validator_set(new_index, true)
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {
		Self::disable_expelled_again();
	}
}
