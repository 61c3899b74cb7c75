//! # Residency pallet
//!
//! Residency certificates that a city's Registrar issues and that anyone can
//! verify, with no personal data on chain. Residency is what the sortition
//! pool, one-resident-one-vote and access to city services stand on.
//!
//! ## Overview
//!
//! A person proves their residence to the city's Registrar off chain, as
//! today. The Registrar then *issues* a certificate on chain: the person's
//! account, the city, the kind of certificate, an expiry block and a salted
//! *commitment* to the checked attributes (age band, neighbourhood, ...). The
//! attributes themselves stay with the resident; the commitment reveals
//! nothing about them (format in `civitas_primitives::residency`).
//!
//! Anyone can ask whether an account is a resident of a city at a block
//! ([`Pallet::is_resident`], the runtime API [`runtime_api::ResidencyApi`] and
//! its RPC `residency_isResident`). A certificate is valid while it is
//! active and its expiry block has not been reached; validity is read from
//! the block number, so nothing sweeps storage as certificates lapse. Anyone
//! may later clean a lapsed certificate up ([`Pallet::expire`]), which burns
//! its badge and records it as expired.
//!
//! Issuing a certificate mints a *citizen badge* to the resident: an item of
//! the city's collection on pallet-nfts (through
//! [`civitas_primitives::CitizenBadges`]), so wallets and Polkadot.js Apps
//! show it. The badge cannot be transferred or burnt by its holder; it is
//! burnt when the certificate is revoked, moved or cleaned up after expiry.
//!
//! A resident proves one attribute to a verifier by *selective disclosure*:
//! revealing that attribute's value and salt, which the verifier checks
//! against the commitment on chain (`civitas-node residency verify`). A
//! resident may also *grant consent* to a service provider's account: the
//! provider learns a pointer (a hash of a record or of its URI) and can check
//! residency, never the attributes; the resident can withdraw it at any time.
//!
//! ### Terminology
//!
//! - **Certificate**: subject account, city, [`CertificateKind`], commitment,
//!   issued-at and expires-at blocks, [`CertificateStatus`]. At most one
//!   certificate per subject and city is active.
//! - **Registrar**: the official of a city ([`civitas_primitives::CityRole`])
//!   who issues, renews and revokes that city's certificates.
//! - **Move**: the new city's Registrar issues a certificate that replaces
//!   the old city's in the same block: the old one ends as *moved*, naming the
//!   new one, and the new one names the old one. Residency has no gap.
//! - **Citizen badge**: the non-transferable NFT mirroring an active
//!   certificate; its item id is the certificate id.
//! - **Consent**: a resident's grant of a record pointer to a provider.
//!
//! ### Example
//!
//! 1. Tallinn's Registrar `r` checks Mari's papers and computes the
//!    commitment to `age_band = 30-39, neighbourhood = Kalamaja` with fresh
//!    salts (`civitas-node residency commit`); Mari keeps the salts.
//! 2. `r` calls `issue(Tallinn, mari, Resident, commitment, expires_at)`:
//!    certificate 7 is active and badge 7 appears in Mari's wallet.
//! 3. The library asks `residency_isResident(Tallinn, mari)`: `true`. Mari
//!    discloses her neighbourhood to it; the verifier checks the disclosure
//!    against certificate 7's commitment.
//! 4. Mari grants the library consent to her library-card record pointer;
//!    she later revokes it.
//! 5. Mari moves to Tartu. Tartu's Registrar calls `move_residency`:
//!    certificate 7 ends *moved to 8*, badge 7 is burnt, certificate 8 of
//!    Tartu is active and badge 8 minted, in the same block.
//!
//! ## Calls
//!
//! - Registrar: [`Pallet::issue`], [`Pallet::renew`], [`Pallet::revoke`],
//!   [`Pallet::move_residency`] (the new city's Registrar).
//! - Residents: [`Pallet::grant_consent`], [`Pallet::revoke_consent`].
//! - Anyone: [`Pallet::expire`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use civitas_primitives::{BadgeCollectionId, CertificateId, CityId, Commitment};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Sets up what the benchmarks need outside this pallet.
pub trait BenchmarkHelper<AccountId> {
	/// A new active city in which `registrar` is a Registrar.
	fn city(registrar: &AccountId) -> Result<CityId, sp_runtime::DispatchError>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use civitas_primitives::{CitizenBadges, CityOffices, CityRole, OfficeErrors};
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// The pallet's storage layout version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A certificate as this runtime stores it.
	pub type CertificateOf<T> =
		Certificate<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Cities and their Registrars.
		type Offices: CityOffices<Self::AccountId>;

		/// Where citizen badges are minted and burnt (pallet-nfts).
		type Badges: CitizenBadges<Self::AccountId>;

