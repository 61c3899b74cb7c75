//! Residents' consents to service providers.

use crate::*;
use frame_support::{ensure, traits::Get};
use sp_core::H256;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_grant_consent(
		city: CityId,
		subject: T::AccountId,
		provider: T::AccountId,
		pointer: H256,
	) -> DispatchResult {
		ensure!(Self::is_resident(city, &subject), Error::<T>::NotResident);
		ensure!(provider != subject, Error::<T>::ConsentToSelf);
		let key = (city, subject.clone(), provider.clone());
		if !Consents::<T>::contains_key(&key) {
			let granted = ConsentCount::<T>::get(city, &subject);
			ensure!(granted < T::MaxConsents::get(), Error::<T>::TooManyConsents);
			ConsentCount::<T>::insert(city, &subject, granted.saturating_add(1));
		}
		let granted_at = frame_system::Pallet::<T>::block_number();
		Consents::<T>::insert(&key, Consent { pointer, granted_at });
		Self::deposit_event(Event::ConsentGranted { city, subject, provider, pointer });
		Ok(())
	}

	pub(crate) fn do_revoke_consent(
		city: CityId,
		subject: T::AccountId,
		provider: T::AccountId,
	) -> DispatchResult {
		Consents::<T>::take((city, subject.clone(), provider.clone()))
			.ok_or(Error::<T>::NoConsent)?;
		ConsentCount::<T>::mutate_exists(city, &subject, |count| {
			*count = count.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
		Self::deposit_event(Event::ConsentRevoked { city, subject, provider });
		Ok(())
	}
}
