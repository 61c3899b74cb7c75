//! The records of the property register: titles and their particulars,
//! ownership history, encumbrances, leases, transfer offers and the Harberger
//! accounts, and the views the runtime API returns. People appear only as
//! accounts and documents only as hashes.

use alloc::{string::String, vec::Vec};
use civitas_primitives::{CityId, Credits, DocumentHash, FiscalPeriod, TitleId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};
use sp_runtime::Permill;

/// Numbers encumbrances across the whole register; an encumbrance carried
/// onto the parts of a subdivided title keeps its number on each.
pub type EncumbranceId = u32;

/// Numbers leases across the whole register; like encumbrances, a lease
/// carried onto parts keeps its number.
pub type LeaseId = u32;

civitas_primitives::record! {
	/// What kind of asset a title registers. A city puts a whole class under
	/// the Harberger tax, or none.
	#[derive(PartialOrd, Ord)]
	#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
	pub enum AssetClass {
		/// A parcel of land.
		Land,
		/// A building registered apart from its land.
		Building,
		/// A unit in a building: an apartment, an office.
		Unit,
		/// A network or structure: a pipeline, a mast, a bridge.
		Infrastructure,
	}
}

civitas_primitives::record! {
	/// The zoning class of a parcel.
	#[derive(PartialOrd, Ord)]
	#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
	pub enum LandUse {
		/// Housing.
		Residential,
		/// Shops and offices.
		Commercial,
		/// Production and storage.
		Industrial,
		/// Farming.
		Agricultural,
		/// Schools, hospitals, streets and other public uses.
		Public,
		/// Several of the above.
		Mixed,
		/// Parks and protected green.
		Green,
	}
}

civitas_primitives::record! {
	/// A kind of development right, with the unit its amount is counted in.
	#[derive(PartialOrd, Ord)]
	#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
	pub enum RightKind {
		/// Permitted gross floor area, in square metres.
		PermittedFloorArea,
		/// Maximum building height, in centimetres.
		MaxHeight,
		/// Maximum number of storeys.
		MaxStoreys,
		/// Maximum number of dwellings.
		MaxDwellings,
		/// Maximum share of the parcel built on, in per mille.
		SiteCoverage,
	}
}

/// One development right of a parcel: for example 1 200 m² of permitted
/// floor area.
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
pub struct DevelopmentRight {
	/// Which right.
	pub kind: RightKind,
	/// How much, in the kind's unit.
	pub amount: u64,
}

/// What the register says a parcel is: its particulars, given at first
/// registration and for each part of a subdivision or merger.
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
#[scale_info(skip_type_params(MaxReference, MaxRights))]
pub struct Particulars<MaxReference: Get<u32>, MaxRights: Get<u32>> {
	/// The cadastral reference, unique in the city and never reused.
	pub cadastral_reference: BoundedVec<u8, MaxReference>,
	/// The hash of the survey geometry or of the deed describing the asset.
	pub document: DocumentHash,
	/// The area, in square metres.
	pub area: u64,
	/// The zoning class.
	pub land_use: LandUse,
	/// The city's assessed value, in city credits.
	pub assessed_value: Credits,
	/// Development rights, each kind at most once.
	pub rights: BoundedVec<DevelopmentRight, MaxRights>,
}

/// How a title came into the register.
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
#[scale_info(skip_type_params(MaxParts))]
pub enum TitleOrigin<MaxParts: Get<u32>> {
	/// First registration by the Registrar, on the evidence in this document.
	Registered {
		/// The hash of the evidence (the old paper title, a court ruling).
		evidence: DocumentHash,
	},
	/// One of the parts of a subdivided title.
	SubdividedFrom {
		/// The title that was divided.
		parent: TitleId,
	},
	/// The union of merged titles.
	MergedFrom {
		/// The titles that were merged.
		parents: BoundedVec<TitleId, MaxParts>,
	},
}

