//! A test runtime with pallet-cities alone: the council and pallet-session are
//! stand-ins that record what the pallet tells them.

use crate as pallet_cities;
use crate::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ChangeMembers, ConstU32, ConstU64, EnsureOrigin, ValidatorRegistration},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Cities: pallet_cities,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	/// Sixteen bytes: enough for every city's treasury sub-account to differ.
	type AccountId = u128;
	type Lookup = sp_runtime::traits::IdentityLookup<u128>;
}

thread_local! {
	static COUNCIL: RefCell<Vec<u128>> = const { RefCell::new(Vec::new()) };
	static KEYED: RefCell<BTreeSet<u128>> = const { RefCell::new(BTreeSet::new()) };
	static STALLS: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
	static SESSION_SET: RefCell<Vec<u128>> = const { RefCell::new(Vec::new()) };
	static DISABLED: RefCell<Vec<u128>> = const { RefCell::new(Vec::new()) };
}

/// The collective as the pallet sees it: the last member list it was given.
pub struct TestCouncil;
impl TestCouncil {
	pub fn members() -> Vec<u128> {
		COUNCIL.with(|c| c.borrow().clone())
	}
}
impl ChangeMembers<u128> for TestCouncil {
	fn change_members_sorted(_: &[u128], _: &[u128], sorted_new: &[u128]) {
		COUNCIL.with(|c| *c.borrow_mut() = sorted_new.to_vec());
	}
}

/// GRANDPA as the pallet sees it: the stalls it was told of.
pub struct TestFinality;
impl TestFinality {
	pub fn stalls() -> Vec<(u64, u64)> {
		STALLS.with(|s| s.borrow().clone())
	}
}
impl FinalityStall<u64> for TestFinality {
	fn note_stalled(delay: u64, best_finalized: u64) -> frame_support::dispatch::DispatchResult {
		STALLS.with(|s| s.borrow_mut().push((delay, best_finalized)));
		Ok(())
	}
}

/// pallet-session's key registry: accounts that have set session keys.
pub struct TestSessionKeys;
impl TestSessionKeys {
	pub fn set(who: u128) {
		KEYED.with(|k| k.borrow_mut().insert(who));
	}
	pub fn purge(who: u128) {
		KEYED.with(|k| k.borrow_mut().remove(&who));
	}
}
impl ValidatorRegistration<u128> for TestSessionKeys {
	fn is_registered(who: &u128) -> bool {
		KEYED.with(|k| k.borrow().contains(who))
	}
}

/// pallet-session's current set and its disabled validators. A new session
/// forgets who was disabled, as pallet-session does when the set changes.
pub struct TestSession;
impl TestSession {
	pub fn start(validators: Vec<u128>) {
		SESSION_SET.with(|s| *s.borrow_mut() = validators);
		DISABLED.with(|d| d.borrow_mut().clear());
	}
	pub fn disabled() -> Vec<u128> {
		DISABLED.with(|d| d.borrow().clone())
	}
}
impl DisableValidator<u128> for TestSession {
	fn disable(who: &u128) -> bool {
		if !SESSION_SET.with(|s| s.borrow().contains(who)) {
			return false;
		}
		DISABLED.with(|d| {
			let mut d = d.borrow_mut();
			if !d.contains(who) {
				d.push(*who);
			}
		});
		true
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u128> for TestSessionKeys {
	fn register_session_keys(who: &u128) {
		Self::set(*who);
	}
}

/// A council motion as the pallet sees it: signed by `MOTION + n` stands for
/// a motion that `n` member cities voted for.
pub const MOTION: u128 = 1_000_000;

/// The origin of a council motion backed by `ayes` cities.
pub fn motion(ayes: u32) -> RuntimeOrigin {
	RuntimeOrigin::signed(MOTION + u128::from(ayes))
}

/// Yields the ayes of a [`motion`].
pub struct EnsureMotion;
impl EnsureOrigin<RuntimeOrigin> for EnsureMotion {
	type Success = u32;
	fn try_origin(o: RuntimeOrigin) -> Result<u32, RuntimeOrigin> {
		match o.clone().into() {
			Ok(frame_system::RawOrigin::Signed(who)) if who >= MOTION => {
				u32::try_from(who - MOTION).map_err(|_| o)
			}
			_ => Err(o),
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(motion(u32::MAX))
	}
}

/// Blocks of notice before a carried proceeding may be enacted.
pub const NOTICE: u64 = 10;
/// Blocks between an upgrade's authorisation and its release.
pub const UPGRADE_DELAY: u64 = 20;

/// Blocks an expelled validator stays out.
pub const REJOIN_DELAY: u64 = 50;

/// The longest delay a stall declaration may give.
pub const MAX_STALL_DELAY: u64 = 10;

parameter_types! {
	pub const CitiesPalletId: PalletId = PalletId(*b"civ/city");
	pub CouncilChangeWeight: frame_support::weights::Weight =
		frame_support::weights::Weight::from_parts(1_000_000, 0);
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type FederationOrigin = EnsureRoot<u128>;
	type MotionOrigin = EnsureMotion;
	type CouncilMembers = TestCouncil;
	type FinalityStall = TestFinality;
	type ValidatorRegistration = TestSessionKeys;
	type ValidatorDisabling = TestSession;
	type PalletId = CitiesPalletId;
	type MaxCities = ConstU32<10>;
	type MaxNameLength = ConstU32<16>;
	type MaxOfficialsPerRole = ConstU32<2>;
	type MaxValidatorsPerCity = ConstU32<2>;
	type MaxValidators = ConstU32<5>;
	type MaxMotionsPerCity = ConstU32<2>;
	type CouncilChangeWeight = CouncilChangeWeight;
	type MaxStallDelay = ConstU64<MAX_STALL_DELAY>;
	type RejoinDelay = ConstU64<REJOIN_DELAY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestSessionKeys;
}

/// Founding cities: Tallinn (id 0, admin 10, validator 100) and Tartu
/// (id 1, admin 20, validator 200). Accounts 100..=109 and 200..=209 have
/// session keys; 11 is Tallinn's Treasurer.
pub fn new_test_ext() -> sp_io::TestExternalities {
	COUNCIL.with(|c| c.borrow_mut().clear());
	STALLS.with(|s| s.borrow_mut().clear());
	KEYED.with(|k| k.borrow_mut().clear());
	TestSession::start(vec![100, 200]);
	for who in (100..110).chain(200..210) {
		TestSessionKeys::set(who);
	}
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		cities: pallet_cities::GenesisConfig {
			cities: vec![("Tallinn".into(), 10, vec![100]), ("Tartu".into(), 20, vec![200])],
			officials: vec![(0, CityRole::Treasurer, 11)],
			notice_period: NOTICE,
			upgrade_delay: UPGRADE_DELAY,
			min_validators: 1,
		},
	}
	.build_storage()
	.expect("the mock genesis is valid");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// An empty chain, for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("the mock genesis is valid");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
