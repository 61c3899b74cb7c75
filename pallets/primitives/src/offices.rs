//! Cities and their offices, as every city pallet sees them.
//!
//! A city takes part in the federation while its [`CityStatus`] is
//! [`CityStatus::Active`]. Its admin account (the city's own council or
//! multisig) appoints officials to a [`CityRole`]; an official acts for that
//! one city only. A pallet that lets the Treasurer of a city record a receipt
//! asks [`CityOffices::ensure_signed_by`]:
//!
//! ```ignore
//! let treasurer = T::Offices::ensure_signed_by(origin, city, CityRole::Treasurer)
//!     .map_err(|e| e.into_error(Error::<T>::NotTreasurer))?;
//! ```
//!
//! The answer is an [`OfficeError`] that [`OfficeError::into_error`] turns
//! into the calling pallet's own named errors (the pallet implements
//! [`OfficeErrors`] for its `Error`), so a resident reading a failed
//! extrinsic sees which check failed: the origin is not signed, the city is
//! unknown, the city is not active, the caller does not hold the office.

use crate::CityId;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_system::RawOrigin;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::DispatchError;

/// An office a city admin appoints accounts to.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum CityRole {
	/// Records receipts and approves the city's payments.
	Treasurer,
	/// Keeps the city's registers: residency certificates, property titles.
	Registrar,
	/// Runs the city's public tenders.
	ProcurementOfficer,
	/// Reviews the city's books and may flag payments.
	Auditor,
}

impl CityRole {
	/// Every office, in declaration order.
	pub const ALL: [CityRole; 4] =
		[CityRole::Treasurer, CityRole::Registrar, CityRole::ProcurementOfficer, CityRole::Auditor];
}

/// Where a city stands in the federation.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum CityStatus {
	/// Takes part: its admin sits on the federation council, its validators
	/// author blocks, its officials act.
	Active,
	/// Suspended by the council: off the council, its validators leave at the
	/// next session, its officials cannot act. The council may reinstate it.
	Suspended,
	/// Left the federation for good. Its record stays for the audit trail.
	Left,
}

/// Why an office check failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OfficeError {
	/// The origin is not a signed account.
	BadOrigin,
	/// No city has this id.
	UnknownCity,
	/// The city exists but is suspended or has left.
	CityNotActive,
	/// The account is not the city's admin.
	NotCityAdmin,
	/// The account does not hold this office in this city.
	NotAnOfficial,
}

impl OfficeError {
	/// This failure as the calling pallet's error: an origin that is not
	/// signed stays [`DispatchError::BadOrigin`], an unknown or inactive city
	/// becomes the pallet's own error for it ([`OfficeErrors`]), and a caller
	/// without the office (or not the admin) becomes `not_authorised`, the
	/// pallet's error for the office that was asked for.
	pub fn into_error<E: OfficeErrors>(self, not_authorised: E) -> DispatchError {
		match self {
			OfficeError::BadOrigin => DispatchError::BadOrigin,
			OfficeError::UnknownCity => E::unknown_city().into(),
			OfficeError::CityNotActive => E::city_not_active().into(),
			OfficeError::NotCityAdmin | OfficeError::NotAnOfficial => not_authorised.into(),
		}
	}
}

/// A pallet's own errors for the city of a failed office check; every city
/// pallet implements it for its `Error`, and [`OfficeError::into_error`]
/// uses it.
pub trait OfficeErrors: Into<DispatchError> {
	/// No city has this id.
	fn unknown_city() -> Self;
	/// The city exists but is suspended or has left.
	fn city_not_active() -> Self;
}

/// Cities and their offices, as pallet-cities keeps them.
///
/// The four required functions read state; the provided ones are the checks
/// every city pallet makes at the top of a call.
pub trait CityOffices<AccountId: PartialEq> {
	/// The city's status, or `None` for an unknown city.
	fn city_status(city: CityId) -> Option<CityStatus>;

	/// The city's admin account (its council or multisig).
	fn city_admin(city: CityId) -> Option<AccountId>;

	/// The city's treasury account, derived from the pallet id and city id.
	fn treasury_account(city: CityId) -> Option<AccountId>;

	/// Whether `who` holds `role` in `city`, whatever the city's status.
	fn holds_office(city: CityId, role: CityRole, who: &AccountId) -> bool;

	/// The city exists and is active.
	fn ensure_active(city: CityId) -> Result<(), OfficeError> {
		match Self::city_status(city) {
			None => Err(OfficeError::UnknownCity),
			Some(CityStatus::Active) => Ok(()),
			Some(_) => Err(OfficeError::CityNotActive),
		}
	}

