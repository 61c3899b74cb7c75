//! Tests of the runtime's wiring: genesis presets, chain properties, metadata.

use frame_support::traits::Get;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

use crate::{genesis_config_presets as presets, *};

/// Builds the genesis state of a preset as the node does: the preset's JSON
/// patch applied to the default config, then `build_state`.
fn genesis_of(preset: &str) -> sp_io::TestExternalities {
	let patch = presets::get_preset(&preset.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut config, serde_json::from_slice(&patch).expect("preset is JSON"));
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("patched config parses");
	config.build_storage().expect("genesis builds").into()
}

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

#[test]
fn presets_are_listed_and_unknown_ones_refused() {
	let names = presets::preset_names();
	assert_eq!(names.len(), 2);
	assert!(names.iter().any(|n| n.as_str() == DEV_RUNTIME_PRESET));
	assert!(names.iter().any(|n| n.as_str() == LOCAL_TESTNET_RUNTIME_PRESET));
	assert!(presets::get_preset(&"mainnet".into()).is_none());
	assert!(presets::get_preset(&"".into()).is_none());
}

#[test]
fn development_preset_has_alice_as_only_validator_and_sudo() {
	genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::free_balance(&alice),
			presets::DEV_ENDOWMENT
		);
		let accounts = presets::dev_accounts().len() as u128;
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			accounts * presets::DEV_ENDOWMENT
		);
	});
}

#[test]
fn local_preset_has_three_distinct_validators() {
	genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let aura = pallet_aura::Authorities::<Runtime>::get();
		let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		assert_eq!(aura.len(), 3);
		assert_eq!(grandpa.len(), 3);
		let expected: Vec<sp_consensus_aura::sr25519::AuthorityId> =
			[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
				.into_iter()
				.map(|k| k.public().into())
				.collect();
		assert_eq!(aura.into_inner(), expected);
		assert!(grandpa.iter().all(|(_, weight)| *weight == 1));
	});
}

#[test]
fn chain_constants_are_civitas_own() {
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), SS58_PREFIX);
	assert_eq!(SS58_PREFIX, 1789);
	assert_eq!(TOKEN_SYMBOL, "CIV");
	assert_eq!(CIV, 10u128.pow(TOKEN_DECIMALS as u32));
	assert_eq!(VERSION.spec_name, "civitas");
	// Aura needs the slot to be twice the timestamp's minimum period.
	assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), SLOT_DURATION);
}

#[test]
fn metadata_is_offered_up_to_v16() {
	let versions = Runtime::metadata_versions();
	assert!(versions.contains(&15), "Polkadot.js needs V15, got {versions:?}");
	assert!(versions.contains(&16), "the newest stable metadata is V16, got {versions:?}");
	assert!(Runtime::metadata_at_version(16).is_some());
	assert!(Runtime::metadata_at_version(999).is_none());
}

#[test]
fn every_pallet_the_foundation_promises_is_in_the_runtime() {
	let metadata = Runtime::metadata_ir();
	let names: Vec<&str> = metadata.pallets.iter().map(|p| p.name).collect();
	for pallet in [
		"System",
		"Timestamp",
		"Aura",
		"Grandpa",
		"Balances",
		"TransactionPayment",
		"Sudo",
		"Utility",
		"Nfts",
	] {
		assert!(names.contains(&pallet), "{pallet} missing from {names:?}");
	}
}
