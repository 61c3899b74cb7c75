//! How each pallet is configured in the Civitas runtime.

use alloc::vec::Vec;
use frame_support::PalletId;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		AsEnsureOriginWithArg, ConstBool, ConstU16, ConstU32, ConstU64, ConstU8, EitherOfDiverse,
		VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureNever, EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	weights, AccountId, Aura, Balance, Balances, Block, BlockNumber, Cities, CityTreasury, Council,
	Hash, Nfts, Nonce, OriginCaller, PalletInfo, Registry, Residency, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Session,
	SessionKeys, Signature, System, Timestamp, CIV, DAYS, EXISTENTIAL_DEPOSIT, MICRO_CIV,
	MILLISECS_PER_BLOCK, MILLI_CIV, MINUTES, SLOT_DURATION, SS58_PREFIX, VERSION,
};

/// Normal (user) transactions may fill 75% of a block; the rest is kept for
/// operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// The compute a block may use: half of its six-second slot, measured in
/// this machine's time (docs/performance.md). A full block is authored, and
/// imported by the other validators, in about that time, well inside the
/// slot; the rest of the slot carries the block over the network and leaves
/// the validators room for the transaction pool and RPC.
pub const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(3u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// The share of a block's weight that `on_initialize` is expected to use.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);

/// The largest block, in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// The most validators (Aura and GRANDPA authorities) the chain supports.
pub type MaxAuthorities = ConstU32<100>;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Every weight below was measured on this project's reference machine
	/// (`scripts/benchmark-weights.sh`): a block's fixed cost, each
	/// extrinsic's base cost, and the calls themselves. A block may hold
	/// [`MAXIMUM_BLOCK_WEIGHT`] of them, normal extrinsics
	/// [`NORMAL_DISPATCH_RATIO`] of it; the rest is kept for operational ones.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational extrinsics may use what normal ones cannot.
			class.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	/// Five MiB blocks, of which normal transactions may fill 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB, so storage is weighed with its
	/// read and write costs as measured on this machine.
	type DbWeight = weights::ParityDbWeight;
	type SystemWeightInfo = weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxAuthorities;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = weights::pallet_timestamp::WeightInfo<Runtime>;
}

parameter_types! {
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// A byte of transaction costs a millionth of a CIV.
	pub const TransactionByteFee: Balance = MICRO_CIV;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are burned for now; the federation decides later where they go.
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = weights::pallet_sudo::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = weights::pallet_utility::WeightInfo<Runtime>;
}

parameter_types! {
	pub NftsPalletFeatures: pallet_nfts::PalletFeatures = pallet_nfts::PalletFeatures::all_enabled();
	pub const NftsCollectionDeposit: Balance = 10 * CIV;
	pub const NftsItemDeposit: Balance = 10 * MILLI_CIV;
	pub const NftsMetadataDepositBase: Balance = 10 * MILLI_CIV;
	pub const NftsAttributeDepositBase: Balance = 10 * MILLI_CIV;
	pub const NftsDepositPerByte: Balance = 10 * MICRO_CIV;
	pub const NftsMaxDeadlineDuration: BlockNumber = 365 * DAYS;
}

impl pallet_nfts::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type CollectionId = u32;
	type ItemId = u32;
	type Currency = Balances;
	type ForceOrigin = EnsureRoot<AccountId>;
	/// Anyone may create a collection against a deposit; the city pallets
	/// create their own collections (citizen badges, property titles).
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	/// The city pallets' items (titles, citizen badges) move and burn only
	/// through those pallets.
	type Locker = CivicItemLock;
	type CollectionDeposit = NftsCollectionDeposit;
	type ItemDeposit = NftsItemDeposit;
	type MetadataDepositBase = NftsMetadataDepositBase;
	type AttributeDepositBase = NftsAttributeDepositBase;
	type DepositPerByte = NftsDepositPerByte;
	type StringLimit = ConstU32<256>;
	type KeyLimit = ConstU32<64>;
	type ValueLimit = ConstU32<256>;
	type ApprovalsLimit = ConstU32<20>;
	type ItemAttributesApprovalsLimit = ConstU32<30>;
	type MaxTips = ConstU32<10>;
	type MaxDeadlineDuration = NftsMaxDeadlineDuration;
	type MaxAttributesPerCall = ConstU32<10>;
	type Features = NftsPalletFeatures;
	type OffchainSignature = Signature;
	type OffchainPublic = <Signature as sp_runtime::traits::Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type Helper = ();
	type WeightInfo = weights::pallet_nfts::WeightInfo<Runtime>;
	type BlockNumberProvider = System;
}

