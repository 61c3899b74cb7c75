//! The records pallet-cities keeps.

use civitas_primitives::CityStatus;
use codec::{Decode, Encode, MaxEncodedLen};
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
