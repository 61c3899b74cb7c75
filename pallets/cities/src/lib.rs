//! # Cities pallet
//!
//! The federation of cities that runs a Civitas chain: which cities take part,
//! who speaks for each of them, who holds which city office, and which
//! validators each city operates.
//!
//! ## Overview
//!
//! Cities join the chain by vote of the cities already in it. Each city has an
//! *admin* account (its own council or multisig), which
//!
//! - sits on the *federation council* while the city is active: the council
//!   admits and reinstates cities and authorises runtime upgrades;
//! - appoints and dismisses the city's *officials* (Treasurer, Registrar,
//!   Procurement officer, Auditor), who act for that one city only;
//! - invites the city's *validators*, who accept with their own signature.
//!   The chain's validator set is the union of the validators of the active
//!   cities, and changes at session boundaries.
//!
//! No majority can act against one city at once. Suspending a city or
//! replacing its admin is a *proceeding*: it carries at two thirds of the
//! member cities other than the affected one, suspended members included, and
//! takes effect only after a notice period in which the city may publish its
//! response and two thirds may cancel it. Runtime upgrades need two thirds of
//! all member cities and wait out an enactment delay before their code can be
//! applied.
//!
//! Other Civitas pallets never read this pallet's storage: they check their
//! callers through [`civitas_primitives::CityOffices`], which this pallet
//! implements and the runtime wires.
//!
//! ### Terminology
//!
//! - **City**: a participant of the federation, known by a [`CityId`]
//!   assigned at admission, with a unique name and a treasury account derived
//!   from this pallet's id and the city id.
//! - **Status**: `Active` (takes part), `Suspended` (by a proceeding: off the
//!   council, validators out at the next session, officials cannot act, but
//!   still a member that votes in proceedings) or `Left` (for good; the
//!   record stays for the audit trail).
//! - **Member city**: a city that has not left. [`MemberCount`] of them are
//!   the electorate of every two-thirds rule.
//! - **Federation council**: a collective whose members are the admins of the
//!   active cities. This pallet keeps it in sync through
//!   [`Config::CouncilMembers`].
//! - **Proceeding**: a [`CityAction`] against one city, with the member
//!   cities supporting it, the block it takes effect ([`Periods`] notice after
//!   it carried) and the city's response.
//! - **Office**: a [`CityRole`] an official holds in one city. At most
//!   [`Config::MaxOfficialsPerRole`] accounts per role and city.
//! - **Validator**: an account that has set its session keys (Aura and
//!   GRANDPA) in pallet-session and accepted a city's invitation. A city has
//!   at most [`Config::MaxValidatorsPerCity`], the active cities together at
//!   most [`Config::MaxValidators`]; an account validates for one city. No
//!   change may leave fewer than [`MinValidators`] validators among the
//!   active cities (four on the multi-city presets: GRANDPA then finalises
//!   with one of them offline).
//! - **Expulsion**: what an offence reported through pallet-offences (a
//!   GRANDPA equivocation) brings: the validator is disabled at once,
//!   through [`Config::ValidatorDisabling`], and taken off its city, so the
//!   next session planned no longer holds it; the minimum does not protect
//!   it. See [`ExpelledValidators`].
//!
//! ### Example
//!
//! 1. The council votes `admit_city("Tartu", tartu_council)`: city 3 is
//!    active, `tartu_council` joins the federation council.
//! 2. Tartu's validator operator calls `session.set_keys` from account `v`;
//!    `tartu_council` calls `invite_validator(3, v)` and `v` calls
//!    `accept_validator(3)`. From the session after next, `v` authors blocks
//!    and votes in GRANDPA.
//! 3. `tartu_council` calls `appoint(3, Treasurer, t)`: `t` can now record
//!    Tartu's receipts, and only Tartu's.
//! 4. Another city opens `open_proceeding(3, Suspend)`; once two thirds of the
//!    other member cities voted for it, the notice runs; Tartu answers with
//!    `respond_to_proceeding(id, hash)`. After the notice anyone calls
//!    `enact_proceeding(id)`: `tartu_council` leaves the council, `v` leaves
//!    the validator set at the next session, `t` can no longer act.
//!
//! ## Calls
//!
//! - Federation (council majority): [`Pallet::admit_city`],
//!   [`Pallet::reinstate_city`], [`Pallet::remove_validator`].
//! - Federation (a council motion backed by two thirds of the member cities):
//!   [`Pallet::authorize_upgrade`], [`Pallet::cancel_upgrade`],
//!   [`Pallet::note_stalled`].
//! - Due process (member cities' admins): [`Pallet::open_proceeding`],
//!   [`Pallet::vote_proceeding`], [`Pallet::respond_to_proceeding`],
//!   [`Pallet::withdraw_proceeding`]; anyone: [`Pallet::enact_proceeding`].
//! - City admin: [`Pallet::leave_federation`], [`Pallet::set_admin`],
//!   [`Pallet::appoint`], [`Pallet::dismiss`], [`Pallet::invite_validator`],
//!   [`Pallet::deregister_validator`].
//! - Validator operator: [`Pallet::accept_validator`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use civitas_primitives::{CityId, CityRole, CityStatus};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// What the federation tells the finality gadget when finality has stalled:
/// GRANDPA's `note_stalled`, which schedules a forced change of the authority
/// set to the current one after `delay` blocks, counted from
/// `best_finalized`. GRANDPA accepts it from Root only, which a chain without
/// sudo never has: the runtime passes it on for this pallet.
pub trait FinalityStall<BlockNumber> {
	/// Schedules the forced authority set change.
	fn note_stalled(
		delay: BlockNumber,
		best_finalized: BlockNumber,
	) -> frame_support::dispatch::DispatchResult;
}