/// pallet-nfts' lock on the items of the city pallets' collections.
///
/// A collection owned by the registry's or the residency pallet's keyless
/// account holds titles or citizen badges: no call of pallet-nfts transfers,
/// sells, swaps or burns its items, whoever signs it (pallet-nfts asks the
/// `Locker` in every transfer and burn). The registry's and the residency
/// pallet's adapters ([`NftTitles`], [`NftCitizenBadges`]) lift the lock for
/// one item, for the duration of their own move or burn, through
/// [`CivicItemLock::lifted`]: a value in the current dispatch context that
/// no extrinsic can set, cleared before the adapter returns.
///
/// Before spec 109 the same lock was pallet-nfts' transfer-disabled system
/// attribute, set on each item at mint; the adapters clear it from an item
/// that still carries one the first time they move or burn it.
pub struct CivicItemLock;

/// The item whose lock an adapter has lifted.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LiftedItem(u32, u32);

impl CivicItemLock {
	/// Whether the collection belongs to a city pallet.
	fn is_civic(collection: u32) -> bool {
		pallet_nfts::Collection::<Runtime>::get(collection).is_some_and(|details| {
			details.owner == Registry::registry_account()
				|| details.owner == Residency::badge_owner()
		})
	}

	/// Runs `f` with the lock of one item lifted, and the item's pre-109
	/// transfer-disabled attribute cleared.
	fn lifted(
		collection: u32,
		item: u32,
		f: impl FnOnce() -> sp_runtime::DispatchResult,
	) -> sp_runtime::DispatchResult {
		use frame_support::{
			dispatch_context::{run_in_context, with_context},
			traits::tokens::nonfungibles_v2::Transfer,
		};
		if Nfts::has_system_attribute(
			&collection,
			&item,
			pallet_nfts::PalletAttributes::TransferDisabled,
		)? {
			<Nfts as Transfer<AccountId>>::enable_transfer(&collection, &item)?;
		}
		run_in_context(|| {
			with_context::<LiftedItem, _>(|v| v.set(LiftedItem(collection, item)));
			let result = f();
			with_context::<LiftedItem, _>(|v| v.clear());
			result
		})
	}
}

impl frame_support::traits::Locker<u32, u32> for CivicItemLock {
	fn is_locked(collection: u32, item: u32) -> bool {
		use frame_support::dispatch_context::with_context;
		let lifted =
			with_context::<LiftedItem, _>(|v| v.get() == Some(&LiftedItem(collection, item)))
				.unwrap_or(false);
		!lifted && Self::is_civic(collection)
	}
}

// ---- The federation: council, cities, city-operated validators ----

/// The federation council: the admins of the active cities.
pub type CouncilCollective = pallet_collective::Instance1;

/// A majority of the council: admits, suspends and reinstates cities. Root
/// too, which only the `development` preset's sudo key can reach.
pub type CouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// Two thirds of the council: authorises runtime upgrades.
pub type CouncilTwoThirds = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// The most cities active at once, and so the largest council.
pub const MAX_CITIES: u32 = 100;

parameter_types! {
	pub const CouncilMotionDuration: BlockNumber = 5 * DAYS;
	pub CouncilMaxProposalWeight: Weight = Perbill::from_percent(50) *
		RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_CITIES>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Nobody sets the members by hand: pallet-cities keeps them equal to the
	/// admins of the active cities.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = CouncilMaxProposalWeight;
	type DisapproveOrigin = CouncilMajority;
	type KillOrigin = CouncilMajority;
	/// Only members propose, so proposals need no deposit.
	type Consideration = ();
}

parameter_types! {
	pub const CitiesPalletId: PalletId = PalletId(*b"civ/city");
}

