//! Unit tests of pallet-cities: every call's happy path and its refusals.

extern crate alloc;

use crate::{
	mock::*, CityAction, CityId, CityOfValidator, CityRole, CityStatus, CityValidators, Error,
	Event, NextCityId, NextProceedingId, PendingUpgrade, ProceedingId, Proceedings,
	ValidatorInvitations, ValidatorSetChanged,
};
use civitas_primitives::{CityOffices, OfficeError};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
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
	assert_ok!(Cities::admit_city(motion(u32::MAX), name.to_vec(), admin));
	NextCityId::<Test>::get() - 1
}

fn check_invariants() {
	assert_ok!(Cities::do_try_state());
}

/// The admins of the member cities other than `city`, in id order.
fn other_members(city: CityId) -> Vec<u128> {
	let mut members: Vec<(CityId, u128)> = crate::Cities::<Test>::iter()
		.filter(|(id, info)| *id != city && info.status != CityStatus::Left)
		.map(|(id, info)| (id, info.admin))
		.collect();
	members.sort();
	members.into_iter().map(|(_, admin)| admin).collect()
}

/// Opens a proceeding against `city` by the first other member and has the
/// others vote for it until it carries.
fn carry(city: CityId, action: CityAction<u128>) -> ProceedingId {
	carry_by(city, action, &other_members(city))
}

/// Opens a proceeding against `city` by the first of `voters` (admins), and
/// has the others vote for it until it carries.
fn carry_by(city: CityId, action: CityAction<u128>, voters: &[u128]) -> ProceedingId {
	assert_ok!(Cities::open_proceeding(signed(voters[0]), city, action));
	let id = NextProceedingId::<Test>::get() - 1;
	for voter in &voters[1..] {
		if carried(id) {
			break;
		}
		assert_ok!(Cities::vote_proceeding(signed(*voter), id, true));
	}
	assert!(carried(id), "the other members carry it");
	id
}

fn carried(id: ProceedingId) -> bool {
	Proceedings::<Test>::get(id).is_some_and(|p| p.effective_at.is_some())
}

fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Cities::on_initialize(next);
	}
}

/// Suspends `city` with due process: a carried proceeding, the notice, the
/// enactment. If the enactment fails, the members cancel the proceeding.
fn suspend(city: CityId) -> Result<(), DispatchError> {
	let id = carry(city, CityAction::Suspend);
	run_to(System::block_number() + NOTICE);
	let result = Cities::enact_proceeding(signed(1), id);
	if result.is_err() {
		for voter in other_members(city) {
			if Proceedings::<Test>::contains_key(id) {
				assert_ok!(Cities::vote_proceeding(signed(voter), id, false));
			}
		}
		assert!(!Proceedings::<Test>::contains_key(id));
	}
	result
}

/// Invites `validator` to `city` and has it accept.
fn register_validator(admin: u128, city: CityId, validator: u128) -> Result<(), DispatchError> {
	Cities::invite_validator(signed(admin), city, validator)?;
	Cities::accept_validator(signed(validator), city)
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
		assert_ok!(Cities::admit_city(motion(u32::MAX), b"Narva".to_vec(), 30));
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
		assert_noop!(Cities::admit_city(motion(u32::MAX), vec![], 30), Error::<Test>::EmptyName);
		assert_noop!(
			Cities::admit_city(motion(u32::MAX), vec![b'x'; 17], 30),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			Cities::admit_city(motion(u32::MAX), b"Tartu".to_vec(), 30),
			Error::<Test>::DuplicateName
		);
		assert_noop!(
			Cities::admit_city(motion(u32::MAX), b"Narva".to_vec(), 10),
			Error::<Test>::AdminAlreadyServes
		);
		// Sixteen bytes is the limit, not over it.
		assert_ok!(Cities::admit_city(motion(u32::MAX), vec![b'x'; 16], 30));
	});
}

#[test]
fn admission_stops_at_max_cities_counting_suspended_members() {
	new_test_ext().execute_with(|| {
		for i in 3..=10u128 {
			admit(alloc::format!("City{i}").as_bytes(), i * 10);
		}
		assert_ok!(suspend(TALLINN));
		// Tallinn keeps its membership, and with it a seat among `MaxCities`.
		assert_noop!(
			Cities::admit_city(motion(u32::MAX), b"Haapsalu".to_vec(), 110),
			Error::<Test>::TooManyCities
		);
		assert_ok!(Cities::reinstate_city(motion(u32::MAX), TALLINN));
		check_invariants();
	});
}

#[test]
fn suspension_takes_the_city_off_the_council_and_the_next_validator_set() {
	new_test_ext().execute_with(|| {
		Cities::new_session(1);
		assert_ok!(suspend(TALLINN));
		assert!(System::events()
			.iter()
			.any(|r| r.event == RuntimeEvent::Cities(Event::CitySuspended { city: TALLINN })));
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
		let open = |who, city| Cities::open_proceeding(signed(who), city, CityAction::Suspend);
		assert_noop!(open(20, 7), Error::<Test>::UnknownCity);
		assert_noop!(open(11, TALLINN), Error::<Test>::NotCityAdmin);
		assert_noop!(
			Cities::open_proceeding(root(), TALLINN, CityAction::Suspend),
			DispatchError::BadOrigin
		);
		assert_ok!(suspend(TALLINN));
		assert_noop!(open(20, TALLINN), Error::<Test>::CityNotActive);
		// Tallinn, suspended, is still a member: it may act against Tartu,
		// whose suspension would leave no active city.
		assert_eq!(suspend(TARTU), Err(Error::<Test>::LastActiveCity.into()));
		assert_eq!(status(TARTU), Some(CityStatus::Active));
	});
}

