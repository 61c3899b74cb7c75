//! Runtime upgrades: the storage migrations that run over several blocks.
//!
//! pallet-migrations runs [`MultiBlockMigrationList`] after an upgrade, one
//! step per block within [`MigrationServiceWeight`], each step handing its
//! cursor to the next block, so a migration of any size never makes a block
//! heavier than the limit. While one runs, blocks carry only inherents: no
//! transaction sees storage half migrated (runtime APIs may: the register's
//! answers nothing for a title not yet moved). The migrations start in the
//! first block of every upgrade, so that block carries only inherents even
//! when each of them ends at once. Migrations that are cheap whatever
//! the state (bounded by the number of cities) stay single-block, in
//! `crate::Migrations`.
//!
//! A migration that fails stops the chain's transactions for good
//! (`FreezeChainOnFailedMigration`): a chain without sudo can then only be
//! repaired by its operators, with a code substitute in the chain spec that
//! clears the migrator's cursor itself (a substitute runs no upgrade hooks).
//! That is safer for a land register than going on with half of it in one
//! layout.
//!
//! try-runtime on a chain whose register is older: `on-runtime-upgrade` with
//! `--checks=pre-and-post` fails the register's version check until its
//! migrations have been stepped (`tools/try-runtime` shows how).

use frame_support::{
	migrations::FreezeChainOnFailedMigration, parameter_types, traits::ConstU32, weights::Weight,
};
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;
use crate::{Runtime, RuntimeEvent};

/// The multi-block migrations, in the order they run. Each checks the
/// storage version it migrates from when it starts and passes any other
/// untouched (one read); pallet-migrations records each in its `Historic`
/// set once done and never runs it again.
/// - the register's storage version 1 to 2: each title keeps its provenance
///   length in the title (two reads and two writes per title);
/// - the register's storage version 2 to 3: its owner index goes (a read
///   and a write per title in force).
pub type MultiBlockMigrationList = (
	pallet_asset_registry::migrations::v2::MoveProvenanceLength<Runtime>,
	pallet_asset_registry::migrations::v3::RemoveOwnerIndex<Runtime>,
);

parameter_types! {
	/// What migration steps may use of each block: most of it, since a block
	/// carries no transactions while they run; the rest is left to the
	/// inherents and the pallets' hooks.
	pub MigrationServiceWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_migrations::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Migrations = MultiBlockMigrationList;
	/// Far above any cursor of [`MultiBlockMigrationList`] (five bytes);
	/// `integrity_test` checks them against it.
	type CursorMaxLen = ConstU32<65_536>;
	type IdentifierMaxLen = ConstU32<256>;
	type MigrationStatusHandler = ();
	type FailedMigrationHandler = FreezeChainOnFailedMigration;
	type MaxServiceWeight = MigrationServiceWeight;
	/// The SDK's weights of the migrator's own bookkeeping: it is not
	/// benchmarked here (its `runtime-benchmarks` feature would replace the
	/// migrations above by mocks in every build that has it). The
	/// migrations' own steps are weighed with this runtime's ParityDB
	/// weights.
	type WeightInfo = pallet_migrations::weights::SubstrateWeight<Runtime>;
}
