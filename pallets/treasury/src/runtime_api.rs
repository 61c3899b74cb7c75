//! The runtime API an auditor's client (or the node's `cityTreasury_*` RPC
//! methods) calls to read a city's budget versus actual.

use crate::{BudgetLineId, BudgetReport, CityId, FiscalPeriod, LineEntry};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reports on city budgets.
	pub trait CityTreasuryApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// Budget versus committed versus spent per department and category
		/// for `city` and `period`, receipts per category, and pending
		/// payments. `None` if the city has no ledger.
		fn budget_report(city: CityId, period: FiscalPeriod) -> Option<BudgetReport<AccountId, BlockNumber>>;

		/// The full history of one budget line, oldest first (reasons as
		/// UTF-8 bytes).
		fn line_history(city: CityId, line: BudgetLineId) -> Vec<LineEntry<BlockNumber, Vec<u8>>>;
	}
}
