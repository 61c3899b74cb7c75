//! Transfers of title: the owner's offer, the buyer's acceptance, the
//! consents of blocking encumbrances' holders, and the Registrar's record.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Fails if an active lien or mortgage on the title is not among
	/// `consents`. Returns how many encumbrances (of any kind and state) the
	/// title has.
	pub(crate) fn ensure_unblocked(
		title: TitleId,
		consents: &[EncumbranceId],
	) -> Result<u32, Error<T>> {
		let mut seen: u32 = 0;
		for (id, e) in Encumbrances::<T>::iter_prefix(title) {
			seen = seen.saturating_add(1);
			let blocking =
				e.registered_at.is_some() && e.kind.blocks_transfer() && !consents.contains(&id);
			ensure!(!blocking, Error::<T>::BlockedByEncumbrance);
		}
		Ok(seen)
	}

	pub(crate) fn do_offer(
		title: TitleId,
		seller: T::AccountId,
		buyer: T::AccountId,
		deed: DocumentHash,
	) -> DispatchResult {
		Self::owned_title(title, &seller)?;
		ensure!(buyer != seller, Error::<T>::OwnAsset);
		ensure!(!Offers::<T>::contains_key(title), Error::<T>::OfferOpen);
		Offers::<T>::insert(
			title,
			TransferOffer {
				seller: seller.clone(),
				buyer: buyer.clone(),
				deed,
				offered_at: Self::now(),
				accepted: false,
				consents: Default::default(),
			},
		);
		Self::deposit_event(Event::TransferOffered { title, seller, buyer, deed });
		Ok(())
	}

	pub(crate) fn do_withdraw_offer(title: TitleId, seller: T::AccountId) -> DispatchResult {
		Self::owned_title(title, &seller)?;
		ensure!(Offers::<T>::take(title).is_some(), Error::<T>::NoOffer);
		Self::deposit_event(Event::OfferWithdrawn { title });
		Ok(())
	}

	pub(crate) fn do_accept(title: TitleId, buyer: T::AccountId) -> DispatchResult {
		Self::active_title(title)?;
		Offers::<T>::try_mutate(title, |offer| {
			let offer = offer.as_mut().ok_or(Error::<T>::NoOffer)?;
			ensure!(offer.buyer == buyer, Error::<T>::NotBuyer);
			ensure!(!offer.accepted, Error::<T>::AlreadyAccepted);
			offer.accepted = true;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::TransferAccepted { title, buyer });
		Ok(())
	}

	pub(crate) fn do_consent(
		title: TitleId,
		encumbrance: EncumbranceId,
		holder: T::AccountId,
	) -> DispatchResult {
		Self::active_title(title)?;
		let record =
			Encumbrances::<T>::get(title, encumbrance).ok_or(Error::<T>::UnknownEncumbrance)?;
		ensure!(record.holder == holder, Error::<T>::NotHolder);
		ensure!(
			record.registered_at.is_some() && record.kind.blocks_transfer(),
			Error::<T>::ConsentNotNeeded
		);
		Offers::<T>::try_mutate(title, |offer| {
			let offer = offer.as_mut().ok_or(Error::<T>::NoOffer)?;
			ensure!(!offer.consents.contains(&encumbrance), Error::<T>::AlreadyConsented);
			offer.consents.try_push(encumbrance).map_err(|_| Error::<T>::TooManyEncumbrances)
		})?;
		Self::deposit_event(Event::TransferConsented { title, encumbrance, holder });
		Ok(())
	}

	/// Records an accepted transfer. Returns the weight it actually used
	/// when that is less than the declared worst case: a title with no
	/// encumbrance, under no Harberger policy and with no Harberger account
	/// left from a lifted policy (whose deposit the transfer refunds) costs
	/// [`WeightInfo::record_transfer_unburdened`]; otherwise `None` (the
	/// declared [`WeightInfo::record_transfer`] stands).
	pub(crate) fn do_record_transfer(title: TitleId) -> Result<Option<Weight>, DispatchError> {
		let record = Self::active_title(title)?;
		let offer = Offers::<T>::get(title).ok_or(Error::<T>::NoOffer)?;
		ensure!(offer.accepted, Error::<T>::NotAccepted);
		let encumbrances = Self::ensure_unblocked(title, &offer.consents)?;
		let unburdened = encumbrances == 0
			&& Self::policy_of(&record).is_none()
			&& !HarbergerAccounts::<T>::contains_key(title);
		Self::ensure_not_in_arrears(title, &record)?;
		let record = Self::settle(title, record)?;
		Self::change_owner(title, record, offer.buyer, Acquisition::Transfer { deed: offer.deed })?;
		Ok(unburdened.then(T::WeightInfo::record_transfer_unburdened))
	}
}