impl pallet_cities::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FederationOrigin = CouncilMajority;
	type UpgradeOrigin = CouncilTwoThirds;
	type CouncilMembers = Council;
	type ValidatorRegistration = Session;
	type PalletId = CitiesPalletId;
	type MaxCities = ConstU32<MAX_CITIES>;
	type MaxNameLength = ConstU32<64>;
	type MaxOfficialsPerRole = ConstU32<16>;
	type MaxValidatorsPerCity = ConstU32<4>;
	/// GRANDPA finalises with any non-empty set; one validator down stalls
	/// finality unless more than two thirds remain, which a federation gets
	/// from four validators on. Cities keep that many by agreement; the
	/// runtime only refuses to empty the set.
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_cities::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CitiesBenchmarkKeys;
}

/// Gives a benchmark's validator session keys, as `Session::set_keys` would
/// (without its deposit), so that it passes `ValidatorRegistration`.
#[cfg(feature = "runtime-benchmarks")]
pub struct CitiesBenchmarkKeys;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_cities::BenchmarkHelper<AccountId> for CitiesBenchmarkKeys {
	fn register_session_keys(validator: &AccountId) {
		let raw: [u8; 32] = *validator.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(validator, keys);
	}
}

/// City treasuries. The bounds are generous for a city's real budget (a
/// large city reports a few hundred lines per year) and keep every call's
/// worst case small: each touches one or two lines, never a whole budget.
impl pallet_city_treasury::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Offices = Cities;
	type MaxDepartments = ConstU32<64>;
	type MaxOfficers = ConstU32<16>;
	type MaxNameLength = ConstU32<64>;
	type MaxNoteLength = ConstU32<128>;
	type MaxLinesPerBudget = ConstU32<256>;
	type MaxLineHistory = ConstU32<4096>;
	type MaxApprovals = ConstU32<16>;
	type MaxPendingPayments = ConstU32<512>;
	type WeightInfo = pallet_city_treasury::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TreasuryBenchmarkCity;
}

/// Creates the benchmarks' city through pallet-cities.
#[cfg(feature = "runtime-benchmarks")]
pub struct TreasuryBenchmarkCity;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_city_treasury::BenchmarkHelper<AccountId> for TreasuryBenchmarkCity {
	fn city(
		admin: &AccountId,
		treasurers: &[AccountId],
		auditor: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		use frame_system::RawOrigin;
		let city = pallet_cities::NextCityId::<Runtime>::get();
		let name = alloc::format!("bench-{city}").into_bytes();
		let appoint = |role, who: &AccountId| {
			pallet_cities::Pallet::<Runtime>::appoint(
				RawOrigin::Signed(admin.clone()).into(),
				city,
				role,
				sp_runtime::MultiAddress::Id(who.clone()),
			)
		};
		pallet_cities::Pallet::<Runtime>::admit_city(
			RawOrigin::Root.into(),
			name,
			sp_runtime::MultiAddress::Id(admin.clone()),
		)?;
		for treasurer in treasurers {
			appoint(civitas_primitives::CityRole::Treasurer, treasurer)?;
		}
		appoint(civitas_primitives::CityRole::Auditor, auditor)?;
		Ok(city)
	}
}

parameter_types! {
	/// A complaint against an award holds 10 CIV until it is decided.
	pub const ComplaintDeposit: Balance = 10 * CIV;
	/// The federation's floor for a standstill: one minute. A city's law
	/// sets the real length (ten days in the EU) in each tender it publishes.
	pub const MinStandstill: BlockNumber = MINUTES;
	/// No bidding period, reveal period or standstill is longer than a year.
	pub const MaxProcurementPeriod: BlockNumber = 365 * DAYS;
}

impl pallet_procurement::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Offices = Cities;
	type Escrow = CityTreasury;
	type CouncilOrigin = CouncilMajority;
	type ComplaintDeposit = ComplaintDeposit;
	type MinStandstill = MinStandstill;
	type MaxPeriod = MaxProcurementPeriod;
	type MaxBids = ConstU32<64>;
	type MaxPanel = ConstU32<7>;
	type MaxMilestones = ConstU32<32>;
	type MaxSubcontractors = ConstU32<16>;
	type MaxTitleLength = ConstU32<128>;
	type MaxRegistrationIdLength = ConstU32<32>;
	type WeightInfo = pallet_procurement::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ProcurementBenchmarkCity;
}

