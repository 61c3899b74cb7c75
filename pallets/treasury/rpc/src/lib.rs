//! JSON-RPC methods of the city treasury, over its runtime API
//! [`CityTreasuryApi`]:
//!
//! - `cityTreasury_budgetReport(city, period, at?)`: budget versus committed
//!   versus spent per department and category, receipts per category and
//!   pending payments of a city for a fiscal period; `null` if the city has no
//!   ledger.
//! - `cityTreasury_lineHistory(city, line, at?)`: every change to one budget
//!   line, oldest first. `line` is `{"period": 2027, "department": 0,
//!   "category": "CapitalWorks"}`.
//!
//! Both read the best block unless `at` names another.

use std::sync::Arc;

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
pub use pallet_city_treasury::runtime_api::CityTreasuryApi;
use pallet_city_treasury::{BudgetLineId, BudgetReport, CityId, FiscalPeriod, LineEntry};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// The city treasury's RPC methods.
#[rpc(client, server)]
pub trait CityTreasuryRpc<BlockHash, AccountId, BlockNumber> {
	/// A city's budget report for a fiscal period.
	#[method(name = "cityTreasury_budgetReport")]
	fn budget_report(
		&self,
		city: CityId,
		period: FiscalPeriod,
		at: Option<BlockHash>,
	) -> RpcResult<Option<BudgetReport<AccountId, BlockNumber>>>;

	/// The full history of one budget line.
	#[method(name = "cityTreasury_lineHistory")]
	fn line_history(
		&self,
		city: CityId,
		line: BudgetLineId,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LineEntry<BlockNumber, Vec<u8>>>>;
}

/// The error code of a failed runtime call.
pub const RUNTIME_ERROR: i32 = 1;

/// Serves [`CityTreasuryRpcServer`] from a client.
pub struct CityTreasury<C, Block> {
	client: Arc<C>,
	_block: std::marker::PhantomData<Block>,
}

impl<C, Block> CityTreasury<C, Block> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: Default::default() }
	}
}

fn runtime_error(e: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "the runtime call failed", Some(e.to_string()))
}

impl<C, Block, AccountId, BlockNumber>
	CityTreasuryRpcServer<<Block as BlockT>::Hash, AccountId, BlockNumber> for CityTreasury<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: CityTreasuryApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Send + Sync + serde::Serialize + 'static,
	BlockNumber: Codec + Send + Sync + serde::Serialize + 'static,
{
	fn budget_report(
		&self,
		city: CityId,
		period: FiscalPeriod,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<BudgetReport<AccountId, BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().budget_report(at, city, period).map_err(runtime_error)
	}

	fn line_history(
		&self,
		city: CityId,
		line: BudgetLineId,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<LineEntry<BlockNumber, Vec<u8>>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().line_history(at, city, line).map_err(runtime_error)
	}
}
