//! # The Civitas runtime
//!
//! The state transition function of the Civitas city chain. It only *wires*
//! pallets together: every rule of the city lives in a pallet under
//! `pallets/`, and the node only runs this runtime.
//!
//! What is in it:
//!
//! | pallet | what it does here |
//! |---|---|
//! | `System`, `Timestamp` | the chain itself |
//! | `Aura`, `Grandpa` | block authoring by the cities' validators, and finality |
//! | `Balances`, `TransactionPayment` | the native token, **CIV** (12 decimals), and fees |
//! | `Sudo` | the development escape hatch: `development` gives Alice the key, `local_testnet` has none |
//! | `Utility` | batches |
//! | `Nfts` | items that wallets show: the citizen badges of `Residency`, the titles of `Registry` |
//! | `Council`, `Cities`, `Session` | the federation: member cities, their offices, their validators, the council of their admins |
//! | `CityTreasury` | each city's ledger, budget and payments |
//! | `Procurement` | public tenders, sealed bids, awards, contracts |
//! | `Residency` | residency certificates, citizen badges, consents |
//! | `Registry` | property titles, provenance, liens, leases, subdivision, Harberger tax |
//! | `Sortition` | lotteries and citizens' panels drawn from drand rounds or a commit-reveal among cities |
//!
//! Chain properties, the same in every chain spec: token symbol `CIV`,
//! 12 decimals, SS58 address prefix [`SS58_PREFIX`] (1789).
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to large amounts of code.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
mod nfts;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use civitas_primitives::CityRole;
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;

/// Block number: 32 bits are enough for 800 years of 6-second blocks.
pub type BlockNumber = u32;
/// The signature scheme of transactions (sr25519, ed25519 or ecdsa).
pub type Signature = MultiSignature;
/// An account: the public key of the signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of the native token, in plancks (10^-12 CIV).
pub type Balance = u128;
/// Number of transactions an account has sent.
pub type Nonce = u32;
/// Block and trie hash.
pub type Hash = sp_core::H256;

/// Token symbol of the native token.
pub const TOKEN_SYMBOL: &str = "CIV";
/// Decimals of the native token.
pub const TOKEN_DECIMALS: u8 = 12;
/// The SS58 address prefix of Civitas. 1789 is not taken in the SS58 registry
/// (ss58-registry 1.51); Civitas addresses start with a distinct prefix so
/// they are not mistaken for another chain's.
pub const SS58_PREFIX: u16 = 1789;

/// One CIV, in plancks.
pub const CIV: Balance = 1_000_000_000_000;
/// A thousandth of a CIV.
pub const MILLI_CIV: Balance = CIV / 1_000;
/// A millionth of a CIV.
pub const MICRO_CIV: Balance = CIV / 1_000_000;
/// An account holding less than this is removed (and its dust burned).
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_CIV;

/// Target block time. Aura slots are this long.
pub const MILLISECS_PER_BLOCK: u64 = 6000;
/// The slot duration. It cannot change once a chain has started.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks in a minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks in an hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks in a day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Types the node uses without knowing the runtime's details.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The keys a validator registers: one for authoring, one for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// Declares [`VERSION`] with the given `spec_version`: `runtime_version`
/// reads the number as a literal token (hence `tt`), so the two builds below
/// each give theirs.
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The runtime version. Bump `spec_version` with every change of logic
		/// and `transaction_version` with every change of call indices or
		/// arguments.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("civitas"),
			impl_name: alloc::borrow::Cow::Borrowed("civitas-node"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 2,
			system_version: 1,
		};
	};
}

// Bump both numbers together: the second is always one above the first.
#[cfg(not(feature = "next-spec-version"))]
runtime_version!(114);
// The same code one spec version up (`tools/next-runtime`), which the
// zombienet upgrade scenario enacts on a running network.
#[cfg(feature = "next-spec-version")]
runtime_version!(115);

