//! Genesis presets: the named starting states a chain spec can be built from.
//!
//! - `development` (`--dev`): one city, Devtown, whose admin and only
//!   validator is Alice. Bob and Charlie are its Treasurers, Eve its Auditor,
//!   so a 2-of-2 payment can be tried at once, and Dave its ProcurementOfficer.
//!   Alice also holds the sudo key, for convenience.
//! - `local_testnet` (`--chain local`): three cities, each with its admin
//!   account: Aliceville (Alice), Bobton (Bob) and Charleston (Charlie), which
//!   runs two validators (Charlie and Dave), so the network has four and one
//!   of them offline does not stop finality; no change may leave fewer
//!   ([`crate::configs::MIN_VALIDATORS`]). Their admins are the federation
//!   council. There is no sudo key: the council decides everything that
//!   concerns all cities.
//!
//! In both, the well-known development accounts (Alice to Ferdie) are endowed
//! with [`DEV_ENDOWMENT`] each.

use alloc::{string::String, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, Balance, BalancesConfig, CitiesConfig, CityRole, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, SortitionConfig, SudoConfig, CIV,
};

/// What each development account holds at genesis.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * CIV;

/// The session keys of a well-known account: Aura on sr25519, GRANDPA on
/// ed25519, both from the account's seed (what `--alice` puts in the keystore).
pub fn session_keys(validator: Sr25519Keyring) -> SessionKeys {
	// The GRANDPA key of a well-known account uses the same seed on ed25519.
	let grandpa = match validator {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	let aura: AuraId = validator.public().into();
	let grandpa: GrandpaId = grandpa.public().into();
	SessionKeys { aura, grandpa }
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

/// The notice period of proceedings and the enactment delay of upgrades on
/// the test networks these presets make: minutes, so a test can wait them
/// out. Chains upgraded from a release without them get a day
/// (`runtime/src/lib.rs`, `Migrations`).
pub const TEST_NETWORK_PERIOD: crate::BlockNumber = 3 * crate::MINUTES;

/// A founding city: its name, the well-known account that is its admin, and
/// the well-known accounts that are its validators.
type FoundingCity = (&'static str, Sr25519Keyring, &'static [Sr25519Keyring]);

/// An official appointed at genesis: city id, office, account.
type Official = (u32, CityRole, Sr25519Keyring);

fn civitas_genesis(
	cities: &[FoundingCity],
	officials: &[Official],
	min_validators: u32,
	sudo: Option<AccountId>,
) -> serde_json::Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: dev_accounts()
				.into_iter()
				.map(|who| (who, DEV_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		cities: CitiesConfig {
			cities: cities
				.iter()
				.map(|(name, admin, validators)| {
					let validators: Vec<AccountId> =
						validators.iter().map(|v| v.to_account_id()).collect();
					(String::from(*name), admin.to_account_id(), validators)
				})
				.collect::<Vec<_>>(),
			officials: officials
				.iter()
				.map(|(city, role, who)| (*city, *role, who.to_account_id()))
				.collect::<Vec<_>>(),
			notice_period: TEST_NETWORK_PERIOD,
			upgrade_delay: TEST_NETWORK_PERIOD,
			min_validators,
		},
		session: SessionConfig {
			keys: cities
				.iter()
				.flat_map(|(_, _, validators)| validators.iter())
				.map(|v| (v.to_account_id(), v.to_account_id(), session_keys(*v)))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
		// Every chain trusts drand's quicknet beacon, with its real clock.
		// A dev chain replays the recorded rounds 1000-1009 by having sudo
		// move the beacon's genesis time (pallets/sortition/README.md).
		sortition: SortitionConfig {
			beacon_public_key: pallet_sortition::beacon::QUICKNET_PUBLIC_KEY.to_vec(),
			beacon_genesis_time: pallet_sortition::beacon::QUICKNET_GENESIS_TIME,
			beacon_period: pallet_sortition::beacon::QUICKNET_PERIOD,
		},
	})
}

/// `development`: Devtown, with Alice as admin, validator and sudo, Bob and
/// Charlie as Treasurers, Eve as Auditor and Dave as ProcurementOfficer.
pub fn development_config_genesis() -> serde_json::Value {
	civitas_genesis(
		&[("Devtown", Sr25519Keyring::Alice, &[Sr25519Keyring::Alice])],
		&[
			(0, CityRole::Treasurer, Sr25519Keyring::Bob),
			(0, CityRole::Treasurer, Sr25519Keyring::Charlie),
			(0, CityRole::Auditor, Sr25519Keyring::Eve),
			(0, CityRole::ProcurementOfficer, Sr25519Keyring::Dave),
		],
		1,
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `local_testnet`: three cities run by Alice, Bob and Charlie, four
/// validators (Charleston runs Charlie's and Dave's); no sudo.
pub fn local_config_genesis() -> serde_json::Value {
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave};
	civitas_genesis(
		&[
			("Aliceville", Alice, &[Alice]),
			("Bobton", Bob, &[Bob]),
			("Charleston", Charlie, &[Charlie, Dave]),
		],
		&[],
		crate::configs::MIN_VALIDATORS,
		None,
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

/// The genesis storage of a preset, built as the node builds it: the
/// preset's JSON patch applied to the default config, then the config's
/// `build_storage`. For tests and tools that run the runtime natively.
#[cfg(feature = "std")]
pub fn genesis_storage(id: &PresetId) -> Result<sp_runtime::Storage, String> {
	use sp_runtime::BuildStorage;
	let patch = get_preset(id).ok_or_else(|| alloc::format!("no preset {id:?}"))?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
		.map_err(|e| alloc::format!("the default config: {e}"))?;
	let patch = serde_json::from_slice(&patch).map_err(|e| alloc::format!("the preset: {e}"))?;
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).map_err(|e| alloc::format!("the patched config: {e}"))?;
	config.build_storage()
}

/// Applies a JSON merge patch (RFC 7386 without deletions) to `base`.
#[cfg(feature = "std")]
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(base, patch) => *base = patch,
	}
}
