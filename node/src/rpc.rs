//! The node's own JSON-RPC methods, besides the standard ones of `sc-service`
//! (system, chain, state, author): account nonces, fee queries, and the city
//! treasury's budget reports (`cityTreasury_budgetReport`,
//! `cityTreasury_lineHistory`), and residency checks (`residency_isResident`,
//! `residency_certificate`, `residency_certificateById`,
//! `residency_activeResidents`, `residency_providerAccess`), and the property
//! register (`registry_title`, `registry_titlesOf`, `registry_leasesOf`).

use std::sync::Arc;

use civitas_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC extensions need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// The RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ pallet_city_treasury_rpc::CityTreasuryApi<Block, AccountId, BlockNumber>
		+ pallet_residency_rpc::ResidencyApi<Block, AccountId, BlockNumber>
		+ pallet_asset_registry_rpc::AssetRegistryApi<Block, AccountId, BlockNumber>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_asset_registry_rpc::{Registry, RegistryRpcServer};
	use pallet_city_treasury_rpc::{CityTreasury, CityTreasuryRpcServer};
	use pallet_residency_rpc::{Residency, ResidencyRpcServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(CityTreasury::new(client.clone()).into_rpc())?;
	module.merge(Residency::new(client.clone()).into_rpc())?;
	module.merge(Registry::new(client).into_rpc())?;

	Ok(module)
}
