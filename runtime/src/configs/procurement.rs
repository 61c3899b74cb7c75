//! Public procurement: tenders, sealed bids, awards and contracts, paid from
//! the city treasury's escrow.

use frame_support::{parameter_types, traits::ConstU32};

use super::CouncilMajority;
use crate::{
	Balance, Balances, BlockNumber, Cities, CityTreasury, Runtime, RuntimeEvent, RuntimeHoldReason,
	CIV, DAYS, MINUTES,
};

parameter_types! {
	/// A complaint against an award holds 10 CIV until it is decided.
	pub const ComplaintDeposit: Balance = 10 * CIV;
	/// The federation's floor for a standstill: one minute. A city's law
	/// sets the real length (ten days in the EU) in each tender it publishes.
	pub const MinStandstill: BlockNumber = MINUTES;
	/// No bidding period, reveal period or standstill is longer than a year.
	pub const MaxProcurementPeriod: BlockNumber = 365 * DAYS;
}

impl pallet_procurement::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Offices = Cities;
	type Escrow = CityTreasury;
	type Ledger = CityTreasury;
	type CouncilOrigin = CouncilMajority;
	type ComplaintDeposit = ComplaintDeposit;
	type MinStandstill = MinStandstill;
	type MaxPeriod = MaxProcurementPeriod;
	type MaxBids = ConstU32<64>;
	type MaxPanel = ConstU32<7>;
	type MaxMilestones = ConstU32<32>;
	type MaxSubcontractors = ConstU32<16>;
	type MaxTitleLength = ConstU32<128>;
	type MaxRegistrationIdLength = ConstU32<32>;
	type WeightInfo = pallet_procurement::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::ProcurementBenchmarkCity;
}
