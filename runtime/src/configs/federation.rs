//! The federation: the council of the active cities' admins, the cities
//! with their offices, and the session that turns each city's validators
//! into the Aura and GRANDPA sets.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, Consideration, ConstU32, EitherOfDiverse, EnsureOrigin,
		MaybeConsideration,
	},
	weights::Weight,
	PalletId,
};
use frame_system::EnsureRoot;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{ConvertInto, OpaqueKeys},
	DispatchError, Perbill,
};

use super::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, Cities, Council, Historical, Offences, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Session, SessionKeys, CIV, DAYS,
	MINUTES,
};
use alloc::vec::Vec;

/// The federation council: the admins of the active cities.
pub type CouncilCollective = pallet_collective::Instance1;

/// A majority of the council: removes a single validator, disapproves and
/// kills motions. Root too, which only the `development` preset's sudo key
/// can reach.
pub type CouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// A council motion, yielding how many cities voted for it; root (the
/// `development` preset's sudo key) stands for all of them. pallet-cities
/// counts the ayes against two thirds of every member city that has not
/// left, suspended ones included, which the council (active cities only)
/// cannot see.
pub struct CouncilAyes;

impl EnsureOrigin<RuntimeOrigin> for CouncilAyes {
	type Success = u32;

	fn try_origin(o: RuntimeOrigin) -> Result<u32, RuntimeOrigin> {
		let o = match EnsureRoot::<AccountId>::try_origin(o) {
			Ok(()) => return Ok(u32::MAX),
			Err(o) => o,
		};
		match o.clone().into() {
			Ok(pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(ayes, _)) => {
				Ok(ayes)
			}
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

/// The fewest validators a multi-city federation keeps: GRANDPA finalises
/// while more than two thirds of the validators vote, so with four, one of
/// them offline does not stop finality. The `local_testnet` preset and
/// upgraded chains get it; the one-city `development` preset keeps one.
pub const MIN_VALIDATORS: u32 = 4;

/// The most cities active at once, and so the largest council.
pub const MAX_CITIES: u32 = 100;

/// The most motions one city may have open (proposed, deposit not yet
/// released with `council.release_proposal_cost`), whichever account was its
/// admin when it proposed them.
pub const MOTIONS_PER_CITY: u32 = 2;

parameter_types! {
	/// Held from the proposer for each motion, until the motion is closed and
	/// anyone calls `council.release_proposal_cost`.
	pub const MotionDeposit: Balance = 10 * CIV;
	pub const MotionHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
}

/// The deposit of one motion.
type MotionHold = HoldConsideration<
	AccountId,
	Balances,
	MotionHoldReason,
	pallet_collective::deposit::Constant<MotionDeposit>,
	u32,
>;

/// A motion's deposit and the slot it takes among its city's
/// [`MOTIONS_PER_CITY`] (counted by pallet-cities, so that handing the admin
/// role to a fresh account brings no fresh allowance). With at most
/// [`MAX_CITIES`] cities the open motions stay within `MaxProposals`: the
/// queue never fills, and a motion to disapprove another can always be
/// proposed.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CappedMotionDeposit {
	city: u32,
	deposit: MotionHold,
}

impl Consideration<AccountId, u32> for CappedMotionDeposit {
	fn new(who: &AccountId, open_motions: u32) -> Result<Self, DispatchError> {
		let city = Cities::open_motion(who)?;
		// A failed hold fails the whole `propose`, the slot taken above with it.
		let deposit = MotionHold::new(who, open_motions)?;
		Ok(Self { city, deposit })
	}

	fn update(self, who: &AccountId, open_motions: u32) -> Result<Self, DispatchError> {
		let deposit = self.deposit.update(who, open_motions)?;
		Ok(Self { city: self.city, deposit })
	}

	fn drop(self, who: &AccountId) -> Result<(), DispatchError> {
		self.deposit.drop(who)?;
		Cities::close_motion(self.city);
		Ok(())
	}

	fn burn(self, who: &AccountId) {
		self.deposit.burn(who);
		Cities::close_motion(self.city);
	}

	/// The collective's benchmarks propose from accounts that administer no
	/// city, up to `MaxProposals` times: `who` is made the admin of a
	/// benchmark city whose motion slots are free, so the cap is checked and
	/// counted as on a real motion.
	#[cfg(feature = "runtime-benchmarks")]
	fn ensure_successful(who: &AccountId, open_motions: u32) {
		let city = pallet_cities::CityOfAdmin::<Runtime>::get(who).unwrap_or(u32::MAX);
		pallet_cities::CityOfAdmin::<Runtime>::insert(who, city);
		pallet_cities::OpenMotions::<Runtime>::remove(city);
		MotionHold::ensure_successful(who, open_motions)
	}
}

impl MaybeConsideration<AccountId, u32> for CappedMotionDeposit {
	fn is_none(&self) -> bool {
		false
	}
}

/// The most motions open at once: every city's allowance.
pub const MAX_MOTIONS: u32 = MAX_CITIES * MOTIONS_PER_CITY;

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
	/// Room for every city's [`MOTIONS_PER_CITY`].
	type MaxProposals = ConstU32<MAX_MOTIONS>;
	type MaxMembers = ConstU32<MAX_CITIES>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	/// Nobody sets the members by hand: pallet-cities keeps them equal to the
	/// admins of the active cities.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	/// The collective's benchmarks set members as Root to build their state.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = CouncilMaxProposalWeight;
	type DisapproveOrigin = CouncilMajority;
	type KillOrigin = CouncilMajority;
	type Consideration = CappedMotionDeposit;
}

parameter_types! {
	pub const CitiesPalletId: PalletId = PalletId(*b"civ/city");
	/// The collective's own price for rewriting the largest council with a
	/// full motion queue: what a change of the council costs it.
	pub CouncilChangeWeight: Weight =
		<<Runtime as pallet_collective::Config<CouncilCollective>>::WeightInfo
			as pallet_collective::WeightInfo>::set_members(MAX_CITIES, MAX_CITIES, MAX_MOTIONS);
}

/// Hands a stall that two thirds of the member cities declared to GRANDPA,
/// as Root: the only origin `grandpa.note_stalled` accepts.
pub struct GrandpaStall;

impl pallet_cities::FinalityStall<BlockNumber> for GrandpaStall {
	fn note_stalled(
		delay: BlockNumber,
		best_finalized: BlockNumber,
	) -> frame_support::dispatch::DispatchResult {
		crate::Grandpa::note_stalled(RuntimeOrigin::root(), delay, best_finalized)
	}
}

impl pallet_cities::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FederationOrigin = CouncilMajority;
	type MotionOrigin = CouncilAyes;
	type CouncilMembers = Council;
	type FinalityStall = GrandpaStall;
	type ValidatorRegistration = Session;
	type ValidatorDisabling = SessionDisabling;
	type PalletId = CitiesPalletId;
	type MaxCities = ConstU32<MAX_CITIES>;
	type MaxNameLength = ConstU32<64>;
	type MaxOfficialsPerRole = ConstU32<16>;
	type MaxValidatorsPerCity = ConstU32<4>;
	/// Aura's and GRANDPA's `MaxAuthorities`: both always get the whole set.
	type MaxValidators = super::MaxAuthorities;
	type MaxMotionsPerCity = ConstU32<MOTIONS_PER_CITY>;
	type CouncilChangeWeight = CouncilChangeWeight;
	/// A session: long enough for the operators to restart their nodes'
	/// voters, short enough that set changes resume soon.
	type MaxStallDelay = SessionPeriod;
	type RejoinDelay = RejoinDelay;
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

/// How many past sessions an offence can still be proved for: six hours. The
/// historical sessions, GRANDPA's record of which set ran in which session
/// and the report's validity in the pool all keep this long.
pub const OFFENCE_WINDOW_SESSIONS: u32 = 6 * 60;

/// [`OFFENCE_WINDOW_SESSIONS`] in blocks.
pub const OFFENCE_WINDOW: BlockNumber = OFFENCE_WINDOW_SESSIONS * SESSION_PERIOD;

parameter_types! {
	/// Blocks an equivocation report stays valid in the pool.
	pub const OffenceReportLongevity: u64 = OFFENCE_WINDOW as u64;
	/// An expelled validator stays out as long as its offences can be
	/// proved, so that no offence of it is sanctioned twice: the window,
	/// and the two sessions it may still sign in after its expulsion.
	pub const RejoinDelay: BlockNumber = OFFENCE_WINDOW + 2 * SESSION_PERIOD;
}

/// The cities' validator sets for the historical sessions, whose roots the
/// key-ownership proofs are checked against. When the cities keep the set
/// but one of its validators set new keys, the set is handed on again:
/// pallet-session marks the session changed either way, and the root must
/// map the keys that will sign, not the replaced ones (which would otherwise
/// stay in every root copied forward, and let whoever holds a replaced key
/// have its former owner expelled).
pub struct CitiesWithKeys;

impl pallet_session::SessionManager<AccountId> for CitiesWithKeys {
	fn new_session(new_index: u32) -> Option<Vec<AccountId>> {
		<Cities as pallet_session::SessionManager<AccountId>>::new_session(new_index).or_else(
			|| {
				let queued = pallet_session::QueuedKeys::<Runtime>::get();
				let rekeyed = queued.iter().any(|(v, keys)| {
					pallet_session::NextKeys::<Runtime>::get(v).as_ref() != Some(keys)
				});
				if !rekeyed {
					return None;
				}
				// A validator that purged its keys is left out: counted in the
				// root without keys, it would make every proof of the session
				// fail its count. Never an empty set.
				let keyed: Vec<AccountId> = queued
					.into_iter()
					.map(|(v, _)| v)
					.filter(|v| pallet_session::NextKeys::<Runtime>::contains_key(v))
					.collect();
				(!keyed.is_empty()).then_some(keyed)
			},
		)
	}

