//! JSON-RPC methods of residency, over its runtime API [`ResidencyApi`]:
//!
//! - `residency_isResident(city, account, at?)`: whether `account` holds an
//!   active, unexpired certificate of `city` at the block;
//! - `residency_certificate(city, account, at?)`: the latest certificate of
//!   `account` in `city`, with its id and whether it is valid, or `null`;
//! - `residency_certificateById(id, at?)`: a certificate by its id;
//! - `residency_activeResidents(city, at?)`: how many residents `city` has;
//! - `residency_providerAccess(city, subject, provider, at?)`: the record
//!   pointer `subject` granted `provider`, while `subject` is a resident.
//!
//! Each reads the best block unless `at` names another, so a verifier can
//! ask whether an account was a resident at any past block.

use std::sync::Arc;

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
pub use pallet_residency::runtime_api::ResidencyApi;
use pallet_residency::{CertificateId, CertificateView, CityId};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

/// The residency RPC methods.
#[rpc(client, server)]
pub trait ResidencyRpc<BlockHash, AccountId, BlockNumber> {
	/// Whether `account` is a resident of `city`.
	#[method(name = "residency_isResident")]
	fn is_resident(
		&self,
		city: CityId,
		account: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<bool>;

	/// The latest certificate of `account` in `city`.
	#[method(name = "residency_certificate")]
	fn certificate(
		&self,
		city: CityId,
		account: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<CertificateView<AccountId, BlockNumber>>>;

	/// A certificate by its id.
	#[method(name = "residency_certificateById")]
	fn certificate_by_id(
		&self,
		id: CertificateId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<CertificateView<AccountId, BlockNumber>>>;

	/// How many residents `city` has.
	#[method(name = "residency_activeResidents")]
	fn active_residents(&self, city: CityId, at: Option<BlockHash>) -> RpcResult<u32>;

	/// The record pointer `subject` granted `provider` in `city`.
	#[method(name = "residency_providerAccess")]
	fn provider_access(
		&self,
		city: CityId,
		subject: AccountId,
		provider: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<H256>>;
}

/// The error code of a failed runtime call.
pub const RUNTIME_ERROR: i32 = 1;

/// Serves [`ResidencyRpcServer`] from a client.
pub struct Residency<C, Block> {
	client: Arc<C>,
	_block: std::marker::PhantomData<Block>,
}

impl<C, Block> Residency<C, Block> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: Default::default() }
	}
}

fn runtime_error(e: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "the runtime call failed", Some(e.to_string()))
}

impl<C, Block, AccountId, BlockNumber>
	ResidencyRpcServer<<Block as BlockT>::Hash, AccountId, BlockNumber> for Residency<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ResidencyApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
	BlockNumber: Codec + Send + Sync + serde::Serialize + 'static,
{
	fn is_resident(
		&self,
		city: CityId,
		account: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<bool> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().is_resident(at, city, account).map_err(runtime_error)
	}

	fn certificate(
		&self,
		city: CityId,
		account: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<CertificateView<AccountId, BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().certificate(at, city, account).map_err(runtime_error)
	}

	fn certificate_by_id(
		&self,
		id: CertificateId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<CertificateView<AccountId, BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().certificate_by_id(at, id).map_err(runtime_error)
	}

	fn active_residents(&self, city: CityId, at: Option<Block::Hash>) -> RpcResult<u32> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().active_residents(at, city).map_err(runtime_error)
	}

	fn provider_access(
		&self,
		city: CityId,
		subject: AccountId,
		provider: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<H256>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.provider_access(at, city, subject, provider)
			.map_err(runtime_error)
	}
}