		/// The pallet's id; its account owns every badge collection, and no
		/// one holds its key.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The longest a certificate may be valid for, from its issue or
		/// renewal, in blocks.
		#[pallet::constant]
		type MaxValidity: Get<BlockNumberFor<Self>>;

		/// The most providers a resident may grant consent to in one city.
		#[pallet::constant]
		type MaxConsents: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks' cities.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next certificate gets.
	#[pallet::storage]
	pub type NextCertificateId<T: Config> = StorageValue<_, CertificateId, ValueQuery>;

	/// Every certificate ever issued, kept for the record.
	#[pallet::storage]
	pub type Certificates<T: Config> = StorageMap<_, Twox64Concat, CertificateId, CertificateOf<T>>;

	/// The latest certificate of each subject in each city, active or not.
	#[pallet::storage]
	pub type CurrentCertificate<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Blake2_128Concat, T::AccountId, CertificateId>;

	/// How many certificates of each city have the status active, including
	/// lapsed ones not yet cleaned up (the runtime API counts valid ones).
	#[pallet::storage]
	pub type ActiveCertificates<T: Config> = StorageMap<_, Twox64Concat, CityId, u32, ValueQuery>;

	/// Each city's roll: every certificate ever issued for the city, in issue
	/// order, at positions `0..RollLength(city)`; never removed or reordered
	/// (see [`civitas_primitives::Residents`]). Sortition draws its panels
	/// from it.
	#[pallet::storage]
	pub type Roll<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, u32, CertificateId>;

	/// How many certificates each city's roll holds.
	#[pallet::storage]
	pub type RollLength<T: Config> = StorageMap<_, Twox64Concat, CityId, u32, ValueQuery>;

	/// Each city's citizen badge collection, created with its first
	/// certificate.
	#[pallet::storage]
	pub type BadgeCollections<T: Config> = StorageMap<_, Twox64Concat, CityId, BadgeCollectionId>;

	/// Consents: (city, resident, provider) to the record pointer granted.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CityId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		Consent<BlockNumberFor<T>>,
	>;

