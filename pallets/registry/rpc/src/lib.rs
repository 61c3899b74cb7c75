//! JSON-RPC methods of the property register, over its runtime API
//! [`AssetRegistryApi`]:
//!
//! - `registry_title(id, at?)`: a title's full record (owner, particulars,
//!   provenance, encumbrances, leases, open offer, Harberger account and tax
//!   due), or `null`;
//! - `registry_titlesOf(owner, at?)`: the ids of the titles in force `owner`
//!   holds;
//! - `registry_leasesOf(lessee, at?)`: `lessee`'s leases as
//!   `[title, lease, inForce]`.
//!
//! Each reads the best block unless `at` names another, so a buyer or a
//! lender can see what burdened a parcel at any past block.

use std::sync::Arc;

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
pub use pallet_asset_registry::runtime_api::AssetRegistryApi;
use pallet_asset_registry::{LeaseId, TitleId, TitleView};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// The registry RPC methods.
#[rpc(client, server)]
pub trait RegistryRpc<BlockHash, AccountId, BlockNumber> {
	/// A title's full record.
	#[method(name = "registry_title")]
	fn title(
		&self,
		id: TitleId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<TitleView<AccountId, BlockNumber>>>;

	/// The titles in force `owner` holds.
	#[method(name = "registry_titlesOf")]
	fn titles_of(&self, owner: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<TitleId>>;

	/// The leases `lessee` holds.
	#[method(name = "registry_leasesOf")]
	fn leases_of(
		&self,
		lessee: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<(TitleId, LeaseId, bool)>>;
}

/// The error code of a failed runtime call.
pub const RUNTIME_ERROR: i32 = 1;

/// Serves [`RegistryRpcServer`] from a client.
pub struct Registry<C, Block> {
	client: Arc<C>,
	_block: std::marker::PhantomData<Block>,
}

impl<C, Block> Registry<C, Block> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: Default::default() }
	}
}

fn runtime_error(e: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "the runtime call failed", Some(e.to_string()))
}

impl<C, Block, AccountId, BlockNumber>
	RegistryRpcServer<<Block as BlockT>::Hash, AccountId, BlockNumber> for Registry<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AssetRegistryApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
	BlockNumber: Codec + Send + Sync + serde::Serialize + 'static,
{
	fn title(
		&self,
		id: TitleId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<TitleView<AccountId, BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().title(at, id).map_err(runtime_error)
	}

	fn titles_of(&self, owner: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<TitleId>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().titles_of(at, owner).map_err(runtime_error)
	}

	fn leases_of(
		&self,
		lessee: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<(TitleId, LeaseId, bool)>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().leases_of(at, lessee).map_err(runtime_error)
	}
}