	/// `who` holds `role` in `city`, and the city is active.
	fn ensure_official(city: CityId, role: CityRole, who: &AccountId) -> Result<(), OfficeError> {
		Self::ensure_active(city)?;
		if Self::holds_office(city, role, who) {
			Ok(())
		} else {
			Err(OfficeError::NotAnOfficial)
		}
	}

	/// `who` is the admin of `city`, and the city is active.
	fn ensure_admin(city: CityId, who: &AccountId) -> Result<(), OfficeError> {
		Self::ensure_active(city)?;
		if Self::city_admin(city).as_ref() == Some(who) {
			Ok(())
		} else {
			Err(OfficeError::NotCityAdmin)
		}
	}

	/// The origin is signed by an account holding `role` in the active `city`;
	/// returns that account.
	fn ensure_signed_by<O>(
		origin: O,
		city: CityId,
		role: CityRole,
	) -> Result<AccountId, OfficeError>
	where
		O: Into<Result<RawOrigin<AccountId>, O>>,
	{
		let who = signer(origin)?;
		Self::ensure_official(city, role, &who)?;
		Ok(who)
	}

	/// The origin is signed by the admin of the active `city`; returns it.
	fn ensure_signed_by_admin<O>(origin: O, city: CityId) -> Result<AccountId, OfficeError>
	where
		O: Into<Result<RawOrigin<AccountId>, O>>,
	{
		let who = signer(origin)?;
		Self::ensure_admin(city, &who)?;
		Ok(who)
	}
}

fn signer<O, AccountId>(origin: O) -> Result<AccountId, OfficeError>
where
	O: Into<Result<RawOrigin<AccountId>, O>>,
{
	match origin.into() {
		Ok(RawOrigin::Signed(who)) => Ok(who),
		_ => Err(OfficeError::BadOrigin),
	}
}

/// An in-memory [`CityOffices`] for the unit tests of pallets that check
/// offices, so they need not build pallet-cities.
#[cfg(feature = "std")]
pub mod testing {
	use super::*;
	use std::{cell::RefCell, collections::BTreeMap};

	#[derive(Default)]
	struct State {
		cities: BTreeMap<CityId, (CityStatus, u64, u64)>,
		offices: Vec<(CityId, CityRole, u64)>,
	}

	thread_local! {
		static STATE: RefCell<State> = RefCell::new(State::default());
	}

	/// Cities and offices held in a thread-local, for `u64` accounts.
	pub struct TestOffices;

	impl TestOffices {
		/// Adds (or replaces) `city` with its admin and treasury accounts.
		pub fn add_city(city: CityId, admin: u64, treasury: u64) {
			STATE.with(|s| {
				s.borrow_mut().cities.insert(city, (CityStatus::Active, admin, treasury));
			});
		}

		/// Sets the status of a known city.
		pub fn set_status(city: CityId, status: CityStatus) {
			STATE.with(|s| {
				if let Some(entry) = s.borrow_mut().cities.get_mut(&city) {
					entry.0 = status;
				}
			});
		}

		/// Appoints `who` to `role` in `city`.
		pub fn appoint(city: CityId, role: CityRole, who: u64) {
			STATE.with(|s| s.borrow_mut().offices.push((city, role, who)));
		}

		/// Dismisses `who` from `role` in `city`.
		pub fn dismiss(city: CityId, role: CityRole, who: u64) {
			STATE.with(|s| s.borrow_mut().offices.retain(|o| *o != (city, role, who)));
		}

		/// Forgets every city and office.
		pub fn reset() {
			STATE.with(|s| *s.borrow_mut() = State::default());
		}
	}

	impl CityOffices<u64> for TestOffices {
		fn city_status(city: CityId) -> Option<CityStatus> {
			STATE.with(|s| s.borrow().cities.get(&city).map(|c| c.0))
		}
		fn city_admin(city: CityId) -> Option<u64> {
			STATE.with(|s| s.borrow().cities.get(&city).map(|c| c.1))
		}
		fn treasury_account(city: CityId) -> Option<u64> {
			STATE.with(|s| s.borrow().cities.get(&city).map(|c| c.2))
		}
		fn holds_office(city: CityId, role: CityRole, who: &u64) -> bool {
			STATE.with(|s| s.borrow().offices.contains(&(city, role, *who)))
		}
	}
}

#[cfg(test)]
mod tests {
	use super::{testing::TestOffices, *};