/// Creates the procurement benchmarks' city through pallet-cities, and its
/// ledger, department, receipts and budget through the city treasury.
#[cfg(feature = "runtime-benchmarks")]
pub struct ProcurementBenchmarkCity;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_procurement::BenchmarkHelper<AccountId> for ProcurementBenchmarkCity {
	fn city(
		officer: &AccountId,
		auditor: &AccountId,
		panel: &[AccountId],
		line: civitas_primitives::BudgetLineId,
		amount: civitas_primitives::Credits,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		use civitas_primitives::CityRole;
		use frame_support::BoundedVec;
		use frame_system::RawOrigin;
		// One admin per city: an account administers at most one.
		let admin: AccountId = frame_benchmarking::account(
			"procurement-admin",
			pallet_cities::NextCityId::<Runtime>::get(),
			0,
		);
		let city =
			<TreasuryBenchmarkCity as pallet_city_treasury::BenchmarkHelper<AccountId>>::city(
				&admin,
				core::slice::from_ref(&admin),
				auditor,
			)?;
		let signed = || -> RuntimeOrigin { RawOrigin::Signed(admin.clone()).into() };
		let appoint = |role, who: &AccountId| {
			Cities::appoint(signed(), city, role, sp_runtime::MultiAddress::Id(who.clone()))
		};
		appoint(CityRole::ProcurementOfficer, officer)?;
		for member in panel {
			appoint(CityRole::Registrar, member)?;
		}
		CityTreasury::open_ledger(
			signed(),
			city,
			pallet_city_treasury::LedgerSettings {
				decimals: 2,
				approval_threshold: 1,
				time_lock_above: civitas_primitives::Credits::MAX,
				time_lock: 1,
				proposal_lifetime: DAYS,
			},
		)?;
		for _ in 0..=line.department {
			let department: AccountId = frame_benchmarking::account("department", city, 0);
			CityTreasury::add_department(
				signed(),
				city,
				BoundedVec::truncate_from(b"bench".to_vec()),
				department,
				BoundedVec::new(),
			)?;
		}
		CityTreasury::record_receipt(
			signed(),
			city,
			line.period,
			pallet_city_treasury::RevenueCategory::PropertyTax,
			amount,
			pallet_city_treasury::PayerReference::Company(BoundedVec::truncate_from(
				b"bench".to_vec(),
			)),
			Default::default(),
		)?;
		CityTreasury::adopt_budget(
			signed(),
			city,
			line.period,
			BoundedVec::truncate_from(alloc::vec![(line.department, line.category, amount)]),
			Default::default(),
		)?;
		Ok(city)
	}
}

/// Sessions last one minute (ten blocks). A validator set change takes effect
/// at the start of the session after the one in which it was made, so within
/// two minutes: a city's new validator joins, or a suspended city's leaves,
/// quickly. A rotation costs little, but a federation that wants fewer GRANDPA
/// set changes may lengthen sessions by runtime upgrade.
pub const SESSION_PERIOD: BlockNumber = MINUTES;

parameter_types! {
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	pub const SessionOffset: BlockNumber = 0;
	/// Held while an account has session keys set.
	pub const SessionKeyDeposit: Balance = CIV;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = Cities;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

// ---- Residency: certificates, and citizen badges on pallet-nfts ----

parameter_types! {
	/// The residency pallet's account owns every city's badge collection.
	pub const ResidencyPalletId: PalletId = PalletId(*b"civ/resd");
	/// A certificate is valid for at most five years from its issue or
	/// renewal.
	pub const MaxCertificateValidity: BlockNumber = 5 * 365 * DAYS;
}

impl pallet_residency::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Offices = Cities;
	type Badges = NftCitizenBadges;
	type PalletId = ResidencyPalletId;
	type MaxValidity = MaxCertificateValidity;
	type MaxConsents = ConstU32<32>;
	type WeightInfo = pallet_residency::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ResidencyBenchmarkCity;
}

/// Citizen badges as pallet-nfts items.
///
/// Each city's collection is force-created (no deposit) with the residency
/// pallet's keyless account as owner, admin and only issuer, and with
/// transfers disabled for all its items. [`CivicItemLock`] also stops the
/// holder from burning a badge; the adapter lifts it only to burn the badge
/// for the residency pallet.
pub struct NftCitizenBadges;

