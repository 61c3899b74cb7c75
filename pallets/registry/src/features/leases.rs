//! Leases: granted by the owner, surviving transfers, ending at their term.

use crate::*;
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_grant_lease(
		title: TitleId,
		owner: T::AccountId,
		lessee: T::AccountId,
		term: frame_system::pallet_prelude::BlockNumberFor<T>,
		rent_reference: DocumentHash,
	) -> DispatchResult {
		Self::owned_title(title, &owner)?;
		ensure!(lessee != owner, Error::<T>::LeaseToSelf);
		ensure!(!term.is_zero(), Error::<T>::ZeroTerm);
		ensure!(term <= T::MaxLeaseTerm::get(), Error::<T>::LeaseTooLong);
		let count = LeaseCount::<T>::get(title);
		ensure!(count < T::MaxLeases::get(), Error::<T>::TooManyLeases);
		let now = Self::now();
		let ends_at = now.checked_add(&term).ok_or(Error::<T>::Overflow)?;
		let id = NextLeaseId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;

		NextLeaseId::<T>::put(next);
		LeaseCount::<T>::insert(title, count.saturating_add(1));
		Leases::<T>::insert(
			title,
			id,
			Lease {
				lessee: lessee.clone(),
				granted_by: owner,
				starts_at: now,
				ends_at,
				rent_reference,
			},
		);
		LeasesByLessee::<T>::insert(&lessee, (title, id), ());
		Self::deposit_event(Event::LeaseGranted { title, lease: id, lessee, ends_at });
		Ok(())
	}

	fn remove_lease(title: TitleId, id: LeaseId, lease: &LeaseOf<T>) {
		Leases::<T>::remove(title, id);
		LeaseCount::<T>::mutate(title, |n| *n = n.saturating_sub(1));
		LeasesByLessee::<T>::remove(&lease.lessee, (title, id));
	}

	pub(crate) fn do_surrender_lease(
		title: TitleId,
		id: LeaseId,
		lessee: T::AccountId,
	) -> DispatchResult {
		let lease = Leases::<T>::get(title, id).ok_or(Error::<T>::UnknownLease)?;
		ensure!(lease.lessee == lessee, Error::<T>::NotLessee);
		Self::remove_lease(title, id, &lease);
		Self::deposit_event(Event::LeaseSurrendered { title, lease: id });
		Ok(())
	}

	pub(crate) fn do_end_lease(title: TitleId, id: LeaseId) -> DispatchResult {
		let lease = Leases::<T>::get(title, id).ok_or(Error::<T>::UnknownLease)?;
		ensure!(Self::now() >= lease.ends_at, Error::<T>::LeaseNotEnded);
		Self::remove_lease(title, id, &lease);
		Self::deposit_event(Event::LeaseEnded { title, lease: id });
		Ok(())
	}
}
