//! What an auditor reads: budget versus committed versus spent, receipts,
//! pending payments, a line's history; and the invariants they rest on.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use frame_system::pallet_prelude::BlockNumberFor;

/// A city's report for a period, with the runtime's account and block types.
pub type BudgetReportOf<T> =
	BudgetReport<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// Budget versus committed versus spent per department and category for
	/// `city` and `period`, the period's receipts per category, and the
	/// city's pending payments against the period's lines. `None` if the city
	/// has no ledger.
	pub fn budget_report(city: CityId, period: FiscalPeriod) -> Option<BudgetReportOf<T>> {
		let settings = Ledgers::<T>::get(city)?;
		let mut by_department: BTreeMap<DepartmentId, Vec<LineReport>> = BTreeMap::new();
		for (id, line) in Lines::<T>::iter_prefix(city).filter(|(id, _)| id.period == period) {
			by_department.entry(id.department).or_default().push(LineReport {
				category: id.category,
				appropriated: line.appropriated,
				committed: line.committed,
				spent: line.spent,
			});
		}
		let departments = by_department
			.into_iter()
			.map(|(department, mut lines)| {
				lines.sort_by_key(|l| l.category);
				let sum = |f: fn(&LineReport) -> Credits| {
					lines.iter().fold(0 as Credits, |acc, l| acc.saturating_add(f(l)))
				};
				DepartmentReport {
					department,
					name: Departments::<T>::get(city, department)
						.map(|d| d.name.into_inner())
						.unwrap_or_default(),
					appropriated: sum(|l| l.appropriated),
					committed: sum(|l| l.committed),
					spent: sum(|l| l.spent),
					lines,
				}
			})
			.collect();
		let mut revenue: Vec<RevenueReport> = Revenue::<T>::iter_prefix((city, period))
			.map(|(category, (receipts, amount))| RevenueReport { category, receipts, amount })
			.collect();
		revenue.sort_by_key(|r| r.category);
		let mut pending: Vec<_> = Proposals::<T>::iter_prefix(city)
			.filter(|(_, p)| p.line.period == period)
			.map(|(proposal, p)| PendingPayment {
				proposal,
				line: p.line,
				payee: p.payee,
				amount: p.amount,
				approvals: p.approvals.len() as u32,
				expires_at: p.expires_at,
				unlocks_at: p.unlocks_at,
			})
			.collect();
		pending.sort_by_key(|p| p.proposal);
		let treasury_balance =
			Self::treasury(city).map(|t| Balances::<T>::get(city, t)).unwrap_or_default();
		Some(BudgetReport {
			city,
			period,
			decimals: settings.decimals,
			adopted_at: Budgets::<T>::get(city, period).map(|b| b.adopted_at),
			departments,
			revenue,
			pending,
			supply: Supplies::<T>::get(city),
			treasury_balance,
		})
	}

	/// Every entry of a budget line's history, oldest first.
	pub fn line_history(
		city: CityId,
		line: BudgetLineId,
	) -> Vec<LineEntry<BlockNumberFor<T>, Vec<u8>>> {
		let entries = Lines::<T>::get(city, line).map_or(0, |l| l.entries);
		(0..entries)
			.filter_map(|i| LineHistory::<T>::get((city, line, i)))
			.map(|e| LineEntry {
				at: e.at,
				change: e.change.map_note(|n| n.into_inner()),
				amount: e.amount,
				appropriated: e.appropriated,
				committed: e.committed,
				spent: e.spent,
			})
			.collect()
	}

	/// The ledger's and budgets' invariants, for every city:
	/// - minted minus burned equals the sum of balances, and only whitelisted
	///   accounts hold credits;
	/// - no line has more committed and spent than appropriated, nor more in
	///   escrow than committed;
	/// - the pending count matches the stored proposals, and each proposal's
	///   amount is committed on its line: in escrow for a release out of
	///   escrow, which has its proposal.
	pub fn check_invariants() -> Result<(), &'static str> {
		let mut balances: BTreeMap<CityId, Credits> = BTreeMap::new();
		for (city, who, balance) in Balances::<T>::iter() {
			if !Holders::<T>::contains_key(city, &who) {
				return Err("credits held by an account that is not whitelisted");
			}
			let sum = balances.entry(city).or_default();
			*sum = sum.checked_add(balance).ok_or("balances overflow")?;
		}
		for (city, supply) in Supplies::<T>::iter() {
			let in_circulation =
				supply.minted.checked_sub(supply.burned).ok_or("more burned than minted")?;
			if balances.remove(&city).unwrap_or_default() != in_circulation {
				return Err("minted minus burned differs from the sum of balances");
			}
		}
		if balances.values().any(|b| *b != 0) {
			return Err("balances in a city that never minted");
		}
		let mut proposed: BTreeMap<(CityId, BudgetLineId), Credits> = BTreeMap::new();
		let mut pending: BTreeMap<CityId, u32> = BTreeMap::new();
		let mut releasing: BTreeMap<(CityId, BudgetLineId), Credits> = BTreeMap::new();
		for (city, id, p) in Proposals::<T>::iter() {
			let from = if EscrowReleases::<T>::contains_key(city, id) {
				&mut releasing
			} else {
				&mut proposed
			};
			let c = from.entry((city, p.line)).or_default();
			*c = c.saturating_add(p.amount);
			let n = pending.entry(city).or_default();
			*n = n.saturating_add(1);
		}
		for (city, n) in PendingPayments::<T>::iter() {
			if pending.remove(&city).unwrap_or_default() != n {
				return Err("pending count differs from stored proposals");
			}
		}
		if !pending.is_empty() {
			return Err("proposals without a pending count");
		}
		if EscrowReleases::<T>::iter_keys()
			.any(|(city, id)| !Proposals::<T>::contains_key(city, id))
		{
			return Err("an escrow release without its proposal");
		}
		for (city, id, line) in Lines::<T>::iter() {
			let used = line.committed.checked_add(line.spent).ok_or("line overflow")?;
			if used > line.appropriated {
				return Err("a line has more committed and spent than appropriated");
			}
			let proposals = proposed.get(&(city, id)).copied().unwrap_or_default();
			if line.escrowed.saturating_add(proposals) != line.committed {
				return Err("a line's commitments differ from its proposals and escrow");
			}
			let claimed = releasing.get(&(city, id)).copied().unwrap_or_default();
			if claimed != EscrowReleasing::<T>::get(city, id) {
				return Err("a line's claimed escrow differs from its pending releases");
			}
			if claimed > line.escrowed {
				return Err("a line's proposed escrow releases exceed its escrow");
			}
		}
		Ok(())
	}
}