	fn new_session_genesis(new_index: u32) -> Option<Vec<AccountId>> {
		<Cities as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
	}

	fn end_session(end_index: u32) {
		<Cities as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}

	fn start_session(start_index: u32) {
		<Cities as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
}

impl pallet_session::historical::SessionManager<AccountId, ()> for CitiesWithKeys {
	fn new_session(new_index: u32) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}

	fn new_session_genesis(new_index: u32) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}

	fn end_session(end_index: u32) {
		<Self as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}

	fn start_session(start_index: u32) {
		<Self as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
}

/// The cities plan each session's validators; pallet-session's historical
/// sessions keep the root of each set, for the last
/// [`OFFENCE_WINDOW_SESSIONS`], which key-ownership proofs are checked
/// against.
pub struct FederationSessions;

type WithHistory = pallet_session::historical::NoteHistoricalRoot<Runtime, CitiesWithKeys>;

impl pallet_session::SessionManager<AccountId> for FederationSessions {
	fn new_session(new_index: u32) -> Option<Vec<AccountId>> {
		if let Some(oldest_kept) = new_index.checked_sub(OFFENCE_WINDOW_SESSIONS) {
			Historical::prune_up_to(oldest_kept);
		}
		<WithHistory as pallet_session::SessionManager<AccountId>>::new_session(new_index)
	}

