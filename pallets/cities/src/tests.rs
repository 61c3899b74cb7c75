//! Unit tests of pallet-cities: every call's happy path and its refusals.

use crate::{
	mock::*, CityId, CityOfValidator, CityRole, CityStatus, CityValidators, Error, Event,
	NextCityId, ValidatorSetChanged,
};
use civitas_primitives::{CityOffices, OfficeError};
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::{traits::AccountIdConversion, DispatchError};

const TALLINN: CityId = 0;
const TARTU: CityId = 1;

fn signed(who: u128) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Cities(e) => Some(e),
			_ => None,
		})
		.expect("a cities event was deposited")
}

fn status(city: CityId) -> Option<CityStatus> {
	Cities::city_status(city)
}

fn admit(name: &[u8], admin: u128) -> CityId {
	assert_ok!(Cities::admit_city(root(), name.to_vec(), admin));
	NextCityId::<Test>::get() - 1
}

fn check_invariants() {
	assert_ok!(Cities::do_try_state());
}

#[test]
fn genesis_founds_active_cities_with_council_and_validators() {
	new_test_ext().execute_with(|| {
		assert_eq!(status(TALLINN), Some(CityStatus::Active));
		assert_eq!(status(TARTU), Some(CityStatus::Active));
		assert_eq!(NextCityId::<Test>::get(), 2);
		assert_eq!(TestCouncil::members(), vec![10, 20]);
		assert_eq!(Cities::active_validators(), vec![100, 200]);
		let tallinn = crate::Cities::<Test>::get(TALLINN).expect("founded");
		assert_eq!(tallinn.name.to_vec(), b"Tallinn".to_vec());
		let treasury: u128 = CitiesPalletId::get().into_sub_account_truncating(TALLINN);
		assert_eq!(tallinn.treasury, treasury);
		assert_ne!(Cities::treasury_account(TALLINN), Cities::treasury_account(TARTU));
		assert!(Cities::holds_office(TALLINN, CityRole::Treasurer, &11));
		check_invariants();
	});
}

// ---- admission ----

#[test]
fn council_admits_a_city_which_joins_the_council() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::admit_city(root(), b"Narva".to_vec(), 30));
		let treasury: u128 = CitiesPalletId::get().into_sub_account_truncating(2u32);
		assert_eq!(
			last_event(),
			Event::CityAdmitted {
				city: 2,
				name: b"Narva".to_vec().try_into().expect("short"),
				admin: 30,
				treasury
			}
		);
		assert_eq!(status(2), Some(CityStatus::Active));
		assert_eq!(Cities::city_admin(2), Some(30));
		assert_eq!(TestCouncil::members(), vec![10, 20, 30]);
		check_invariants();
	});
}

#[test]
fn only_the_federation_admits_cities() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Cities::admit_city(signed(10), b"Narva".to_vec(), 30),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Cities::admit_city(RuntimeOrigin::none(), b"Narva".to_vec(), 30),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn admission_refuses_bad_names_and_duplicate_cities() {
	new_test_ext().execute_with(|| {
		assert_noop!(Cities::admit_city(root(), vec![], 30), Error::<Test>::EmptyName);
		assert_noop!(Cities::admit_city(root(), vec![b'x'; 17], 30), Error::<Test>::NameTooLong);
		assert_noop!(
			Cities::admit_city(root(), b"Tartu".to_vec(), 30),
			Error::<Test>::DuplicateName
		);
		assert_noop!(
			Cities::admit_city(root(), b"Narva".to_vec(), 10),
			Error::<Test>::AdminAlreadyServes
		);
		// Sixteen bytes is the limit, not over it.
		assert_ok!(Cities::admit_city(root(), vec![b'x'; 16], 30));
	});
}

#[test]
fn admission_stops_at_max_cities() {
	new_test_ext().execute_with(|| {
		admit(b"Narva", 30);
		admit(b"Parnu", 40);
		assert_noop!(
			Cities::admit_city(root(), b"Viljandi".to_vec(), 50),
			Error::<Test>::TooManyCities
		);
	});
}