impl civitas_primitives::CitizenBadges<AccountId> for NftCitizenBadges {
	fn create_collection(
		_city: civitas_primitives::CityId,
		owner: &AccountId,
	) -> Result<civitas_primitives::BadgeCollectionId, sp_runtime::DispatchError> {
		use frame_support::traits::Incrementable;
		use pallet_nfts::{CollectionConfig, CollectionSetting, CollectionSettings, MintSettings};
		let collection = pallet_nfts::NextCollectionId::<Runtime>::get()
			.or(u32::initial_value())
			.ok_or(sp_runtime::DispatchError::Other("no collection id left"))?;
		let config = CollectionConfig {
			settings: CollectionSettings::from_disabled(
				CollectionSetting::TransferableItems | CollectionSetting::DepositRequired,
			),
			max_supply: None,
			mint_settings: MintSettings::default(),
		};
		Nfts::force_create(
			frame_system::RawOrigin::Root.into(),
			sp_runtime::MultiAddress::Id(owner.clone()),
			config,
		)?;
		Ok(collection)
	}

	fn mint(
		collection: civitas_primitives::BadgeCollectionId,
		badge: civitas_primitives::CertificateId,
		holder: &AccountId,
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::tokens::nonfungibles_v2::Mutate;
		let config = pallet_nfts::ItemConfig::default();
		<Nfts as Mutate<AccountId, _>>::mint_into(&collection, &badge, holder, &config, true)
	}

	fn burn(
		collection: civitas_primitives::BadgeCollectionId,
		badge: civitas_primitives::CertificateId,
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::tokens::nonfungibles_v2::Mutate;
		if Self::holder(collection, badge).is_none() {
			return Ok(());
		}
		CivicItemLock::lifted(collection, badge, || {
			<Nfts as Mutate<AccountId, pallet_nfts::ItemConfig>>::burn(&collection, &badge, None)
		})
	}

	fn holder(
		collection: civitas_primitives::BadgeCollectionId,
		badge: civitas_primitives::CertificateId,
	) -> Option<AccountId> {
		use frame_support::traits::tokens::nonfungibles_v2::Inspect;
		<Nfts as Inspect<AccountId>>::owner(&collection, &badge)
	}
}

// ---- Asset registry: titles on pallet-nfts, Harberger tax on the ledger ----

parameter_types! {
	/// The registry pallet's account owns every city's registry collection;
	/// its sub-account per city holds that city's Harberger deposits.
	pub const RegistryPalletId: PalletId = PalletId(*b"civ/regy");
	/// No lease is registered for longer than 99 years.
	pub const MaxLeaseTerm: BlockNumber = 99 * 365 * DAYS;
}

impl pallet_asset_registry::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Offices = Cities;
	type Titles = NftTitles;
	type Ledger = CityTreasury;
	type PalletId = RegistryPalletId;
	type MaxReferenceLength = ConstU32<64>;
	type MaxRights = ConstU32<8>;
	type MaxEncumbrances = ConstU32<16>;
	type MaxLeases = ConstU32<16>;
	type MaxLeaseTerm = MaxLeaseTerm;
	type MaxParts = ConstU32<16>;
	type WeightInfo = pallet_asset_registry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RegistryBenchmarkCity;
}

/// Titles as pallet-nfts items.
///
/// Each city's registry collection is force-created (no deposit) with the
/// registry pallet's keyless account as owner, admin and only issuer. Items
/// are transferable at the collection level, but [`CivicItemLock`] stops
/// their holders and anyone else from transferring or burning them through
/// pallet-nfts; the adapter lifts it only for the registry's own move or
/// burn. Attributes are set in the pallet namespace, without deposit.
pub struct NftTitles;

