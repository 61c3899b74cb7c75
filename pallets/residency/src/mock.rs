//! A test runtime with pallet-residency alone. Cities and offices come from
//! `TestOffices`, badges from `TestBadges`, both set up per test.

use crate as pallet_residency;
use crate::*;
use civitas_primitives::{offices::testing::TestOffices, residency::testing::TestBadges, CityRole};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	weights::constants::RocksDbWeight,
	PalletId,
};
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Residency: pallet_residency,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type DbWeight = RocksDbWeight;
}

parameter_types! {
	pub const ResidencyPalletId: PalletId = PalletId(*b"civ/resd");
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Offices = TestOffices;
	type Badges = TestBadges;
	type PalletId = ResidencyPalletId;
	type MaxValidity = ConstU64<MAX_VALIDITY>;
	type MaxConsents = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockCities;
}

/// The longest validity, in blocks.
pub const MAX_VALIDITY: u64 = 1_000;

/// Tallinn: its admin, treasury and Registrar.
pub const TALLINN: CityId = 1;
pub const REGISTRAR: u64 = 11;
/// Tartu: another city with its own Registrar.
pub const TARTU: CityId = 2;
pub const TARTU_REGISTRAR: u64 = 21;
/// Tallinn's Auditor: an official, but not a Registrar.
pub const AUDITOR: u64 = 12;
/// Residents and providers.
pub const MARI: u64 = 31;
pub const JAAN: u64 = 32;
pub const LIBRARY: u64 = 41;
pub const CLINIC: u64 = 42;
pub const GYM: u64 = 43;

/// A commitment to some attributes (its preimage does not matter here).
pub fn commitment(n: u8) -> Commitment {
	H256::repeat_byte(n)
}

/// Sets up both cities and their officials; forgets every badge.
pub fn set_up_cities() {
	TestOffices::reset();
	TestBadges::reset();
	TestOffices::add_city(TALLINN, 100, 1000);
	TestOffices::add_city(TARTU, 200, 2000);
	TestOffices::appoint(TALLINN, CityRole::Registrar, REGISTRAR);
	TestOffices::appoint(TALLINN, CityRole::Auditor, AUDITOR);
	TestOffices::appoint(TARTU, CityRole::Registrar, TARTU_REGISTRAR);
}

/// Creates the benchmarks' cities in the mocks, one more per call.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockCities;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockCities {
	fn city(registrar: &u64) -> Result<CityId, sp_runtime::DispatchError> {
		use core::sync::atomic::{AtomicU32, Ordering};
		static NEXT: AtomicU32 = AtomicU32::new(10);
		let city = NEXT.fetch_add(1, Ordering::Relaxed);
		TestOffices::add_city(city, 7000, 8000);
		TestOffices::appoint(city, CityRole::Registrar, *registrar);
		Ok(city)
	}
}

/// A fresh chain at block 1 with both cities set up.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_up_cities();
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("the system genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs a test on a fresh chain and checks the invariants after it.
pub fn test(body: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		body();
		check();
	});
}

/// The invariants hold.
pub fn check() {
	if let Err(e) = Residency::check_invariants() {
		panic!("invariant broken: {e}");
	}
}

/// Advances to block `n`, checking the invariants at each block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		Residency::on_finalize(System::block_number());
		check();
		System::set_block_number(System::block_number() + 1);
	}
}

/// The pallet's events so far, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Residency(e) => Some(e),
			_ => None,
		})
		.collect()
}
