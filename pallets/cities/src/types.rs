//! The records pallet-cities keeps.

use civitas_primitives::{CityId, CityStatus};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;

/// A city's name: UTF-8 bytes, at most `MaxNameLength` of them.
pub type CityName<S> = BoundedVec<u8, S>;

/// The federation's record of one city.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[scale_info(skip_type_params(MaxNameLength))]
pub struct CityInfo<AccountId, BlockNumber, MaxNameLength: Get<u32>> {
	/// The city's name, unique among the cities that have not left.
	pub name: CityName<MaxNameLength>,
	/// The city's admin account: its own council or multisig. It sits on the
	/// federation council while the city is active, and appoints the city's
	/// officials and validators.
	pub admin: AccountId,
	/// The city's treasury account, derived from the pallet id and city id.
	/// Nobody holds its key.
	pub treasury: AccountId,
	/// Where the city stands in the federation.
	pub status: CityStatus,
	/// The block in which the council admitted the city (or genesis).
	pub admitted_at: BlockNumber,
}

/// Where the federation's time limits are kept: set at genesis, so each
/// network chooses them (a day on production networks, minutes on test ones).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct FederationPeriods<BlockNumber> {
	/// Blocks between a proceeding against a city carrying and taking effect.
	pub notice: BlockNumber,
	/// Blocks between a runtime upgrade being authorised by the council and
	/// its code becoming applicable.
	pub upgrade_delay: BlockNumber,
}

/// An action the federation may take against one city, through a
/// [`Proceeding`].
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum CityAction<AccountId> {
	/// Suspend the city: off the council, validators out at the next session,
	/// officials unable to act.
	Suspend,
	/// Hand the city's admin role to `new_admin` (for a city that lost its
	/// admin's keys, or whose admin abuses them).
	ReplaceAdmin { new_admin: AccountId },
}

/// A due-process case against one city: proposed by one member city,
/// supported by others, carried at two thirds of the member cities other than
/// the affected one, and enacted only after the notice period.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[scale_info(skip_type_params(MaxCities))]
pub struct Proceeding<AccountId, BlockNumber, Hash, MaxCities: Get<u32>> {
	/// The city the action is against.
	pub city: CityId,
	/// What happens to it if the proceeding is enacted.
	pub action: CityAction<AccountId>,
	/// The member city that opened the proceeding.
	pub opened_by: CityId,
	/// The block it was opened in.
	pub opened_at: BlockNumber,
	/// The member cities in favour, the opener first. Never the affected city.
	pub ayes: BoundedVec<CityId, MaxCities>,
	/// Set once the ayes reached two thirds: the first block in which the
	/// action may be enacted.
	pub effective_at: Option<BlockNumber>,
	/// After it carried: the member cities asking to cancel it.
	pub cancel_votes: BoundedVec<CityId, MaxCities>,
	/// The hash of the affected city's published response, if it gave one.
	pub response: Option<Hash>,
}

/// A runtime upgrade the council authorised, waiting for its enactment delay.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct ScheduledUpgrade<Hash, BlockNumber> {
	/// The hash of the new runtime code.
	pub code_hash: Hash,
	/// The first block in which the code may be applied.
	pub enact_at: BlockNumber,
}

/// A proceeding's number.
pub type ProceedingId = u32;
