//! The federation: the council of the active cities' admins, the cities
//! with their offices, and the session that turns each city's validators
//! into the Aura and GRANDPA sets.

use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureNever, EnsureRoot};
use sp_runtime::{
	traits::{ConvertInto, OpaqueKeys},
	Perbill,
};

use super::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, Cities, Council, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, Session, SessionKeys, CIV, DAYS, MINUTES,
};

/// The federation council: the admins of the active cities.
pub type CouncilCollective = pallet_collective::Instance1;

/// A majority of the council: admits, suspends and reinstates cities. Root
/// too, which only the `development` preset's sudo key can reach.
pub type CouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// Two thirds of the council: authorises runtime upgrades.
pub type CouncilTwoThirds = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// The most cities active at once, and so the largest council.
pub const MAX_CITIES: u32 = 100;

parameter_types! {
	pub const CouncilMotionDuration: BlockNumber = 5 * DAYS;
	pub CouncilMaxProposalWeight: Weight = Perbill::from_percent(50) *
		RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_CITIES>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Nobody sets the members by hand: pallet-cities keeps them equal to the
	/// admins of the active cities.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = CouncilMaxProposalWeight;
	type DisapproveOrigin = CouncilMajority;
	type KillOrigin = CouncilMajority;
	/// Only members propose, so proposals need no deposit.
	type Consideration = ();
}

parameter_types! {
	pub const CitiesPalletId: PalletId = PalletId(*b"civ/city");
}

impl pallet_cities::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FederationOrigin = CouncilMajority;
	type UpgradeOrigin = CouncilTwoThirds;
	type CouncilMembers = Council;
	type ValidatorRegistration = Session;
	type PalletId = CitiesPalletId;
	type MaxCities = ConstU32<MAX_CITIES>;
	type MaxNameLength = ConstU32<64>;
	type MaxOfficialsPerRole = ConstU32<16>;
	type MaxValidatorsPerCity = ConstU32<4>;
	/// GRANDPA finalises with any non-empty set; one validator down stalls
	/// finality unless more than two thirds remain, which a federation gets
	/// from four validators on. Cities keep that many by agreement; the
	/// runtime only refuses to empty the set.
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_cities::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::CitiesBenchmarkKeys;
}

/// Sessions last one minute (ten blocks). A validator set change takes effect
/// at the start of the session after the one in which it was made, so within
/// two minutes: a city's new validator joins, or a suspended city's leaves,
/// quickly. A rotation costs little, but a federation that wants fewer GRANDPA
/// set changes may lengthen sessions by runtime upgrade.
pub const SESSION_PERIOD: BlockNumber = MINUTES;

parameter_types! {
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	pub const SessionOffset: BlockNumber = 0;
	/// Held while an account has session keys set.
	pub const SessionKeyDeposit: Balance = CIV;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = Cities;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}