/// The address format: an account id, or an index (unused).
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions, checked on every signed transaction in this order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);
/// Builds a signed extrinsic of `call` from `signer` with `nonce`, immortal,
/// for the chain with genesis `genesis` at runtime version `version` (spec,
/// transaction): what a wallet does, for the node's tools and tests.
#[cfg(feature = "std")]
pub fn signed_extrinsic(
	call: RuntimeCall,
	signer: &sp_core::sr25519::Pair,
	nonce: Nonce,
	genesis: Hash,
	version: (u32, u32),
) -> UncheckedExtrinsic {
	use sp_core::Pair;
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(generic::Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
	);
	let implicit = ((), version.0, version.1, genesis, genesis, (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = codec::Encode::using_encoded(&payload, |bytes| signer.sign(bytes));
	let who: AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// An extrinsic as it travels over the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// What a transaction signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Single-block storage migrations, run in the first block of the next
/// runtime upgrade, before any extrinsic: those whose cost is bounded
/// whatever the state. Each is versioned: it runs only on the pallet storage
/// version it migrates from and is a one-read no-op afterwards, so a chain
/// may skip releases and still pass every step. The register's, which grow
/// with the register, run over several blocks after these
/// (`configs::MultiBlockMigrationList`).
/// - the cities' storage version 1 to 2: due process; the member count is
///   counted, the notice period and upgrade delay are set to a day and the
///   validator minimum to four;
/// - the historical sessions (new): on a chain that has none, the next
///   session plans the validator set again, so offences can be proved from
///   then on;
/// - the treasury's storage version 1 to 2: the invoice of each pending
///   payment proposal is recorded, so that none is paid twice;
/// - procurement's storage version 1 to 2: the upgrade block is recorded, so
///   that bids sealed before commitments were bound to their tender and
///   bidder still reveal.
///
/// `CHANGELOG.md` says which spec version brought each.
pub type Migrations = (
	pallet_cities::migrations::v2::MigrateV1ToV2<
		Runtime,
		frame_support::traits::ConstU32<DAYS>,
		frame_support::traits::ConstU32<DAYS>,
		frame_support::traits::ConstU32<{ configs::MIN_VALIDATORS }>,
	>,
	configs::StartHistoricalSessions,
	pallet_city_treasury::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_procurement::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system::Pallet<Runtime>;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp::Pallet<Runtime>;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura::Pallet<Runtime>;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa::Pallet<Runtime>;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances::Pallet<Runtime>;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment::Pallet<Runtime>;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo::Pallet<Runtime>;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility::Pallet<Runtime>;

	#[runtime::pallet_index(8)]
	pub type Nfts = pallet_nfts::Pallet<Runtime>;

	// The federation. Genesis builds in this order: the council before the
	// cities that fill it, the cities before the session that asks them for
	// the first validator set.
	#[runtime::pallet_index(9)]
	pub type Council = pallet_collective::Pallet<Runtime, Instance1>;

	#[runtime::pallet_index(10)]
	pub type Cities = pallet_cities::Pallet<Runtime>;

	#[runtime::pallet_index(11)]
	pub type Session = pallet_session::Pallet<Runtime>;

	// The cities' own business.
	#[runtime::pallet_index(12)]
	pub type CityTreasury = pallet_city_treasury::Pallet<Runtime>;

	#[runtime::pallet_index(13)]
	pub type Procurement = pallet_procurement::Pallet<Runtime>;

	#[runtime::pallet_index(14)]
	pub type Residency = pallet_residency::Pallet<Runtime>;

	#[runtime::pallet_index(15)]
	pub type Registry = pallet_asset_registry::Pallet<Runtime>;

	#[runtime::pallet_index(16)]
	pub type Sortition = pallet_sortition::Pallet<Runtime>;

	// Accountability: the sessions' validator sets kept for proofs, the
	// offences proved against them, and the block author the reports name.
	#[runtime::pallet_index(17)]
	pub type Authorship = pallet_authorship::Pallet<Runtime>;

	#[runtime::pallet_index(18)]
	pub type Historical = pallet_session::historical::Pallet<Runtime>;

	#[runtime::pallet_index(19)]
	pub type Offences = pallet_offences::Pallet<Runtime>;

	// Storage migrations that run over several blocks after an upgrade.
	#[runtime::pallet_index(20)]
	pub type MultiBlockMigrations = pallet_migrations::Pallet<Runtime>;
}

#[cfg(test)]
mod tests;