// ---- suspension and reinstatement ----

#[test]
fn suspension_takes_the_city_off_the_council_and_the_next_validator_set() {
	new_test_ext().execute_with(|| {
		Cities::new_session(1);
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		assert_eq!(last_event(), Event::CitySuspended { city: TALLINN });
		assert_eq!(status(TALLINN), Some(CityStatus::Suspended));
		assert_eq!(TestCouncil::members(), vec![20]);
		assert_eq!(Cities::new_session(2), Some(vec![200]));
		assert_eq!(
			Cities::ensure_signed_by(RuntimeOrigin::signed(11), TALLINN, CityRole::Treasurer),
			Err(OfficeError::CityNotActive)
		);
		assert_eq!(
			Cities::ensure_signed_by_admin(RuntimeOrigin::signed(10), TALLINN),
			Err(OfficeError::CityNotActive)
		);
		check_invariants();
	});
}

#[test]
fn suspension_refusals() {
	new_test_ext().execute_with(|| {
		assert_noop!(Cities::suspend_city(signed(20), TALLINN), DispatchError::BadOrigin);
		assert_noop!(Cities::suspend_city(root(), 7), Error::<Test>::UnknownCity);
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		assert_noop!(Cities::suspend_city(root(), TALLINN), Error::<Test>::CityNotActive);
		assert_noop!(Cities::suspend_city(root(), TARTU), Error::<Test>::LastActiveCity);
	});
}

#[test]
fn a_suspension_that_would_empty_the_validator_set_is_refused() {
	new_test_ext().execute_with(|| {
		let narva = admit(b"Narva", 30);
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		// Narva has no validators: suspending Tartu would leave none.
		assert_noop!(Cities::suspend_city(root(), TARTU), Error::<Test>::TooFewValidators);
		assert_ok!(Cities::suspend_city(root(), narva));
		assert_eq!(Cities::active_validators(), vec![200]);
	});
}

#[test]
fn reinstatement_restores_council_seat_officials_and_validators() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		Cities::new_session(1);
		assert_ok!(Cities::reinstate_city(root(), TALLINN));
		assert_eq!(last_event(), Event::CityReinstated { city: TALLINN });
		assert_eq!(TestCouncil::members(), vec![10, 20]);
		assert_eq!(Cities::new_session(2), Some(vec![200, 100]));
		assert_eq!(
			Cities::ensure_signed_by(RuntimeOrigin::signed(11), TALLINN, CityRole::Treasurer),
			Ok(11)
		);
		check_invariants();
	});
}

#[test]
fn reinstatement_refusals() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		assert_noop!(Cities::reinstate_city(signed(20), TALLINN), DispatchError::BadOrigin);
		assert_noop!(Cities::reinstate_city(root(), 7), Error::<Test>::UnknownCity);
		assert_noop!(Cities::reinstate_city(root(), TARTU), Error::<Test>::CityNotSuspended);
		// A full federation has no seat for a returning city.
		admit(b"Narva", 30);
		admit(b"Parnu", 40);
		admit(b"Viljandi", 50);
		assert_noop!(Cities::reinstate_city(root(), TALLINN), Error::<Test>::TooManyCities);
	});
}

// ---- leaving ----

#[test]
fn a_city_leaves_for_good_and_frees_its_name_admin_and_validators() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::appoint(signed(20), TARTU, CityRole::Registrar, 21));
		assert_ok!(Cities::leave_federation(signed(20), TARTU));
		assert_eq!(last_event(), Event::CityLeft { city: TARTU });
		assert_eq!(status(TARTU), Some(CityStatus::Left));
		assert_eq!(TestCouncil::members(), vec![10]);
		assert!(!Cities::holds_office(TARTU, CityRole::Registrar, &21));
		assert!(CityValidators::<Test>::get(TARTU).is_empty());
		assert_eq!(CityOfValidator::<Test>::get(200), None);
		check_invariants();
		// The record stays; the name, the admin and the validator are free again.
		assert_eq!(Cities::city_admin(TARTU), Some(20));
		let again = admit(b"Tartu", 20);
		assert_eq!(again, 2);
		assert_ok!(Cities::register_validator(signed(20), again, 200));
	});
}