/// Whether a title is in force.
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
#[scale_info(skip_type_params(MaxParts))]
// The derives repeat the bound on `BlockNumber` in their expansion.
#[allow(clippy::multiple_bound_locations)]
pub enum TitleStatus<BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug, MaxParts: Get<u32>> {
	/// In force: it can be sold, mortgaged, leased.
	Active,
	/// Retired by a subdivision into these parts.
	Subdivided {
		/// The parts.
		into: BoundedVec<TitleId, MaxParts>,
		/// When.
		at: BlockNumber,
	},
	/// Retired by a merger into this title.
	Merged {
		/// The merged title.
		into: TitleId,
		/// When.
		at: BlockNumber,
	},
}

/// A title in the register.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxReference, MaxRights, MaxParts))]
pub struct Title<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxReference: Get<u32>,
	MaxRights: Get<u32>,
	MaxParts: Get<u32>,
> {
	/// The city whose register holds it.
	pub city: CityId,
	/// The kind of asset.
	pub class: AssetClass,
	/// The registered owner (the holder of the pallet-nfts item).
	pub owner: AccountId,
	/// Since when `owner` holds it.
	pub owner_since: BlockNumber,
	/// How many owners it has had: its provenance is entries `0` to
	/// `provenance_length - 1` of `Provenance`, the last one being `owner`.
	pub provenance_length: u32,
	/// What the asset is.
	pub particulars: Particulars<MaxReference, MaxRights>,
	/// How it came into the register.
	pub origin: TitleOrigin<MaxParts>,
	/// Whether it is in force.
	pub status: TitleStatus<BlockNumber, MaxParts>,
	/// When it came into the register.
	pub registered_at: BlockNumber,
}

/// How an owner acquired a title: one entry of its provenance.
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
pub enum Acquisition {
	/// First registration, on this evidence.
	Registration {
		/// The evidence's hash.
		evidence: DocumentHash,
	},
	/// A sale or gift signed by seller and buyer, under this deed, recorded
	/// by the Registrar.
	Transfer {
		/// The deed's hash.
		deed: DocumentHash,
	},
	/// A Harberger purchase at the self-assessed price (or the assessed
	/// value, from the city).
	HarbergerPurchase {
		/// What the buyer paid.
		price: Credits,
	},
	/// The Harberger tax deposit ran dry and the title went back to the city.
	TaxReversion,
	/// Created by the subdivision of `parent`.
	Subdivision {
		/// The divided title.
		parent: TitleId,
	},
	/// Created by a merger.
	Merger,
}

/// One owner in a title's provenance.
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
pub struct OwnershipRecord<AccountId, BlockNumber> {
	/// The owner.
	pub owner: AccountId,
	/// From which block.
	pub since: BlockNumber,
	/// How.
	pub acquisition: Acquisition,
}

civitas_primitives::record! {
	/// A right of someone other than the owner over a title.
	#[derive(PartialOrd, Ord)]
	#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
	pub enum EncumbranceKind {
		/// A creditor's charge (a court judgment, unpaid works): blocks
		/// transfers.
		Lien,
		/// A lender's security for a loan: blocks transfers.
		Mortgage,
		/// A right of way or of use for a neighbour or a utility: never blocks
		/// a transfer, and stays with the land.
		Easement,
	}
}

impl EncumbranceKind {
	/// Whether an active encumbrance of this kind stops the title from moving
	/// without its holder's consent.
	pub fn blocks_transfer(self) -> bool {
		matches!(self, EncumbranceKind::Lien | EncumbranceKind::Mortgage)
	}
}

/// An encumbrance on a title.
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
pub struct Encumbrance<AccountId, BlockNumber> {
	/// What kind.
	pub kind: EncumbranceKind,
	/// The creditor, lender or beneficiary who asked for it and alone may
	/// consent to a transfer or release it.
	pub holder: AccountId,
	/// The amount secured, in city credits (zero for an easement).
	pub amount: Credits,
	/// The hash of the agreement or judgment.
	pub document: DocumentHash,
	/// When its holder asked for it.
	pub requested_at: BlockNumber,
	/// When the Registrar registered it; `None` while only requested. Only a
	/// registered encumbrance burdens the title.
	pub registered_at: Option<BlockNumber>,
}

