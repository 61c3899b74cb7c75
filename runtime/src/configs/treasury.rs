//! City treasuries: each city's ledger, budget and payments.

use frame_support::traits::ConstU32;

use crate::{Cities, Runtime, RuntimeEvent, DAYS};

/// City treasuries. The bounds are generous for a city's real budget (a
/// large city reports a few hundred lines per year) and keep every call's
/// worst case small: each touches one or two lines, never a whole budget.
impl pallet_city_treasury::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Offices = Cities;
	type MaxDepartments = ConstU32<64>;
	type MaxOfficers = ConstU32<16>;
	type MaxNameLength = ConstU32<64>;
	type MaxNoteLength = ConstU32<128>;
	type MaxLinesPerBudget = ConstU32<256>;
	type MaxLineHistory = ConstU32<4096>;
	type MaxApprovals = ConstU32<16>;
	type MaxPendingPayments = ConstU32<512>;
	// A month: a payment split into parts proposed within a month to one
	// payee from one department's lines waits the time lock as the whole
	// would.
	type SplitPaymentWindow = ConstU32<{ 30 * DAYS }>;
	// Milestones accepted above the time-lock limit are paid, or go back to
	// the officer, when the treasury decides their payment proposal.
	type OnEscrowRelease = crate::Procurement;
	type WeightInfo = pallet_city_treasury::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::TreasuryBenchmarkCity;
}
