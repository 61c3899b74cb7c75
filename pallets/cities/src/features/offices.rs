//! City offices: who holds which role in which city, and the
//! [`CityOffices`] view other pallets check their callers against.

use crate::*;
use civitas_primitives::CityOffices;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Adds `who` to the holders of `role` in `city`.
	pub(crate) fn add_official(city: CityId, role: CityRole, who: T::AccountId) -> DispatchResult {
		ensure!(Cities::<T>::contains_key(city), Error::<T>::UnknownCity);
		Offices::<T>::try_mutate(city, role, |holders| {
			ensure!(!holders.contains(&who), Error::<T>::AlreadyHoldsOffice);
			holders.try_push(who).map_err(|_| Error::<T>::TooManyOfficials)?;
			Ok(())
		})
	}

	/// Removes `who` from the holders of `role` in `city`.
	pub(crate) fn remove_official(
		city: CityId,
		role: CityRole,
		who: &T::AccountId,
	) -> DispatchResult {
		Offices::<T>::try_mutate(city, role, |holders| {
			let index = holders.iter().position(|h| h == who).ok_or(Error::<T>::NotAnOfficial)?;
			holders.remove(index);
			Ok(())
		})
	}
}

impl<T: Config> CityOffices<T::AccountId> for Pallet<T> {
	fn city_status(city: CityId) -> Option<CityStatus> {
		Cities::<T>::get(city).map(|info| info.status)
	}

	fn city_admin(city: CityId) -> Option<T::AccountId> {
		Cities::<T>::get(city).map(|info| info.admin)
	}

	fn treasury_account(city: CityId) -> Option<T::AccountId> {
		Cities::<T>::get(city).map(|info| info.treasury)
	}

	fn holds_office(city: CityId, role: CityRole, who: &T::AccountId) -> bool {
		Offices::<T>::get(city, role).contains(who)
	}
}
