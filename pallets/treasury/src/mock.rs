//! A test runtime with pallet-city-treasury alone. Cities and their offices
//! come from `civitas_primitives::testing::TestOffices`, set up per test.

use crate as pallet_city_treasury;
use crate::*;
use civitas_primitives::{offices::testing::TestOffices, CityRole, MilestoneReference};
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
	weights::constants::RocksDbWeight,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Treasury: pallet_city_treasury,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type DbWeight = RocksDbWeight;
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Offices = TestOffices;
	type MaxDepartments = ConstU32<4>;
	type MaxOfficers = ConstU32<3>;
	type MaxNameLength = ConstU32<16>;
	type MaxNoteLength = ConstU32<32>;
	type MaxLinesPerBudget = ConstU32<6>;
	type MaxLineHistory = ConstU32<8>;
	type MaxApprovals = ConstU32<3>;
	type MaxPendingPayments = ConstU32<3>;
	type SplitPaymentWindow = ConstU64<50>;
	type OnEscrowRelease = EscrowUser;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockCities;
}

/// Tallinn: admin, treasury account, Treasurers, Auditor.
pub const TALLINN: CityId = 1;
pub const TALLINN_ADMIN: u64 = 100;
pub const TALLINN_TREASURY: u64 = 1000;
pub const T1: u64 = 11;
pub const T2: u64 = 12;
pub const T3: u64 = 13;
pub const AUDITOR: u64 = 14;
/// Tartu: another city, with its own Treasurer.
pub const TARTU: CityId = 2;
pub const TARTU_ADMIN: u64 = 200;
pub const TARTU_TREASURY: u64 = 2000;
pub const TARTU_T: u64 = 21;
/// Department officers of Tallinn's Roads (0) and Parks (1).
pub const ROADS_OFFICER: u64 = 31;
pub const PARKS_OFFICER: u64 = 32;
/// Department accounts.
pub const ROADS_ACCOUNT: u64 = 51;
pub const PARKS_ACCOUNT: u64 = 52;
/// Registered payees of Tallinn.
pub const CONTRACTOR: u64 = 41;
pub const EMPLOYEE: u64 = 42;
/// An account the city never registered.
pub const STRANGER: u64 = 99;

thread_local! {
	static ESCROW_OUTCOMES: core::cell::RefCell<Vec<(bool, CityId, MilestoneReference, ProposalId)>> =
		const { core::cell::RefCell::new(Vec::new()) };
}

/// An escrow user that records what the treasury tells it.
pub struct EscrowUser;

impl EscrowUser {
	/// Every outcome reported so far, oldest first: (paid, city, reference,
	/// proposal).
	pub fn outcomes() -> Vec<(bool, CityId, MilestoneReference, ProposalId)> {
		ESCROW_OUTCOMES.with(|o| o.borrow().clone())
	}
}

impl civitas_primitives::OnEscrowRelease for EscrowUser {
	fn released(city: CityId, reference: MilestoneReference, proposal: ProposalId) {
		ESCROW_OUTCOMES.with(|o| o.borrow_mut().push((true, city, reference, proposal)));
	}
	fn declined(city: CityId, reference: MilestoneReference, proposal: ProposalId) {
		ESCROW_OUTCOMES.with(|o| o.borrow_mut().push((false, city, reference, proposal)));
	}
	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// Sets up both cities and their officials in [`TestOffices`].
pub fn set_up_cities() {
	TestOffices::reset();
	TestOffices::add_city(TALLINN, TALLINN_ADMIN, TALLINN_TREASURY);
	TestOffices::add_city(TARTU, TARTU_ADMIN, TARTU_TREASURY);
	for t in [T1, T2, T3] {
		TestOffices::appoint(TALLINN, CityRole::Treasurer, t);
	}
	TestOffices::appoint(TALLINN, CityRole::Auditor, AUDITOR);
	TestOffices::appoint(TARTU, CityRole::Treasurer, TARTU_T);
}

/// Creates benchmark cities in [`TestOffices`].
#[cfg(feature = "runtime-benchmarks")]
pub struct MockCities;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockCities {
	fn city(
		admin: &u64,
		treasurers: &[u64],
		auditor: &u64,
	) -> Result<CityId, sp_runtime::DispatchError> {
		TestOffices::reset();
		TestOffices::add_city(7, *admin, 7000);
		for t in treasurers {
			TestOffices::appoint(7, CityRole::Treasurer, *t);
		}
		TestOffices::appoint(7, CityRole::Auditor, *auditor);
		Ok(7)
	}
}

/// A fresh chain at block 1 with both cities set up, no ledger open.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_up_cities();
	ESCROW_OUTCOMES.with(|o| o.borrow_mut().clear());
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("the system genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
