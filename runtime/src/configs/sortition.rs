//! Sortition: lotteries and citizens' panels drawn from drand rounds or a
//! commit-reveal among the cities, over each city's residents.

use frame_support::{
	parameter_types,
	traits::{ConstU16, ConstU32, ConstU64},
};

use crate::{
	Balance, Balances, BlockNumber, Cities, Residency, Runtime, RuntimeEvent, RuntimeHoldReason,
	Timestamp, CIV, DAYS, MILLISECS_PER_BLOCK,
};

parameter_types! {
	/// What a city's Registrar holds for a commit-reveal commitment.
	pub const SortitionCommitDeposit: Balance = 10 * CIV;
	/// A draw waits at most two weeks for its entries and randomness.
	pub const SortitionMaxWait: BlockNumber = 14 * DAYS;
}

impl pallet_sortition::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Offices = Cities;
	type Residents = Residency;
	type Time = Timestamp;
	type CommitDeposit = SortitionCommitDeposit;
	type MinReveals = ConstU32<1>;
	type MaxWait = SortitionMaxWait;
	type BlockTimeMillis = ConstU64<MILLISECS_PER_BLOCK>;
	type MaxSelected = ConstU32<200>;
	type MaxEntrants = ConstU32<10_000>;
	type MaxQuotas = ConstU32<16>;
	type MaxCommits = ConstU32<64>;
	type MaxNeighbourhoods = ConstU16<1_000>;
	type AttemptsPerSeat = ConstU32<8>;
	type WeightInfo = pallet_sortition::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::SortitionBenchmarkCity;
}
