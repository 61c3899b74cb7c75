//! # Sortition pallet
//!
//! Public lotteries and citizens' panels chosen by lot, drawn so that no one
//! (not the city, not a validator, not an entrant) can predict or steer the
//! result, and anyone can recompute it from public data.
//!
//! ## Overview
//!
//! A city's Registrar creates a **draw** and names where its randomness will
//! come from. Entrants enter a lottery while its window is open; a panel's
//! pool is the city's residents at the draw's creation block. When the
//! randomness arrives, anyone executes the draw: the winners or the panel
//! are stored in [`Results`] and emitted in [`Event::Drawn`].
//!
//! ### Terminology
//!
//! - **Draw**: a *lottery* (`winners` out of those who entered before
//!   `entries_close`, optionally residents only, optionally with an entry
//!   deposit returned afterwards) or a *panel* (`seats` out of the city's
//!   residents, optionally stratified).
//! - **Source**: where a draw's 32 bytes of randomness come from:
//!   - **drand**: a future round of the League of Entropy beacon
//!     "quicknet". Anyone submits the round's BLS signature with
//!     [`Pallet::record_beacon_round`]; the runtime verifies it against the
//!     beacon's public key held in [`Beacon`] (set in genesis) and keeps
//!     `sha256(signature)`. See [`beacon`].
//!   - **commit-reveal**: for networks without a path to drand. Each member
//!     city's Registrar commits to a secret 32-byte value before
//!     `commit_until` (holding [`Config::CommitDeposit`]) and reveals it
//!     before `reveal_until`. The output mixes every revealed value. A city
//!     that committed and did not reveal forfeits its deposit to the draw's
//!     city treasury account; the draw still completes from the values
//!     revealed (at least [`Config::MinReveals`]).
//! - **Snapshot**: the creation block of a draw. A panel is drawn from the
//!   residents whose certificate was in force at its end, read from the
//!   residency pallet's append-only *roll* (see
//!   [`civitas_primitives::Residents`]), so residents added after the
//!   creation cannot be drawn and the pool cannot be changed once the
//!   randomness is known.
//! - **Stratum**: residents may opt in to declare coarse [`Categories`]
//!   (neighbourhood, age band) with [`Pallet::declare_categories`]. A
//!   stratified panel gives each stratum of one kind (neighbourhoods, age
//!   bands, or neighbourhood × age band cells) a quota of seats and draws
//!   each quota from that stratum's residents alone.
//!
//! ### Rules
//!
//! - The randomness must not be known when the pool closes. A drand round
//!   must be published after the draw's creation; a lottery also stops
//!   taking entries once its round's publication time has passed, even if
//!   its window is still open. A commit-reveal lottery's entries must close
//!   no later than `commit_until`.
//! - Selection is the documented algorithm of [`selection`] (ChaCha20 seeded
//!   with the source's randomness and the draw id, lazy Fisher-Yates
//!   sampling without replacement): its work is proportional to the seats,
//!   not to the pool, so it scales to a million residents.
//! - A draw is executed once; failing calls change nothing.
//!
//! ### Example
//!
//! Tallinn's Registrar creates a panel of 12 over its residents, 4 seats per
//! age band from three bands, seeded by drand round 5 000 000 (about two
//! minutes ahead). When the round is out, anyone calls
//! `record_beacon_round(5_000_000, signature)` and then `execute_draw(id)`.
//! An auditor runs `scripts/verify-draw.sh <id>`, which reads the draw, the
//! beacon signature and the pools from the chain, re-verifies the
//! signature, recomputes the panel and prints whether it matches.
//!
//! ## Calls
//!
//! - Registrars: [`Pallet::create_lottery`], [`Pallet::create_panel`],
//!   [`Pallet::cancel_draw`], [`Pallet::commit_seed`],
//!   [`Pallet::reveal_seed`].
//! - Entrants: [`Pallet::enter`], [`Pallet::reclaim_entry_deposit`].
//! - Residents: [`Pallet::declare_categories`],
//!   [`Pallet::withdraw_categories`].
//! - Anyone: [`Pallet::record_beacon_round`], [`Pallet::execute_draw`].
//! - Root: [`Pallet::set_beacon`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod beacon;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
#[cfg(test)]
mod mock;
pub mod selection;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use features::{commit_reveal_output, commitment_of, reveal_leaf};
pub use types::*;
pub use weights::WeightInfo;

use civitas_primitives::CityId;
use frame_support::traits::fungible::Inspect;