#[test]
fn a_suspension_that_would_empty_the_validator_set_is_refused() {
	new_test_ext().execute_with(|| {
		let narva = admit(b"Narva", 30);
		assert_ok!(suspend(TALLINN));
		// Narva has no validators: suspending Tartu would leave none.
		assert_eq!(suspend(TARTU), Err(Error::<Test>::TooFewValidators.into()));
		assert_ok!(suspend(narva));
		assert_eq!(Cities::active_validators(), vec![200]);
	});
}

#[test]
fn reinstatement_restores_council_seat_officials_and_validators() {
	new_test_ext().execute_with(|| {
		assert_ok!(suspend(TALLINN));
		Cities::new_session(1);
		assert_ok!(Cities::reinstate_city(motion(u32::MAX), TALLINN));
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
		assert_ok!(suspend(TALLINN));
		assert_noop!(Cities::reinstate_city(signed(20), TALLINN), DispatchError::BadOrigin);
		assert_noop!(Cities::reinstate_city(motion(u32::MAX), 7), Error::<Test>::UnknownCity);
		assert_noop!(
			Cities::reinstate_city(motion(u32::MAX), TARTU),
			Error::<Test>::CityNotSuspended
		);
		// Returning validators must fit the federation's cap.
		let narva = admit(b"Narva", 30);
		assert_ok!(register_validator(30, narva, 101));
		assert_ok!(register_validator(30, narva, 102));
		assert_ok!(register_validator(20, TARTU, 201));
		assert_eq!(Cities::active_validator_count(), 4);
		let parnu = admit(b"Parnu", 40);
		assert_ok!(register_validator(40, parnu, 103));
		// Tallinn's validator 100 would be the sixth.
		assert_noop!(
			Cities::reinstate_city(motion(u32::MAX), TALLINN),
			Error::<Test>::TooManyFederationValidators
		);
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
		assert_ok!(register_validator(20, again, 200));
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
		assert_ok!(suspend(TARTU));
		assert_ok!(Cities::leave_federation(signed(20), TARTU));
		assert_eq!(status(TARTU), Some(CityStatus::Left));
		assert_noop!(
			Cities::reinstate_city(motion(u32::MAX), TARTU),
			Error::<Test>::CityNotSuspended
		);
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
		// The federation replaces an admin (whose keys are lost) only by a
		// proceeding, after notice.
		let id = carry(TALLINN, CityAction::ReplaceAdmin { new_admin: 14 });
		// The sitting admin cannot block its replacement by making the
		// nominee Auditor, which an admin may not be: the nominee leaves
		// that seat when the proceeding is enacted.
		assert_ok!(Cities::appoint(signed(12), TALLINN, CityRole::Auditor, 14));
		run_to(System::block_number() + NOTICE);
		assert_ok!(Cities::enact_proceeding(signed(1), id));
		assert_eq!(TestCouncil::members(), vec![14, 20]);
		assert!(!Cities::holds_office(TALLINN, CityRole::Auditor, &14));
		assert!(Cities::holds_office(TALLINN, CityRole::Auditor, &13));
		check_invariants();
	});
}

#[test]
fn admin_change_refusals() {
	new_test_ext().execute_with(|| {
		assert_noop!(Cities::set_admin(signed(20), TALLINN, 12), Error::<Test>::NotCityAdmin);
		assert_noop!(Cities::set_admin(signed(10), TALLINN, 20), Error::<Test>::AdminAlreadyServes);
		assert_noop!(Cities::set_admin(signed(10), 7, 12), Error::<Test>::UnknownCity);
		// Not even root: the federation acts against a city only by proceeding.
		assert_noop!(Cities::set_admin(root(), TALLINN, 12), DispatchError::BadOrigin);
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
		// The Auditor holds no office it checks, nor the admin's seat.
		assert_ok!(Cities::appoint(signed(10), TALLINN, CityRole::Auditor, 14));
		for role in [CityRole::Treasurer, CityRole::ProcurementOfficer] {
			assert_noop!(
				Cities::appoint(signed(10), TALLINN, role, 14),
				Error::<Test>::IncompatibleOffices
			);
		}
		assert_noop!(
			Cities::appoint(signed(10), TALLINN, CityRole::Auditor, 11),
			Error::<Test>::IncompatibleOffices
		);
		assert_noop!(
			Cities::appoint(signed(10), TALLINN, CityRole::Auditor, 10),
			Error::<Test>::IncompatibleOffices
		);
		assert_noop!(
			Cities::set_admin(signed(10), TALLINN, 14),
			Error::<Test>::IncompatibleOffices
		);
		// A Registrar may also be a Treasurer or the Auditor.
		assert_ok!(Cities::appoint(signed(10), TALLINN, CityRole::Registrar, 14));
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
		assert_ok!(suspend(TALLINN));
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
		assert_ok!(register_validator(10, TALLINN, 101));
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
		assert_ok!(Cities::invite_validator(signed(10), TALLINN, 300));
		assert_noop!(Cities::accept_validator(signed(300), TALLINN), Error::<Test>::NoSessionKeys);
		assert_ok!(Cities::deregister_validator(signed(10), TALLINN, 300));
		assert_noop!(
			Cities::invite_validator(signed(10), TALLINN, 100),
			Error::<Test>::ValidatorAlreadyRegistered
		);
		assert_ok!(Cities::invite_validator(signed(10), TALLINN, 200));
		assert_noop!(
			Cities::invite_validator(signed(10), TALLINN, 200),
			Error::<Test>::AlreadyInvited
		);
		assert_noop!(
			Cities::accept_validator(signed(200), TALLINN),
			Error::<Test>::ValidatorAlreadyRegistered
		);
		assert_noop!(
			Cities::invite_validator(signed(20), TALLINN, 101),
			Error::<Test>::NotCityAdmin
		);
		assert_noop!(Cities::invite_validator(root(), TALLINN, 101), DispatchError::BadOrigin);
		assert_noop!(Cities::accept_validator(signed(101), TALLINN), Error::<Test>::NotInvited);
		assert_ok!(Cities::invite_validator(signed(10), TALLINN, 101));
		assert_noop!(
			Cities::invite_validator(signed(10), TALLINN, 102),
			Error::<Test>::TooManyInvitations
		);
		assert_ok!(Cities::accept_validator(signed(101), TALLINN));
		assert_ok!(Cities::invite_validator(signed(10), TALLINN, 102));
		assert_noop!(
			Cities::accept_validator(signed(102), TALLINN),
			Error::<Test>::TooManyValidators
		);
		assert_ok!(suspend(TARTU));
		assert_noop!(
			Cities::invite_validator(signed(20), TARTU, 201),
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
		assert_ok!(suspend(TALLINN));
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
		assert_ok!(register_validator(10, TALLINN, 101));
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
fn a_two_thirds_motion_schedules_an_upgrade_released_after_its_delay() {
	new_test_ext().execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(7);
		assert_noop!(Cities::authorize_upgrade(signed(10), code_hash), DispatchError::BadOrigin);
		assert_noop!(Cities::authorize_upgrade(root(), code_hash), DispatchError::BadOrigin);
		// Two member cities: one aye is half.
		assert_noop!(
			Cities::authorize_upgrade(motion(1), code_hash),
			Error::<Test>::InsufficientSupport
		);
		assert_ok!(Cities::authorize_upgrade(motion(2), code_hash));
		let enact_at = 1 + UPGRADE_DELAY;
		assert_eq!(last_event(), Event::RuntimeUpgradeScheduled { code_hash, enact_at, ayes: 2 });
		assert_noop!(
			Cities::authorize_upgrade(motion(2), code_hash),
			Error::<Test>::UpgradeAlreadyScheduled
		);
		// Visible, and not yet applicable.
		assert_eq!(PendingUpgrade::<Test>::get().map(|u| u.enact_at), Some(enact_at));
		run_to(enact_at - 1);
		assert!(frame_system::Pallet::<Test>::authorized_upgrade().is_none());
		run_to(enact_at);
		assert_eq!(last_event(), Event::RuntimeUpgradeAuthorized { code_hash });
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
				code_hash,
				check_version: true
			})));
		assert!(PendingUpgrade::<Test>::get().is_none());
	});
}