#[test]
fn leaving_refusals() {
	new_test_ext().execute_with(|| {
		assert_noop!(Cities::leave_federation(signed(10), TARTU), Error::<Test>::NotCityAdmin);
		assert_noop!(Cities::leave_federation(root(), TARTU), DispatchError::BadOrigin);
		assert_noop!(Cities::leave_federation(signed(20), 7), Error::<Test>::UnknownCity);
		assert_ok!(Cities::leave_federation(signed(20), TARTU));
		assert_noop!(Cities::leave_federation(signed(20), TARTU), Error::<Test>::CityHasLeft);
		assert_noop!(Cities::leave_federation(signed(10), TALLINN), Error::<Test>::LastActiveCity);
	});
}

#[test]
fn a_suspended_city_may_leave() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::suspend_city(root(), TARTU));
		assert_ok!(Cities::leave_federation(signed(20), TARTU));
		assert_eq!(status(TARTU), Some(CityStatus::Left));
		assert_noop!(Cities::reinstate_city(root(), TARTU), Error::<Test>::CityNotSuspended);
		check_invariants();
	});
}

// ---- admin ----

#[test]
fn the_admin_hands_over_and_the_council_follows() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::set_admin(signed(10), TALLINN, 12));
		assert_eq!(last_event(), Event::AdminChanged { city: TALLINN, old: 10, new: 12 });
		assert_eq!(TestCouncil::members(), vec![12, 20]);
		assert_noop!(
			Cities::appoint(signed(10), TALLINN, CityRole::Auditor, 13),
			Error::<Test>::NotCityAdmin
		);
		assert_ok!(Cities::appoint(signed(12), TALLINN, CityRole::Auditor, 13));
		// The council may replace an admin whose keys are lost.
		assert_ok!(Cities::set_admin(root(), TALLINN, 14));
		assert_eq!(TestCouncil::members(), vec![14, 20]);
		check_invariants();
	});
}

#[test]
fn admin_change_refusals() {
	new_test_ext().execute_with(|| {
		assert_noop!(Cities::set_admin(signed(20), TALLINN, 12), Error::<Test>::NotCityAdmin);
		assert_noop!(Cities::set_admin(signed(10), TALLINN, 20), Error::<Test>::AdminAlreadyServes);
		assert_noop!(Cities::set_admin(root(), 7, 12), Error::<Test>::UnknownCity);
		assert_noop!(
			Cities::set_admin(RuntimeOrigin::none(), TALLINN, 12),
			DispatchError::BadOrigin
		);
		assert_ok!(Cities::leave_federation(signed(20), TARTU));
		assert_noop!(Cities::set_admin(signed(20), TARTU, 21), Error::<Test>::CityHasLeft);
	});
}

// ---- offices ----

#[test]
fn the_admin_appoints_and_dismisses_officials_of_its_own_city() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::appoint(signed(10), TALLINN, CityRole::Registrar, 12));
		assert_eq!(
			last_event(),
			Event::OfficialAppointed { city: TALLINN, role: CityRole::Registrar, who: 12 }
		);
		assert_eq!(
			Cities::ensure_signed_by(RuntimeOrigin::signed(12), TALLINN, CityRole::Registrar),
			Ok(12)
		);
		// Not for another city, not for another office.
		assert_eq!(
			Cities::ensure_signed_by(RuntimeOrigin::signed(12), TARTU, CityRole::Registrar),
			Err(OfficeError::NotAnOfficial)
		);
		assert_eq!(
			Cities::ensure_signed_by(RuntimeOrigin::signed(12), TALLINN, CityRole::Treasurer),
			Err(OfficeError::NotAnOfficial)
		);
		assert_ok!(Cities::dismiss(signed(10), TALLINN, CityRole::Registrar, 12));
		assert_eq!(
			last_event(),
			Event::OfficialDismissed { city: TALLINN, role: CityRole::Registrar, who: 12 }
		);
		assert_eq!(
			Cities::ensure_signed_by(RuntimeOrigin::signed(12), TALLINN, CityRole::Registrar),
			Err(OfficeError::NotAnOfficial)
		);
	});
}

