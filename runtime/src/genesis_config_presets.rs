//! Genesis presets: the named starting states a chain spec can be built from.
//!
//! - `development` (`--dev`): Alice alone authors and finalises blocks, and
//!   holds the sudo key.
//! - `local_testnet` (`--chain local`): Alice, Bob and Charlie are the
//!   validators; it is the start of a multi-node test network.
//!
//! In both, the well-known development accounts (Alice to Ferdie) are endowed
//! with [`DEV_ENDOWMENT`] each.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuraConfig, Balance, BalancesConfig, GrandpaConfig, RuntimeGenesisConfig,
	SudoConfig, CIV,
};

/// What each development account holds at genesis.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * CIV;

/// The keys a validator needs at genesis.
fn authority_keys(validator: Sr25519Keyring) -> (AuraId, GrandpaId) {
	// The GRANDPA key of a well-known account uses the same seed on ed25519.
	let grandpa = match validator {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	(validator.public().into(), grandpa.public().into())
}

/// The well-known development accounts, Alice to Ferdie.
pub fn dev_accounts() -> Vec<AccountId> {
	[
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.into_iter()
	.map(|k| k.to_account_id())
	.collect()
}

fn civitas_genesis(
	validators: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> serde_json::Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|who| (who, DEV_ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: AuraConfig { authorities: validators.iter().map(|(aura, _)| aura.clone()).collect() },
		grandpa: GrandpaConfig {
			authorities: validators.iter().map(|(_, grandpa)| (grandpa.clone(), 1)).collect(),
		},
		sudo: SudoConfig { key: sudo },
	})
}

/// `development`: one validator (Alice), Alice is sudo.
pub fn development_config_genesis() -> serde_json::Value {
	civitas_genesis(
		vec![authority_keys(Sr25519Keyring::Alice)],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `local_testnet`: three validators (Alice, Bob, Charlie).
pub fn local_config_genesis() -> serde_json::Value {
	civitas_genesis(
		vec![
			authority_keys(Sr25519Keyring::Alice),
			authority_keys(Sr25519Keyring::Bob),
			authority_keys(Sr25519Keyring::Charlie),
		],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The JSON patch of a named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
