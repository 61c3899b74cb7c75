//! Residents' declarations of categories, and the strata pools they make.

use crate::*;
use civitas_primitives::Residents;
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_declare(
		resident: T::AccountId,
		city: CityId,
		categories: Categories,
	) -> DispatchResult {
		ensure!(
			categories.neighbourhood < T::MaxNeighbourhoods::get(),
			Error::<T>::UnknownNeighbourhood
		);
		let certificate =
			T::Residents::certificate_of(city, &resident).ok_or(Error::<T>::NotAResident)?;
		ensure!(!Declarations::<T>::contains_key(city, &resident), Error::<T>::AlreadyDeclared);
		let now = frame_system::Pallet::<T>::block_number();
		let mut positions = [0u32; 3];
		for (slot, stratum) in positions.iter_mut().zip(Stratum::of(&categories)) {
			let position = StratumPoolLength::<T>::get(city, stratum);
			StratumPool::<T>::insert(
				(city, stratum, position),
				Declaration {
					resident: resident.clone(),
					certificate,
					declared_at: now,
					withdrawn_at: None,
				},
			);
			StratumPoolLength::<T>::insert(city, stratum, position.saturating_add(1));
			StratumSize::<T>::mutate(city, stratum, |n| n.saturating_inc());
			*slot = position;
		}
		Declarations::<T>::insert(city, &resident, DeclaredCategories { categories, positions });
		Self::deposit_event(Event::CategoriesDeclared { city, resident, categories });
		Ok(())
	}

	pub(crate) fn do_withdraw(resident: T::AccountId, city: CityId) -> DispatchResult {
		let declared = Declarations::<T>::take(city, &resident).ok_or(Error::<T>::NotDeclared)?;
		let now = frame_system::Pallet::<T>::block_number();
		for (position, stratum) in
			declared.positions.into_iter().zip(Stratum::of(&declared.categories))
		{
			StratumPool::<T>::mutate((city, stratum, position), |entry| {
				if let Some(entry) = entry {
					entry.withdrawn_at = Some(now);
				}
			});
			StratumSize::<T>::mutate(city, stratum, |n| *n = n.saturating_sub(1));
		}
		Self::deposit_event(Event::CategoriesWithdrawn { city, resident });
		Ok(())
	}
}