	/// A pallet's errors, as the city pallets declare theirs.
	#[derive(Debug, PartialEq)]
	enum PalletError {
		UnknownCity,
		CityNotActive,
		NotRegistrar,
	}

	impl From<PalletError> for DispatchError {
		fn from(e: PalletError) -> Self {
			DispatchError::Other(match e {
				PalletError::UnknownCity => "UnknownCity",
				PalletError::CityNotActive => "CityNotActive",
				PalletError::NotRegistrar => "NotRegistrar",
			})
		}
	}

	impl OfficeErrors for PalletError {
		fn unknown_city() -> Self {
			PalletError::UnknownCity
		}
		fn city_not_active() -> Self {
			PalletError::CityNotActive
		}
	}

	#[test]
	fn each_office_error_becomes_the_pallets_own() {
		let not_authorised = || PalletError::NotRegistrar;
		assert_eq!(OfficeError::BadOrigin.into_error(not_authorised()), DispatchError::BadOrigin);
		assert_eq!(
			OfficeError::UnknownCity.into_error(not_authorised()),
			PalletError::UnknownCity.into()
		);
		assert_eq!(
			OfficeError::CityNotActive.into_error(not_authorised()),
			PalletError::CityNotActive.into()
		);
		assert_eq!(
			OfficeError::NotAnOfficial.into_error(not_authorised()),
			PalletError::NotRegistrar.into()
		);
		assert_eq!(
			OfficeError::NotCityAdmin.into_error(not_authorised()),
			PalletError::NotRegistrar.into()
		);
	}

	/// A stand-in for a runtime origin: converts into the system origin as
	/// `RuntimeOrigin` does.
	struct Origin(RawOrigin<u64>);

	impl Origin {
		#[allow(non_snake_case)]
		fn Signed(who: u64) -> Self {
			Origin(RawOrigin::Signed(who))
		}
		const ROOT: Self = Origin(RawOrigin::Root);
		const NONE: Self = Origin(RawOrigin::None);
	}

	impl From<Origin> for Result<RawOrigin<u64>, Origin> {
		fn from(o: Origin) -> Self {
			Ok(o.0)
		}
	}

	fn setup() {
		TestOffices::reset();
		TestOffices::add_city(1, 100, 1000);
		TestOffices::add_city(2, 200, 2000);
		TestOffices::appoint(1, CityRole::Registrar, 11);
		TestOffices::appoint(2, CityRole::Treasurer, 22);
	}

	#[test]
	fn official_of_the_city_passes_and_is_returned() {
		setup();
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::Signed(11), 1, CityRole::Registrar),
			Ok(11)
		);
		assert_eq!(TestOffices::ensure_signed_by_admin(Origin::Signed(100), 1), Ok(100));
	}

	#[test]
	fn officials_cannot_act_for_another_city_or_another_office() {
		setup();
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::Signed(11), 2, CityRole::Registrar),
			Err(OfficeError::NotAnOfficial)
		);
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::Signed(11), 1, CityRole::Treasurer),
			Err(OfficeError::NotAnOfficial)
		);
		assert_eq!(
			TestOffices::ensure_signed_by_admin(Origin::Signed(200), 1),
			Err(OfficeError::NotCityAdmin)
		);
	}

	#[test]
	fn unsigned_root_and_unknown_city_are_refused() {
		setup();
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::ROOT, 1, CityRole::Registrar),
			Err(OfficeError::BadOrigin)
		);
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::NONE, 1, CityRole::Registrar),
			Err(OfficeError::BadOrigin)
		);
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::Signed(11), 9, CityRole::Registrar),
			Err(OfficeError::UnknownCity)
		);
	}

	#[test]
	fn officials_of_a_suspended_or_departed_city_cannot_act() {
		setup();
		for status in [CityStatus::Suspended, CityStatus::Left] {
			TestOffices::set_status(1, status);
			assert_eq!(
				TestOffices::ensure_signed_by(Origin::Signed(11), 1, CityRole::Registrar),
				Err(OfficeError::CityNotActive)
			);
			assert_eq!(
				TestOffices::ensure_signed_by_admin(Origin::Signed(100), 1),
				Err(OfficeError::CityNotActive)
			);
		}
	}

	#[test]
	fn dismissed_official_cannot_act() {
		setup();
		TestOffices::dismiss(1, CityRole::Registrar, 11);
		assert_eq!(
			TestOffices::ensure_signed_by(Origin::Signed(11), 1, CityRole::Registrar),
			Err(OfficeError::NotAnOfficial)
		);
	}
}
