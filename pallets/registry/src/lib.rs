//! # Asset registry pallet
//!
//! A city's property register, in the open: who owns each parcel, how they
//! got it, every lien, mortgage, easement and lease that burdens it, and the
//! development rights that come with it, so a buyer sees everything before
//! buying and a title cannot move while a lien forbids it.
//!
//! ## Overview
//!
//! Each title is an item of its city's *registry collection* on pallet-nfts
//! (through [`civitas_primitives::TitleTokens`]), so wallets and Polkadot.js
//! Apps show it with its public attributes. The item is locked: only this
//! pallet moves or burns it, so the register and the item's owner always
//! agree. The pallet keeps the rules a land registry needs; the city's
//! Registrar records, the parties sign.
//!
//! ### Terminology
//!
//! - **Title**: the registered ownership of one asset (a parcel of land, a
//!   building, a unit, infrastructure) in one city, with its *particulars*:
//!   cadastral reference (unique in the city, never reused), the hash of the
//!   geometry or deed, area, land use, assessed value and development rights.
//! - **Provenance**: every owner of a title, from first registration, with
//!   the block and the way they acquired it (the deed's hash for a sale).
//! - **Encumbrance**: a right of someone else over the title. A creditor asks
//!   for it; the Registrar registers it; only its holder releases it. An
//!   active *lien* or *mortgage* blocks every transfer to which its holder
//!   has not consented; an *easement* never blocks and stays with the land.
//! - **Lease**: granted by the owner to a lessee for a term; it survives
//!   transfers of the title and ends at its term.
//! - **Subdivision / merger**: the Registrar divides one title into parts, or
//!   merges titles of one owner into one. The old titles are retired (their
//!   items burnt), the new ones name them, and *every encumbrance and lease of
//!   a divided title is carried onto each part, and those of merged titles
//!   onto the merged one*, under the same ids: the land that secured a loan
//!   still secures it, whatever its boundaries, until the holder releases it.
//! - **Harberger tax**: a city may put an asset class under it. The owner
//!   then self-assesses a price and keeps a deposit of city credits with the
//!   register; each whole period, tax at the city's rate of that price is paid
//!   from the deposit into the city treasury as a receipt. Anyone may buy the
//!   title at that price, paying the owner. When the deposit cannot pay the
//!   tax due, what is left is paid and the title goes back to the city, which
//!   sells it at its assessed value. Nothing sweeps storage: the tax is
//!   settled whenever the title is touched, or by anyone calling
//!   [`Pallet::settle_tax`].
//!
//! ### Rules worth knowing
//!
//! - A transfer takes three signatures in order: the owner offers (naming the
//!   buyer and the deed), the buyer accepts, the Registrar records. Holders of
//!   active liens and mortgages consent to that offer in between; without
//!   every such consent the Registrar's record fails. Encumbrances stay on the
//!   title after a transfer until their holders release them.
//! - A Harberger purchase is refused while an active lien or mortgage burdens
//!   the title. A reversion for unpaid tax is not: the city's tax claim ranks
//!   first, as in every property tax law, and the lien stays on the title the
//!   city now holds.
//! - A title under the Harberger tax may also be sold by offer; at every
//!   change of owner the seller's deposit is refunded and the buyer's account
//!   starts afresh (price: the assessed value, or the purchase price).
//! - Money moves on the city's ledger (pallet-city-treasury, through
//!   [`civitas_primitives::CityLedger`]): owners and buyers must hold city
//!   credits there. Deposits sit in a keyless account of this pallet per
//!   city; its ledger balance always equals the sum of that city's deposits.
//!
//! ### Example
//!
//! 1. Tartu's Registrar registers parcel `78401:101:0012` to `alice`.
//! 2. `bank` asks for a mortgage of 80 000.00 on it; the Registrar registers
//!    it. `alice` offers the parcel to `bob`, who accepts; the Registrar's
//!    record fails: the mortgage blocks it. `bank` consents to the offer, and
//!    the record goes through. The mortgage stays until `bank` releases it.
//! 3. `bob` leases the parcel to `carol` for a year; the Registrar divides it
//!    into two parcels: both carry the mortgage and the lease.
//! 4. Tartu puts land under a Harberger tax of 0.5% per month. `bob`
//!    self-assesses one part at 60 000.00 and deposits 3 000.00; `dave` buys it
//!    for 60 000.00, paid to `bob` with his deposit back (after the bank
//!    released the mortgage).
//!
//! Anyone reads a title's full record with the runtime API
//! [`runtime_api::AssetRegistryApi`] (RPC `registry_title`).
//!
//! ## Calls
//!
//! - Registrar: [`Pallet::register_title`], [`Pallet::record_transfer`],
//!   [`Pallet::register_encumbrance`], [`Pallet::subdivide`], [`Pallet::merge`].
//! - Owner: [`Pallet::offer_transfer`], [`Pallet::withdraw_offer`],
//!   [`Pallet::grant_lease`], [`Pallet::self_assess`],
//!   [`Pallet::top_up_deposit`], [`Pallet::withdraw_deposit`].
//! - Buyer: [`Pallet::accept_transfer`]. Creditors:
//!   [`Pallet::request_encumbrance`], [`Pallet::consent_to_transfer`],
//!   [`Pallet::release_encumbrance`]. Lessee: [`Pallet::surrender_lease`].
//! - City admin: [`Pallet::set_harberger_policy`].
//! - Anyone: [`Pallet::end_lease`] (after its term), [`Pallet::buy`],
//!   [`Pallet::settle_tax`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use civitas_primitives::{CityId, Credits, DocumentHash, TitleCollectionId, TitleId};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Prepares what the benchmarks cannot create through this pallet's calls.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Creates an active city with `registrar` as its Registrar and `admin` as
	/// its admin, with its ledger open; returns its id.
	fn city(admin: &AccountId, registrar: &AccountId) -> Result<CityId, sp_runtime::DispatchError>;
	/// Puts `who` on the city's ledger with `amount` credits.
	fn fund(city: CityId, who: &AccountId, amount: Credits) -> sp_runtime::DispatchResult;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use civitas_primitives::{
		CityLedger, CityOffices, CityRole, OfficeError, OfficeErrors, TitleTokens,
	};
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;

	/// The pallet's storage layout version: each title holds its provenance
	/// length ([`crate::migrations::v2`]) and the owner index is pallet-nfts'
	/// own ([`crate::migrations::v3`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A parcel's particulars, as stored and as given in calls.
	pub type ParticularsOf<T> =
		Particulars<<T as Config>::MaxReferenceLength, <T as Config>::MaxRights>;
	/// A title, as stored.
	pub type TitleOf<T> = Title<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxReferenceLength,
		<T as Config>::MaxRights,
		<T as Config>::MaxParts,
	>;
	/// A cadastral reference.
	pub type ReferenceOf<T> = BoundedVec<u8, <T as Config>::MaxReferenceLength>;
	/// The parts of a subdivision, or the titles of a merger.
	pub type PartsOf<T> = BoundedVec<ParticularsOf<T>, <T as Config>::MaxParts>;
	/// The titles a merger joins.
	pub type TitleListOf<T> = BoundedVec<TitleId, <T as Config>::MaxParts>;
	/// An encumbrance, as stored.
	pub type EncumbranceOf<T> =
		Encumbrance<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A lease, as stored.
	pub type LeaseOf<T> = Lease<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A transfer offer, as stored.
	pub type OfferOf<T> = TransferOffer<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxEncumbrances,
	>;
	/// A provenance entry.
	pub type OwnershipRecordOf<T> =
		OwnershipRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Cities and their officials.
		type Offices: CityOffices<Self::AccountId>;

		/// The titles' items on pallet-nfts.
		type Titles: TitleTokens<Self::AccountId>;

		/// City credits: Harberger deposits, taxes and purchases.
		type Ledger: CityLedger<Self::AccountId>;

		/// Derives the registry collections' owner and each city's deposit
		/// account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The longest cadastral reference, in bytes.
		#[pallet::constant]
		type MaxReferenceLength: Get<u32>;

		/// The most development rights a title lists.
		#[pallet::constant]
		type MaxRights: Get<u32>;

		/// The most encumbrances (requested or registered) on one title.
		#[pallet::constant]
		type MaxEncumbrances: Get<u32>;

		/// The most leases on one title, in force or not yet ended.
		#[pallet::constant]
		type MaxLeases: Get<u32>;

		/// The longest lease term, in blocks.
		#[pallet::constant]
		type MaxLeaseTerm: Get<BlockNumberFor<Self>>;

		/// The most parts of a subdivision, and titles of a merger.
		#[pallet::constant]
		type MaxParts: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Creates cities and funds accounts for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next title gets.
	#[pallet::storage]
	pub type NextTitleId<T: Config> = StorageValue<_, TitleId, ValueQuery>;

	/// Every title ever registered, retired ones included.
	#[pallet::storage]
	pub type Titles<T: Config> = StorageMap<_, Twox64Concat, TitleId, TitleOf<T>>;

	/// Each city's cadastral references, of titles in force or retired: a
	/// reference is never reused.
	#[pallet::storage]
	pub type CadastralIndex<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Blake2_128Concat, ReferenceOf<T>, TitleId>;

	/// Each city's registry collection on pallet-nfts, created with its first
	/// title.
	#[pallet::storage]
	pub type Collections<T: Config> = StorageMap<_, Twox64Concat, CityId, TitleCollectionId>;

	/// The provenance of each title: entry `n` is its `n`th owner.
	#[pallet::storage]
	pub type Provenance<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TitleId, Twox64Concat, u32, OwnershipRecordOf<T>>;

	/// The id the next encumbrance gets.
	#[pallet::storage]
	pub type NextEncumbranceId<T: Config> = StorageValue<_, EncumbranceId, ValueQuery>;

	/// The encumbrances on each title, requested or registered.
	#[pallet::storage]
	pub type Encumbrances<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TitleId, Twox64Concat, EncumbranceId, EncumbranceOf<T>>;

	/// How many encumbrances each title has; at most `MaxEncumbrances`.
	#[pallet::storage]
	pub type EncumbranceCount<T: Config> = StorageMap<_, Twox64Concat, TitleId, u32, ValueQuery>;

	/// The id the next lease gets.
	#[pallet::storage]
	pub type NextLeaseId<T: Config> = StorageValue<_, LeaseId, ValueQuery>;

	/// The leases of each title not yet ended or surrendered.
	#[pallet::storage]
	pub type Leases<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TitleId, Twox64Concat, LeaseId, LeaseOf<T>>;

	/// How many leases each title has; at most `MaxLeases`.
	#[pallet::storage]
	pub type LeaseCount<T: Config> = StorageMap<_, Twox64Concat, TitleId, u32, ValueQuery>;

	/// Each lessee's leases, as (title, lease).
	#[pallet::storage]
	pub type LeasesByLessee<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, (TitleId, LeaseId), ()>;

	/// The open transfer offer of each title, at most one.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, TitleId, OfferOf<T>>;

	/// The Harberger tax of each city on each asset class that has one.
	#[pallet::storage]
	pub type HarbergerPolicies<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CityId,
		Twox64Concat,
		AssetClass,
		HarbergerPolicy<BlockNumberFor<T>>,
	>;

	/// The Harberger account of each title its owner has touched since
	/// acquiring it; a title under the tax without one has its default
	/// account (price: assessed value, no deposit, tax from acquisition).
	#[pallet::storage]
	pub type HarbergerAccounts<T: Config> =
		StorageMap<_, Twox64Concat, TitleId, HarbergerAccount<BlockNumberFor<T>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The city's registry collection was created on pallet-nfts.
		RegistryCollectionCreated { city: CityId, collection: TitleCollectionId },
		/// A title was registered for the first time, and its item minted.
		TitleRegistered {
			title: TitleId,
			city: CityId,
			class: AssetClass,
			owner: T::AccountId,
			cadastral_reference: ReferenceOf<T>,
			evidence: DocumentHash,
		},
		/// An owner offered a title to a buyer under a deed.
		TransferOffered {
			title: TitleId,
			seller: T::AccountId,
			buyer: T::AccountId,
			deed: DocumentHash,
		},
		/// The owner withdrew the open offer.
		OfferWithdrawn { title: TitleId },
		/// The buyer accepted the offer.
		TransferAccepted { title: TitleId, buyer: T::AccountId },
		/// An encumbrance's holder consented to the open offer.
		TransferConsented { title: TitleId, encumbrance: EncumbranceId, holder: T::AccountId },
		/// The title changed owner; the item moved with it.
		TitleTransferred {
			title: TitleId,
			from: T::AccountId,
			to: T::AccountId,
			acquisition: Acquisition,
		},
		/// A creditor asked for an encumbrance on a title.
		EncumbranceRequested {
			title: TitleId,
			encumbrance: EncumbranceId,
			kind: EncumbranceKind,
			holder: T::AccountId,
			amount: Credits,
		},
		/// The Registrar registered the encumbrance: it now burdens the title.
		EncumbranceRegistered { title: TitleId, encumbrance: EncumbranceId },
		/// The holder released (or withdrew the request for) an encumbrance.
		EncumbranceReleased { title: TitleId, encumbrance: EncumbranceId },
		/// The owner leased the title.
		LeaseGranted {
			title: TitleId,
			lease: LeaseId,
			lessee: T::AccountId,
			ends_at: BlockNumberFor<T>,
		},
		/// The lessee gave the lease up before its term.
		LeaseSurrendered { title: TitleId, lease: LeaseId },
		/// A lease that reached its term was cleared from the register.
		LeaseEnded { title: TitleId, lease: LeaseId },
		/// A title was divided; the parts carry its encumbrances and leases.
		TitleSubdivided { title: TitleId, into: TitleListOf<T> },
		/// Titles were merged; the merged title carries all their
		/// encumbrances and leases.
		TitlesMerged { titles: TitleListOf<T>, into: TitleId },
		/// A city set, changed or (with `None`) lifted its Harberger tax on an
		/// asset class.
		HarbergerPolicySet {
			city: CityId,
			class: AssetClass,
			policy: Option<HarbergerPolicy<BlockNumberFor<T>>>,
		},
		/// The owner set a new self-assessed price.
		SelfAssessed { title: TitleId, price: Credits },
		/// The owner added to the tax deposit.
		DepositToppedUp { title: TitleId, amount: Credits, deposit: Credits },
		/// The owner took credits back from the deposit, or the deposit was
		/// refunded at a change of owner.
		DepositWithdrawn { title: TitleId, who: T::AccountId, amount: Credits },
		/// Tax for `periods` whole periods was paid from the deposit into the
		/// city treasury.
		TaxPaid { title: TitleId, payer: T::AccountId, amount: Credits, periods: u32 },
		/// The deposit could not pay the tax due: what was left was paid and
		/// the title went back to the city.
		TitleReverted { title: TitleId, from: T::AccountId, unpaid: Credits },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No city has this id.
		UnknownCity,
		/// The city is suspended or has left the federation.
		CityNotActive,
		/// The caller does not hold the office this call needs in the title's
		/// city (Registrar, or city admin).
		NotAuthorised,
		/// No title has this id.
		UnknownTitle,
		/// The title was retired by a subdivision or merger.
		TitleRetired,
		/// The caller is not the title's owner.
		NotOwner,
		/// The cadastral reference is empty.
		EmptyReference,
		/// A title of this city has (or had) this cadastral reference.
		ReferenceTaken,
		/// Two parts of one subdivision have the same cadastral reference.
		DuplicateReference,
		/// The area is zero.
		ZeroArea,
		/// A development right kind is listed twice.
		DuplicateRight,
		/// The title already has an open offer; withdraw it first.
		OfferOpen,
		/// The title has no open offer.
		NoOffer,
		/// The buyer is the owner, or a Harberger buyer bids for their own
		/// title.
		OwnAsset,
		/// The caller is not the buyer the offer names.
		NotBuyer,
		/// The buyer already accepted the offer.
		AlreadyAccepted,
		/// The buyer has not accepted the offer.
		NotAccepted,
		/// An active lien or mortgage burdens the title and its holder has
		/// not consented to this transfer.
		BlockedByEncumbrance,
		/// No encumbrance with this id burdens this title.
		UnknownEncumbrance,
		/// The caller is not the encumbrance's holder.
		NotHolder,
		/// The encumbrance is already registered.
		AlreadyRegistered,
		/// The encumbrance is only requested, not registered.
		NotRegistered,
		/// Only an active lien or mortgage may consent to a transfer.
		ConsentNotNeeded,
		/// The holder already consented to this offer.
		AlreadyConsented,
		/// A lien or mortgage must secure a non-zero amount.
		ZeroAmount,
		/// The owner cannot encumber their own title.
		OwnEncumbrance,
		/// The title has `MaxEncumbrances` encumbrances.
		TooManyEncumbrances,
		/// The owner cannot lease to themselves.
		LeaseToSelf,
		/// The lease term is zero.
		ZeroTerm,
		/// The lease term is longer than `MaxLeaseTerm`.
		LeaseTooLong,
		/// The title has `MaxLeases` leases.
		TooManyLeases,
		/// No lease with this id is on this title.
		UnknownLease,
		/// The caller is not the lessee.
		NotLessee,
		/// The lease has not reached its term.
		LeaseNotEnded,
		/// A subdivision needs at least two parts, a merger two titles.
		TooFewParts,
		/// The parts' areas do not add up to the divided title's area, or the
		/// merged area to the merged titles' areas: parts would overlap or
		/// leave land out.
		AreaMismatch,
		/// A title is named twice in a merger.
		DuplicateTitle,
		/// Merged titles must belong to one city, one owner and one class.
		TitlesDiffer,
		/// The asset class of the title is not under the city's Harberger tax.
		NotUnderHarberger,
		/// The Harberger tax period is zero.
		ZeroPeriod,
		/// A self-assessed price must be above zero.
		ZeroPrice,
		/// The buyer's limit is below the price the title sells at.
		BelowPrice,
		/// The deposit cannot pay the Harberger tax due: settling it sends the
		/// title back to the city, so the owner can no longer act on it.
		TaxArrears,
		/// The deposit holds less than the amount asked back.
		InsufficientDeposit,
		/// The city's ledger refused the payment: a party is not on it, holds
		/// too few credits, or the ledger is closed.
		PaymentFailed,
		/// The city has no treasury account to revert titles to.
		NoTreasury,
		/// An amount or count overflowed.
		Overflow,
		/// Every id of this kind has been used.
		IdsExhausted,
		/// The title's item could not be minted, moved or burnt on pallet-nfts.
		TokenFailed,
	}

	impl<T: Config> OfficeErrors for Error<T> {
		fn unknown_city() -> Self {
			Error::UnknownCity
		}
		fn city_not_active() -> Self {
			Error::CityNotActive
		}
	}

	impl<T: Config> Pallet<T> {
		/// The origin is signed by a Registrar of the active `city`.
		pub(crate) fn ensure_registrar(
			origin: OriginFor<T>,
			city: CityId,
		) -> Result<T::AccountId, DispatchError> {
			T::Offices::ensure_signed_by(origin, city, CityRole::Registrar)
				.map_err(office_error::<T>)
		}

		/// The origin is signed by the admin of the active `city`.
		pub(crate) fn ensure_city_admin(
			origin: OriginFor<T>,
			city: CityId,
		) -> Result<T::AccountId, DispatchError> {
			T::Offices::ensure_signed_by_admin(origin, city).map_err(office_error::<T>)
		}

		/// The origin is signed by a Registrar of the city of `title`.
		pub(crate) fn ensure_title_registrar(
			origin: OriginFor<T>,
			title: TitleId,
		) -> Result<T::AccountId, DispatchError> {
			let city = Self::title(title)?.city;
			Self::ensure_registrar(origin, city)
		}
	}

	/// A failed office check as this pallet's error: a caller without the
	/// office is `NotAuthorised`, whichever office it was.
	fn office_error<T: Config>(e: OfficeError) -> DispatchError {
		e.into_error(Error::<T>::NotAuthorised)
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a title for the first time: mints its item to `owner` in
		/// the city's registry collection, with its particulars as public
		/// attributes.
		///
		/// Origin: a Registrar of the city.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_title())]
		pub fn register_title(
			origin: OriginFor<T>,
			city: CityId,
			class: AssetClass,
			owner: T::AccountId,
			particulars: ParticularsOf<T>,
			evidence: DocumentHash,
		) -> DispatchResult {
			Self::ensure_registrar(origin, city)?;
			Self::do_register(city, class, owner, particulars, evidence).map(|_| ())
		}

		/// Offer the title to `buyer` under the deed with hash `deed`. One
		/// offer at a time.
		///
		/// Origin: the title's owner.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::offer_transfer())]
		pub fn offer_transfer(
			origin: OriginFor<T>,
			title: TitleId,
			buyer: T::AccountId,
			deed: DocumentHash,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_offer(title, seller, buyer, deed)
		}

		/// Withdraw the open offer, with any acceptance and consents.
		///
		/// Origin: the title's owner.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_offer())]
		pub fn withdraw_offer(origin: OriginFor<T>, title: TitleId) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_withdraw_offer(title, seller)
		}

		/// Accept the open offer: the buyer's signature on the deed.
		///
		/// Origin: the buyer the offer names.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::accept_transfer())]
		pub fn accept_transfer(origin: OriginFor<T>, title: TitleId) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_accept(title, buyer)
		}

		/// Consent, as the holder of an active lien or mortgage, to the open
		/// offer. The consent is for that offer only; the encumbrance stays.
		///
		/// Origin: the encumbrance's holder.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::consent_to_transfer())]
		pub fn consent_to_transfer(
			origin: OriginFor<T>,
			title: TitleId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			Self::do_consent(title, encumbrance, holder)
		}

		/// Record the accepted transfer: the title and its item move to the
		/// buyer, provided every active lien and mortgage consented.
		///
		/// Charges the worst case (every encumbrance consented, Harberger tax
		/// settled) up front and refunds down to the unburdened cost when the
		/// title had neither.
		///
		/// Origin: a Registrar of the title's city.
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::record_transfer().max(T::WeightInfo::record_transfer_unburdened())
		)]
		pub fn record_transfer(origin: OriginFor<T>, title: TitleId) -> DispatchResultWithPostInfo {
			Self::ensure_title_registrar(origin, title)?;
			Ok(Self::do_record_transfer(title)?.into())
		}

		/// Ask for a lien, mortgage or easement on a title, securing `amount`
		/// under the agreement or judgment `document`. It burdens the title
		/// once the Registrar registers it.
		///
		/// Origin: the creditor, lender or beneficiary, who becomes its holder.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::request_encumbrance())]
		pub fn request_encumbrance(
			origin: OriginFor<T>,
			title: TitleId,
			kind: EncumbranceKind,
			amount: Credits,
			document: DocumentHash,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			Self::do_request_encumbrance(title, holder, kind, amount, document)
		}

		/// Register a requested encumbrance, after checking its document.
		///
		/// Origin: a Registrar of the title's city.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::register_encumbrance())]
		pub fn register_encumbrance(
			origin: OriginFor<T>,
			title: TitleId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			Self::ensure_title_registrar(origin, title)?;
			Self::do_register_encumbrance(title, encumbrance)
		}

		/// Release an encumbrance (the debt is paid, the right given up), or
		/// withdraw its request. On a subdivided title's parts, each carries
		/// it under the same id and is released one by one.
		///
		/// Origin: the encumbrance's holder.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::release_encumbrance())]
		pub fn release_encumbrance(
			origin: OriginFor<T>,
			title: TitleId,
			encumbrance: EncumbranceId,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			Self::do_release_encumbrance(title, encumbrance, holder)
		}

		/// Lease the title to `lessee` from now for `term` blocks, under the
		/// agreement `rent_reference`. The lease survives transfers.
		///
		/// Origin: the title's owner.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::grant_lease())]
		pub fn grant_lease(
			origin: OriginFor<T>,
			title: TitleId,
			lessee: T::AccountId,
			term: BlockNumberFor<T>,
			rent_reference: DocumentHash,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_grant_lease(title, owner, lessee, term, rent_reference)
		}

		/// Give a lease up before its term.
		///
		/// Origin: the lessee.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::surrender_lease())]
		pub fn surrender_lease(
			origin: OriginFor<T>,
			title: TitleId,
			lease: LeaseId,
		) -> DispatchResult {
			let lessee = ensure_signed(origin)?;
			Self::do_surrender_lease(title, lease, lessee)
		}

		/// Clear a lease that reached its term from the register. The lease
		/// already ended at its term; this only tidies up.
		///
		/// Origin: any signed account.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::end_lease())]
		pub fn end_lease(origin: OriginFor<T>, title: TitleId, lease: LeaseId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_end_lease(title, lease)
		}

		/// Divide a title into `parts`, whose areas add up to its area; each
		/// part is a new title of the same owner and class, carrying every
		/// encumbrance and lease of the divided title.
		///
		/// Origin: a Registrar of the title's city.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::subdivide(parts.len() as u32))]
		pub fn subdivide(
			origin: OriginFor<T>,
			title: TitleId,
			parts: PartsOf<T>,
		) -> DispatchResult {
			Self::ensure_title_registrar(origin, title)?;
			Self::do_subdivide(title, parts).map(|_| ())
		}

		/// Merge titles of one owner, city and class into one title with
		/// `particulars`, whose area is their sum; it carries every
		/// encumbrance and lease of the merged titles.
		///
		/// Origin: a Registrar of the titles' city.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::merge(titles.len() as u32))]
		pub fn merge(
			origin: OriginFor<T>,
			titles: TitleListOf<T>,
			particulars: ParticularsOf<T>,
		) -> DispatchResult {
			let first = *titles.first().ok_or(Error::<T>::TooFewParts)?;
			Self::ensure_title_registrar(origin, first)?;
			Self::do_merge(titles, particulars).map(|_| ())
		}

		/// Put an asset class of the city under the Harberger tax, change its
		/// rate, period or fiscal period, or (with `None`) lift it. Tax not yet
		/// settled is computed at the terms in force when it is settled, and a
		/// lifted tax forgives it.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_harberger_policy())]
		pub fn set_harberger_policy(
			origin: OriginFor<T>,
			city: CityId,
			class: AssetClass,
			terms: Option<(
				sp_runtime::Permill,
				BlockNumberFor<T>,
				civitas_primitives::FiscalPeriod,
			)>,
		) -> DispatchResult {
			Self::ensure_city_admin(origin, city)?;
			Self::do_set_policy(city, class, terms)
		}

		/// Set the title's self-assessed price, after settling the tax due at
		/// the old one.
		///
		/// Origin: the title's owner.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::self_assess())]
		pub fn self_assess(origin: OriginFor<T>, title: TitleId, price: Credits) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_self_assess(title, owner, price)
		}

		/// Move `amount` of the owner's city credits into the title's tax
		/// deposit.
		///
		/// Origin: the title's owner.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::top_up_deposit())]
		pub fn top_up_deposit(
			origin: OriginFor<T>,
			title: TitleId,
			amount: Credits,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_top_up(title, owner, amount)
		}

		/// Take `amount` back from the title's tax deposit, after settling
		/// the tax due.
		///
		/// Origin: the title's owner.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::withdraw_deposit())]
		pub fn withdraw_deposit(
			origin: OriginFor<T>,
			title: TitleId,
			amount: Credits,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_withdraw_deposit(title, owner, amount)
		}

		/// Buy a title under the Harberger tax at its self-assessed price (or
		/// at its assessed value from the city), paying at most `max_price`.
		/// The owner is paid and gets the deposit back.
		///
		/// Origin: any signed account on the city's ledger, except the owner.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::buy())]
		pub fn buy(origin: OriginFor<T>, title: TitleId, max_price: Credits) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_buy(title, buyer, max_price)
		}

		/// Settle a title's Harberger tax up to now: the tax is paid from the
		/// deposit, or the title goes back to the city if the deposit cannot
		/// pay it.
		///
		/// Origin: any signed account.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::settle_tax())]
		pub fn settle_tax(origin: OriginFor<T>, title: TitleId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_call(title)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_invariants().map_err(|e| {
				log::error!(target: "runtime::registry", "try_state: {e}");
				"the register's invariants do not hold".into()
			})
		}
	}
}
