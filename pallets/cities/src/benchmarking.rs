//! Benchmarks of pallet-cities, each at its worst case: a full federation of
//! `MaxCities`, full validator lists, full offices.
//!
//! The chain a benchmark runs on may already hold cities (the dev genesis has
//! its founding cities), so the helpers fill the federation up to a size and
//! return the first city they admitted, which every benchmark then acts on.

use super::*;
use crate::Pallet as Cities;
use alloc::vec::Vec;
use civitas_primitives::CityOffices;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::StaticLookup;

fn admin<T: Config>(i: u32) -> T::AccountId {
	account("admin", i, 0)
}

fn lookup<T: Config>(who: &T::AccountId) -> AccountIdLookupOf<T> {
	T::Lookup::unlookup(who.clone())
}

fn name(i: u32) -> Vec<u8> {
	let mut name = b"city-".to_vec();
	name.extend_from_slice(&i.to_le_bytes());
	name
}

/// Admits cities until `n` are active (at least one), each with a full list
/// of validators that have session keys while the federation's cap allows,
/// so every minimum is met whichever city a benchmark removes. Returns the
/// first city admitted here.
fn federation<T: Config>(n: u32) -> Result<CityId, BenchmarkError> {
	let old = Cities::<T>::council();
	let first = NextCityId::<T>::get();
	let active = ActiveCities::<T>::decode_len().unwrap_or(0) as u32;
	for _ in 0..n.saturating_sub(active).max(1) {
		let i = NextCityId::<T>::get();
		let city = Cities::<T>::do_admit(name(i), admin::<T>(i))?;
		for v in 0..T::MaxValidatorsPerCity::get() {
			if Cities::<T>::active_validator_count() >= T::MaxValidators::get() {
				break;
			}
			let validator: T::AccountId = account("validator", i, v);
			T::BenchmarkHelper::register_session_keys(&validator);
			Cities::<T>::add_validator(city, validator)?;
		}
	}
	Cities::<T>::sync_council(&old);
	Ok(first)
}

/// The votes of two thirds of the member cities other than `city`, less
/// `short` of them, taken from the cities admitted after `city` (whose
/// admins the benchmarks know).
fn supporters<T: Config>(city: CityId, short: u32) -> BoundedVec<CityId, T::MaxCities> {
	let electorate = MemberCount::<T>::get().saturating_sub(1);
	let needed = (electorate.saturating_mul(2).saturating_add(2) / 3).saturating_sub(short);
	let ayes: Vec<CityId> =
		ActiveCities::<T>::get().into_iter().filter(|c| *c > city).take(needed as usize).collect();
	BoundedVec::truncate_from(ayes)
}

/// A proceeding to suspend `city`, opened by the first other active city,
/// with `ayes` as its votes; carried (effective now) if `carried`.
fn proceeding<T: Config>(
	city: CityId,
	ayes: BoundedVec<CityId, T::MaxCities>,
	carried: bool,
) -> Result<ProceedingId, BenchmarkError> {
	let opened_by = *ayes.first().ok_or(BenchmarkError::Weightless)?;
	let id = NextProceedingId::<T>::get();
	let now = frame_system::Pallet::<T>::block_number();
	Proceedings::<T>::insert(
		id,
		Proceeding {
			city,
			action: CityAction::Suspend,
			opened_by,
			opened_at: now,
			ayes,
			effective_at: carried.then_some(now),
			cancel_votes: BoundedVec::new(),
			response: None,
		},
	);
	ProceedingOpenedBy::<T>::insert(opened_by, id);
	NextProceedingId::<T>::put(id.saturating_add(1));
	Ok(id)
}