/// The balance type of the native token.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A draw as stored.
pub type DrawOf<T> = Draw<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxQuotas,
>;

/// Sets up what the benchmarks need in the runtime's other pallets.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An active city in which `registrar` is the Registrar.
	fn city(registrar: &AccountId) -> Result<CityId, sp_runtime::DispatchError>;
	/// Makes `who` a resident of `city`, whose Registrar is `registrar`.
	fn resident(
		city: CityId,
		registrar: &AccountId,
		who: &AccountId,
	) -> Result<(), sp_runtime::DispatchError>;
	/// Sets the wall clock to `unix_seconds`.
	fn set_time(unix_seconds: u64);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::beacon::{PublicKey, Signature};
	use alloc::vec::Vec;
	use civitas_primitives::{CityOffices, CityRole, OfficeErrors, Residents};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// The pallet's storage layout version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native token: entry and commitment deposits are held in it.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Cities, their treasury accounts and officials.
		type Offices: CityOffices<Self::AccountId>;

		/// Residents and each city's roll.
		type Residents: Residents<Self::AccountId, BlockNumberFor<Self>>;

		/// The wall clock, to tell a future drand round from a past one.
		type Time: UnixTime;

		/// What a city holds for each commit-reveal commitment.
		#[pallet::constant]
		type CommitDeposit: Get<BalanceOf<Self>>;

		/// The fewest reveals from which a commit-reveal draw completes.
		#[pallet::constant]
		type MinReveals: Get<u32>;

		/// The longest a draw may wait for its randomness or entries, in
		/// blocks (commit-reveal, entry windows) and, times the block time,
		/// for drand rounds.
		#[pallet::constant]
		type MaxWait: Get<BlockNumberFor<Self>>;

		/// The expected block time in milliseconds, to bound how far ahead
		/// a drand round may be.
		#[pallet::constant]
		type BlockTimeMillis: Get<u64>;

		/// The most winners or seats a draw may have.
		#[pallet::constant]
		type MaxSelected: Get<u32>;

		/// The most entrants a lottery takes.
		#[pallet::constant]
		type MaxEntrants: Get<u32>;

		/// The most quotas (strata) a panel may have.
		#[pallet::constant]
		type MaxQuotas: Get<u32>;

		/// The most cities that may commit to one draw.
		#[pallet::constant]
		type MaxCommits: Get<u32>;

		/// Neighbourhood codes are below this.
		#[pallet::constant]
		type MaxNeighbourhoods: Get<u16>;

		/// How many pool positions a draw may try per seat, for pools with
		/// certificates no longer in force (see [`selection::sample`]).
		#[pallet::constant]
		type AttemptsPerSeat: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up cities and residents for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds native tokens.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A lottery entry deposit, held until the draw is done or cancelled.
		EntryDeposit,
		/// A city's commit-reveal deposit, held until its reveal.
		CommitDeposit,
	}

	/// The drand beacon the chain trusts.
	#[pallet::storage]
	pub type Beacon<T: Config> = StorageValue<_, BeaconConfig>;

	/// Verified beacon rounds, kept for the record (only rounds a draw
	/// awaited are taken).
	#[pallet::storage]
	pub type BeaconRounds<T: Config> = StorageMap<_, Twox64Concat, BeaconRound, BeaconRecord>;

	/// How many open draws await each drand round.
	#[pallet::storage]
	pub type AwaitedRounds<T: Config> = StorageMap<_, Twox64Concat, BeaconRound, u32, ValueQuery>;

	/// The id the next draw gets.
	#[pallet::storage]
	pub type NextDrawId<T: Config> = StorageValue<_, DrawId, ValueQuery>;

	/// Every draw, kept for the record.
	#[pallet::storage]
	pub type Draws<T: Config> = StorageMap<_, Twox64Concat, DrawId, DrawOf<T>>;

	/// A lottery's pool: entrants by position, in entry order.
	#[pallet::storage]
	pub type Entrants<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DrawId, Twox64Concat, u32, T::AccountId>;

	/// A lottery's entries by entrant.
	#[pallet::storage]
	pub type Entries<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DrawId,
		Blake2_128Concat,
		T::AccountId,
		Entry<BalanceOf<T>>,
	>;

	/// The winners or panel of each executed draw, in the order drawn.
	#[pallet::storage]
	pub type Results<T: Config> =
		StorageMap<_, Twox64Concat, DrawId, Selection<T::AccountId, T::MaxSelected>>;

	/// Each stratum's pool: declarations by position, never removed.
	#[pallet::storage]
	pub type StratumPool<T: Config> = StorageNMap<
		_,
		(NMapKey<Twox64Concat, CityId>, NMapKey<Twox64Concat, Stratum>, NMapKey<Twox64Concat, u32>),
		Declaration<T::AccountId, BlockNumberFor<T>>,
	>;

	/// How many positions each stratum's pool holds.
	#[pallet::storage]
	pub type StratumPoolLength<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, Stratum, u32, ValueQuery>;

	/// How many current declarations each stratum has (an upper bound of its
	/// residents: a declaration whose certificate ended still counts).
	#[pallet::storage]
	pub type StratumSize<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, Stratum, u32, ValueQuery>;

	/// Each resident's current declaration, by city.
	#[pallet::storage]
	pub type Declarations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CityId,
		Blake2_128Concat,
		T::AccountId,
		DeclaredCategories,
	>;

	/// Commit-reveal commitments, by draw and city.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DrawId,
		Twox64Concat,
		CityId,
		SeedCommitment<T::AccountId, BalanceOf<T>>,
	>;

	/// Commit-reveal tallies, by draw.
	#[pallet::storage]
	pub type Tallies<T: Config> = StorageMap<_, Twox64Concat, DrawId, RevealTally>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The beacon's public key, hex (compressed G2, 96 bytes); none for a
		/// chain that uses commit-reveal only.
		#[serde(with = "sp_core::bytes")]
		pub beacon_public_key: Vec<u8>,
		/// UNIX seconds of the beacon's round 1.
		pub beacon_genesis_time: u64,
		/// Seconds between the beacon's rounds.
		pub beacon_period: u64,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if self.beacon_public_key.is_empty() {
				return;
			}
			let public_key: PublicKey = match self.beacon_public_key.as_slice().try_into() {
				Ok(key) => key,
				Err(_) => panic!("the genesis beacon key is not 96 bytes"),
			};
			let config = BeaconConfig {
				public_key,
				genesis_time: self.beacon_genesis_time,
				period: self.beacon_period,
			};
			if let Err(e) = Pallet::<T>::check_beacon(&config) {
				panic!("the genesis beacon is refused: {e:?}");
			}
			Beacon::<T>::put(config);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A lottery was created.
		LotteryCreated {
			draw: DrawId,
			city: CityId,
			winners: u32,
			entries_close: BlockNumberFor<T>,
			source: Source<BlockNumberFor<T>>,
		},
		/// A panel was created; its pool is the city's residents at
		/// `snapshot`.
		PanelCreated {
			draw: DrawId,
			city: CityId,
			seats: u32,
			snapshot: BlockNumberFor<T>,
			source: Source<BlockNumberFor<T>>,
		},
		/// Someone entered a lottery at a position of its pool.
		Entered { draw: DrawId, entrant: T::AccountId, position: u32 },
		/// An entrant took back an entry deposit.
		EntryDepositReclaimed { draw: DrawId, entrant: T::AccountId, amount: BalanceOf<T> },
		/// A resident declared categories for stratified panels.
		CategoriesDeclared { city: CityId, resident: T::AccountId, categories: Categories },
		/// A resident withdrew their declaration.
		CategoriesWithdrawn { city: CityId, resident: T::AccountId },
		/// A drand round was verified and recorded.
		BeaconRoundRecorded { round: BeaconRound, randomness: Randomness },
		/// A city committed to a commit-reveal draw.
		SeedCommitted { draw: DrawId, city: CityId, commitment: H256 },
		/// A city revealed its value.
		SeedRevealed { draw: DrawId, city: CityId, value: Randomness },
		/// A city that committed did not reveal and lost its deposit to the
		/// draw's city treasury account.
		CommitDepositForfeited { draw: DrawId, city: CityId, amount: BalanceOf<T> },
		/// A draw was executed.
		Drawn {
			draw: DrawId,
			randomness: Randomness,
			seed: Randomness,
			selected: Vec<T::AccountId>,
		},
		/// A draw was cancelled.
		DrawCancelled { draw: DrawId },
		/// Root set the beacon.
		BeaconSet { config: BeaconConfig },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The city is not a member of the federation.
		UnknownCity,
		/// The city is suspended or has left.
		CityNotActive,
		/// The caller is not the city's Registrar.
		NotRegistrar,
		/// No draw has this id.
		UnknownDraw,
		/// Draw ids are exhausted.
		DrawIdsExhausted,
		/// A draw needs at least one winner or seat.
		NothingToDraw,
		/// More winners or seats than `MaxSelected`.
		TooManySelected,
		/// The chain has no beacon; use commit-reveal.
		NoBeacon,
		/// The drand round is already published (or is round 0): its
		/// randomness could be known.
		RoundNotInFuture,
		/// The drand round, the entry window or the commit-reveal periods end
		/// further ahead than `MaxWait`.
		TooFarAhead,
		/// The entry window must close after the creation block.
		EntryWindowInPast,
		/// A commit-reveal lottery's entries must close no later than
		/// `commit_until`.
		EntriesCloseAfterCommits,
		/// Commit-reveal periods must be `now < commit_until < reveal_until`.
		BadCommitRevealPeriods,
		/// The panel has more seats than the city has residents.
		PanelLargerThanPool,
		/// The quotas do not add up to the panel's seats.
		QuotasDoNotAddUp,
		/// A quota gives a stratum more seats than it has residents.
		QuotaExceedsStratum,
		/// A quota has no seats.
		EmptyQuota,
		/// The quotas mix kinds of strata or name one twice.
		OverlappingStrata,
		/// The neighbourhood code is not below `MaxNeighbourhoods`.
		UnknownNeighbourhood,
		/// The draw is not a lottery.
		NotALottery,
		/// The draw was executed or cancelled.
		DrawClosed,
		/// The lottery's entry window has closed (or its drand round is out).
		EntriesClosed,
		/// The caller already entered.
		AlreadyEntered,
		/// The lottery has `MaxEntrants` entrants.
		TooManyEntrants,
		/// The lottery is for residents of its city only.
		NotAResident,
		/// The caller has no entry in the draw.
		NotEntered,
		/// The draw is still open, so its deposits stay held.
		DrawStillOpen,
		/// The deposit was already reclaimed.
		NothingToReclaim,
		/// The caller already declared categories in this city.
		AlreadyDeclared,
		/// The caller has no declaration in this city.
		NotDeclared,
		/// The round is not awaited by any open draw.
		RoundNotAwaited,
		/// The round was already recorded.
		RoundAlreadyRecorded,
		/// The signature is not a valid compressed G1 point.
		MalformedSignature,
		/// The signature is not the beacon's signature of this round.
		InvalidBeaconSignature,
		/// The beacon's public key is not a valid compressed G2 point, or its
		/// period is zero.
		BadBeacon,
		/// The draw does not use commit-reveal.
		NotCommitReveal,
		/// The commit period is over.
		CommitPeriodOver,
		/// The city already committed to this draw.
		AlreadyCommitted,
		/// `MaxCommits` cities already committed.
		TooManyCommits,
		/// The reveal period has not begun or is over.
		NotRevealPeriod,
		/// The city did not commit to this draw.
		NotCommitted,
		/// The city already revealed.
		AlreadyRevealed,
		/// The value does not match the commitment.
		RevealMismatch,
		/// The draw's randomness has not arrived: its round is not recorded,
		/// or its reveal period is not over.
		RandomnessNotReady,
		/// Fewer than `MinReveals` cities revealed; the draw can only be
		/// cancelled.
		NotEnoughReveals,
		/// The lottery's entry window is still open.
		EntriesStillOpen,
		/// Too few residents of the pool (or of a stratum) were in force at
		/// the snapshot.
		PoolExhausted,
		/// The pool has so many ended certificates that the draw ran out of
		/// attempts (`AttemptsPerSeat`).
		TooManyAttempts,
		/// A deposit could not be held (not enough free balance).
		InsufficientDeposit,
	}

	impl<T: Config> OfficeErrors for Error<T> {
		fn unknown_city() -> Self {
			Error::UnknownCity
		}
		fn city_not_active() -> Self {
			Error::CityNotActive
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_invariants().map_err(|e| {
				log::error!(target: "runtime::sortition", "try_state: {e}");
				"the draws' invariants do not hold".into()
			})
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a lottery of `city`: `winners` drawn from those who enter
		/// up to block `entries_close`, each holding `entry_deposit` until
		/// the draw is done, residents of the city only if
		/// `residents_only`. Signed by the city's Registrar.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_lottery())]
		pub fn create_lottery(
			origin: OriginFor<T>,
			city: CityId,
			winners: u32,
			entries_close: BlockNumberFor<T>,
			entry_deposit: BalanceOf<T>,
			residents_only: bool,
			source: Source<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = Self::ensure_registrar(origin, city)?;
			Self::do_create_lottery(
				who,
				city,
				winners,
				entries_close,
				entry_deposit,
				residents_only,
				source,
			)
		}

		/// Creates a panel of `seats` over `city`'s residents at this block,
		/// with `quotas` per stratum (empty: drawn from all residents).
		/// Signed by the city's Registrar.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::create_panel(quotas.len() as u32))]
		pub fn create_panel(
			origin: OriginFor<T>,
			city: CityId,
			seats: u32,
			quotas: BoundedVec<Quota, T::MaxQuotas>,
			source: Source<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = Self::ensure_registrar(origin, city)?;
			Self::do_create_panel(who, city, seats, quotas, source)
		}

		/// Enters a lottery, holding its entry deposit.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::enter())]
		pub fn enter(origin: OriginFor<T>, draw: DrawId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_enter(who, draw)
		}

		/// Releases the caller's entry deposit of a draw that was executed or
		/// cancelled.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reclaim_entry_deposit())]
		pub fn reclaim_entry_deposit(origin: OriginFor<T>, draw: DrawId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reclaim(who, draw)
		}

		/// Declares the caller's categories in `city` for stratified panels.
		/// Signed by a resident of the city; replacing a declaration needs
		/// [`Pallet::withdraw_categories`] first.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::declare_categories())]
		pub fn declare_categories(
			origin: OriginFor<T>,
			city: CityId,
			categories: Categories,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_declare(who, city, categories)
		}

		/// Withdraws the caller's declaration in `city`; panels created
		/// before this block still count it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_categories())]
		pub fn withdraw_categories(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, city)
		}

		/// Records drand round `round` from its `signature`, verified against
		/// the beacon's public key. Anyone may submit it, once, for a round an
		/// open draw awaits.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::record_beacon_round())]
		pub fn record_beacon_round(
			origin: OriginFor<T>,
			round: BeaconRound,
			signature: Signature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_record_round(round, signature)
		}

		/// Commits `city` to a commit-reveal draw with `commitment`, holding
		/// the commit deposit from the caller, the city's Registrar.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::commit_seed())]
		pub fn commit_seed(
			origin: OriginFor<T>,
			draw: DrawId,
			city: CityId,
			commitment: H256,
		) -> DispatchResult {
			let who = Self::ensure_registrar(origin, city)?;
			Self::do_commit(who, draw, city, commitment)
		}

		/// Reveals `city`'s value for a commit-reveal draw and releases its
		/// deposit. Signed by the city's Registrar.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::reveal_seed())]
		pub fn reveal_seed(
			origin: OriginFor<T>,
			draw: DrawId,
			city: CityId,
			value: Randomness,
		) -> DispatchResult {
			Self::ensure_registrar(origin, city)?;
			Self::do_reveal(draw, city, value)
		}

		/// Executes a draw whose randomness has arrived. Anyone may call it,
		/// once. Forfeits the deposits of cities that committed and did not
		/// reveal.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::execute_draw(
			T::MaxSelected::get().saturating_mul(T::AttemptsPerSeat::get()),
			T::MaxCommits::get(),
		))]
		pub fn execute_draw(origin: OriginFor<T>, draw: DrawId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (attempts, commits) = Self::do_execute(draw)?;
			Ok(Some(T::WeightInfo::execute_draw(attempts, commits)).into())
		}

		/// Cancels an open draw. Signed by the city's Registrar. Entrants
		/// reclaim their deposits; committed cities get theirs back, except
		/// those that failed to reveal by the end of the reveal period.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel_draw(T::MaxCommits::get()))]
		pub fn cancel_draw(origin: OriginFor<T>, draw: DrawId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let commits = Self::do_cancel(who, draw)?;
			Ok(Some(T::WeightInfo::cancel_draw(commits)).into())
		}

		/// Sets the drand beacon the chain trusts. Root only.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_beacon())]
		pub fn set_beacon(origin: OriginFor<T>, config: BeaconConfig) -> DispatchResult {
			ensure_root(origin)?;
			Self::check_beacon(&config)?;
			Beacon::<T>::put(config);
			Self::deposit_event(Event::BeaconSet { config });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The signer, if they are the Registrar of an active `city`.
		pub(crate) fn ensure_registrar(
			origin: OriginFor<T>,
			city: CityId,
		) -> Result<T::AccountId, DispatchError> {
			let who = ensure_signed(origin)?;
			T::Offices::ensure_official(city, CityRole::Registrar, &who)
				.map_err(|e| e.into_error(Error::<T>::NotRegistrar))?;
			Ok(who)
		}
	}
}
