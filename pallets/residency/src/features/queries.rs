//! What anyone may read: residency at the current block, certificates,
//! counts and providers' access. The runtime API serves these.

use crate::*;
use civitas_primitives::Residents;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// `who` holds an active certificate of `city` that has not expired at
	/// the current block.
	pub fn is_resident(city: CityId, who: &T::AccountId) -> bool {
		Self::certificate_of(city, who).is_some_and(|view| view.valid)
	}

	/// The latest certificate of `who` in `city`, valid or not.
	pub fn certificate_of(
		city: CityId,
		who: &T::AccountId,
	) -> Option<CertificateView<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>> {
		let id = CurrentCertificate::<T>::get(city, who)?;
		Self::certificate_by_id(id)
	}

	/// A certificate by its id.
	pub fn certificate_by_id(
		id: CertificateId,
	) -> Option<CertificateView<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>> {
		let certificate = Certificates::<T>::get(id)?;
		let now = frame_system::Pallet::<T>::block_number();
		Some(CertificateView { id, valid: certificate.is_valid_at(&now), certificate })
	}

	/// How many residents `city` has at the current block: certificates
	/// active and not expired. Reads every certificate of the city, so it is
	/// for the runtime API (off chain), not for calls.
	pub fn active_residents(city: CityId) -> u32 {
		let now = frame_system::Pallet::<T>::block_number();
		let valid = CurrentCertificate::<T>::iter_prefix_values(city)
			.filter_map(Certificates::<T>::get)
			.filter(|certificate| certificate.is_valid_at(&now))
			.count();
		u32::try_from(valid).unwrap_or(u32::MAX)
	}

	/// The record pointer `subject` granted `provider` in `city`, if the
	/// grant stands and `subject` is a resident.
	pub fn provider_access(
		city: CityId,
		subject: &T::AccountId,
		provider: &T::AccountId,
	) -> Option<H256> {
		if !Self::is_resident(city, subject) {
			return None;
		}
		Consents::<T>::get((city, subject, provider)).map(|consent| consent.pointer)
	}
}

impl<T: Config> Residents<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn is_resident(city: CityId, who: &T::AccountId) -> bool {
		Pallet::<T>::is_resident(city, who)
	}

	fn certificate_of(city: CityId, who: &T::AccountId) -> Option<CertificateId> {
		Pallet::<T>::certificate_of(city, who).filter(|view| view.valid).map(|view| view.id)
	}

	fn resident_count(city: CityId) -> u32 {
		ActiveCertificates::<T>::get(city)
	}

	fn roll_len(city: CityId) -> u32 {
		RollLength::<T>::get(city)
	}

	fn roll_entry(city: CityId, index: u32) -> Option<CertificateId> {
		Roll::<T>::get(city, index)
	}

	fn holder_at(certificate: CertificateId, at: BlockNumberFor<T>) -> Option<T::AccountId> {
		let certificate = Certificates::<T>::get(certificate)?;
		let ended_after = match certificate.status {
			CertificateStatus::Active | CertificateStatus::Expired { .. } => true,
			CertificateStatus::Revoked { at: ended, .. }
			| CertificateStatus::Moved { at: ended, .. } => ended > at,
		};
		(certificate.issued_at <= at && at < certificate.expires_at && ended_after)
			.then_some(certificate.subject)
	}
}