#[test]
fn office_refusals() {
	new_test_ext().execute_with(|| {
		// Another city's admin, a mere official, root: none appoints for Tallinn.
		assert_noop!(
			Cities::appoint(signed(20), TALLINN, CityRole::Registrar, 12),
			Error::<Test>::NotCityAdmin
		);
		assert_noop!(
			Cities::appoint(signed(11), TALLINN, CityRole::Registrar, 12),
			Error::<Test>::NotCityAdmin
		);
		assert_noop!(
			Cities::appoint(root(), TALLINN, CityRole::Registrar, 12),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Cities::appoint(signed(10), 7, CityRole::Registrar, 12),
			Error::<Test>::UnknownCity
		);
		assert_noop!(
			Cities::appoint(signed(10), TALLINN, CityRole::Treasurer, 11),
			Error::<Test>::AlreadyHoldsOffice
		);
		assert_ok!(Cities::appoint(signed(10), TALLINN, CityRole::Treasurer, 12));
		assert_noop!(
			Cities::appoint(signed(10), TALLINN, CityRole::Treasurer, 13),
			Error::<Test>::TooManyOfficials
		);
		assert_noop!(
			Cities::dismiss(signed(10), TALLINN, CityRole::Auditor, 11),
			Error::<Test>::NotAnOfficial
		);
		assert_noop!(
			Cities::dismiss(signed(20), TALLINN, CityRole::Treasurer, 11),
			Error::<Test>::NotCityAdmin
		);
	});
}

#[test]
fn a_suspended_city_may_dismiss_but_not_appoint() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		assert_noop!(
			Cities::appoint(signed(10), TALLINN, CityRole::Registrar, 12),
			Error::<Test>::CityNotActive
		);
		assert_ok!(Cities::dismiss(signed(10), TALLINN, CityRole::Treasurer, 11));
		assert!(!Cities::holds_office(TALLINN, CityRole::Treasurer, &11));
	});
}

// ---- validators ----

#[test]
fn a_city_registers_a_validator_with_session_keys() {
	new_test_ext().execute_with(|| {
		Cities::new_session(1);
		assert_ok!(Cities::register_validator(signed(10), TALLINN, 101));
		assert_eq!(last_event(), Event::ValidatorRegistered { city: TALLINN, validator: 101 });
		assert_eq!(CityOfValidator::<Test>::get(101), Some(TALLINN));
		assert_eq!(Cities::new_session(2), Some(vec![100, 101, 200]));
		assert_eq!(last_event(), Event::ValidatorSetPlanned { session: 2, validators: 3 });
		check_invariants();
	});
}

#[test]
fn validator_registration_refusals() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Cities::register_validator(signed(10), TALLINN, 300),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			Cities::register_validator(signed(10), TALLINN, 200),
			Error::<Test>::ValidatorAlreadyRegistered
		);
		assert_noop!(
			Cities::register_validator(signed(10), TALLINN, 100),
			Error::<Test>::ValidatorAlreadyRegistered
		);
		assert_noop!(
			Cities::register_validator(signed(20), TALLINN, 101),
			Error::<Test>::NotCityAdmin
		);
		assert_noop!(Cities::register_validator(root(), TALLINN, 101), DispatchError::BadOrigin);
		assert_ok!(Cities::register_validator(signed(10), TALLINN, 101));
		assert_noop!(
			Cities::register_validator(signed(10), TALLINN, 102),
			Error::<Test>::TooManyValidators
		);
		assert_ok!(Cities::suspend_city(root(), TARTU));
		assert_noop!(
			Cities::register_validator(signed(20), TARTU, 201),
			Error::<Test>::CityNotActive
		);
	});
}