/// Review finding 7: on a chain without sudo nothing could call GRANDPA's
/// `note_stalled`.
#[test]
fn two_thirds_of_the_members_declare_finality_stalled() {
	new_test_ext().execute_with(|| {
		assert_noop!(Cities::note_stalled(signed(10), 5, 1), DispatchError::BadOrigin);
		assert_noop!(Cities::note_stalled(motion(1), 5, 1), Error::<Test>::InsufficientSupport);
		assert!(TestFinality::stalls().is_empty());
		assert_ok!(Cities::note_stalled(motion(2), 5, 1));
		assert_eq!(TestFinality::stalls(), vec![(5, 1)]);
		assert_eq!(last_event(), Event::FinalityStallNoted { delay: 5, best_finalized: 1 });
	});
}

#[test]
fn two_thirds_cancel_a_scheduled_upgrade_before_it_is_released() {
	new_test_ext().execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(7);
		assert_noop!(Cities::cancel_upgrade(motion(2)), Error::<Test>::NoScheduledUpgrade);
		assert_ok!(Cities::authorize_upgrade(motion(2), code_hash));
		assert_noop!(Cities::cancel_upgrade(motion(1)), Error::<Test>::InsufficientSupport);
		assert_ok!(Cities::cancel_upgrade(motion(2)));
		assert_eq!(last_event(), Event::RuntimeUpgradeCancelled { code_hash });
		run_to(1 + UPGRADE_DELAY);
		assert!(frame_system::Pallet::<Test>::authorized_upgrade().is_none());
	});
}

/// Review finding 2: the threshold was counted over the active cities, so
/// every suspension lowered it.
#[test]
fn suspended_members_still_count_towards_the_upgrade_threshold() {
	new_test_ext().execute_with(|| {
		let narva = admit(b"Narva", 30);
		admit(b"Parnu", 40);
		admit(b"Viljandi", 50);
		// Three of five cities (a majority) suspend the other two: three of
		// the four others are two thirds.
		assert_ok!(register_validator(30, narva, 101));
		for city in [TALLINN, TARTU] {
			let id = carry_by(city, CityAction::Suspend, &[30, 40, 50]);
			run_to(System::block_number() + NOTICE);
			assert_ok!(Cities::enact_proceeding(signed(1), id));
		}
		assert_eq!(TestCouncil::members(), vec![30, 40, 50]);
		// All of the remaining council is three of five members: not two thirds.
		assert_noop!(
			Cities::authorize_upgrade(motion(3), sp_core::H256::repeat_byte(1)),
			Error::<Test>::InsufficientSupport
		);
		assert_ok!(Cities::authorize_upgrade(motion(4), sp_core::H256::repeat_byte(1)));
	});
}

#[test]
#[should_panic(expected = "genesis city \"Tartu\" refused")]
fn a_genesis_with_a_duplicate_city_does_not_start() {
	use sp_runtime::BuildStorage;
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		cities: crate::GenesisConfig {
			cities: vec![("Tartu".into(), 10, vec![]), ("Tartu".into(), 20, vec![])],
			officials: vec![],
			notice_period: NOTICE,
			upgrade_delay: UPGRADE_DELAY,
			min_validators: 1,
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
			notice_period: NOTICE,
			upgrade_delay: UPGRADE_DELAY,
			min_validators: 1,
		},
	}
	.build_storage();
}