	/// How many consents each resident has granted in each city; at most
	/// `MaxConsents`.
	#[pallet::storage]
	pub type ConsentCount<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The city's citizen badge collection was created on pallet-nfts.
		BadgeCollectionCreated { city: CityId, collection: BadgeCollectionId },
		/// A certificate was issued and its badge minted; `moved_from` names
		/// the other city's certificate it replaces after a move.
		CertificateIssued {
			certificate: CertificateId,
			city: CityId,
			subject: T::AccountId,
			kind: CertificateKind,
			expires_at: BlockNumberFor<T>,
			moved_from: Option<CertificateId>,
		},
		/// A certificate's expiry was extended, and its commitment replaced if
		/// `commitment_changed`.
		CertificateRenewed {
			certificate: CertificateId,
			city: CityId,
			subject: T::AccountId,
			expires_at: BlockNumberFor<T>,
			commitment_changed: bool,
		},
		/// A certificate was revoked and its badge burnt.
		CertificateRevoked {
			certificate: CertificateId,
			city: CityId,
			subject: T::AccountId,
			reason: RevocationReason,
		},
		/// A certificate ended by a move: `moved_to` is the certificate of
		/// `to_city` issued in the same block. Its badge was burnt.
		CertificateMoved {
			certificate: CertificateId,
			city: CityId,
			subject: T::AccountId,
			to_city: CityId,
			moved_to: CertificateId,
		},
		/// A lapsed certificate was cleaned up and its badge burnt.
		CertificateExpired { certificate: CertificateId, city: CityId, subject: T::AccountId },
		/// A resident granted (or changed) a provider's access to a record
		/// pointer.
		ConsentGranted {
			city: CityId,
			subject: T::AccountId,
			provider: T::AccountId,
			pointer: H256,
		},
		/// A resident withdrew a provider's access.
		ConsentRevoked { city: CityId, subject: T::AccountId, provider: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No city has this id.
		UnknownCity,
		/// The city is suspended or has left the federation.
		CityNotActive,
		/// The caller is not a Registrar of this city.
		NotRegistrar,
		/// The subject already holds an active certificate of this city.
		AlreadyResident,
		/// The subject holds no active, unexpired certificate of this city.
		NotResident,
		/// The certificate was revoked, moved or cleaned up; a new one must be
		/// issued.
		CertificateNotActive,
		/// The certificate reached its expiry block; a new one must be issued.
		CertificateExpired,
		/// The certificate has not reached its expiry block yet.
		NotYetExpired,
		/// No certificate has this id.
		UnknownCertificate,
		/// The expiry block is not after the current block.
		ExpiryInPast,
		/// The expiry block is further than `MaxValidity` from now.
		ValidityTooLong,
		/// A renewal must move the expiry block later.
		ExpiryNotLater,
		/// The commitment is zero: no attributes were committed to.
		EmptyCommitment,
		/// A move needs two different cities.
		SameCity,
		/// The resident has granted `MaxConsents` consents in this city.
		TooManyConsents,
		/// The resident has granted this provider no consent in this city.
		NoConsent,
		/// A resident cannot grant consent to their own account.
		ConsentToSelf,
		/// Every certificate id has been used.
		CertificateIdsExhausted,
		/// The citizen badge could not be minted or burnt on pallet-nfts.
		BadgeFailed,
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
				.map_err(|e| e.into_error(Error::<T>::NotRegistrar))
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Issue a residency certificate to `subject`, valid until
		/// `expires_at`, committing to its off-chain attributes; mints the
		/// subject's citizen badge. A lapsed certificate of the same subject
		/// and city is cleaned up first.
		///
		/// Charges the worst case up front (a lapsed certificate to close, or
		/// the city's first badge, which creates its collection) and refunds
		/// down to [`WeightInfo::issue_new_subject`] when it was neither.
		///
		/// Origin: a Registrar of the city.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::issue()
				.max(T::WeightInfo::issue_first_in_city())
				.max(T::WeightInfo::issue_new_subject())
		)]
		pub fn issue(
			origin: OriginFor<T>,
			city: CityId,
			subject: T::AccountId,
			kind: CertificateKind,
			commitment: Commitment,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResultWithPostInfo {
			Self::ensure_registrar(origin, city)?;
			let common = !CurrentCertificate::<T>::contains_key(city, &subject)
				&& BadgeCollections::<T>::contains_key(city);
			Self::do_issue(city, subject, kind, commitment, expires_at, None)?;
			Ok(common.then(T::WeightInfo::issue_new_subject).into())
		}

		/// Extend the subject's active certificate to `expires_at`, and
		/// replace its commitment if one is given (the attributes changed).
		///
		/// Origin: a Registrar of the city.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::renew())]
		pub fn renew(
			origin: OriginFor<T>,
			city: CityId,
			subject: T::AccountId,
			expires_at: BlockNumberFor<T>,
			commitment: Option<Commitment>,
		) -> DispatchResult {
			Self::ensure_registrar(origin, city)?;
			Self::do_renew(city, subject, expires_at, commitment)
		}

		/// Revoke the subject's active certificate with a reason; burns the
		/// badge.
		///
		/// Origin: a Registrar of the city.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(
			origin: OriginFor<T>,
			city: CityId,
			subject: T::AccountId,
			reason: RevocationReason,
		) -> DispatchResult {
			Self::ensure_registrar(origin, city)?;
			Self::do_revoke(city, subject, reason)
		}

		/// Move the subject's residency from `from_city` to `to_city`: a new
		/// certificate of `to_city` is issued, and the certificate of
		/// `from_city` ends as moved, in the same block. Each names the other.
		///
		/// Origin: a Registrar of `to_city`, the city the subject moves to.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::move_residency())]
		pub fn move_residency(
			origin: OriginFor<T>,
			subject: T::AccountId,
			from_city: CityId,
			to_city: CityId,
			kind: CertificateKind,
			commitment: Commitment,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			Self::ensure_registrar(origin, to_city)?;
			Self::do_move(subject, from_city, to_city, kind, commitment, expires_at)
		}

		/// Clean up a certificate that reached its expiry block: it is
		/// recorded as expired and its badge burnt. Residency already ended at
		/// the expiry block; this only tidies the record.
		///
		/// Origin: any signed account.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::expire())]
		pub fn expire(origin: OriginFor<T>, certificate: CertificateId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_expire(certificate)
		}

		/// Grant `provider` access to a record pointer (a hash of the record
		/// or its URI), or change the pointer of an existing grant.
		///
		/// Origin: a resident of the city.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::grant_consent())]
		pub fn grant_consent(
			origin: OriginFor<T>,
			city: CityId,
			provider: T::AccountId,
			pointer: H256,
		) -> DispatchResult {
			let subject = ensure_signed(origin)?;
			Self::do_grant_consent(city, subject, provider, pointer)
		}

		/// Withdraw a provider's access. Possible whether or not the caller
		/// is still a resident.
		///
		/// Origin: the resident who granted it.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(
			origin: OriginFor<T>,
			city: CityId,
			provider: T::AccountId,
		) -> DispatchResult {
			let subject = ensure_signed(origin)?;
			Self::do_revoke_consent(city, subject, provider)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_invariants().map_err(|e| {
				log::error!(target: "runtime::residency", "try_state: {e}");
				"the residency records' invariants do not hold".into()
			})
		}
	}
}