impl civitas_primitives::TitleTokens<AccountId> for NftTitles {
	fn create_collection(
		_city: civitas_primitives::CityId,
		owner: &AccountId,
	) -> Result<civitas_primitives::TitleCollectionId, sp_runtime::DispatchError> {
		use frame_support::traits::Incrementable;
		use pallet_nfts::{CollectionConfig, CollectionSetting, CollectionSettings, MintSettings};
		let collection = pallet_nfts::NextCollectionId::<Runtime>::get()
			.or(u32::initial_value())
			.ok_or(sp_runtime::DispatchError::Other("no collection id left"))?;
		let config = CollectionConfig {
			settings: CollectionSettings::from_disabled(CollectionSetting::DepositRequired.into()),
			max_supply: None,
			mint_settings: MintSettings::default(),
		};
		Nfts::force_create(
			frame_system::RawOrigin::Root.into(),
			sp_runtime::MultiAddress::Id(owner.clone()),
			config,
		)?;
		Ok(collection)
	}

	fn mint(
		collection: civitas_primitives::TitleCollectionId,
		title: civitas_primitives::TitleId,
		owner: &AccountId,
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::tokens::nonfungibles_v2::Mutate;
		let config = pallet_nfts::ItemConfig::default();
		<Nfts as Mutate<AccountId, _>>::mint_into(&collection, &title, owner, &config, true)
	}

	fn transfer(
		collection: civitas_primitives::TitleCollectionId,
		title: civitas_primitives::TitleId,
		to: &AccountId,
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::tokens::nonfungibles_v2::Transfer;
		CivicItemLock::lifted(collection, title, || {
			<Nfts as Transfer<AccountId>>::transfer(&collection, &title, to)
		})
	}

	fn burn(
		collection: civitas_primitives::TitleCollectionId,
		title: civitas_primitives::TitleId,
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::tokens::nonfungibles_v2::{Inspect, Mutate};
		if <Nfts as Inspect<AccountId>>::owner(&collection, &title).is_none() {
			return Ok(());
		}
		// Every attribute the registry set goes first: pallet-nfts leaves
		// attributes behind when it burns an item.
		let keys: Vec<_> = pallet_nfts::Attribute::<Runtime>::iter_key_prefix((
			collection,
			Some(title),
			pallet_nfts::AttributeNamespace::Pallet,
		))
		.collect();
		for key in keys {
			<Nfts as Mutate<AccountId, pallet_nfts::ItemConfig>>::clear_attribute(
				&collection,
				&title,
				&key,
			)?;
		}
		CivicItemLock::lifted(collection, title, || {
			<Nfts as Mutate<AccountId, pallet_nfts::ItemConfig>>::burn(&collection, &title, None)
		})
	}

	fn set_attribute(
		collection: civitas_primitives::TitleCollectionId,
		title: civitas_primitives::TitleId,
		key: &[u8],
		value: &[u8],
	) -> sp_runtime::DispatchResult {
		use frame_support::traits::tokens::nonfungibles_v2::Mutate;
		<Nfts as Mutate<AccountId, pallet_nfts::ItemConfig>>::set_attribute(
			&collection,
			&title,
			key,
			value,
		)
	}

	fn owner(
		collection: civitas_primitives::TitleCollectionId,
		title: civitas_primitives::TitleId,
	) -> Option<AccountId> {
		use frame_support::traits::tokens::nonfungibles_v2::Inspect;
		<Nfts as Inspect<AccountId>>::owner(&collection, &title)
	}

	fn held_by(
		collection: civitas_primitives::TitleCollectionId,
		who: &AccountId,
	) -> Vec<civitas_primitives::TitleId> {
		// pallet-nfts' own index of the items each account holds.
		pallet_nfts::Account::<Runtime>::iter_key_prefix((who, collection)).collect()
	}
}

/// Creates the registry benchmarks' cities through pallet-cities and
/// pallet-city-treasury.
#[cfg(feature = "runtime-benchmarks")]
pub struct RegistryBenchmarkCity;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_asset_registry::BenchmarkHelper<AccountId> for RegistryBenchmarkCity {
	fn city(
		admin: &AccountId,
		registrar: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		let city =
			<TreasuryBenchmarkCity as pallet_city_treasury::BenchmarkHelper<AccountId>>::city(
				admin,
				&[],
				admin,
			)?;
		Cities::appoint(
			frame_system::RawOrigin::Signed(admin.clone()).into(),
			city,
			civitas_primitives::CityRole::Registrar,
			sp_runtime::MultiAddress::Id(registrar.clone()),
		)?;
		CityTreasury::open_ledger(
			frame_system::RawOrigin::Signed(admin.clone()).into(),
			city,
			pallet_city_treasury::LedgerSettings {
				decimals: 2,
				approval_threshold: 1,
				time_lock_above: u128::MAX,
				time_lock: 1,
				proposal_lifetime: 1,
			},
		)?;
		Ok(city)
	}

