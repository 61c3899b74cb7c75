//! How each pallet is configured in the Civitas runtime: this file holds the
//! chain itself (system, consensus, balances, fees, sudo, utility, nfts);
//! each concern of the city has a file of its own.
//!
//! | file | pallets |
//! |---|---|
//! | `federation.rs` | `Council`, `Cities`, `Session`, `Historical`, `Offences`, `Authorship` |
//! | `treasury.rs` | `CityTreasury` |
//! | `procurement.rs` | `Procurement` |
//! | `residency.rs` | `Residency` |
//! | `registry.rs` | `Registry` |
//! | `sortition.rs` | `Sortition` |
//! | `upgrades.rs` | `MultiBlockMigrations` |
//!
//! The adapters that put the city pallets' items on pallet-nfts are in
//! `crate::nfts`, the benchmarks' helpers in `crate::benchmarks`.

mod federation;
mod procurement;
mod registry;
mod residency;
mod sortition;
mod treasury;
mod upgrades;

pub use federation::*;
pub use procurement::*;
pub use registry::*;
pub use residency::*;
pub use sortition::*;
pub use upgrades::*;

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{AsEnsureOriginWithArg, ConstBool, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	weights, AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, OriginCaller,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, Signature, System, CIV, DAYS, EXISTENTIAL_DEPOSIT, MICRO_CIV,
	MILLI_CIV, SLOT_DURATION, SS58_PREFIX, VERSION,
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
	/// Multi-block migrations (`upgrades.rs`): while one runs, blocks carry
	/// only inherents.
	type MultiBlockMigrator = crate::MultiBlockMigrations;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	/// A validator reported for an offence authors no more blocks: Aura
	/// refuses blocks from pallet-session's disabled validators.
	type DisabledValidators = crate::Session;
	type MaxAuthorities = MaxAuthorities;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	/// Equivocations of the authority sets of the last
	/// [`OFFENCE_WINDOW_SESSIONS`] can be proved.
	type MaxSetIdSessionEntries = ConstU64<{ OFFENCE_WINDOW_SESSIONS as u64 }>;
	/// A key's membership of a past session's validator set, proved against
	/// the root pallet-session's historical sessions keep.
	type KeyOwnerProof = sp_session::MembershipProof;
	/// The node reports equivocations it sees (an unsigned extrinsic, which
	/// only a block author's own node can put in a block); anyone may report
	/// one with a signed extrinsic, free if the proof holds. pallet-offences
	/// records the offence once and hands it to `Cities`, which disables the
	/// offender and takes it off its city; offences of a validator expelled
	/// already are refused ([`OncePerExpulsion`]).
	type EquivocationReportSystem = pallet_grandpa::EquivocationReportSystem<
		Self,
		OffenceReports,
		crate::Historical,
		OffenceReportLongevity,
	>;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = crate::UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

/// The node's own equivocation reports are bare (unsigned) extrinsics.
impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
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
	type Locker = crate::nfts::CivicItemLock;
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