#[test]
fn deregistration_keeps_enough_validators() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Cities::deregister_validator(signed(10), TALLINN, 200),
			Error::<Test>::NotCityValidator
		);
		assert_noop!(
			Cities::deregister_validator(signed(20), TALLINN, 100),
			Error::<Test>::NotCityAdmin
		);
		Cities::new_session(1);
		assert_ok!(Cities::deregister_validator(signed(10), TALLINN, 100));
		assert_eq!(last_event(), Event::ValidatorDeregistered { city: TALLINN, validator: 100 });
		assert_eq!(Cities::new_session(2), Some(vec![200]));
		assert_noop!(
			Cities::deregister_validator(signed(20), TARTU, 200),
			Error::<Test>::TooFewValidators
		);
		check_invariants();
	});
}

#[test]
fn a_suspended_city_may_deregister_without_the_minimum_check() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::suspend_city(root(), TALLINN));
		assert_ok!(Cities::deregister_validator(signed(10), TALLINN, 100));
		assert_eq!(Cities::active_validators(), vec![200]);
	});
}

// ---- the session manager ----

#[test]
fn the_validator_set_changes_only_when_a_city_changes_it() {
	new_test_ext().execute_with(|| {
		// Genesis always plans the set.
		assert_eq!(Cities::new_session_genesis(0), Some(vec![100, 200]));
		assert_eq!(Cities::new_session(1), None);
		// Appointing an official is no validator change.
		assert_ok!(Cities::appoint(signed(10), TALLINN, CityRole::Auditor, 13));
		assert_eq!(Cities::new_session(2), None);
		// A city without validators joining is none either.
		admit(b"Narva", 30);
		assert_eq!(Cities::new_session(3), None);
	});
}

#[test]
fn validators_without_session_keys_are_left_out_and_an_empty_set_is_never_planned() {
	new_test_ext().execute_with(|| {
		assert_ok!(Cities::register_validator(signed(10), TALLINN, 101));
		TestSessionKeys::purge(100);
		assert_eq!(Cities::new_session(1), Some(vec![101, 200]));
		// Everybody purges their keys: the current set stays.
		assert_ok!(Cities::deregister_validator(signed(10), TALLINN, 101));
		TestSessionKeys::purge(200);
		assert_eq!(Cities::new_session(2), None);
		assert_eq!(last_event(), Event::ValidatorSetKept { session: 2, validators_with_keys: 0 });
		assert!(ValidatorSetChanged::<Test>::get());
		// Keys come back: the pending change goes through.
		TestSessionKeys::set(200);
		assert_eq!(Cities::new_session(3), Some(vec![200]));
	});
}

// ---- runtime upgrades ----

#[test]
fn a_two_thirds_motion_authorises_a_runtime_upgrade() {
	new_test_ext().execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(7);
		assert_noop!(Cities::authorize_upgrade(signed(10), code_hash), DispatchError::BadOrigin);
		assert_noop!(Cities::authorize_upgrade(root(), code_hash), DispatchError::BadOrigin);
		assert_ok!(Cities::authorize_upgrade(signed(TWO_THIRDS), code_hash));
		assert_eq!(last_event(), Event::RuntimeUpgradeAuthorized { code_hash });
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
				code_hash,
				check_version: true
			})));
	});
}

// ---- genesis ----

#[test]
#[should_panic(expected = "genesis city \"Tartu\" refused")]
fn a_genesis_with_a_duplicate_city_does_not_start() {
	use sp_runtime::BuildStorage;
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		cities: crate::GenesisConfig {
			cities: vec![("Tartu".into(), 10, vec![]), ("Tartu".into(), 20, vec![])],
			officials: vec![],
		},
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "genesis official 11 (Treasurer of city 5) refused")]
fn a_genesis_official_of_an_unknown_city_does_not_start() {
	use sp_runtime::BuildStorage;
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		cities: crate::GenesisConfig {
			cities: vec![("Tartu".into(), 10, vec![])],
			officials: vec![(5, CityRole::Treasurer, 11)],
		},
	}
	.build_storage();
}