/// A lease of a title.
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
pub struct Lease<AccountId, BlockNumber> {
	/// The tenant.
	pub lessee: AccountId,
	/// Who granted it (the owner then).
	pub granted_by: AccountId,
	/// The first block of the term.
	pub starts_at: BlockNumber,
	/// The first block after the term: the lease is in force before it.
	pub ends_at: BlockNumber,
	/// The hash of the lease agreement with its rent terms.
	pub rent_reference: DocumentHash,
}

/// An owner's offer to transfer a title, with the buyer's acceptance and the
/// consents of blocking encumbrances' holders.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxEncumbrances))]
pub struct TransferOffer<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxEncumbrances: Get<u32>,
> {
	/// The owner who made it.
	pub seller: AccountId,
	/// The only account that may accept it.
	pub buyer: AccountId,
	/// The hash of the deed of sale or gift both sign.
	pub deed: DocumentHash,
	/// When it was made.
	pub offered_at: BlockNumber,
	/// Whether the buyer accepted it.
	pub accepted: bool,
	/// The encumbrances whose holders consented to this transfer.
	pub consents: BoundedVec<EncumbranceId, MaxEncumbrances>,
}

/// A city's Harberger tax on one asset class.
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
pub struct HarbergerPolicy<BlockNumber> {
	/// The tax per period, as a share of the self-assessed price.
	pub rate: Permill,
	/// The tax period, in blocks; tax accrues per whole period.
	pub period: BlockNumber,
	/// The fiscal period the treasury books the tax receipts to; the city
	/// admin moves it on at the end of each fiscal year.
	pub fiscal_period: FiscalPeriod,
	/// When the policy took effect: tax accrues from then (or from when the
	/// owner acquired the title, if later).
	pub since: BlockNumber,
}

/// A title's Harberger account: its owner's self-assessed price and the
/// deposit the tax is paid from.
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
pub struct HarbergerAccount<BlockNumber> {
	/// The self-assessed price anyone may buy the title at.
	pub price: Credits,
	/// The credits the owner left with the register for the tax.
	pub deposit: Credits,
	/// Tax is paid up to this block.
	pub paid_until: BlockNumber,
}

/// A title's full record, as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct TitleView<AccountId, BlockNumber> {
	/// The title's id (and its item id in the city's registry collection).
	pub id: TitleId,
	/// The city.
	pub city: CityId,
	/// The registry collection on pallet-nfts.
	pub collection: Option<civitas_primitives::TitleCollectionId>,
	/// The kind of asset.
	pub class: AssetClass,
	/// The registered owner.
	pub owner: AccountId,
	/// Whether the title is in force.
	pub active: bool,
	/// The cadastral reference, as text.
	pub cadastral_reference: String,
	/// The hash of the geometry or deed document.
	pub document: DocumentHash,
	/// Area in square metres.
	pub area: u64,
	/// Zoning class.
	pub land_use: LandUse,
	/// Assessed value in city credits.
	pub assessed_value: Credits,
	/// Development rights.
	pub rights: Vec<DevelopmentRight>,
	/// The title it was divided from, or the titles merged into it.
	pub parents: Vec<TitleId>,
	/// The titles it was divided or merged into, if retired.
	pub successors: Vec<TitleId>,
	/// Every owner, first to current.
	pub history: Vec<OwnershipRecord<AccountId, BlockNumber>>,
	/// Encumbrances, requested and registered, with their ids.
	pub encumbrances: Vec<(EncumbranceId, Encumbrance<AccountId, BlockNumber>)>,
	/// Leases with their ids and whether each is in force at the block read.
	pub leases: Vec<(LeaseId, Lease<AccountId, BlockNumber>, bool)>,
	/// The open transfer offer: buyer, deed, accepted, consents.
	pub offer: Option<(AccountId, DocumentHash, bool, Vec<EncumbranceId>)>,
	/// The Harberger account and the tax due now, if the title's class is
	/// under the city's Harberger tax.
	pub harberger: Option<(HarbergerAccount<BlockNumber>, Credits)>,
}
