//! # Cities pallet
//!
//! The federation of cities that runs a Civitas chain: which cities take part,
//! who speaks for each of them, who holds which city office, and which
//! validators each city operates.
//!
//! ## Overview
//!
//! Cities join the chain by vote of the cities already in it. Each city has an
//! *admin* account (its own council or multisig), which
//!
//! - sits on the *federation council* while the city is active: the council
//!   admits, suspends and reinstates cities and authorises runtime upgrades;
//! - appoints and dismisses the city's *officials* (Treasurer, Registrar,
//!   Procurement officer, Auditor), who act for that one city only;
//! - registers the city's *validators*. The chain's validator set is the union
//!   of the validators of the active cities, and changes at session
//!   boundaries.
//!
//! Other Civitas pallets never read this pallet's storage: they check their
//! callers through [`civitas_primitives::CityOffices`], which this pallet
//! implements and the runtime wires.
//!
//! ### Terminology
//!
//! - **City**: a participant of the federation, known by a [`CityId`]
//!   assigned at admission, with a unique name and a treasury account derived
//!   from this pallet's id and the city id.
//! - **Status**: `Active` (takes part), `Suspended` (by the council: off the
//!   council, validators out at the next session, officials cannot act) or
//!   `Left` (for good; the record stays for the audit trail).
//! - **Federation council**: a collective whose members are the admins of the
//!   active cities. This pallet keeps it in sync through
//!   [`Config::CouncilMembers`].
//! - **Office**: a [`CityRole`] an official holds in one city. At most
//!   [`Config::MaxOfficialsPerRole`] accounts per role and city.
//! - **Validator**: an account that has set its session keys (Aura and
//!   GRANDPA) in pallet-session and that a city registered. A city has at
//!   most [`Config::MaxValidatorsPerCity`]; an account validates for one city.
//!   No change may leave fewer than [`Config::MinValidators`] validators among
//!   the active cities.
//!
//! ### Example
//!
//! 1. The council votes `admit_city("Tartu", tartu_council)`: city 3 is
//!    active, `tartu_council` joins the federation council.
//! 2. Tartu's validator operator calls `session.set_keys` from account `v`;
//!    `tartu_council` calls `register_validator(3, v)`. From the session after
//!    next, `v` authors blocks and votes in GRANDPA.
//! 3. `tartu_council` calls `appoint(3, Treasurer, t)`: `t` can now record
//!    Tartu's receipts, and only Tartu's.
//! 4. The council votes `suspend_city(3)`: `tartu_council` leaves the council,
//!    `v` leaves the validator set at the next session, `t` can no longer act.
//!
//! ## Calls
//!
//! - Federation (council majority): [`Pallet::admit_city`],
//!   [`Pallet::suspend_city`], [`Pallet::reinstate_city`].
//! - Federation (two-thirds council motion): [`Pallet::authorize_upgrade`].
//! - City admin: [`Pallet::leave_federation`], [`Pallet::set_admin`] (the
//!   council may also replace a city's admin), [`Pallet::appoint`],
//!   [`Pallet::dismiss`], [`Pallet::register_validator`],
//!   [`Pallet::deregister_validator`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use civitas_primitives::{CityId, CityRole, CityStatus};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Prepares state the benchmarks cannot create through this pallet's calls.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `validator` pass [`Config::ValidatorRegistration`] (sets its
	/// session keys).
	fn register_session_keys(validator: &AccountId);
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn register_session_keys(_: &AccountId) {}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{string::String, vec::Vec};
	use frame_support::{
		pallet_prelude::*,
		traits::{ChangeMembers, ValidatorRegistration},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::StaticLookup;

	/// The pallet's storage layout version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// An account given by index or address in a call.
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	/// The record of a city, as stored.
	pub type CityInfoOf<T> = CityInfo<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxNameLength,
	>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Admits, suspends and reinstates cities, and may replace a city's
		/// admin: a majority of the federation council.
		type FederationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Authorises runtime upgrades: a two-thirds council motion.
		type UpgradeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The federation council, kept equal to the admins of the active
		/// cities.
		type CouncilMembers: ChangeMembers<Self::AccountId>;

		/// Tells whether an account has set its session keys.
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// Derives each city's treasury account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most cities that may be active at once; also bounds the council.
		#[pallet::constant]
		type MaxCities: Get<u32>;

		/// The longest city name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The most accounts holding one office in one city.
		#[pallet::constant]
		type MaxOfficialsPerRole: Get<u32>;

		/// The most validators one city may register.
		#[pallet::constant]
		type MaxValidatorsPerCity: Get<u32>;

		/// The fewest validators the active cities must keep between them.
		/// Changes that would go below are refused.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Prepares benchmark state.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next admitted city receives.
	#[pallet::storage]
	pub type NextCityId<T> = StorageValue<_, CityId, ValueQuery>;

	/// Every city ever admitted, by id. Cities that left keep their record.
	#[pallet::storage]
	pub type Cities<T: Config> = StorageMap<_, Twox64Concat, CityId, CityInfoOf<T>>;

	/// The active cities, in order of admission: their admins are the council.
	#[pallet::storage]
	pub type ActiveCities<T: Config> =
		StorageValue<_, BoundedVec<CityId, T::MaxCities>, ValueQuery>;

	/// The city each name belongs to, among cities that have not left.
	#[pallet::storage]
	pub type CityByName<T: Config> =
		StorageMap<_, Blake2_128Concat, CityName<T::MaxNameLength>, CityId>;

	/// The city an account is admin of. An account speaks for one city at most.
	#[pallet::storage]
	pub type CityOfAdmin<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CityId>;

	/// The officials of each city, by office.
	#[pallet::storage]
	pub type Offices<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CityId,
		Twox64Concat,
		CityRole,
		BoundedVec<T::AccountId, T::MaxOfficialsPerRole>,
		ValueQuery,
	>;

	/// The validators each city registered.
	#[pallet::storage]
	pub type CityValidators<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CityId,
		BoundedVec<T::AccountId, T::MaxValidatorsPerCity>,
		ValueQuery,
	>;

	/// The city each validator validates for.
	#[pallet::storage]
	pub type CityOfValidator<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CityId>;

	/// Set when the validators of the active cities changed since the last
	/// validator set was planned; cleared when a new one is planned.
	#[pallet::storage]
	pub type ValidatorSetChanged<T> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The founding cities, in id order from 0: name, admin, validators.
		/// Validators must also get session keys in pallet-session's genesis.
		pub cities: Vec<(String, T::AccountId, Vec<T::AccountId>)>,
		/// Officials appointed at genesis: city, office, account.
		pub officials: Vec<(CityId, CityRole, T::AccountId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A genesis that breaks the pallet's rules must not start a chain:
			// stop with the offending entry and the error it caused.
			let old_council = Pallet::<T>::council();
			for (name, admin, validators) in &self.cities {
				let city = Pallet::<T>::do_admit(name.as_bytes().to_vec(), admin.clone())
					.unwrap_or_else(|e| panic!("genesis city {name:?} refused: {e:?}"));
				for validator in validators {
					if let Err(e) = Pallet::<T>::add_validator(city, validator.clone()) {
						panic!("genesis validator {validator:?} of {name:?} refused: {e:?}");
					}
				}
			}
			for (city, role, who) in &self.officials {
				if let Err(e) = Pallet::<T>::add_official(*city, *role, who.clone()) {
					panic!("genesis official {who:?} ({role:?} of city {city}) refused: {e:?}");
				}
			}
			Pallet::<T>::sync_council(&old_council);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The council admitted a city.
		CityAdmitted {
			city: CityId,
			name: CityName<T::MaxNameLength>,
			admin: T::AccountId,
			treasury: T::AccountId,
		},
		/// The council suspended a city.
		CitySuspended { city: CityId },
		/// The council reinstated a suspended city.
		CityReinstated { city: CityId },
		/// A city left the federation for good.
		CityLeft { city: CityId },
		/// A city's admin account changed.
		AdminChanged { city: CityId, old: T::AccountId, new: T::AccountId },
		/// A city admin appointed an official.
		OfficialAppointed { city: CityId, role: CityRole, who: T::AccountId },
		/// A city admin dismissed an official.
		OfficialDismissed { city: CityId, role: CityRole, who: T::AccountId },
		/// A city registered a validator.
		ValidatorRegistered { city: CityId, validator: T::AccountId },
		/// A city deregistered a validator.
		ValidatorDeregistered { city: CityId, validator: T::AccountId },
		/// A new validator set was handed to pallet-session; it takes effect at
		/// the start of `session`.
		ValidatorSetPlanned { session: u32, validators: u32 },
		/// The validators with session keys were too few for a new set, so the
		/// current set stays.
		ValidatorSetKept { session: u32, validators_with_keys: u32 },
		/// The council authorised a runtime upgrade with this code hash; anyone
		/// may now submit the code with `system.apply_authorized_upgrade`.
		RuntimeUpgradeAuthorized { code_hash: T::Hash },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No city has this id.
		UnknownCity,
		/// The city is suspended or has left.
		CityNotActive,
		/// The city is not suspended.
		CityNotSuspended,
		/// The city has left the federation.
		CityHasLeft,
		/// The city name is empty.
		EmptyName,
		/// The city name is longer than `MaxNameLength` bytes.
		NameTooLong,
		/// Another city that has not left bears this name.
		DuplicateName,
		/// The account is already the admin of a city that has not left.
		AdminAlreadyServes,
		/// The caller is not the city's admin.
		NotCityAdmin,
		/// `MaxCities` cities are already active.
		TooManyCities,
		/// No more city ids.
		CityIdOverflow,
		/// The account already holds this office in this city.
		AlreadyHoldsOffice,
		/// The office already has `MaxOfficialsPerRole` holders in this city.
		TooManyOfficials,
		/// The account does not hold this office in this city.
		NotAnOfficial,
		/// The account is already a validator of a city.
		ValidatorAlreadyRegistered,
		/// The city already has `MaxValidatorsPerCity` validators.
		TooManyValidators,
		/// The account has not set its session keys in pallet-session.
		NoSessionKeys,
		/// The account is not a validator of this city.
		NotCityValidator,
		/// The change would leave fewer than `MinValidators` validators among
		/// the active cities.
		TooFewValidators,
		/// The change would leave no active city, and so no council.
		LastActiveCity,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit a city to the federation under the next free id.
		///
		/// Origin: [`Config::FederationOrigin`] (a council majority). The
		/// city is active at once: `admin` joins the council and may appoint
		/// officials and register validators.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit_city())]
		pub fn admit_city(
			origin: OriginFor<T>,
			name: Vec<u8>,
			admin: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::FederationOrigin::ensure_origin(origin)?;
			let admin = T::Lookup::lookup(admin)?;
			let old_council = Self::council();
			Self::do_admit(name, admin)?;
			Self::sync_council(&old_council);
			Ok(())
		}

		/// Suspend an active city: its admin leaves the council, its
		/// validators leave at the next session, its officials cannot act.
		///
		/// Origin: [`Config::FederationOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend_city())]
		pub fn suspend_city(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			T::FederationOrigin::ensure_origin(origin)?;
			Self::do_suspend(city)
		}

		/// Reinstate a suspended city, with its admin, officials and
		/// validators as they were.
		///
		/// Origin: [`Config::FederationOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_city())]
		pub fn reinstate_city(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			T::FederationOrigin::ensure_origin(origin)?;
			Self::do_reinstate(city)
		}

		/// Leave the federation for good. Offices and validators are cleared;
		/// the city's record stays.
		///
		/// Origin: signed by the city's admin, active or suspended.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::leave_federation())]
		pub fn leave_federation(origin: OriginFor<T>, city: CityId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_admin_of(&who, city)?;
			Self::do_leave(city)
		}

		/// Hand the city's admin role to another account, which takes the
		/// city's council seat.
		///
		/// Origin: signed by the city's admin, or [`Config::FederationOrigin`]
		/// (for a city that lost the keys of its admin account).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_admin())]
		pub fn set_admin(
			origin: OriginFor<T>,
			city: CityId,
			new_admin: AccountIdLookupOf<T>,
		) -> DispatchResult {
			if let Err(origin) = T::FederationOrigin::try_origin(origin) {
				let who = ensure_signed(origin)?;
				Self::ensure_admin_of(&who, city)?;
			}
			let new_admin = T::Lookup::lookup(new_admin)?;
			Self::do_set_admin(city, new_admin)
		}

		/// Appoint `who` to `role` in an active city.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::appoint())]
		pub fn appoint(
			origin: OriginFor<T>,
			city: CityId,
			role: CityRole,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			Self::ensure_active(city)?;
			let who = T::Lookup::lookup(who)?;
			Self::add_official(city, role, who.clone())?;
			Self::deposit_event(Event::OfficialAppointed { city, role, who });
			Ok(())
		}

		/// Dismiss `who` from `role`. Also works while the city is suspended.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::dismiss())]
		pub fn dismiss(
			origin: OriginFor<T>,
			city: CityId,
			role: CityRole,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			let who = T::Lookup::lookup(who)?;
			Self::remove_official(city, role, &who)?;
			Self::deposit_event(Event::OfficialDismissed { city, role, who });
			Ok(())
		}

		/// Register a validator for an active city. The validator must have set
		/// its session keys (`session.set_keys`) first; it joins the validator
		/// set at the session after next.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::register_validator())]
		pub fn register_validator(
			origin: OriginFor<T>,
			city: CityId,
			validator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			Self::ensure_active(city)?;
			let validator = T::Lookup::lookup(validator)?;
			ensure!(T::ValidatorRegistration::is_registered(&validator), Error::<T>::NoSessionKeys);
			Self::add_validator(city, validator.clone())?;
			Self::deposit_event(Event::ValidatorRegistered { city, validator });
			Ok(())
		}

		/// Deregister one of the city's validators; it leaves the validator set
		/// at the session after next.
		///
		/// Origin: signed by the city's admin.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::deregister_validator())]
		pub fn deregister_validator(
			origin: OriginFor<T>,
			city: CityId,
			validator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::ensure_admin_of(&caller, city)?;
			let validator = T::Lookup::lookup(validator)?;
			Self::remove_validator(city, &validator)?;
			Self::deposit_event(Event::ValidatorDeregistered { city, validator });
			Ok(())
		}

		/// Authorise a runtime upgrade to the code with `code_hash`. Anyone may
		/// then submit that code with `system.apply_authorized_upgrade`; its
		/// spec version must be higher than the current one.
		///
		/// Origin: [`Config::UpgradeOrigin`] (a two-thirds council motion).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::UpgradeOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Self::deposit_event(Event::RuntimeUpgradeAuthorized { code_hash });
			Ok(())
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}
