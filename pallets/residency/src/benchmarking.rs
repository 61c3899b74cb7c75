//! Benchmarks of pallet-residency, each at its worst case: issuing over a
//! lapsed certificate (cleaned up, badge burnt, then a new badge minted),
//! moving into a city where the subject's old certificate lapsed, granting
//! the last consent a resident may give.

use super::*;
use crate::Pallet as Residency;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::{pallet_prelude::BlockNumberFor, Pallet as System, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::Saturating;

fn commitment(n: u8) -> Commitment {
	H256::repeat_byte(n)
}

fn now<T: Config>() -> BlockNumberFor<T> {
	System::<T>::block_number()
}

/// A city with its Registrar.
fn city<T: Config>(i: u32) -> Result<(CityId, T::AccountId), BenchmarkError> {
	let registrar: T::AccountId = account("registrar", i, 0);
	let id = T::BenchmarkHelper::city(&registrar)?;
	Ok((id, registrar))
}

/// Issues `subject` a certificate of `city` valid for `validity` blocks.
fn resident<T: Config>(
	city: CityId,
	subject: &T::AccountId,
	validity: u32,
) -> Result<CertificateId, BenchmarkError> {
	let expires_at = now::<T>().saturating_add(validity.into());
	Ok(Residency::<T>::do_issue(
		city,
		subject.clone(),
		CertificateKind::Resident,
		commitment(1),
		expires_at,
		None,
	)?)
}

/// Moves past every certificate issued for `validity` blocks.
fn lapse<T: Config>(validity: u32) {
	System::<T>::set_block_number(now::<T>().saturating_add(validity.into()));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn issue() -> Result<(), BenchmarkError> {
		let (city, registrar) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		let old = resident::<T>(city, &subject, 1)?;
		lapse::<T>(1);
		let expires_at = now::<T>().saturating_add(T::MaxValidity::get());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(registrar),
			city,
			subject.clone(),
			CertificateKind::Resident,
			commitment(2),
			expires_at,
		);

		assert!(Residency::<T>::is_resident(city, &subject));
		assert!(matches!(
			Certificates::<T>::get(old).map(|c| c.status),
			Some(CertificateStatus::Expired { .. })
		));
		Ok(())
	}

	/// The city's first certificate: its badge collection is created.
	#[benchmark]
	fn issue_first_in_city() -> Result<(), BenchmarkError> {
		let (city, registrar) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		let expires_at = now::<T>().saturating_add(T::MaxValidity::get());
		assert!(BadgeCollections::<T>::get(city).is_none());

		#[extrinsic_call]
		issue(
			RawOrigin::Signed(registrar),
			city,
			subject.clone(),
			CertificateKind::Resident,
			commitment(2),
			expires_at,
		);

		assert!(Residency::<T>::is_resident(city, &subject));
		assert!(BadgeCollections::<T>::get(city).is_some());
		Ok(())
	}

	/// The common issue, which `issue` refunds down to: a subject with no
	/// certificate in a city that already has its badge collection.
	#[benchmark]
	fn issue_new_subject() -> Result<(), BenchmarkError> {
		let (city, registrar) = city::<T>(0)?;
		resident::<T>(city, &account("neighbour", 0, 0), 1)?;
		let subject: T::AccountId = account("subject", 0, 0);
		let expires_at = now::<T>().saturating_add(T::MaxValidity::get());

		#[extrinsic_call]
		issue(
			RawOrigin::Signed(registrar),
			city,
			subject.clone(),
			CertificateKind::Resident,
			commitment(2),
			expires_at,
		);

		assert!(Residency::<T>::is_resident(city, &subject));
		Ok(())
	}

	#[benchmark]
	fn renew() -> Result<(), BenchmarkError> {
		let (city, registrar) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		// Valid for a few blocks: the benchmark runner may move to block 1.
		let id = resident::<T>(city, &subject, 10)?;
		let expires_at = now::<T>().saturating_add(T::MaxValidity::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), city, subject, expires_at, Some(commitment(3)));

		assert_eq!(Certificates::<T>::get(id).map(|c| c.commitment), Some(commitment(3)));
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let (city, registrar) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		resident::<T>(city, &subject, 10)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), city, subject.clone(), RevocationReason::LeftTheCity);

		assert!(!Residency::<T>::is_resident(city, &subject));
		Ok(())
	}

	#[benchmark]
	fn move_residency() -> Result<(), BenchmarkError> {
		let (from, _) = city::<T>(0)?;
		let (to, registrar) = city::<T>(1)?;
		let subject: T::AccountId = account("subject", 0, 0);
		// A certificate of the new city that lapsed, and a valid one of the old.
		resident::<T>(to, &subject, 1)?;
		lapse::<T>(1);
		let old = resident::<T>(from, &subject, 10)?;
		let expires_at = now::<T>().saturating_add(T::MaxValidity::get());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(registrar),
			subject.clone(),
			from,
			to,
			CertificateKind::Resident,
			commitment(4),
			expires_at,
		);

		assert!(Residency::<T>::is_resident(to, &subject));
		assert!(matches!(
			Certificates::<T>::get(old).map(|c| c.status),
			Some(CertificateStatus::Moved { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn expire() -> Result<(), BenchmarkError> {
		let (city, _) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		let id = resident::<T>(city, &subject, 1)?;
		lapse::<T>(1);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(matches!(
			Certificates::<T>::get(id).map(|c| c.status),
			Some(CertificateStatus::Expired { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn grant_consent() -> Result<(), BenchmarkError> {
		let (city, _) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		resident::<T>(city, &subject, 10)?;
		for i in 1..T::MaxConsents::get() {
			let provider: T::AccountId = account("provider", i, 0);
			Residency::<T>::do_grant_consent(
				city,
				subject.clone(),
				provider,
				H256::repeat_byte(1),
			)?;
		}
		let provider: T::AccountId = account("provider", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(subject.clone()), city, provider.clone(), H256::repeat_byte(2));

		assert_eq!(
			Residency::<T>::provider_access(city, &subject, &provider),
			Some(H256::repeat_byte(2))
		);
		assert_eq!(ConsentCount::<T>::get(city, &subject), T::MaxConsents::get());
		Ok(())
	}

	#[benchmark]
	fn revoke_consent() -> Result<(), BenchmarkError> {
		let (city, _) = city::<T>(0)?;
		let subject: T::AccountId = account("subject", 0, 0);
		resident::<T>(city, &subject, 10)?;
		let provider: T::AccountId = account("provider", 0, 0);
		Residency::<T>::do_grant_consent(
			city,
			subject.clone(),
			provider.clone(),
			H256::repeat_byte(1),
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(subject.clone()), city, provider.clone());

		assert_eq!(Residency::<T>::provider_access(city, &subject, &provider), None);
		Ok(())
	}

	impl_benchmark_test_suite!(Residency, crate::mock::new_test_ext(), crate::mock::Test);
}