#[test]
#[should_panic(
	expected = "genesis needs at least min_validators (2, at least 1) validators, has 1"
)]
fn a_genesis_with_fewer_validators_than_its_minimum_does_not_start() {
	use sp_runtime::BuildStorage;
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		cities: crate::GenesisConfig {
			cities: vec![("Tartu".into(), 10, vec![100])],
			officials: vec![],
			notice_period: NOTICE,
			upgrade_delay: UPGRADE_DELAY,
			min_validators: 2,
		},
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "genesis periods must not be zero")]
fn a_genesis_without_a_notice_period_does_not_start() {
	use sp_runtime::BuildStorage;
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		cities: crate::GenesisConfig {
			cities: vec![("Tartu".into(), 10, vec![])],
			officials: vec![],
			notice_period: 0,
			upgrade_delay: UPGRADE_DELAY,
			min_validators: 1,
		},
	}
	.build_storage();
}

// ---- due process: proceedings against one city ----

mod due_process {
	use super::*;

	/// Nine member cities: Tallinn (admin 10), Tartu (20) and seven more
	/// with admins 30..=90, all without validators but the founders'.
	fn nine_cities() {
		for i in 3..=9u128 {
			let name = alloc::format!("City{i}");
			admit(name.as_bytes(), i * 10);
		}
		assert_eq!(crate::MemberCount::<Test>::get(), 9);
	}

	fn open(who: u128, city: CityId) -> ProceedingId {
		assert_ok!(Cities::open_proceeding(signed(who), city, CityAction::Suspend));
		NextProceedingId::<Test>::get() - 1
	}

	/// Review finding 1: a simple council majority suspended a city at once.
	#[test]
	fn a_majority_short_of_two_thirds_cannot_suspend_a_city() {
		new_test_ext().execute_with(|| {
			nine_cities();
			// Five of nine are a majority; of the eight others, five are not
			// two thirds.
			let id = open(30, TARTU);
			for who in [40, 50, 60, 70] {
				assert_ok!(Cities::vote_proceeding(signed(who), id, true));
			}
			assert!(!carried(id));
			run_to(100);
			assert_noop!(
				Cities::enact_proceeding(signed(1), id),
				Error::<Test>::ProceedingNotCarried
			);
			assert_eq!(status(TARTU), Some(CityStatus::Active));
			// A sixth carries it; the notice starts then.
			assert_ok!(Cities::vote_proceeding(signed(80), id, true));
			assert_eq!(
				last_event(),
				Event::ProceedingCarried { proceeding: id, effective_at: 100 + NOTICE }
			);
			check_invariants();
		});
	}

	/// Review finding 1: an action took effect the moment it passed.
	#[test]
	fn an_action_before_its_notice_is_refused_and_visible_meanwhile() {
		new_test_ext().execute_with(|| {
			let id = carry(TALLINN, CityAction::Suspend);
			let effective_at = 1 + NOTICE;
			let pending = Proceedings::<Test>::get(id).expect("pending");
			assert_eq!(pending.effective_at, Some(effective_at));
			assert_eq!(pending.city, TALLINN);
			run_to(effective_at - 1);
			assert_noop!(Cities::enact_proceeding(signed(1), id), Error::<Test>::NoticeNotElapsed);
			assert_eq!(status(TALLINN), Some(CityStatus::Active));
			run_to(effective_at);
			assert_ok!(Cities::enact_proceeding(signed(1), id));
			assert_eq!(last_event(), Event::ProceedingEnacted { proceeding: id });
			assert_eq!(status(TALLINN), Some(CityStatus::Suspended));
			assert!(!Proceedings::<Test>::contains_key(id));
			check_invariants();
		});
	}

	/// Review finding 1: the majority replaced a city's admin with its own.
	#[test]
	fn replacing_an_admin_needs_a_proceeding_and_the_city_may_answer() {
		new_test_ext().execute_with(|| {
			nine_cities();
			assert_noop!(Cities::set_admin(root(), TARTU, 99), DispatchError::BadOrigin);
			let action = CityAction::ReplaceAdmin { new_admin: 99 };
			assert_ok!(Cities::open_proceeding(signed(30), TARTU, action));
			let id = NextProceedingId::<Test>::get() - 1;
			let document = sp_core::H256::repeat_byte(5);
			assert_noop!(
				Cities::respond_to_proceeding(signed(30), id, document),
				Error::<Test>::NotCityAdmin
			);
			assert_ok!(Cities::respond_to_proceeding(signed(20), id, document));
			assert_eq!(last_event(), Event::ProceedingAnswered { proceeding: id, document });
			assert_eq!(Proceedings::<Test>::get(id).and_then(|p| p.response), Some(document));
			for who in [40, 50, 60, 70, 80] {
				assert_ok!(Cities::vote_proceeding(signed(who), id, true));
			}
			run_to(1 + NOTICE);
			assert_ok!(Cities::enact_proceeding(signed(1), id));
			assert_eq!(Cities::city_admin(TARTU), Some(99));
			check_invariants();
		});
	}

	/// Bad input: the affected city's seat does not count.
	#[test]
	fn the_affected_city_cannot_open_or_vote() {
		new_test_ext().execute_with(|| {
			nine_cities();
			assert_noop!(
				Cities::open_proceeding(signed(20), TARTU, CityAction::Suspend),
				Error::<Test>::AffectedCityCannotVote
			);
			let id = open(30, TARTU);
			assert_noop!(
				Cities::vote_proceeding(signed(20), id, true),
				Error::<Test>::AffectedCityCannotVote
			);
			// Five ayes of the eight others: not carried, however Tartu feels.
			for who in [40, 50, 60, 70] {
				assert_ok!(Cities::vote_proceeding(signed(who), id, true));
			}
			assert!(!carried(id));
			check_invariants();
		});
	}

