//! A test runtime with pallet-procurement and pallet-balances. Cities and
//! offices come from `TestOffices`, budget lines and escrow from
//! `TestEscrow`, both set up per test; root stands for the council.

use crate as pallet_procurement;
use crate::*;
use civitas_primitives::{
	offices::testing::TestOffices,
	treasury::testing::{TestEscrow, TestLedger},
	CityRole, SpendingCategory,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::constants::RocksDbWeight,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Procurement: pallet_procurement,
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

parameter_types! {
	pub const ComplaintDeposit: u64 = COMPLAINT_DEPOSIT;
}

impl Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Offices = TestOffices;
	type Escrow = TestEscrow;
	type Ledger = TestLedger;
	type CouncilOrigin = EnsureRoot<u64>;
	type ComplaintDeposit = ComplaintDeposit;
	type MinStandstill = ConstU64<2>;
	type MaxPeriod = ConstU64<1_000>;
	type MaxBids = ConstU32<4>;
	type MaxPanel = ConstU32<3>;
	type MaxMilestones = ConstU32<3>;
	type MaxSubcontractors = ConstU32<2>;
	type MaxTitleLength = ConstU32<32>;
	type MaxRegistrationIdLength = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockCities;
}

pub const COMPLAINT_DEPOSIT: u64 = 50;
/// What every account starts with.
pub const ENDOWMENT: u64 = 1_000;

/// Tallinn: admin, treasury, ProcurementOfficer, Auditor, panel officials.
pub const TALLINN: CityId = 1;
pub const TALLINN_ADMIN: u64 = 100;
pub const TALLINN_TREASURY: u64 = 1000;
pub const OFFICER: u64 = 11;
pub const AUDITOR: u64 = 12;
pub const EVALUATOR_1: u64 = 13;
pub const EVALUATOR_2: u64 = 14;
/// Tartu: another city, with its own officer.
pub const TARTU: CityId = 2;
pub const TARTU_ADMIN: u64 = 200;
pub const TARTU_TREASURY: u64 = 2000;
pub const TARTU_OFFICER: u64 = 21;
/// Tallinn's suppliers.
pub const ALFA: u64 = 31;
pub const BETA: u64 = 32;
pub const GAMMA: u64 = 33;
pub const DELTA: u64 = 34;
/// An account nobody registered.
pub const STRANGER: u64 = 99;

/// Tallinn's roads capital-works line for 2027, with 100 000 credits.
pub const ROADS: BudgetLineId =
	BudgetLineId { period: 2027, department: 0, category: SpendingCategory::CapitalWorks };
pub const ROADS_BUDGET: Credits = 100_000;

/// Sets up both cities, their officials and Tallinn's roads line.
pub fn set_up_cities() {
	TestOffices::reset();
	TestEscrow::reset();
	TestOffices::add_city(TALLINN, TALLINN_ADMIN, TALLINN_TREASURY);
	TestOffices::add_city(TARTU, TARTU_ADMIN, TARTU_TREASURY);
	TestOffices::appoint(TALLINN, CityRole::ProcurementOfficer, OFFICER);
	TestOffices::appoint(TALLINN, CityRole::Auditor, AUDITOR);
	TestOffices::appoint(TALLINN, CityRole::Registrar, EVALUATOR_1);
	TestOffices::appoint(TALLINN, CityRole::Treasurer, EVALUATOR_2);
	TestOffices::appoint(TARTU, CityRole::ProcurementOfficer, TARTU_OFFICER);
	TestEscrow::set_line(TALLINN, ROADS, ROADS_BUDGET);
}

/// Creates the benchmark city in the mocks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockCities;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockCities {
	fn city(
		officer: &u64,
		auditor: &u64,
		panel: &[u64],
		line: BudgetLineId,
		amount: Credits,
	) -> Result<CityId, sp_runtime::DispatchError> {
		TestOffices::reset();
		TestEscrow::reset();
		TestOffices::add_city(7, 700, 7000);
		TestOffices::appoint(7, CityRole::ProcurementOfficer, *officer);
		TestOffices::appoint(7, CityRole::Auditor, *auditor);
		for member in panel {
			TestOffices::appoint(7, CityRole::Registrar, *member);
		}
		TestEscrow::set_line(7, line, amount);
		Ok(7)
	}
}

/// A fresh chain at block 1: both cities set up, every named account
/// endowed with `ENDOWMENT`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_up_cities();
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("the system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: [
			OFFICER,
			AUDITOR,
			EVALUATOR_1,
			EVALUATOR_2,
			TARTU_OFFICER,
			ALFA,
			BETA,
			GAMMA,
			DELTA,
			STRANGER,
			TALLINN_TREASURY,
		]
		.into_iter()
		.map(|who| (who, ENDOWMENT))
		.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("the balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
