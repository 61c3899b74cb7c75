//! A test runtime with pallet-asset-registry alone. Cities and offices come
//! from `TestOffices`, items from `TestTitles`, city credits from
//! `TestLedger`, all set up per test.

use crate as pallet_asset_registry;
use crate::*;
use civitas_primitives::{
	offices::testing::TestOffices,
	registry::testing::TestTitles,
	treasury::testing::{test_treasury, TestEscrow, TestLedger},
	CityRole,
};
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
		Registry: pallet_asset_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type DbWeight = RocksDbWeight;
}

parameter_types! {
	pub const RegistryPalletId: PalletId = PalletId(*b"civ/regy");
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Offices = TestOffices;
	type Titles = TestTitles;
	type Ledger = TestLedger;
	type PalletId = RegistryPalletId;
	type MaxReferenceLength = ConstU32<16>;
	type MaxRights = ConstU32<3>;
	type MaxEncumbrances = ConstU32<MAX_ENCUMBRANCES>;
	type MaxLeases = ConstU32<MAX_LEASES>;
	type MaxLeaseTerm = ConstU64<MAX_LEASE_TERM>;
	type MaxParts = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockCities;
}

/// The limits of the mock.
pub const MAX_ENCUMBRANCES: u32 = 3;
pub const MAX_LEASES: u32 = 2;
pub const MAX_LEASE_TERM: u64 = 1_000;

/// Tartu: its admin and Registrar.
pub const TARTU: CityId = 1;
pub const ADMIN: u64 = 10;
pub const REGISTRAR: u64 = 11;
/// Tallinn: another city with its own Registrar.
pub const TALLINN: CityId = 2;
pub const TALLINN_REGISTRAR: u64 = 21;
/// Tartu's Auditor: an official, but not a Registrar.
pub const AUDITOR: u64 = 12;
/// Owners, buyers, creditors and tenants.
pub const ALICE: u64 = 31;
pub const BOB: u64 = 32;
pub const CAROL: u64 = 33;
pub const DAVE: u64 = 34;
pub const BANK: u64 = 41;
pub const UTILITY: u64 = 42;

/// Tartu's treasury account on the test ledger.
pub fn treasury() -> u64 {
	test_treasury(TARTU)
}

/// A document hash.
pub fn doc(n: u8) -> DocumentHash {
	H256::repeat_byte(n)
}

/// A parcel's particulars.
pub fn parcel(reference: &str, area: u64, value: Credits) -> ParticularsOf<Test> {
	Particulars {
		cadastral_reference: reference.as_bytes().to_vec().try_into().expect("short reference"),
		document: doc(9),
		area,
		land_use: LandUse::Residential,
		assessed_value: value,
		rights: vec![DevelopmentRight { kind: RightKind::PermittedFloorArea, amount: area / 2 }]
			.try_into()
			.expect("one right"),
	}
}

/// Sets up both cities and their officials, and an empty ledger.
pub fn set_up_cities() {
	TestOffices::reset();
	TestTitles::reset();
	TestEscrow::reset();
	TestOffices::add_city(TARTU, ADMIN, treasury());
	TestOffices::add_city(TALLINN, 20, test_treasury(TALLINN));
	TestOffices::appoint(TARTU, CityRole::Registrar, REGISTRAR);
	TestOffices::appoint(TARTU, CityRole::Auditor, AUDITOR);
	TestOffices::appoint(TALLINN, CityRole::Registrar, TALLINN_REGISTRAR);
}

/// Creates the benchmarks' cities in the mocks, one more per call.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockCities;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockCities {
	fn city(admin: &u64, registrar: &u64) -> Result<CityId, sp_runtime::DispatchError> {
		use core::sync::atomic::{AtomicU32, Ordering};
		static NEXT: AtomicU32 = AtomicU32::new(10);
		let city = NEXT.fetch_add(1, Ordering::Relaxed);
		TestOffices::add_city(city, *admin, test_treasury(city));
		TestOffices::appoint(city, CityRole::Registrar, *registrar);
		Ok(city)
	}

	fn fund(city: CityId, who: &u64, amount: Credits) -> sp_runtime::DispatchResult {
		TestLedger::fund(city, *who, amount);
		Ok(())
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
	if let Err(e) = Registry::check_invariants() {
		panic!("invariant broken: {e}");
	}
}

/// Advances to block `n`, checking the invariants at each block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		Registry::on_finalize(System::block_number());
		check();
		System::set_block_number(System::block_number() + 1);
	}
}

/// The pallet's events so far, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Registry(e) => Some(e),
			_ => None,
		})
		.collect()
}