	#[test]
	fn two_thirds_cancel_a_carried_proceeding_during_its_notice() {
		new_test_ext().execute_with(|| {
			nine_cities();
			let id = carry_by(TARTU, CityAction::Suspend, &[30, 40, 50, 60, 70, 80]);
			// The opener alone cannot withdraw what carried.
			assert_noop!(
				Cities::withdraw_proceeding(signed(30), id),
				Error::<Test>::ProceedingAlreadyCarried
			);
			// Cancel votes, from cities that voted for it or not.
			for who in [10, 90, 30, 40, 50] {
				assert_ok!(Cities::vote_proceeding(signed(who), id, false));
				assert!(Proceedings::<Test>::contains_key(id));
			}
			assert_ok!(Cities::vote_proceeding(signed(60), id, false));
			assert_eq!(last_event(), Event::ProceedingCancelled { proceeding: id });
			assert!(!Proceedings::<Test>::contains_key(id));
			run_to(1 + NOTICE);
			assert_noop!(Cities::enact_proceeding(signed(1), id), Error::<Test>::UnknownProceeding);
			assert_eq!(status(TARTU), Some(CityStatus::Active));
			check_invariants();
		});
	}

	#[test]
	fn the_support_must_still_hold_when_the_notice_ends() {
		new_test_ext().execute_with(|| {
			nine_cities();
			let id = carry_by(TARTU, CityAction::Suspend, &[30, 40, 50, 60, 70, 80]);
			// Two supporters leave: four of six others are still two thirds.
			assert_ok!(Cities::leave_federation(signed(70), 6));
			assert_ok!(Cities::leave_federation(signed(80), 7));
			// A third supporter leaving breaks it (three of five).
			assert_ok!(Cities::leave_federation(signed(60), 5));
			run_to(1 + NOTICE);
			assert_noop!(
				Cities::enact_proceeding(signed(1), id),
				Error::<Test>::InsufficientSupport
			);
			check_invariants();
		});
	}

	#[test]
	fn vote_and_withdrawal_refusals() {
		new_test_ext().execute_with(|| {
			nine_cities();
			assert_noop!(
				Cities::vote_proceeding(signed(30), 9, true),
				Error::<Test>::UnknownProceeding
			);
			let id = open(30, TARTU);
			// One open proceeding per opener.
			assert_noop!(
				Cities::open_proceeding(signed(30), TALLINN, CityAction::Suspend),
				Error::<Test>::ProceedingAlreadyOpen
			);
			assert_noop!(
				Cities::vote_proceeding(signed(30), id, true),
				Error::<Test>::AlreadyVoted
			);
			assert_noop!(Cities::vote_proceeding(signed(40), id, false), Error::<Test>::NotVoted);
			assert_noop!(
				Cities::vote_proceeding(signed(11), id, true),
				Error::<Test>::NotCityAdmin
			);
			assert_ok!(Cities::vote_proceeding(signed(40), id, true));
			assert_ok!(Cities::vote_proceeding(signed(40), id, false));
			assert_noop!(
				Cities::withdraw_proceeding(signed(40), id),
				Error::<Test>::NotProceedingOpener
			);
			assert_noop!(
				Cities::open_proceeding(
					signed(40),
					TARTU,
					CityAction::ReplaceAdmin { new_admin: 10 }
				),
				Error::<Test>::AdminAlreadyServes
			);
			assert_ok!(Cities::withdraw_proceeding(signed(30), id));
			assert_eq!(last_event(), Event::ProceedingWithdrawn { proceeding: id });
			// The opener may open another now.
			open(30, TALLINN);
			check_invariants();
		});
	}

	#[test]
	fn anyone_closes_a_proceeding_whose_opener_left() {
		new_test_ext().execute_with(|| {
			nine_cities();
			let id = open(30, TARTU);
			assert_noop!(
				Cities::withdraw_proceeding(signed(1), id),
				Error::<Test>::NotProceedingOpener
			);
			assert_ok!(Cities::leave_federation(signed(30), 2));
			assert_ok!(Cities::withdraw_proceeding(signed(1), id));
			check_invariants();
		});
	}

	#[test]
	fn anyone_closes_a_carried_proceeding_that_can_no_longer_be_enacted() {
		new_test_ext().execute_with(|| {
			nine_cities();
			let action = CityAction::ReplaceAdmin { new_admin: 99 };
			let id = carry_by(TARTU, action, &[30, 40, 50, 60, 70, 80]);
			assert_noop!(
				Cities::withdraw_proceeding(signed(1), id),
				Error::<Test>::NotProceedingOpener
			);
			// The would-be admin takes another city's seat meanwhile.
			assert_ok!(Cities::set_admin(signed(90), 8, 99));
			run_to(1 + NOTICE);
			assert_noop!(
				Cities::enact_proceeding(signed(1), id),
				Error::<Test>::AdminAlreadyServes
			);
			assert_ok!(Cities::withdraw_proceeding(signed(1), id));
			assert!(!crate::ProceedingOpenedBy::<Test>::contains_key(2));
			check_invariants();
		});
	}

