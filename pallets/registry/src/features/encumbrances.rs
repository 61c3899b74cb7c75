//! Encumbrances: a creditor's request, the Registrar's registration, the
//! holder's release.

use crate::*;
use frame_support::{pallet_prelude::*, traits::Get};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_request_encumbrance(
		title: TitleId,
		holder: T::AccountId,
		kind: EncumbranceKind,
		amount: Credits,
		document: DocumentHash,
	) -> DispatchResult {
		let record = Self::active_title(title)?;
		ensure!(record.owner != holder, Error::<T>::OwnEncumbrance);
		ensure!(!kind.blocks_transfer() || amount > 0, Error::<T>::ZeroAmount);
		let count = EncumbranceCount::<T>::get(title);
		ensure!(count < T::MaxEncumbrances::get(), Error::<T>::TooManyEncumbrances);
		let id = NextEncumbranceId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;

		NextEncumbranceId::<T>::put(next);
		EncumbranceCount::<T>::insert(title, count.saturating_add(1));
		Encumbrances::<T>::insert(
			title,
			id,
			Encumbrance {
				kind,
				holder: holder.clone(),
				amount,
				document,
				requested_at: Self::now(),
				registered_at: None,
			},
		);
		Self::deposit_event(Event::EncumbranceRequested {
			title,
			encumbrance: id,
			kind,
			holder,
			amount,
		});
		Ok(())
	}

	pub(crate) fn do_register_encumbrance(
		title: TitleId,
		encumbrance: EncumbranceId,
	) -> DispatchResult {
		Self::active_title(title)?;
		Encumbrances::<T>::try_mutate(title, encumbrance, |e| {
			let e = e.as_mut().ok_or(Error::<T>::UnknownEncumbrance)?;
			ensure!(e.registered_at.is_none(), Error::<T>::AlreadyRegistered);
			e.registered_at = Some(Self::now());
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::EncumbranceRegistered { title, encumbrance });
		Ok(())
	}

	pub(crate) fn do_release_encumbrance(
		title: TitleId,
		encumbrance: EncumbranceId,
		holder: T::AccountId,
	) -> DispatchResult {
		Self::active_title(title)?;
		let record =
			Encumbrances::<T>::get(title, encumbrance).ok_or(Error::<T>::UnknownEncumbrance)?;
		ensure!(record.holder == holder, Error::<T>::NotHolder);
		Encumbrances::<T>::remove(title, encumbrance);
		EncumbranceCount::<T>::mutate(title, |n| *n = n.saturating_sub(1));
		Offers::<T>::mutate(title, |offer| {
			if let Some(offer) = offer {
				offer.consents.retain(|c| *c != encumbrance);
			}
		});
		Self::deposit_event(Event::EncumbranceReleased { title, encumbrance });
		Ok(())
	}
}