	fn new_session_genesis(new_index: u32) -> Option<Vec<AccountId>> {
		<WithHistory as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
	}

	fn end_session(end_index: u32) {
		<WithHistory as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}

	fn start_session(start_index: u32) {
		<WithHistory as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
}

/// Disables a validator through pallet-session, within its disabling limit:
/// at most (n - 1) / 3 of a set of n (rounded down: none of three or fewer)
/// are disabled at once, so offences alone never take Aura below two thirds
/// of its authors.
pub struct SessionDisabling;

impl pallet_cities::DisableValidator<AccountId> for SessionDisabling {
	fn disable(validator: &AccountId) -> bool {
		let Some(index) = Session::validator_id_to_index(validator) else {
			return false;
		};
		Session::report_offence(
			validator.clone(),
			sp_staking::offence::OffenceSeverity(Perbill::one()),
		);
		<Session as frame_support::traits::DisabledValidators>::is_disabled(index)
	}
}

/// Every validator is identified by its account alone: the historical
/// sessions record no more about it.
pub struct AccountOnly;

impl sp_runtime::traits::Convert<AccountId, Option<()>> for AccountOnly {
	fn convert(_: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = AccountOnly;
}

/// pallet-offences, refusing offences of validators already expelled: one
/// expulsion sanctions every offence of its window, so further reports
/// (which a validator can make by signing double votes for any round, each
/// a new offence, each report free) are stale in the pool, and a signed one
/// fails and pays its fee.
pub struct OncePerExpulsion;

type OffenderOf = pallet_session::historical::IdentificationTuple<Runtime>;

impl<O: sp_staking::offence::Offence<OffenderOf>>
	sp_staking::offence::ReportOffence<AccountId, OffenderOf, O> for OncePerExpulsion
{
	fn report_offence(
		reporters: Vec<AccountId>,
		offence: O,
	) -> Result<(), sp_staking::offence::OffenceError> {
		if offence.offenders().iter().all(|(who, _)| Cities::recently_expelled(who)) {
			return Err(sp_staking::offence::OffenceError::DuplicateReport);
		}
		<Offences as sp_staking::offence::ReportOffence<_, _, O>>::report_offence(
			reporters, offence,
		)
	}

	fn is_known_offence(offenders: &[OffenderOf], time_slot: &O::Slot) -> bool {
		offenders.iter().all(|(who, _)| Cities::recently_expelled(who))
			|| <Offences as sp_staking::offence::ReportOffence<AccountId, _, O>>::is_known_offence(
				offenders, time_slot,
			)
	}
}

/// Turns the historical sessions on for a chain upgraded from a runtime
/// without them: the next session plans the validator set again, which stores
/// its first root and starts a GRANDPA set whose sessions are recorded, so
/// offences in it can be proved. Until then reports fail. A no-op (one read)
/// once a root is stored.
pub struct StartHistoricalSessions;

impl frame_support::traits::OnRuntimeUpgrade for StartHistoricalSessions {
	fn on_runtime_upgrade() -> Weight {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		if pallet_session::historical::HistoricalSessions::<Runtime>::iter_keys().next().is_some() {
			return db.reads(1);
		}
		pallet_cities::ValidatorSetChanged::<Runtime>::put(true);
		db.reads_writes(1, 1)
	}
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Cities;
}

/// Where GRANDPA's equivocation reports go.
pub type OffenceReports = OncePerExpulsion;

/// GRANDPA credits an unsigned equivocation report to the author of the block
/// that carries it.
impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, crate::Aura>;
	type EventHandler = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = FederationSessions;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// An offender is disabled unless a third of the set already is.
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}