	/// Review finding 1: suspending the dissenters one by one shrank the
	/// council until the rest held two thirds of it.
	#[test]
	fn suspensions_do_not_lower_the_bar_for_the_next_one() {
		new_test_ext().execute_with(|| {
			nine_cities();
			// Six cities can suspend a seventh: six of eight others.
			let id = carry_by(TARTU, CityAction::Suspend, &[30, 40, 50, 60, 70, 80]);
			run_to(1 + NOTICE);
			assert_ok!(Cities::enact_proceeding(signed(1), id));
			// Against Tallinn the same six, and Tartu suspended, are still
			// counted: the electorate is eight, six of them are needed.
			let id = open(30, TALLINN);
			for who in [40, 50, 60, 70] {
				assert_ok!(Cities::vote_proceeding(signed(who), id, true));
			}
			assert!(!carried(id));
			// Tartu, suspended, still votes (here: not for it).
			assert_noop!(Cities::vote_proceeding(signed(20), id, false), Error::<Test>::NotVoted);
			check_invariants();
		});
	}
}

// ---- validators need their operators' consent ----

mod consent {
	use super::*;

	/// Review finding 4: a city registered another city's operator, which
	/// then could not validate for the city it chose.
	#[test]
	fn an_invitation_does_not_lock_an_operator_out_of_another_city() {
		new_test_ext().execute_with(|| {
			assert_ok!(Cities::invite_validator(signed(10), TALLINN, 201));
			assert_eq!(last_event(), Event::ValidatorInvited { city: TALLINN, validator: 201 });
			assert_eq!(CityOfValidator::<Test>::get(201), None);
			assert_ok!(Cities::invite_validator(signed(20), TARTU, 201));
			assert_ok!(Cities::accept_validator(signed(201), TARTU));
			assert_eq!(CityOfValidator::<Test>::get(201), Some(TARTU));
			assert_noop!(
				Cities::accept_validator(signed(201), TALLINN),
				Error::<Test>::ValidatorAlreadyRegistered
			);
			// Tallinn withdraws its unanswered invitation.
			assert_ok!(Cities::deregister_validator(signed(10), TALLINN, 201));
			assert_eq!(
				last_event(),
				Event::ValidatorInvitationWithdrawn { city: TALLINN, validator: 201 }
			);
			assert!(ValidatorInvitations::<Test>::get(TALLINN).is_empty());
			check_invariants();
		});
	}

	/// Review finding 7: one bad validator could only go with its whole city.
	#[test]
	fn a_council_majority_removes_one_validator_and_the_city_stays() {
		new_test_ext().execute_with(|| {
			assert_ok!(register_validator(10, TALLINN, 101));
			assert_noop!(
				Cities::remove_validator(signed(20), TALLINN, 101),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Cities::remove_validator(root(), TARTU, 101),
				Error::<Test>::NotCityValidator
			);
			Cities::new_session(1);
			assert_ok!(Cities::remove_validator(root(), TALLINN, 101));
			assert_eq!(last_event(), Event::ValidatorRemoved { city: TALLINN, validator: 101 });
			assert_eq!(status(TALLINN), Some(CityStatus::Active));
			assert_eq!(Cities::new_session(2), Some(vec![100, 200]));
			check_invariants();
		});
	}

	/// Review finding 5: more validators than Aura and GRANDPA take.
	#[test]
	fn the_federation_cap_keeps_the_set_within_max_authorities() {
		new_test_ext().execute_with(|| {
			let narva = admit(b"Narva", 30);
			for (admin, city, v) in [(10, TALLINN, 101), (20, TARTU, 201), (30, narva, 102)] {
				assert_ok!(register_validator(admin, city, v));
			}
			assert_eq!(Cities::active_validator_count(), 5);
			assert_ok!(Cities::invite_validator(signed(30), narva, 103));
			assert_noop!(
				Cities::accept_validator(signed(103), narva),
				Error::<Test>::TooManyFederationValidators
			);
			assert_eq!(Cities::new_session(1).map(|set| set.len()), Some(5));
			check_invariants();
		});
	}
}

// ---- the storage migration ----

mod migration {
	use super::*;
	use crate::{migrations::v2::MigrateV1ToV2, FederationPeriods, MemberCount, Pallet, Periods};
	use frame_support::{
		traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		weights::RuntimeDbWeight,
	};

	type Migrate = MigrateV1ToV2<
		Test,
		frame_support::traits::ConstU64<500>,
		frame_support::traits::ConstU64<600>,
		frame_support::traits::ConstU32<4>,
	>;

	/// A version 1 federation: three cities, one of them left, another
	/// suspended; no member count and no periods.
	fn version_1() {
		admit(b"Narva", 30);
		assert_ok!(Cities::leave_federation(signed(30), 2));
		assert_ok!(suspend(TARTU));
		MemberCount::<Test>::kill();
		Periods::<Test>::kill();
		crate::MinValidators::<Test>::kill();
		StorageVersion::new(1).put::<Pallet<Test>>();
	}

	#[test]
	fn counts_the_members_and_sets_the_periods() {
		new_test_ext().execute_with(|| {
			version_1();
			let weight = Migrate::on_runtime_upgrade();
			assert_eq!(MemberCount::<Test>::get(), 2, "Tallinn and suspended Tartu");
			assert_eq!(
				Periods::<Test>::get(),
				FederationPeriods { notice: 500, upgrade_delay: 600 }
			);
			// Tallinn's one validator is all the active cities have: the
			// minimum does not exceed it.
			assert_eq!(crate::MinValidators::<Test>::get(), 1);
			assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
			let db: RuntimeDbWeight = <Test as frame_system::Config>::DbWeight::get();
			// Three city records, the active list, Tallinn's validators and
			// the version read; three values and the version written.
			assert_eq!(weight, db.reads_writes(6, 4));
			check_invariants();
		});
	}