/// Fills every office of `city` but one seat of the Registrar's.
fn offices<T: Config>(city: CityId) -> Result<(), BenchmarkError> {
	for role in CityRole::ALL {
		let seats = T::MaxOfficialsPerRole::get();
		let seats = if role == CityRole::Registrar { seats.saturating_sub(1) } else { seats };
		for s in 0..seats {
			Cities::<T>::add_official(city, role, account("official", role as u32, s))?;
		}
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit_city() -> Result<(), BenchmarkError> {
		federation::<T>(T::MaxCities::get().saturating_sub(1))?;
		let origin =
			T::MotionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let n = NextCityId::<T>::get();
		let new_admin = admin::<T>(n);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, name(n), lookup::<T>(&new_admin));

		assert_eq!(Cities::<T>::city_status(n), Some(CityStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn reinstate_city() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		Cities::<T>::do_suspend(city)?;
		let origin =
			T::MotionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, city);

		assert_eq!(Cities::<T>::city_status(city), Some(CityStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn leave_federation() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		offices::<T>(city)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), city);

		assert_eq!(Cities::<T>::city_status(city), Some(CityStatus::Left));
		Ok(())
	}

	#[benchmark]
	fn set_admin() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let new_admin: T::AccountId = account("new-admin", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), city, lookup::<T>(&new_admin));

		assert_eq!(Cities::<T>::city_admin(city), Some(new_admin));
		Ok(())
	}

	#[benchmark]
	fn appoint() -> Result<(), BenchmarkError> {
		let city = federation::<T>(1)?;
		offices::<T>(city)?;
		// The worst case: an Auditor, checked against the offices it may
		// not hold as well.
		let last = T::MaxOfficialsPerRole::get().saturating_sub(1);
		let auditor = account("official", CityRole::Auditor as u32, last);
		Cities::<T>::remove_official(city, CityRole::Auditor, &auditor)?;
		let who: T::AccountId = account("appointee", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), city, CityRole::Auditor, lookup::<T>(&who));

		assert!(Cities::<T>::holds_office(city, CityRole::Auditor, &who));
		Ok(())
	}

	#[benchmark]
	fn dismiss() -> Result<(), BenchmarkError> {
		let city = federation::<T>(1)?;
		offices::<T>(city)?;
		let seats = T::MaxOfficialsPerRole::get();
		let last: T::AccountId =
			account("official", CityRole::Treasurer as u32, seats.saturating_sub(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), city, CityRole::Treasurer, lookup::<T>(&last));

		assert!(!Cities::<T>::holds_office(city, CityRole::Treasurer, &last));
		Ok(())
	}

	#[benchmark]
	fn invite_validator() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		for i in 0..T::MaxValidatorsPerCity::get().saturating_sub(1) {
			Cities::<T>::do_invite_validator(city, account("invited", i, 0))?;
		}
		let validator: T::AccountId = account("validator", 999, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), city, lookup::<T>(&validator));

		assert!(ValidatorInvitations::<T>::get(city).contains(&validator));
		Ok(())
	}

	#[benchmark]
	fn accept_validator() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let city_validators = CityValidators::<T>::get(city);
		let Some(first) = city_validators.first() else { return Err(BenchmarkError::Weightless) };
		Cities::<T>::remove_validator_of(city, first)?;
		for i in 0..T::MaxValidatorsPerCity::get().saturating_sub(1) {
			Cities::<T>::do_invite_validator(city, account("invited", i, 0))?;
		}
		let validator: T::AccountId = account("validator", 999, 0);
		Cities::<T>::do_invite_validator(city, validator.clone())?;
		T::BenchmarkHelper::register_session_keys(&validator);

		#[extrinsic_call]
		_(RawOrigin::Signed(validator.clone()), city);

		assert_eq!(CityOfValidator::<T>::get(&validator), Some(city));
		Ok(())
	}

	#[benchmark]
	fn deregister_validator() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let last: T::AccountId =
			account("validator", city, T::MaxValidatorsPerCity::get().saturating_sub(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), city, lookup::<T>(&last));

		assert_eq!(CityOfValidator::<T>::get(&last), None);
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let origin =
			T::FederationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let last: T::AccountId =
			account("validator", city, T::MaxValidatorsPerCity::get().saturating_sub(1));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, city, lookup::<T>(&last));

		assert_eq!(CityOfValidator::<T>::get(&last), None);
		Ok(())
	}

	#[benchmark]
	fn note_stalled() -> Result<(), BenchmarkError> {
		federation::<T>(T::MaxCities::get())?;
		let origin =
			T::MotionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let delay: BlockNumberFor<T> = 10u32.into();
		let best: BlockNumberFor<T> = 1u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, delay, best);

		Ok(())
	}

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		federation::<T>(T::MaxCities::get())?;
		let origin =
			T::MotionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code_hash = T::Hash::default();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);

		assert!(PendingUpgrade::<T>::exists());
		Ok(())
	}

	#[benchmark]
	fn cancel_upgrade() -> Result<(), BenchmarkError> {
		let origin =
			T::MotionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Cities::<T>::do_schedule_upgrade(T::Hash::default(), u32::MAX)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert!(!PendingUpgrade::<T>::exists());
		Ok(())
	}

	#[benchmark]
	fn release_upgrade() -> Result<(), BenchmarkError> {
		Cities::<T>::do_schedule_upgrade(T::Hash::default(), u32::MAX)?;
		let due = PendingUpgrade::<T>::get().ok_or(BenchmarkError::Weightless)?.enact_at;

		#[block]
		{
			Cities::<T>::release_due_upgrade(due);
		}

		assert!(frame_system::Pallet::<T>::authorized_upgrade().is_some());
		Ok(())
	}

	#[benchmark]
	fn open_proceeding() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let opener = *ActiveCities::<T>::get()
			.iter()
			.find(|c| **c > city)
			.ok_or(BenchmarkError::Weightless)?;
		let new_admin: T::AccountId = account("new-admin", 0, 0);
		let action = CityAction::ReplaceAdmin { new_admin: lookup::<T>(&new_admin) };

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(opener)), city, action);

		assert!(ProceedingOpenedBy::<T>::contains_key(opener));
		Ok(())
	}

	#[benchmark]
	fn vote_proceeding() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		// One vote short of two thirds: the benchmarked vote carries it.
		let ayes = supporters::<T>(city, 1);
		let voter = *ActiveCities::<T>::get()
			.iter()
			.find(|c| **c > city && !ayes.contains(c))
			.ok_or(BenchmarkError::Weightless)?;
		let id = proceeding::<T>(city, ayes, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(voter)), id, true);

		assert!(Proceedings::<T>::get(id).and_then(|p| p.effective_at).is_some());
		Ok(())
	}

	#[benchmark]
	fn respond_to_proceeding() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let id = proceeding::<T>(city, supporters::<T>(city, 0), true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(city)), id, T::Hash::default());

		assert!(Proceedings::<T>::get(id).and_then(|p| p.response).is_some());
		Ok(())
	}

	#[benchmark]
	fn enact_proceeding() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let id = proceeding::<T>(city, supporters::<T>(city, 0), true)?;
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert_eq!(Cities::<T>::city_status(city), Some(CityStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn withdraw_proceeding() -> Result<(), BenchmarkError> {
		let city = federation::<T>(T::MaxCities::get())?;
		let ayes = supporters::<T>(city, 1);
		let opener = *ayes.first().ok_or(BenchmarkError::Weightless)?;
		let id = proceeding::<T>(city, ayes, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin::<T>(opener)), id);

		assert!(!Proceedings::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(Cities, crate::mock::new_bench_ext(), crate::mock::Test);
}
