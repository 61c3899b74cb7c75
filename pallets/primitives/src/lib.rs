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

pub use offices::{CityOffices, CityRole, CityStatus, OfficeError};
pub use registry::{TitleCollectionId, TitleId, TitleTokens};
pub use residency::{BadgeCollectionId, CertificateId, CitizenBadges, Residents};
pub use treasury::{
	BudgetEscrow, BudgetLineId, CityLedger, Credits, DepartmentId, EscrowError, FiscalPeriod,
	LedgerRevenue, SpendingCategory,
};

/// Identifies a participating city in the federation.
pub type CityId = u32;

/// The content hash (BLAKE2-256) of an off-chain document: a deed, an
/// invoice, a specification. The document itself never goes on chain.
pub type DocumentHash = sp_core::H256;

/// A salted hash commitment to private attributes (a resident's, a private
/// payer's). Only the holder of the salt can open it.
pub type Commitment = sp_core::H256;
