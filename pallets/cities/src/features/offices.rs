//! City offices: who holds which role in which city, and the
//! [`CityOffices`] view other pallets check their callers against.

use crate::*;
use civitas_primitives::CityOffices;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Adds `who` to the holders of `role` in `city`.
	pub(crate) fn add_official(city: CityId, role: CityRole, who: T::AccountId) -> DispatchResult {
		let info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		// The Auditor checks the Treasurers' payments, the procurement
		// officers' tenders and the admin's rule changes: it may hold none
		// of those offices itself.
		let holds = |other: &CityRole| Offices::<T>::get(city, *other).contains(&who);
		let auditor_is_admin = role == CityRole::Auditor && info.admin == who;
		ensure!(
			!auditor_is_admin && !incompatible_offices(role).iter().any(holds),
			Error::<T>::IncompatibleOffices
		);
		Offices::<T>::try_mutate(city, role, |holders| {
			ensure!(!holders.contains(&who), Error::<T>::AlreadyHoldsOffice);
			holders.try_push(who).map_err(|_| Error::<T>::TooManyOfficials)?;
			Ok(())
		})
	}

	/// Dismisses `who` from the Auditor's seat of `city`, if it holds it.
	pub(crate) fn leave_auditor_seat(city: CityId, who: &T::AccountId) {
		if Self::remove_official(city, CityRole::Auditor, who).is_ok() {
			Self::deposit_event(Event::OfficialDismissed {
				city,
				role: CityRole::Auditor,
				who: who.clone(),
			});
		}
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

/// The offices one account may not hold together with `role` in one city.
pub fn incompatible_offices(role: CityRole) -> &'static [CityRole] {
	match role {
		CityRole::Auditor => &[CityRole::Treasurer, CityRole::ProcurementOfficer],
		CityRole::Treasurer | CityRole::ProcurementOfficer => &[CityRole::Auditor],
		CityRole::Registrar => &[],
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