	#[test]
	fn a_second_run_is_a_one_read_no_op() {
		new_test_ext().execute_with(|| {
			version_1();
			Migrate::on_runtime_upgrade();
			Periods::<Test>::put(FederationPeriods { notice: 1, upgrade_delay: 1 });
			let weight = Migrate::on_runtime_upgrade();
			let db: RuntimeDbWeight = <Test as frame_system::Config>::DbWeight::get();
			assert_eq!(weight, db.reads(1));
			assert_eq!(Periods::<Test>::get().notice, 1);
		});
	}
}

// ---- what the adversarial review of due process found ----

mod review {
	use super::*;

	fn seven_cities() {
		for i in 3..=7u128 {
			admit(alloc::format!("City{i}").as_bytes(), i * 10);
		}
		assert_eq!(crate::MemberCount::<Test>::get(), 7);
	}

	/// A majority admitted puppet cities until it held two thirds.
	#[test]
	fn a_majority_cannot_admit_its_way_to_two_thirds() {
		new_test_ext().execute_with(|| {
			seven_cities();
			assert_noop!(
				Cities::admit_city(motion(4), b"Puppet".to_vec(), 99),
				Error::<Test>::InsufficientSupport
			);
			assert_ok!(Cities::admit_city(motion(5), b"Welcome".to_vec(), 99));
			check_invariants();
		});
	}

	/// A majority undid at once a suspension that took two thirds.
	#[test]
	fn reinstatement_needs_two_thirds_of_the_other_members() {
		new_test_ext().execute_with(|| {
			seven_cities();
			assert_ok!(suspend(TARTU));
			// Six others: four are a majority, not two thirds.
			assert_noop!(
				Cities::reinstate_city(motion(3), TARTU),
				Error::<Test>::InsufficientSupport
			);
			assert_ok!(Cities::reinstate_city(motion(4), TARTU));
			assert_eq!(status(TARTU), Some(CityStatus::Active));
		});
	}

	/// A city rotated its admin to fresh accounts, each with a fresh motion
	/// allowance, until the council's queue was full.
	#[test]
	fn a_city_has_its_motion_slots_whoever_its_admin_is() {
		new_test_ext().execute_with(|| {
			assert_eq!(Cities::open_motion(&10), Ok(TALLINN));
			assert_eq!(Cities::open_motion(&10), Ok(TALLINN));
			assert_eq!(Cities::open_motion(&10), Err(Error::<Test>::TooManyMotions.into()));
			assert_ok!(Cities::set_admin(signed(10), TALLINN, 12));
			assert_eq!(Cities::open_motion(&12), Err(Error::<Test>::TooManyMotions.into()));
			assert_eq!(Cities::open_motion(&11), Err(Error::<Test>::NotCityAdmin.into()));
			Cities::close_motion(TALLINN);
			assert_eq!(Cities::open_motion(&12), Ok(TALLINN));
			// Tartu's slots are its own.
			assert_eq!(Cities::open_motion(&20), Ok(TARTU));
			Cities::close_motion(TARTU);
			Cities::close_motion(TARTU);
			assert_eq!(crate::OpenMotions::<Test>::get(TARTU), 0);
		});
	}

	/// With fewer keyed validators than the minimum the old set was kept,
	/// validators removed since included.
	#[test]
	fn a_removed_validator_never_stays_in_the_set() {
		new_test_ext().execute_with(|| {
			assert_ok!(register_validator(10, TALLINN, 101));
			assert_ok!(register_validator(20, TARTU, 201));
			crate::MinValidators::<Test>::put(3);
			assert_eq!(Cities::new_session(1), Some(vec![100, 101, 200, 201]));
			assert_ok!(Cities::remove_validator(root(), TARTU, 201));
			// Tartu's other operator purges its keys: two keyed, minimum three.
			TestSessionKeys::purge(200);
			assert_eq!(Cities::new_session(2), Some(vec![100, 101]));
		});
	}

	/// A majority could strip a city of every validator it runs.
	#[test]
	fn the_council_cannot_take_a_citys_last_validator() {
		new_test_ext().execute_with(|| {
			assert_ok!(register_validator(10, TALLINN, 101));
			assert_noop!(
				Cities::remove_validator(root(), TARTU, 200),
				Error::<Test>::LastCityValidator
			);
		});
	}

	/// A stall declaration with a huge delay froze GRANDPA's set changes.
	#[test]
	fn a_stall_declaration_is_bounded() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Cities::note_stalled(motion(2), MAX_STALL_DELAY + 1, 1),
				Error::<Test>::InvalidStall
			);
			assert_noop!(Cities::note_stalled(motion(2), 5, 2), Error::<Test>::InvalidStall);
			assert_ok!(Cities::note_stalled(motion(2), MAX_STALL_DELAY, 1));
		});
	}

	/// A carried proceeding could be withdrawn by anyone once its opener
	/// left, without the two thirds that cancel.
	#[test]
	fn a_carried_proceeding_ends_by_enactment_cancellation_or_expiry_only() {
		new_test_ext().execute_with(|| {
			for i in 3..=9u128 {
				admit(alloc::format!("City{i}").as_bytes(), i * 10);
			}
			let id = carry_by(TARTU, CityAction::Suspend, &[30, 40, 50, 60, 70, 80]);
			assert_ok!(Cities::leave_federation(signed(90), 8));
			assert_ok!(Cities::leave_federation(signed(30), 2));
			assert_noop!(
				Cities::withdraw_proceeding(signed(20), id),
				Error::<Test>::NotProceedingOpener
			);
			// Not enacted within a notice of taking effect: it lapses.
			run_to(1 + 2 * NOTICE + 1);
			assert_noop!(Cities::enact_proceeding(signed(1), id), Error::<Test>::ProceedingExpired);
			assert_ok!(Cities::withdraw_proceeding(signed(20), id));
			check_invariants();
		});
	}

	/// Invitations an admin made survived its replacement.
	#[test]
	fn a_new_admin_does_not_inherit_open_invitations() {
		new_test_ext().execute_with(|| {
			assert_ok!(Cities::invite_validator(signed(10), TALLINN, 101));
			assert_ok!(Cities::set_admin(signed(10), TALLINN, 12));
			assert_noop!(Cities::accept_validator(signed(101), TALLINN), Error::<Test>::NotInvited);
		});
	}
}