	fn fund(
		city: civitas_primitives::CityId,
		who: &AccountId,
		amount: civitas_primitives::Credits,
	) -> sp_runtime::DispatchResult {
		// Credits as a receipt would mint them, straight to `who`.
		use pallet_city_treasury::{Balances, Holder, Holders, PayeeKind, Supplies};
		if !Holders::<Runtime>::contains_key(city, who) {
			Holders::<Runtime>::insert(city, who, Holder::Payee(PayeeKind::Beneficiary));
		}
		Balances::<Runtime>::mutate(city, who, |b| *b = b.saturating_add(amount));
		Supplies::<Runtime>::mutate(city, |s| s.minted = s.minted.saturating_add(amount));
		Ok(())
	}
}

/// Creates the residency benchmarks' cities through pallet-cities.
#[cfg(feature = "runtime-benchmarks")]
pub struct ResidencyBenchmarkCity;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_residency::BenchmarkHelper<AccountId> for ResidencyBenchmarkCity {
	fn city(
		registrar: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		// One admin per city: an account administers at most one.
		let admin: AccountId = frame_benchmarking::account(
			"residency-admin",
			pallet_cities::NextCityId::<Runtime>::get(),
			0,
		);
		let city =
			<TreasuryBenchmarkCity as pallet_city_treasury::BenchmarkHelper<AccountId>>::city(
				&admin,
				&[],
				&admin,
			)?;
		Cities::appoint(
			frame_system::RawOrigin::Signed(admin).into(),
			city,
			civitas_primitives::CityRole::Registrar,
			sp_runtime::MultiAddress::Id(registrar.clone()),
		)?;
		Ok(city)
	}
}

// ---- Sortition: drand or commit-reveal randomness, draws over residents ----

parameter_types! {
	/// What a city's Registrar holds for a commit-reveal commitment.
	pub const SortitionCommitDeposit: Balance = 10 * CIV;
	/// A draw waits at most two weeks for its entries and randomness.
	pub const SortitionMaxWait: BlockNumber = 14 * DAYS;
}

impl pallet_sortition::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Offices = Cities;
	type Residents = Residency;
	type Time = Timestamp;
	type CommitDeposit = SortitionCommitDeposit;
	type MinReveals = ConstU32<1>;
	type MaxWait = SortitionMaxWait;
	type BlockTimeMillis = ConstU64<MILLISECS_PER_BLOCK>;
	type MaxSelected = ConstU32<200>;
	type MaxEntrants = ConstU32<10_000>;
	type MaxQuotas = ConstU32<16>;
	type MaxCommits = ConstU32<64>;
	type MaxNeighbourhoods = ConstU16<1_000>;
	type AttemptsPerSeat = ConstU32<8>;
	type WeightInfo = pallet_sortition::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SortitionBenchmarkCity;
}

/// Creates the sortition benchmarks' cities (as the residency benchmarks
/// do) and issues residency certificates through pallet-residency.
#[cfg(feature = "runtime-benchmarks")]
pub struct SortitionBenchmarkCity;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_sortition::BenchmarkHelper<AccountId> for SortitionBenchmarkCity {
	fn city(
		registrar: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		<ResidencyBenchmarkCity as pallet_residency::BenchmarkHelper<AccountId>>::city(registrar)
	}
	fn resident(
		city: civitas_primitives::CityId,
		registrar: &AccountId,
		who: &AccountId,
	) -> Result<(), sp_runtime::DispatchError> {
		let now = frame_system::Pallet::<Runtime>::block_number();
		Residency::issue(
			frame_system::RawOrigin::Signed(registrar.clone()).into(),
			city,
			who.clone(),
			pallet_residency::CertificateKind::Resident,
			sp_core::H256::repeat_byte(1),
			now + 100,
		)
		.map(|_| ())
		.map_err(|e| e.error)
	}
	fn set_time(unix_seconds: u64) {
		pallet_timestamp::Now::<Runtime>::put(unix_seconds.saturating_mul(1000));
	}
}
