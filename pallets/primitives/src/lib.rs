//! # Civitas primitives
//!
//! The few types and traits that several Civitas pallets and the runtime
//! share. A Civitas pallet never depends on another Civitas pallet: they meet
//! here, through traits the runtime wires, so each pallet is tested with
//! mocks.
//!
//! Principle 2 of the chain is that no personal data goes on chain: people
//! appear as accounts and hash commitments, documents as content hashes. The
//! types below say which is which.
//!
//! - [`offices`]: which cities take part in the federation, and who holds which
//!   office in each. Every city pallet checks its callers through
//!   [`CityOffices`], which pallet-cities implements.
//! - [`treasury`]: city credits, budget lines, and the [`BudgetEscrow`] through
//!   which procurement holds part of a line; pallet-city-treasury implements it.
//! - [`residency`]: who is a resident of which city ([`Residents`], which
//!   pallet-residency implements), the [`CitizenBadges`] the runtime mints on
//!   pallet-nfts, and the attribute commitment with its selective disclosure.
//! - [`registry`]: property titles as pallet-nfts items ([`TitleTokens`]); the
//!   asset registry collects Harberger tax through [`CityLedger`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod offices;
pub mod registry;
pub mod residency;
pub mod treasury;

pub use offices::{CityOffices, CityRole, CityStatus, OfficeError, OfficeErrors};
pub use registry::{TitleCollectionId, TitleId, TitleTokens};
pub use residency::{BadgeCollectionId, CertificateId, CitizenBadges, Residents};
pub use treasury::{
	BudgetEscrow, BudgetLineId, CityLedger, Credits, DepartmentId, EscrowError, EscrowRelease,
	FiscalPeriod, LedgerRevenue, MilestoneReference, OnEscrowRelease, PaymentProposalId,
	SpendingCategory,
};

/// Declares plain on-chain records: fieldless enums and small structs of
/// `Copy` fields that go into storage, events and runtime API answers. Each
/// item gets the SCALE codec (with its memory-tracking decoder and a maximum
/// encoded length), type information for the metadata, and `Clone`, `Copy`,
/// `PartialEq`, `Eq` and `Debug`; an item adds its own derives (`Ord`,
/// serde) above its definition.
///
/// ```
/// civitas_primitives::record! {
///     /// A coarse age band.
///     #[derive(PartialOrd, Ord)]
///     pub enum AgeBand {
///         /// 16 to 29 years.
///         Young,
///         /// 30 years and more.
///         Older,
///     }
/// }
/// let band = AgeBand::Young;
/// assert!(band < AgeBand::Older);
/// assert_eq!(codec::Encode::encode(&band), [0]);
/// assert_eq!(<AgeBand as codec::MaxEncodedLen>::max_encoded_len(), 1);
/// ```
#[macro_export]
macro_rules! record {
	($($item:item)*) => {
		$(
			#[derive(
				$crate::__private::codec::Encode,
				$crate::__private::codec::Decode,
				$crate::__private::codec::DecodeWithMemTracking,
				$crate::__private::codec::MaxEncodedLen,
				$crate::__private::scale_info::TypeInfo,
				Clone,
				Copy,
				PartialEq,
				Eq,
				Debug,
			)]
			#[codec(crate = $crate::__private::codec)]
			#[scale_info(crate = $crate::__private::scale_info)]
			$item
		)*
	};
}

#[doc(hidden)]
pub mod __private {
	pub use codec;
	pub use scale_info;
}

/// Identifies a participating city in the federation.
pub type CityId = u32;

/// The content hash (BLAKE2-256) of an off-chain document: a deed, an
/// invoice, a specification. The document itself never goes on chain.
pub type DocumentHash = sp_core::H256;

/// A salted hash commitment to private attributes (a resident's, a private
/// payer's). Only the holder of the salt can open it.
pub type Commitment = sp_core::H256;
