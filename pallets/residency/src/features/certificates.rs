//! Issuing, renewing, revoking, moving and cleaning up certificates, and the
//! badges that mirror them.

use crate::*;
use civitas_primitives::CitizenBadges;
use frame_support::{ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, Saturating},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// The keyless account that owns every badge collection.
	pub fn badge_owner() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The expiry block and commitment of a new or renewed certificate are
	/// acceptable at block `now`.
	fn check_terms(
		now: BlockNumberFor<T>,
		commitment: Option<&Commitment>,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(expires_at > now, Error::<T>::ExpiryInPast);
		ensure!(
			expires_at.saturating_sub(now) <= T::MaxValidity::get(),
			Error::<T>::ValidityTooLong
		);
		ensure!(commitment.is_none_or(|c| !c.is_zero()), Error::<T>::EmptyCommitment);
		Ok(())
	}

	/// The subject's latest certificate in `city`, if it is still valid.
	fn valid_certificate(
		city: CityId,
		subject: &T::AccountId,
	) -> Result<(CertificateId, CertificateOf<T>), DispatchError> {
		let id = CurrentCertificate::<T>::get(city, subject).ok_or(Error::<T>::NotResident)?;
		let certificate = Certificates::<T>::get(id).ok_or(Error::<T>::UnknownCertificate)?;
		ensure!(certificate.status == CertificateStatus::Active, Error::<T>::CertificateNotActive);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < certificate.expires_at, Error::<T>::CertificateExpired);
		Ok((id, certificate))
	}

	/// The city's badge collection, created on first use.
	fn badge_collection(city: CityId) -> Result<BadgeCollectionId, DispatchError> {
		if let Some(collection) = BadgeCollections::<T>::get(city) {
			return Ok(collection);
		}
		let collection = T::Badges::create_collection(city, &Self::badge_owner())
			.map_err(|_| Error::<T>::BadgeFailed)?;
		BadgeCollections::<T>::insert(city, collection);
		Self::deposit_event(Event::BadgeCollectionCreated { city, collection });
		Ok(collection)
	}

	/// Issues a certificate (after a move, naming the one it replaces) and
	/// mints its badge.
	pub(crate) fn do_issue(
		city: CityId,
		subject: T::AccountId,
		kind: CertificateKind,
		commitment: Commitment,
		expires_at: BlockNumberFor<T>,
		moved_from: Option<CertificateId>,
	) -> Result<CertificateId, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		Self::check_terms(now, Some(&commitment), expires_at)?;
		let lapsed = match CurrentCertificate::<T>::get(city, &subject) {
			Some(id) => {
				let current = Certificates::<T>::get(id).ok_or(Error::<T>::UnknownCertificate)?;
				ensure!(!current.is_valid_at(&now), Error::<T>::AlreadyResident);
				(current.status == CertificateStatus::Active).then_some((id, current))
			}
			None => None,
		};
		let id = NextCertificateId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::CertificateIdsExhausted)?;

		if let Some((old, certificate)) = lapsed {
			Self::close_lapsed(old, certificate, now)?;
		}
		let collection = Self::badge_collection(city)?;
		T::Badges::mint(collection, id, &subject).map_err(|_| Error::<T>::BadgeFailed)?;

		NextCertificateId::<T>::put(next);
		Certificates::<T>::insert(
			id,
			Certificate {
				subject: subject.clone(),
				city,
				kind,
				commitment,
				issued_at: now,
				expires_at,
				status: CertificateStatus::Active,
				moved_from,
			},
		);
		CurrentCertificate::<T>::insert(city, &subject, id);
		ActiveCertificates::<T>::mutate(city, |n| n.saturating_inc());
		// The roll is never longer than the certificates ever issued, whose
		// ids were checked above.
		let position = RollLength::<T>::get(city);
		Roll::<T>::insert(city, position, id);
		RollLength::<T>::insert(city, position.saturating_add(1));
		Self::deposit_event(Event::CertificateIssued {
			certificate: id,
			city,
			subject,
			kind,
			expires_at,
			moved_from,
		});
		Ok(id)
	}

	/// Ends an active certificate with `status`: burns its badge and takes it
	/// off the city's count. The caller emits the event that says why.
	fn close(
		id: CertificateId,
		mut certificate: CertificateOf<T>,
		status: CertificateStatus<BlockNumberFor<T>>,
	) -> DispatchResult {
		if let Some(collection) = BadgeCollections::<T>::get(certificate.city) {
			T::Badges::burn(collection, id).map_err(|_| Error::<T>::BadgeFailed)?;
		}
		certificate.status = status;
		ActiveCertificates::<T>::mutate(certificate.city, |n| n.saturating_dec());
		Certificates::<T>::insert(id, certificate);
		Ok(())
	}

	/// Closes a lapsed certificate as expired at block `now`.
	fn close_lapsed(
		id: CertificateId,
		certificate: CertificateOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let (city, subject) = (certificate.city, certificate.subject.clone());
		Self::close(id, certificate, CertificateStatus::Expired { at: now })?;
		Self::deposit_event(Event::CertificateExpired { certificate: id, city, subject });
		Ok(())
	}

	pub(crate) fn do_renew(
		city: CityId,
		subject: T::AccountId,
		expires_at: BlockNumberFor<T>,
		commitment: Option<Commitment>,
	) -> DispatchResult {
		let (id, mut certificate) = Self::valid_certificate(city, &subject)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::check_terms(now, commitment.as_ref(), expires_at)?;
		ensure!(expires_at > certificate.expires_at, Error::<T>::ExpiryNotLater);
		certificate.expires_at = expires_at;
		if let Some(commitment) = commitment {
			certificate.commitment = commitment;
		}
		Certificates::<T>::insert(id, certificate);
		Self::deposit_event(Event::CertificateRenewed {
			certificate: id,
			city,
			subject,
			expires_at,
			commitment_changed: commitment.is_some(),
		});
		Ok(())
	}

	pub(crate) fn do_revoke(
		city: CityId,
		subject: T::AccountId,
		reason: RevocationReason,
	) -> DispatchResult {
		let (id, certificate) = Self::valid_certificate(city, &subject)?;
		let at = frame_system::Pallet::<T>::block_number();
		Self::close(id, certificate, CertificateStatus::Revoked { reason, at })?;
		Self::deposit_event(Event::CertificateRevoked { certificate: id, city, subject, reason });
		Ok(())
	}

	pub(crate) fn do_move(
		subject: T::AccountId,
		from_city: CityId,
		to_city: CityId,
		kind: CertificateKind,
		commitment: Commitment,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(from_city != to_city, Error::<T>::SameCity);
		let (old, certificate) = Self::valid_certificate(from_city, &subject)?;
		let new =
			Self::do_issue(to_city, subject.clone(), kind, commitment, expires_at, Some(old))?;
		let at = frame_system::Pallet::<T>::block_number();
		Self::close(old, certificate, CertificateStatus::Moved { to: new, at })?;
		Self::deposit_event(Event::CertificateMoved {
			certificate: old,
			city: from_city,
			subject,
			to_city,
			moved_to: new,
		});
		Ok(())
	}

	pub(crate) fn do_expire(id: CertificateId) -> DispatchResult {
		let certificate = Certificates::<T>::get(id).ok_or(Error::<T>::UnknownCertificate)?;
		ensure!(certificate.status == CertificateStatus::Active, Error::<T>::CertificateNotActive);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= certificate.expires_at, Error::<T>::NotYetExpired);
		Self::close_lapsed(id, certificate, now)
	}
}
