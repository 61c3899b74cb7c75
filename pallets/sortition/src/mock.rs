//! A test runtime with pallet-sortition and pallet-balances. Cities and
//! offices come from `TestOffices`, residents from `TestResidents`, the
//! wall clock from `MockTime`; the beacon is quicknet's real key with its
//! clock moved so that the recorded rounds 1000 to 1009 lie ahead.

use crate as pallet_sortition;
use crate::*;
use civitas_primitives::{
	offices::testing::TestOffices, residency::roll_testing::TestResidents, CityRole,
};
use core::{cell::Cell, time::Duration};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU16, ConstU32, ConstU64, Hooks, UnixTime},
	weights::constants::RocksDbWeight,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Sortition: pallet_sortition,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type DbWeight = RocksDbWeight;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	static NOW: Cell<u64> = const { Cell::new(0) };
	/// The next city the benchmark helper creates.
	static NEXT_CITY: Cell<CityId> = const { Cell::new(10) };
}

/// The wall clock of the tests, in seconds.
pub struct MockTime;

impl MockTime {
	pub fn set(seconds: u64) {
		NOW.with(|n| n.set(seconds));
	}
}

impl UnixTime for MockTime {
	fn now() -> Duration {
		Duration::from_secs(NOW.with(|n| n.get()))
	}
}

parameter_types! {
	pub const CommitDeposit: u64 = COMMIT_DEPOSIT;
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Offices = TestOffices;
	type Residents = TestResidents;
	type Time = MockTime;
	type CommitDeposit = CommitDeposit;
	type MinReveals = ConstU32<1>;
	type MaxWait = ConstU64<100>;
	type BlockTimeMillis = ConstU64<6000>;
	type MaxSelected = ConstU32<20>;
	type MaxEntrants = ConstU32<30>;
	type MaxQuotas = ConstU32<16>;
	type MaxCommits = ConstU32<3>;
	type MaxNeighbourhoods = ConstU16<10>;
	type AttemptsPerSeat = ConstU32<8>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockCities;
}

pub const COMMIT_DEPOSIT: u64 = 100;
/// What every account starts with.
pub const ENDOWMENT: u64 = 1_000;

/// The mock beacon: round 1000 is published at `ROUND_1000_AT`.
pub const GENESIS_TIME: u64 = 1_000_000;
pub const ROUND_1000_AT: u64 = GENESIS_TIME + 999 * 3;
/// The clock at block 1: a minute before round 1000.
pub const START_TIME: u64 = ROUND_1000_AT - 60;

/// Tallinn: admin, treasury, Registrar.
pub const TALLINN: CityId = 1;
pub const TALLINN_TREASURY: u64 = 1000;
pub const REGISTRAR: u64 = 11;
/// Tartu and Narva: two more cities, with their Registrars.
pub const TARTU: CityId = 2;
pub const TARTU_REGISTRAR: u64 = 21;
pub const NARVA: CityId = 3;
pub const NARVA_REGISTRAR: u64 = 31;
/// An official of Tallinn who is not its Registrar.
pub const TREASURER: u64 = 12;
/// People: residents are 100.. in the tests that make them.
pub const MARI: u64 = 41;
pub const JAAN: u64 = 42;
pub const STRANGER: u64 = 99;

/// Sets up the three cities and their officials.
pub fn set_up_cities() {
	TestOffices::reset();
	TestResidents::reset();
	TestOffices::add_city(TALLINN, 100, TALLINN_TREASURY);
	TestOffices::add_city(TARTU, 200, 2000);
	TestOffices::add_city(NARVA, 300, 3000);
	TestOffices::appoint(TALLINN, CityRole::Registrar, REGISTRAR);
	TestOffices::appoint(TALLINN, CityRole::Treasurer, TREASURER);
	TestOffices::appoint(TARTU, CityRole::Registrar, TARTU_REGISTRAR);
	TestOffices::appoint(NARVA, CityRole::Registrar, NARVA_REGISTRAR);
}

/// Creates the benchmark city in the mocks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockCities;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockCities {
	fn city(registrar: &u64) -> Result<CityId, sp_runtime::DispatchError> {
		let city = NEXT_CITY.with(|c| {
			let city = c.get();
			c.set(city + 1);
			city
		});
		TestOffices::add_city(city, 700 + u64::from(city), 7000 + u64::from(city));
		TestOffices::appoint(city, CityRole::Registrar, *registrar);
		Ok(city)
	}
	fn resident(city: CityId, _: &u64, who: &u64) -> Result<(), sp_runtime::DispatchError> {
		TestResidents::issue(city, *who, System::block_number());
		Ok(())
	}
	fn set_time(unix_seconds: u64) {
		MockTime::set(unix_seconds);
	}
}

/// A fresh chain at block 1, a minute before round 1000: the cities set up,
/// the beacon set, every account below 2000 endowed with `ENDOWMENT`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_up_cities();
	MockTime::set(START_TIME);
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("the system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..2000).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("the balances genesis builds");
	pallet_sortition::GenesisConfig::<Test> {
		beacon_public_key: beacon::QUICKNET_PUBLIC_KEY.to_vec(),
		beacon_genesis_time: GENESIS_TIME,
		beacon_period: 3,
		_config: Default::default(),
	}
	.assimilate_storage(&mut storage)
	.expect("the sortition genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `body` on a fresh chain, then checks the invariants.
pub fn test(body: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		body();
		check();
	});
}

/// The invariants hold.
pub fn check() {
	if let Err(e) = Sortition::check_invariants() {
		panic!("invariant broken: {e}");
	}
}

/// Advances to block `n` (6 seconds a block), checking the invariants at
/// each block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		Sortition::on_finalize(System::block_number());
		check();
		System::set_block_number(System::block_number() + 1);
		MockTime::set(MockTime::now().as_secs() + 6);
	}
}

/// The pallet's events so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Sortition(e) = r.event { Some(e) } else { None })
		.collect()
}
