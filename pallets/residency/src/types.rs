//! The records of the residency pallet. Every field is an account, an id, a
//! block number, an enum or a hash: no personal data has a place to go.

use civitas_primitives::{CertificateId, CityId, Commitment};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};
use sp_core::H256;

/// What a certificate certifies. New kinds (temporary residence, business
/// seat) are added as new variants; existing records keep their encoding.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum CertificateKind {
	/// Registered residence in the city.
	Resident,
}

/// Why a Registrar revoked a certificate.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum RevocationReason {
	/// The certificate should never have been issued (a clerical error).
	IssuedInError,
	/// The attributes it commits to were found to be false.
	FalseAttributes,
	/// The subject no longer lives in the city and has not moved to another
	/// member city.
	LeftTheCity,
	/// The subject has died.
	Deceased,
	/// A court ordered it.
	CourtOrder,
	/// At the subject's own request.
	SubjectRequest,
}

/// Where a certificate stands. Expiry is decided by the block number
/// ([`Certificate::is_valid_at`]); [`CertificateStatus::Expired`] only records
/// that the lapsed certificate was cleaned up and its badge burnt.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum CertificateStatus<BlockNumber> {
	/// In force until its expiry block.
	Active,
	/// Revoked by the city's Registrar at block `at`.
	Revoked {
		/// Why.
		reason: RevocationReason,
		/// When.
		at: BlockNumber,
	},
	/// Ended at block `at` by a move to another city; `to` is the
	/// certificate the new city issued in the same block.
	Moved {
		/// The new city's certificate.
		to: CertificateId,
		/// When.
		at: BlockNumber,
	},
	/// Lapsed at its expiry block; cleaned up at block `at`.
	Expired {
		/// When it was cleaned up.
		at: BlockNumber,
	},
}

/// A residency certificate.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Certificate<AccountId, BlockNumber> {
	/// The resident's account.
	pub subject: AccountId,
	/// The city that issued it.
	pub city: CityId,
	/// What it certifies.
	pub kind: CertificateKind,
	/// The salted commitment to the resident's attributes
	/// (`civitas_primitives::residency::disclosure`).
	pub commitment: Commitment,
	/// The block it was issued in.
	pub issued_at: BlockNumber,
	/// The first block at which it is no longer valid.
	pub expires_at: BlockNumber,
	/// Where it stands.
	pub status: CertificateStatus<BlockNumber>,
	/// The certificate of another city this one replaced by a move.
	pub moved_from: Option<CertificateId>,
}

impl<AccountId, BlockNumber: PartialOrd> Certificate<AccountId, BlockNumber> {
	/// Active and not yet expired at block `now`.
	pub fn is_valid_at(&self, now: &BlockNumber) -> bool {
		self.status == CertificateStatus::Active && *now < self.expires_at
	}
}

/// A resident's grant to a service provider.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Consent<BlockNumber> {
	/// The record the provider may access: a hash of the record or of its
	/// URI, agreed off chain between the resident and the provider.
	pub pointer: H256,
	/// The block it was granted (or last changed) in.
	pub granted_at: BlockNumber,
}

/// A certificate with its id and whether it is valid at the block read.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CertificateView<AccountId, BlockNumber> {
	/// The certificate's id (and its badge's item id).
	pub id: CertificateId,
	/// Active and not expired at the block read.
	pub valid: bool,
	/// The certificate.
	pub certificate: Certificate<AccountId, BlockNumber>,
}