impl<BlockNumber> FinalityStall<BlockNumber> for () {
	fn note_stalled(_: BlockNumber, _: BlockNumber) -> frame_support::dispatch::DispatchResult {
		Ok(())
	}
}

/// Takes a validator out of block production for the rest of the current
/// session (pallet-session's disabled validators, which Aura refuses to
/// accept blocks from).
pub trait DisableValidator<AccountId> {
	/// Disables `validator` if it is in the current session's set; whether it
	/// is disabled now.
	fn disable(validator: &AccountId) -> bool;
}

impl<AccountId> DisableValidator<AccountId> for () {
	fn disable(_: &AccountId) -> bool {
		false
	}
}

/// Prepares state the benchmarks cannot create through this pallet's calls.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `validator` pass [`Config::ValidatorRegistration`] (sets its
	/// session keys).
	fn register_session_keys(validator: &AccountId);
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn register_session_keys(_: &AccountId) {}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{string::String, vec::Vec};
	use frame_support::{
		pallet_prelude::*,
		traits::{ChangeMembers, ValidatorRegistration},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{One, StaticLookup, Zero};

	/// The pallet's storage layout version.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// An account given by index or address in a call.
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	/// A proceeding, as stored.
	pub type ProceedingOf<T> = Proceeding<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as frame_system::Config>::Hash,
		<T as Config>::MaxCities,
	>;

	/// The record of a city, as stored.
	pub type CityInfoOf<T> = CityInfo<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxNameLength,
	>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Removes a single validator: a majority of the federation council.
		/// Actions against a city never pass through it: they need a
		/// [`Proceeding`].
		type FederationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// A council motion, which yields the number of member cities that
		/// voted for it (`u32::MAX` for an origin that stands for all of
		/// them). Admissions, reinstatements, upgrades and stall declarations
		/// pass only with two thirds of the member cities that have not left,
		/// so that no majority can admit its way to two thirds.
		type MotionOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = u32>;

		/// The most council motions one city may have open (deposits held,
		/// whichever account was its admin when it proposed them).
		#[pallet::constant]
		type MaxMotionsPerCity: Get<u32>;

		/// What rewriting the council costs the collective (its
		/// `set_members` at the largest council and a full motion queue):
		/// charged by every call that changes the council.
		#[pallet::constant]
		type CouncilChangeWeight: Get<Weight>;

		/// The longest delay a stall declaration may give GRANDPA before it
		/// forces the authority set.
		#[pallet::constant]
		type MaxStallDelay: Get<BlockNumberFor<Self>>;

		/// How long an expelled validator stays out: no city may take it
		/// back, and no further offence of it is acted on (its older
		/// offences can be proved as long as this, and one expulsion is
		/// their sanction).
		#[pallet::constant]
		type RejoinDelay: Get<BlockNumberFor<Self>>;

		/// The federation council, kept equal to the admins of the active
		/// cities.
		type CouncilMembers: ChangeMembers<Self::AccountId>;

		/// Resumes a stalled finality gadget.
		type FinalityStall: FinalityStall<BlockNumberFor<Self>>;

		/// Tells whether an account has set its session keys.
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// Disables a validator reported for an offence until it has left the
		/// set.
		type ValidatorDisabling: DisableValidator<Self::AccountId>;

		/// Derives each city's treasury account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most cities that may be active at once; also bounds the council.
		#[pallet::constant]
		type MaxCities: Get<u32>;

		/// The longest city name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The most accounts holding one office in one city.
		#[pallet::constant]
		type MaxOfficialsPerRole: Get<u32>;

		/// The most validators one city may register.
		#[pallet::constant]
		type MaxValidatorsPerCity: Get<u32>;

		/// The most validators the active cities may have between them: at
		/// most the `MaxAuthorities` of Aura and GRANDPA, so that both always
		/// receive the same whole set.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Prepares benchmark state.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next admitted city receives.
	#[pallet::storage]
	pub type NextCityId<T> = StorageValue<_, CityId, ValueQuery>;

	/// Every city ever admitted, by id. Cities that left keep their record.
	#[pallet::storage]
	pub type Cities<T: Config> = StorageMap<_, Twox64Concat, CityId, CityInfoOf<T>>;

	/// The active cities, in order of admission: their admins are the council.
	#[pallet::storage]
	pub type ActiveCities<T: Config> =
		StorageValue<_, BoundedVec<CityId, T::MaxCities>, ValueQuery>;

	/// The city each name belongs to, among cities that have not left.
	#[pallet::storage]
	pub type CityByName<T: Config> =
		StorageMap<_, Blake2_128Concat, CityName<T::MaxNameLength>, CityId>;

	/// The city an account is admin of. An account speaks for one city at most.
	#[pallet::storage]
	pub type CityOfAdmin<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CityId>;

	/// The officials of each city, by office.
	#[pallet::storage]
	pub type Offices<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CityId,
		Twox64Concat,
		CityRole,
		BoundedVec<T::AccountId, T::MaxOfficialsPerRole>,
		ValueQuery,
	>;

	/// The validators each city registered.
	#[pallet::storage]
	pub type CityValidators<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CityId,
		BoundedVec<T::AccountId, T::MaxValidatorsPerCity>,
		ValueQuery,
	>;

	/// The city each validator validates for.
	#[pallet::storage]
	pub type CityOfValidator<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CityId>;

	/// Set when the validators of the active cities changed since the last
	/// validator set was planned; cleared when a new one is planned.
	#[pallet::storage]
	pub type ValidatorSetChanged<T> = StorageValue<_, bool, ValueQuery>;

	/// How many cities are members (active or suspended, not left): the
	/// electorate that two-thirds majorities are counted over.
	#[pallet::storage]
	pub type MemberCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The fewest validators the active cities must keep between them; a
	/// change that would go below is refused. Set at genesis.
	#[pallet::storage]
	pub type MinValidators<T> = StorageValue<_, u32, ValueQuery>;

	/// The notice period of proceedings and the enactment delay of upgrades.
	#[pallet::storage]
	pub type Periods<T: Config> = StorageValue<_, FederationPeriods<BlockNumberFor<T>>, ValueQuery>;

	/// The number the next proceeding receives.
	#[pallet::storage]
	pub type NextProceedingId<T> = StorageValue<_, ProceedingId, ValueQuery>;

	/// Open proceedings against cities, by number. Closed ones are removed;
	/// their story is in the events.
	#[pallet::storage]
	pub type Proceedings<T: Config> = StorageMap<_, Twox64Concat, ProceedingId, ProceedingOf<T>>;

	/// The open proceeding each member city opened: one at a time, so open
	/// proceedings never outnumber member cities.
	#[pallet::storage]
	pub type ProceedingOpenedBy<T: Config> = StorageMap<_, Twox64Concat, CityId, ProceedingId>;

	/// The runtime upgrade the council authorised, until its delay ends.
	#[pallet::storage]
	pub type PendingUpgrade<T: Config> =
		StorageValue<_, ScheduledUpgrade<T::Hash, BlockNumberFor<T>>>;

	/// The council motions each city has open (their deposits still held).
	#[pallet::storage]
	pub type OpenMotions<T> = StorageMap<_, Twox64Concat, CityId, u32, ValueQuery>;

	/// Accounts a city invited to validate for it, waiting for their consent.
	#[pallet::storage]
	pub type ValidatorInvitations<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CityId,
		BoundedVec<T::AccountId, T::MaxValidatorsPerCity>,
		ValueQuery,
	>;

	/// Validators expelled for an offence that are still in the current
	/// session's set: each session start disables them again, until the
	/// session that no longer holds them. Never more than the set itself.
	#[pallet::storage]
	pub type ExpelledValidators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The block each validator was last expelled at. An entry is removed when
	/// the account validates for a city again; one is kept per offender
	/// that never does (each was a validator when it offended).
	#[pallet::storage]
	pub type ExpelledAt<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The founding cities, in id order from 0: name, admin, validators.
		/// Validators must also get session keys in pallet-session's genesis.
		pub cities: Vec<(String, T::AccountId, Vec<T::AccountId>)>,
		/// Officials appointed at genesis: city, office, account.
		pub officials: Vec<(CityId, CityRole, T::AccountId)>,
		/// Blocks of notice before a carried proceeding takes effect; not zero.
		pub notice_period: BlockNumberFor<T>,
		/// Blocks between an authorised upgrade and its release; not zero.
		pub upgrade_delay: BlockNumberFor<T>,
		/// The fewest validators the active cities must keep; the founding
		/// cities must bring at least that many.
		pub min_validators: u32,
	}

	/// No cities, and periods of one block: every preset sets its own.
	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				cities: Vec::new(),
				officials: Vec::new(),
				notice_period: One::one(),
				upgrade_delay: One::one(),
				min_validators: 1,
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A genesis that breaks the pallet's rules must not start a chain:
			// stop with the offending entry and the error it caused.
			let periods =
				FederationPeriods { notice: self.notice_period, upgrade_delay: self.upgrade_delay };
			assert!(
				!periods.notice.is_zero() && !periods.upgrade_delay.is_zero(),
				"genesis periods must not be zero: {periods:?}"
			);
			Periods::<T>::put(periods);
			let old_council = Pallet::<T>::council();
			for (name, admin, validators) in &self.cities {
				let city = Pallet::<T>::do_admit(name.as_bytes().to_vec(), admin.clone())
					.unwrap_or_else(|e| panic!("genesis city {name:?} refused: {e:?}"));
				for validator in validators {
					if let Err(e) = Pallet::<T>::add_validator(city, validator.clone()) {
						panic!("genesis validator {validator:?} of {name:?} refused: {e:?}");
					}
				}
			}
			for (city, role, who) in &self.officials {
				if let Err(e) = Pallet::<T>::add_official(*city, *role, who.clone()) {
					panic!("genesis official {who:?} ({role:?} of city {city}) refused: {e:?}");
				}
			}
			let validators = Pallet::<T>::active_validator_count();
			let min = self.min_validators;
			assert!(
				(1..=T::MaxValidators::get()).contains(&min) &&
					(self.cities.is_empty() || validators >= min),
				"genesis needs at least min_validators ({min}, at least 1) validators, has {validators}"
			);
			MinValidators::<T>::put(min);
			Pallet::<T>::sync_council(&old_council);
		}
	}

	// New events go at the end: the index of every earlier one is what
	// indexers and the events of past blocks decode by.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The council admitted a city.
		CityAdmitted {
			city: CityId,
			name: CityName<T::MaxNameLength>,
			admin: T::AccountId,
			treasury: T::AccountId,
		},
		/// A proceeding suspended a city.
		CitySuspended { city: CityId },
		/// The council reinstated a suspended city.
		CityReinstated { city: CityId },
		/// A city left the federation for good.
		CityLeft { city: CityId },
		/// A city's admin account changed.
		AdminChanged { city: CityId, old: T::AccountId, new: T::AccountId },
		/// A city admin appointed an official.
		OfficialAppointed { city: CityId, role: CityRole, who: T::AccountId },
		/// A city admin dismissed an official.
		OfficialDismissed { city: CityId, role: CityRole, who: T::AccountId },
		/// An account accepted a city's invitation and validates for it.
		ValidatorRegistered { city: CityId, validator: T::AccountId },
		/// A city deregistered a validator.
		ValidatorDeregistered { city: CityId, validator: T::AccountId },
		/// A new validator set was handed to pallet-session; it takes effect at
		/// the start of `session`.
		ValidatorSetPlanned { session: u32, validators: u32 },
		/// No validator of the active cities has session keys, so the current
		/// set stays.
		ValidatorSetKept { session: u32, validators_with_keys: u32 },
		/// A scheduled upgrade's delay ended: anyone may now submit the code
		/// with `system.apply_authorized_upgrade`.
		RuntimeUpgradeAuthorized { code_hash: T::Hash },
		/// A member city opened a proceeding against another city.
		ProceedingOpened {
			proceeding: ProceedingId,
			city: CityId,
			action: CityAction<T::AccountId>,
			opened_by: CityId,
		},
		/// A member city voted on a proceeding: for it before it carried,
		/// for cancelling it (`aye == false`) after.
		ProceedingVoted { proceeding: ProceedingId, voter: CityId, aye: bool },
		/// Two thirds of the member cities other than the affected one support
		/// the proceeding: it takes effect from block `effective_at` on.
		ProceedingCarried { proceeding: ProceedingId, effective_at: BlockNumberFor<T> },
		/// The affected city published its response (the hash of a document).
		ProceedingAnswered { proceeding: ProceedingId, document: T::Hash },
		/// Two thirds of the member cities cancelled a carried proceeding
		/// during its notice.
		ProceedingCancelled { proceeding: ProceedingId },
		/// The proceeding was withdrawn before it carried, or closed because
		/// it lapsed.
		ProceedingWithdrawn { proceeding: ProceedingId },
		/// The notice ended and the action took effect.
		ProceedingEnacted { proceeding: ProceedingId },
		/// A city invited an account to validate for it; the account must
		/// accept with its own signature.
		ValidatorInvited { city: CityId, validator: T::AccountId },
		/// A city withdrew an invitation nobody accepted.
		ValidatorInvitationWithdrawn { city: CityId, validator: T::AccountId },
		/// Two thirds of the member cities authorised a runtime upgrade; its
		/// code may be applied from block `enact_at` on.
		RuntimeUpgradeScheduled { code_hash: T::Hash, enact_at: BlockNumberFor<T>, ayes: u32 },
		/// Two thirds of the member cities cancelled a scheduled upgrade.
		RuntimeUpgradeCancelled { code_hash: T::Hash },
		/// Two thirds of the member cities declared finality stalled: the
		/// authority set is forced to itself `delay` blocks after
		/// `best_finalized`, so GRANDPA starts again.
		FinalityStallNoted { delay: BlockNumberFor<T>, best_finalized: BlockNumberFor<T> },
		/// The council removed one of a city's validators.
		ValidatorRemoved { city: CityId, validator: T::AccountId },
		/// A validator was reported for an offence committed in `session`
		/// (a GRANDPA equivocation): it is disabled now if it is in the
		/// current set (`disabled`), and taken off its city (`city`, if it
		/// still had one), so that it leaves the set at the next session
		/// planned. The federation's minimum does not hold it in the set.
		ValidatorExpelled {
			validator: T::AccountId,
			city: Option<CityId>,
			session: u32,
			disabled: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No city has this id.
		UnknownCity,
		/// The city is suspended or has left.
		CityNotActive,
		/// The city is not suspended.
		CityNotSuspended,
		/// The city has left the federation.
		CityHasLeft,
		/// The city name is empty.
		EmptyName,
		/// The city name is longer than `MaxNameLength` bytes.
		NameTooLong,
		/// Another city that has not left bears this name.
		DuplicateName,
		/// The account is already the admin of a city that has not left.
		AdminAlreadyServes,
		/// The caller is not the city's admin.
		NotCityAdmin,
		/// `MaxCities` cities are already active.
		TooManyCities,
		/// No more city ids.
		CityIdOverflow,
		/// The account already holds this office in this city.
		AlreadyHoldsOffice,
		/// The account holds an office of the city incompatible with this
		/// one: the Auditor may not be a Treasurer, a procurement officer or
		/// the city's admin.
		IncompatibleOffices,
		/// The office already has `MaxOfficialsPerRole` holders in this city.
		TooManyOfficials,
		/// The account does not hold this office in this city.
		NotAnOfficial,
		/// The account is already a validator of a city.
		ValidatorAlreadyRegistered,
		/// The city already has `MaxValidatorsPerCity` validators.
		TooManyValidators,
		/// The account has not set its session keys in pallet-session.
		NoSessionKeys,
		/// The account is not a validator of this city.
		NotCityValidator,
		/// The change would leave fewer than `MinValidators` validators among
		/// the active cities.
		TooFewValidators,
		/// The change would leave no active city, and so no council.
		LastActiveCity,
		/// The active cities would have more than `MaxValidators` validators.
		TooManyFederationValidators,
		/// The city has not invited this account to validate for it.
		NotInvited,
		/// The city already invited this account.
		AlreadyInvited,
		/// The city already has `MaxValidatorsPerCity` open invitations.
		TooManyInvitations,
		/// No open proceeding has this number.
		UnknownProceeding,
		/// A city cannot open a proceeding against itself, nor vote on one
		/// against it: its seat does not count.
		AffectedCityCannotVote,
		/// The city already has an open proceeding it opened.
		ProceedingAlreadyOpen,
		/// The city already voted this way on this proceeding.
		AlreadyVoted,
		/// The city has no vote to withdraw on this proceeding.
		NotVoted,
		/// The proceeding has not carried: two thirds do not yet support it.
		ProceedingNotCarried,
		/// The proceeding has carried and can only be cancelled by two thirds.
		ProceedingAlreadyCarried,
		/// The notice period has not ended.
		NoticeNotElapsed,
		/// The caller may not withdraw this proceeding: it is not the opener's
		/// admin, and the proceeding has not lapsed (its opener left, or its
		/// action can no longer be taken).
		NotProceedingOpener,
		/// Fewer than two thirds of the member cities voted for it.
		InsufficientSupport,
		/// An upgrade is already scheduled; cancel it first.
		UpgradeAlreadyScheduled,
		/// No upgrade is scheduled.
		NoScheduledUpgrade,
		/// The proposer's city already has `MaxMotionsPerCity` council motions
		/// open; closed ones free their slot when their deposit is released.
		TooManyMotions,
		/// A stall declaration's delay is longer than `MaxStallDelay`, or its
		/// best finalised block is in the future.
		InvalidStall,
		/// The council may not remove a city's last validator: the city would
		/// have no say in block production.
		LastCityValidator,
		/// The proceeding carried but was not enacted within the notice period
		/// after it took effect: it lapsed.
		ProceedingExpired,
		/// The account was expelled for an offence less than `RejoinDelay`
		/// ago: no city may take it back yet.
		RecentlyExpelled,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit a city to the federation under the next free id.
		///
		/// Origin: [`Config::MotionOrigin`], supported by two thirds of the
		/// member cities. The city is active at once: `admin` joins the
		/// council and may appoint officials and invite validators.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit_city().saturating_add(T::CouncilChangeWeight::get()))]
		pub fn admit_city(
			origin: OriginFor<T>,
			name: Vec<u8>,
			admin: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let ayes = T::MotionOrigin::ensure_origin(origin)?;
			Self::ensure_two_thirds_of_members(ayes, MemberCount::<T>::get())?;
			let admin = T::Lookup::lookup(admin)?;
			let old_council = Self::council();
			Self::do_admit(name, admin)?;
			Self::sync_council(&old_council);
			Ok(())
		}

		/// Reinstate a suspended city, with its admin, officials and
		/// validators as they were.
		///
		/// Origin: [`Config::MotionOrigin`], supported by two thirds of the
		/// member cities other than the suspended one, as its suspension was.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_city().saturating_add(T::CouncilChangeWeight::get()))]
		pub fn reinstate_city(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			let ayes = T::MotionOrigin::ensure_origin(origin)?;
			let others = MemberCount::<T>::get().saturating_sub(1);
			Self::ensure_two_thirds_of_members(ayes, others)?;
			Self::do_reinstate(city)
		}

		/// Leave the federation for good. Offices and validators are cleared;
		/// the city's record stays.
		///
		/// Origin: signed by the city's admin, active or suspended.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::leave_federation().saturating_add(T::CouncilChangeWeight::get()))]
		pub fn leave_federation(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_admin_of(&who, city)?;
			Self::do_leave(city)
		}

		/// Hand the city's admin role to another account, which takes the
		/// city's council seat. The federation can replace an admin only
		/// through a proceeding ([`CityAction::ReplaceAdmin`]).
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_admin().saturating_add(T::CouncilChangeWeight::get()))]
		pub fn set_admin(
			origin: OriginFor<T>,
			city: CityId,
			new_admin: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_admin_of(&who, city)?;
			let new_admin = T::Lookup::lookup(new_admin)?;
			ensure!(
				!Offices::<T>::get(city, CityRole::Auditor).contains(&new_admin),
				Error::<T>::IncompatibleOffices
			);
			Self::do_set_admin(city, new_admin)
		}

		/// Appoint `who` to `role` in an active city.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::appoint())]
		pub fn appoint(
			origin: OriginFor<T>,
			city: CityId,
			role: CityRole,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			Self::ensure_active(city)?;
			let who = T::Lookup::lookup(who)?;
			Self::add_official(city, role, who.clone())?;
			Self::deposit_event(Event::OfficialAppointed { city, role, who });
			Ok(())
		}

		/// Dismiss `who` from `role`. Also works while the city is suspended.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::dismiss())]
		pub fn dismiss(
			origin: OriginFor<T>,
			city: CityId,
			role: CityRole,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			let who = T::Lookup::lookup(who)?;
			Self::remove_official(city, role, &who)?;
			Self::deposit_event(Event::OfficialDismissed { city, role, who });
			Ok(())
		}

		/// Invite an account to validate for an active city. It becomes the
		/// city's validator only when it accepts with its own signature
		/// ([`Pallet::accept_validator`]), so no city can claim an operator
		/// that did not agree.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::invite_validator())]
		pub fn invite_validator(
			origin: OriginFor<T>,
			city: CityId,
			validator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			Self::ensure_active(city)?;
			let validator = T::Lookup::lookup(validator)?;
			Self::do_invite_validator(city, validator)
		}

		/// Deregister one of the city's validators (it leaves the validator
		/// set at the session after next), or withdraw an invitation it has
		/// not accepted.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::deregister_validator())]
		pub fn deregister_validator(
			origin: OriginFor<T>,
			city: CityId,
			validator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			let validator = T::Lookup::lookup(validator)?;
			if Self::withdraw_invitation(city, &validator) {
				Self::deposit_event(Event::ValidatorInvitationWithdrawn { city, validator });
				return Ok(());
			}
			Self::remove_validator_of(city, &validator)?;
			Self::deposit_event(Event::ValidatorDeregistered { city, validator });
			Ok(())
		}

		/// Schedule a runtime upgrade to the code with `code_hash`. After the
		/// enactment delay ([`Periods`]) anyone may submit that code with
		/// `system.apply_authorized_upgrade`; until then every operator sees
		/// it in [`PendingUpgrade`] and two thirds may cancel it.
		///
		/// Origin: [`Config::MotionOrigin`], supported by two thirds of the
		/// member cities that have not left (suspended ones included).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			let ayes = T::MotionOrigin::ensure_origin(origin)?;
			Self::do_schedule_upgrade(code_hash, ayes)
		}

		/// Open a proceeding against another city: suspend it or replace its
		/// admin. The opener's city votes for it; it carries at two thirds of
		/// the member cities other than the affected one, and takes effect
		/// after the notice period.
		///
		/// Origin: signed by the admin of a member city (active or suspended)
		/// with no other open proceeding of its own.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::open_proceeding())]
		pub fn open_proceeding(
			origin: OriginFor<T>,
			city: CityId,
			action: CityAction<AccountIdLookupOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let opener = Self::member_city_of(&who)?;
			let action = match action {
				CityAction::Suspend => CityAction::Suspend,
				CityAction::ReplaceAdmin { new_admin } => {
					CityAction::ReplaceAdmin { new_admin: T::Lookup::lookup(new_admin)? }
				}
			};
			Self::do_open_proceeding(opener, city, action)
		}

		/// Vote on a proceeding. Before it carried, `aye` supports it and
		/// `false` withdraws support; once it carried, `false` asks to cancel
		/// it and `aye` withdraws that request.
		///
		/// Origin: signed by the admin of a member city other than the
		/// affected one.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::vote_proceeding())]
		pub fn vote_proceeding(
			origin: OriginFor<T>,
			proceeding: ProceedingId,
			aye: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let voter = Self::member_city_of(&who)?;
			Self::do_vote_proceeding(proceeding, voter, aye)
		}

		/// Publish the affected city's response to a proceeding: the hash of
		/// a document stored elsewhere. May be given again to replace it.
		///
		/// Origin: signed by the affected city's admin.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::respond_to_proceeding())]
		pub fn respond_to_proceeding(
			origin: OriginFor<T>,
			proceeding: ProceedingId,
			document: T::Hash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_respond(proceeding, &who, document)
		}

		/// Carry out a proceeding whose notice has ended, if two thirds of
		/// the member cities other than the affected one still support it.
		///
		/// Origin: signed, by anyone.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::enact_proceeding().saturating_add(T::CouncilChangeWeight::get()))]
		pub fn enact_proceeding(origin: OriginFor<T>, proceeding: ProceedingId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_enact_proceeding(proceeding)
		}

		/// Withdraw a proceeding that has not carried (its opener's admin),
		/// or close one that lapsed (anyone): its opener left, or its action
		/// can no longer be taken.
		///
		/// Origin: signed.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::withdraw_proceeding())]
		pub fn withdraw_proceeding(
			origin: OriginFor<T>,
			proceeding: ProceedingId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_proceeding(proceeding, &who)
		}

		/// Cancel the scheduled runtime upgrade before its delay ends.
		///
		/// Origin: [`Config::MotionOrigin`], supported by two thirds of the
		/// member cities that have not left.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::cancel_upgrade())]
		pub fn cancel_upgrade(origin: OriginFor<T>) -> DispatchResult {
			let ayes = T::MotionOrigin::ensure_origin(origin)?;
			Self::do_cancel_upgrade(ayes)
		}

		/// Remove one validator of a city from the validator set (it leaves
		/// at the session after next) without suspending the city: for a
		/// validator that misbehaves or is compromised. The city may invite a
		/// replacement; no removal leaves fewer than [`MinValidators`], nor
		/// takes a city's last validator.
		///
		/// Origin: [`Config::FederationOrigin`] (a council majority).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(
			origin: OriginFor<T>,
			city: CityId,
			validator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::FederationOrigin::ensure_origin(origin)?;
			let validator = T::Lookup::lookup(validator)?;
			ensure!(
				CityOfValidator::<T>::get(&validator) == Some(city),
				Error::<T>::NotCityValidator
			);
			ensure!(
				CityValidators::<T>::decode_len(city).unwrap_or(0) > 1,
				Error::<T>::LastCityValidator
			);
			Self::remove_validator_of(city, &validator)?;
			Self::deposit_event(Event::ValidatorRemoved { city, validator });
			Ok(())
		}

		/// Declare finality stalled: GRANDPA will force its authority set to
		/// itself `delay` blocks after `best_finalized` (the best finalised
		/// block the operators agree on) and so resume finalising. For a
		/// federation without sudo, in place of `grandpa.note_stalled`.
		///
		/// Origin: [`Config::MotionOrigin`], supported by two thirds of the
		/// member cities.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::note_stalled())]
		pub fn note_stalled(
			origin: OriginFor<T>,
			delay: BlockNumberFor<T>,
			best_finalized: BlockNumberFor<T>,
		) -> DispatchResult {
			let ayes = T::MotionOrigin::ensure_origin(origin)?;
			Self::ensure_two_thirds_of_members(ayes, MemberCount::<T>::get())?;
			// A long delay would leave GRANDPA's forced change pending (and
			// every later set change refused) for that long.
			ensure!(delay <= T::MaxStallDelay::get(), Error::<T>::InvalidStall);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(best_finalized <= now, Error::<T>::InvalidStall);
			T::FinalityStall::note_stalled(delay, best_finalized)?;
			Self::deposit_event(Event::FinalityStallNoted { delay, best_finalized });
			Ok(())
		}

		/// Accept a city's invitation to validate for it. The account must
		/// have set its session keys; it joins the validator set at the
		/// session after next.
		///
		/// Origin: signed by the invited account.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::accept_validator())]
		pub fn accept_validator(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			let validator = ensure_signed(origin)?;
			Self::do_accept_validator(city, validator)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::release_due_upgrade(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::MaxValidators::get() > 0, "MaxValidators is zero");
		}
	}
}
