//! Chain specifications: the development chain and the local test network.
//!
//! Both are built from the runtime's genesis presets (`development`,
//! `local_testnet`) and carry the chain properties Polkadot.js reads: token
//! symbol, decimals and SS58 prefix.

use civitas_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// A Civitas chain specification.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The chain properties: `tokenSymbol`, `tokenDecimals`, `ss58Format`.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime wasm is not in this binary (was it built with SKIP_WASM_BUILD?)".to_string()
	})
}

/// `--dev`: one validator (Alice), sudo, fresh state in a temporary directory.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Civitas Development")
		.with_id("civitas_dev")
		.with_chain_type(ChainType::Development)
		.with_protocol_id("civitas")
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: Alice, Bob and Charlie as validators.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Civitas Local Testnet")
		.with_id("civitas_local")
		.with_chain_type(ChainType::Local)
		.with_protocol_id("civitas")
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
