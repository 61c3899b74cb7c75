//! The records of the sortition pallet.

use crate::beacon::{PublicKey, Signature};
use civitas_primitives::{CertificateId, CityId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_core::H256;

/// Identifies a draw.
pub type DrawId = u32;
/// A drand round number.
pub type BeaconRound = u64;
/// 32 bytes of randomness or a seed.
pub type Randomness = [u8; 32];

civitas_primitives::record! {
/// A coarse age band a resident may declare.
#[derive(PartialOrd, Ord)]
pub enum AgeBand {
	/// 16 to 29 years.
	From16To29,
	/// 30 to 44 years.
	From30To44,
	/// 45 to 64 years.
	From45To64,
	/// 65 years and more.
	From65,
}
}

civitas_primitives::record! {
/// The categories a resident opts in to declare for stratified panels. They
/// are the resident's own statement; a city that needs them checked asks for
/// a disclosure against the residency commitment off chain.
pub struct Categories {
	/// The neighbourhood, by the city's published code (below
	/// `MaxNeighbourhoods`).
	pub neighbourhood: u16,
	/// The age band.
	pub age_band: AgeBand,
}
}

civitas_primitives::record! {
/// A stratum: the residents who declared a neighbourhood, an age band, or
/// both. A declaration puts the resident in one stratum of each kind.
#[derive(PartialOrd, Ord)]
pub enum Stratum {
	/// Everyone who declared this neighbourhood.
	Neighbourhood(u16),
	/// Everyone who declared this age band.
	AgeBand(AgeBand),
	/// Everyone who declared both.
	Cell(u16, AgeBand),
}
}

impl Stratum {
	/// The three strata a declaration puts a resident in.
	pub fn of(categories: &Categories) -> [Stratum; 3] {
		[
			Stratum::Neighbourhood(categories.neighbourhood),
			Stratum::AgeBand(categories.age_band),
			Stratum::Cell(categories.neighbourhood, categories.age_band),
		]
	}

	/// Strata of the same kind never overlap; a panel's quotas must all be
	/// of one kind.
	pub fn kind(&self) -> u8 {
		match self {
			Stratum::Neighbourhood(_) => 0,
			Stratum::AgeBand(_) => 1,
			Stratum::Cell(..) => 2,
		}
	}
}

civitas_primitives::record! {
/// How many seats of a panel go to one stratum.
pub struct Quota {
	/// The stratum.
	pub stratum: Stratum,
	/// Its seats.
	pub seats: u32,
}
}

civitas_primitives::record! {
/// Where a draw's randomness comes from.
pub enum Source<BlockNumber> {
	/// A future drand round, submitted by anyone and verified on chain.
	Drand {
		/// The round.
		round: BeaconRound,
	},
	/// A commit-reveal among the member cities' Registrars.
	CommitReveal {
		/// Commitments are taken up to and including this block.
		commit_until: BlockNumber,
		/// Reveals are taken after `commit_until` up to and including this
		/// block.
		reveal_until: BlockNumber,
	},
}
}

/// What is drawn.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxQuotas))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
// The `NoBound` derives need the bounds on the declaration.
#[allow(clippy::multiple_bound_locations)]
pub enum DrawKind<
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxQuotas: Get<u32>,
> {
	/// A lottery over whoever enters before the window closes.
	Lottery {
		/// How many winners are drawn (all entrants win if fewer enter).
		winners: u32,
		/// Entries are taken up to and including this block.
		entries_close: BlockNumber,
		/// What each entrant holds until the draw is done or cancelled.
		entry_deposit: Balance,
		/// Only residents of the city may enter.
		residents_only: bool,
	},
	/// A panel chosen by lot from the city's residents at the snapshot.
	Panel {
		/// The panel's size.
		seats: u32,
		/// Seats per stratum, summing to `seats`; empty for a panel drawn
		/// from all residents.
		quotas: BoundedVec<Quota, MaxQuotas>,
	},
}

civitas_primitives::record! {
/// Where a draw stands.
pub enum DrawStatus<BlockNumber> {
	/// Waiting for entries or randomness.
	Open,
	/// Drawn at this block from this seed; the result is in `Results`.
	Drawn {
		/// The block.
		at: BlockNumber,
		/// The draw's seed (see [`crate::selection`]).
		seed: Randomness,
		/// The source's randomness the seed was derived from.
		randomness: Randomness,
	},
	/// Cancelled by the city's Registrar at this block.
	Cancelled {
		/// The block.
		at: BlockNumber,
	},
}
}

/// A lottery or a panel.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxQuotas))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
// The `NoBound` derives need the bounds on the declaration.
#[allow(clippy::multiple_bound_locations)]
pub struct Draw<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxQuotas: Get<u32>,
> {
	/// The city that runs it.
	pub city: CityId,
	/// The Registrar who created it.
	pub creator: AccountId,
	/// Lottery or panel.
	pub kind: DrawKind<Balance, BlockNumber, MaxQuotas>,
	/// Its randomness.
	pub source: Source<BlockNumber>,
	/// The block it was created in: a panel's pool is the residents (and
	/// declarations) in force at the end of this block.
	pub snapshot: BlockNumber,
	/// How many entered (lotteries).
	pub entrants: u32,
	/// Where it stands.
	pub status: DrawStatus<BlockNumber>,
}

civitas_primitives::record! {
/// A lottery entry.
pub struct Entry<Balance> {
	/// The entrant's position in the draw's pool.
	pub position: u32,
	/// The deposit still held (zero once reclaimed).
	pub deposit: Balance,
}
}

civitas_primitives::record! {
/// One position of a stratum's pool: a resident's declaration, which stays
/// on the pool when withdrawn or replaced.
pub struct Declaration<AccountId, BlockNumber> {
	/// The resident.
	pub resident: AccountId,
	/// The residency certificate it was made under; the declaration counts
	/// only while that certificate is in force.
	pub certificate: CertificateId,
	/// The block it was made in.
	pub declared_at: BlockNumber,
	/// The block it was withdrawn or replaced in.
	pub withdrawn_at: Option<BlockNumber>,
}
}

civitas_primitives::record! {
/// A resident's current declaration and its positions in the three strata.
pub struct DeclaredCategories {
	/// The categories.
	pub categories: Categories,
	/// Positions in the neighbourhood, age band and cell pools.
	pub positions: [u32; 3],
}
}

civitas_primitives::record! {
/// A city's commitment to a commit-reveal draw.
pub struct SeedCommitment<AccountId, Balance> {
	/// The Registrar who committed (and holds the deposit).
	pub registrar: AccountId,
	/// `blake2_256(SCALE(b"civitas/sortition/reveal/v1", draw, city, value))`.
	pub commitment: H256,
	/// The deposit held until the reveal.
	pub deposit: Balance,
	/// The revealed value.
	pub revealed: Option<Randomness>,
}
}

civitas_primitives::record! {
/// The reveals so far of a commit-reveal draw.
#[derive(Default)]
pub struct RevealTally {
	/// Cities that committed.
	pub commits: u32,
	/// Cities that revealed.
	pub reveals: u32,
	/// XOR of `blake2_256(SCALE(city, value))` over the reveals; the output
	/// is `blake2_256(SCALE(b"civitas/sortition/commit-reveal/v1", xor))`.
	pub xor: Randomness,
}
}

civitas_primitives::record! {
/// The beacon the chain trusts: set in genesis, changed by root.
pub struct BeaconConfig {
	/// The group public key (compressed G2).
	pub public_key: PublicKey,
	/// UNIX seconds of round 1.
	pub genesis_time: u64,
	/// Seconds between rounds.
	pub period: u64,
}
}

civitas_primitives::record! {
/// A verified beacon round.
pub struct BeaconRecord {
	/// Its signature, kept so anyone can re-verify it.
	pub signature: Signature,
	/// `sha256(signature)`.
	pub randomness: Randomness,
}
}

/// A draw's result, in the order drawn.
pub type Selection<AccountId, Max> = BoundedVec<AccountId, Max>;