mod accountability {
	use super::*;
	use crate::ExpelledValidators;
	use sp_runtime::Perbill;
	use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

	fn report(offender: u128, session: u32) {
		let details = [OffenceDetails { offender: (offender, ()), reporters: vec![] }];
		<Cities as OnOffenceHandler<u128, (u128, ()), _>>::on_offence(
			&details,
			&[Perbill::from_percent(100)],
			session,
		);
	}

	/// An equivocating validator kept its seat: nothing but suspending its
	/// whole city could remove it.
	#[test]
	fn an_offender_is_disabled_at_once_and_planned_out_of_the_next_set() {
		new_test_ext().execute_with(|| {
			assert_ok!(register_validator(10, TALLINN, 101));
			assert_eq!(Cities::new_session(1), Some(vec![100, 101, 200]));
			TestSession::start(vec![100, 101, 200]);
			report(101, 1);
			assert_eq!(TestSession::disabled(), vec![101]);
			assert_eq!(CityOfValidator::<Test>::get(101), None);
			assert_eq!(CityValidators::<Test>::get(TALLINN).into_inner(), vec![100]);
			assert_eq!(
				last_event(),
				Event::ValidatorExpelled {
					validator: 101,
					city: Some(TALLINN),
					session: 1,
					disabled: true
				}
			);
			assert_eq!(Cities::new_session(2), Some(vec![100, 200]));
			check_invariants();
		});
	}

	/// pallet-session forgets disabled validators when the set changes: the
	/// offender, still in the set already queued, came back for a session.
	#[test]
	fn an_offender_stays_disabled_until_it_has_left_the_set() {
		new_test_ext().execute_with(|| {
			assert_ok!(register_validator(10, TALLINN, 101));
			TestSession::start(vec![100, 101, 200]);
			report(101, 1);
			// Session 2 still holds it (queued before the report).
			TestSession::start(vec![100, 101, 200]);
			Cities::start_session(2);
			assert_eq!(TestSession::disabled(), vec![101]);
			assert_eq!(ExpelledValidators::<Test>::get().into_inner(), vec![101]);
			// Session 3 no longer does: it is forgotten.
			TestSession::start(vec![100, 200]);
			Cities::start_session(3);
			assert!(TestSession::disabled().is_empty());
			assert!(ExpelledValidators::<Test>::get().is_empty());
		});
	}

	/// The federation's minimum protects honest validators from being
	/// removed, not an offender from its sanction; a city's last validator
	/// goes too.
	#[test]
	fn the_minimum_does_not_keep_an_offender() {
		new_test_ext().execute_with(|| {
			crate::MinValidators::<Test>::put(2);
			report(200, 0);
			assert!(CityValidators::<Test>::get(TARTU).is_empty());
			assert_eq!(Cities::new_session(1), Some(vec![100]));
			assert_eq!(TestSession::disabled(), vec![200]);
		});
	}

	/// A repeated report (pallet-offences lists earlier offenders of a slot
	/// again), another slot's report of the same offender, and a report of
	/// an account that no longer validates change nothing but the record
	/// that refuses its further reports.
	#[test]
	fn repeated_and_unknown_reports_change_nothing() {
		new_test_ext().execute_with(|| {
			report(200, 0);
			System::reset_events();
			ValidatorSetChanged::<Test>::put(false);
			let before = ExpelledValidators::<Test>::get();
			report(200, 0);
			// Another slot's offence of the same offender, within the delay.
			report(200, 1);
			report(999, 0);
			assert_eq!(ExpelledValidators::<Test>::get(), before);
			assert!(System::events().is_empty());
			assert!(!ValidatorSetChanged::<Test>::get());
			// The former validator's old keys stay provable: its further
			// reports are refused too.
			assert!(Cities::recently_expelled(&999));
		});
	}

	/// An expelled operator was invited by another city and accepted at once,
	/// to be reported again for its old double votes.
	#[test]
	fn an_expelled_validator_stays_out_for_the_rejoin_delay() {
		new_test_ext().execute_with(|| {
			assert_ok!(register_validator(10, TALLINN, 101));
			TestSession::start(vec![100, 101, 200]);
			report(101, 1);
			assert_ok!(Cities::invite_validator(signed(20), TARTU, 101));
			assert_noop!(
				Cities::accept_validator(signed(101), TARTU),
				Error::<Test>::RecentlyExpelled
			);
			assert!(Cities::recently_expelled(&101));
			run_to(1 + REJOIN_DELAY);
			assert!(!Cities::recently_expelled(&101));
			assert_ok!(Cities::accept_validator(signed(101), TARTU));
			assert_eq!(crate::ExpelledAt::<Test>::get(101), None);
			check_invariants();
		});
	}

	/// Every validator expelled: the planner keeps the current set rather
	/// than plan an empty one, so the chain goes on (offenders included)
	/// until a city brings a validator in.
	#[test]
	fn with_every_validator_expelled_the_current_set_is_kept() {
		new_test_ext().execute_with(|| {
			report(100, 0);
			report(200, 0);
			assert_eq!(Cities::new_session(1), None);
			assert!(matches!(
				last_event(),
				Event::ValidatorSetKept { validators_with_keys: 0, .. }
			));
		});
	}
}
