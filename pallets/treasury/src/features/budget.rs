//! Budgets: adoption, amendments and reallocations, and the history every
//! change to a line leaves.

use crate::*;
use alloc::collections::BTreeSet;
use civitas_primitives::DocumentHash;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// The line, if the city has it.
	pub(crate) fn line(city: CityId, id: BudgetLineId) -> Result<BudgetLine, Error<T>> {
		Lines::<T>::get(city, id).ok_or(Error::<T>::UnknownLine)
	}

	/// Fails if the line can take no more new decisions: its entries other
	/// than follow-ups reached `MaxLineHistory`. Follow-ups need no room.
	pub(crate) fn ensure_history_room(
		city: CityId,
		id: BudgetLineId,
		line: &BudgetLine,
	) -> Result<(), Error<T>> {
		let decisions = line.entries.saturating_sub(LineFollowUps::<T>::get(city, id));
		ensure!(decisions < T::MaxLineHistory::get(), Error::<T>::LineHistoryFull);
		Ok(())
	}

	/// Stores the line as changed by `change` of `amount`, with its history
	/// entry. Call [`Self::ensure_history_room`] first for anything but a
	/// follow-up.
	pub(crate) fn write_line(
		city: CityId,
		id: BudgetLineId,
		mut line: BudgetLine,
		change: LineChange<NoteOf<T>>,
		amount: Credits,
	) {
		let entry = LineEntry {
			at: frame_system::Pallet::<T>::block_number(),
			change,
			amount,
			appropriated: line.appropriated,
			committed: line.committed,
			spent: line.spent,
		};
		if entry.change.is_follow_up() {
			LineFollowUps::<T>::mutate(city, id, |n| *n = n.saturating_add(1));
		}
		LineHistory::<T>::insert((city, id, line.entries), entry);
		line.entries = line.entries.saturating_add(1);
		Lines::<T>::insert(city, id, line);
	}

	/// Fails unless `reason` says something: empty or blank reasons are
	/// refused.
	pub(crate) fn ensure_reason(reason: &NoteOf<T>) -> Result<(), Error<T>> {
		ensure!(reason.iter().any(|b| !b.is_ascii_whitespace()), Error::<T>::EmptyReason);
		Ok(())
	}

	/// What a line may not go below: its commitments and spending.
	fn floor(line: &BudgetLine) -> Result<Credits, Error<T>> {
		line.committed.checked_add(line.spent).ok_or(Error::<T>::Overflow)
	}

	pub(crate) fn do_adopt_budget(
		city: CityId,
		period: FiscalPeriod,
		lines: BudgetLinesOf<T>,
		document: DocumentHash,
	) -> DispatchResult {
		Self::ledger(city)?;
		ensure!(!Budgets::<T>::contains_key(city, period), Error::<T>::BudgetAlreadyAdopted);
		ensure!(!lines.is_empty(), Error::<T>::EmptyBudget);
		let mut seen = BTreeSet::new();
		for (department, category, _) in lines.iter() {
			ensure!(
				Departments::<T>::contains_key(city, department),
				Error::<T>::UnknownDepartment
			);
			ensure!(seen.insert((*department, *category)), Error::<T>::DuplicateLine);
		}
		ensure!(T::MaxLineHistory::get() > 0, Error::<T>::LineHistoryFull);

		for (department, category, appropriated) in lines.iter() {
			let id = BudgetLineId { period, department: *department, category: *category };
			let line = BudgetLine { appropriated: *appropriated, ..Default::default() };
			Self::write_line(city, id, line, LineChange::Adopted, *appropriated);
		}
		Budgets::<T>::insert(
			city,
			period,
			Budget {
				adopted_at: frame_system::Pallet::<T>::block_number(),
				document,
				lines: lines.len() as u32,
			},
		);
		Self::deposit_event(Event::BudgetAdopted { city, period, document, lines });
		Ok(())
	}

	pub(crate) fn do_amend_line(
		city: CityId,
		id: BudgetLineId,
		appropriated: Credits,
		reason: NoteOf<T>,
	) -> DispatchResult {
		Self::ledger(city)?;
		Self::ensure_reason(&reason)?;
		let mut budget = Budgets::<T>::get(city, id.period).ok_or(Error::<T>::NoBudget)?;
		ensure!(Departments::<T>::contains_key(city, id.department), Error::<T>::UnknownDepartment);
		let line = match Lines::<T>::get(city, id) {
			Some(line) => line,
			None => {
				ensure!(budget.lines < T::MaxLinesPerBudget::get(), Error::<T>::TooManyLines);
				budget.lines = budget.lines.saturating_add(1);
				BudgetLine::default()
			}
		};
		Self::ensure_history_room(city, id, &line)?;
		ensure!(appropriated >= Self::floor(&line)?, Error::<T>::BelowCommitted);

		Budgets::<T>::insert(city, id.period, budget);
		let amount = appropriated.abs_diff(line.appropriated);
		let line = BudgetLine { appropriated, ..line };
		Self::write_line(city, id, line, LineChange::Amended { reason: reason.clone() }, amount);
		Self::deposit_event(Event::LineAmended { city, line: id, appropriated, reason });
		Ok(())
	}

	pub(crate) fn do_reallocate(
		city: CityId,
		from_id: BudgetLineId,
		to_id: BudgetLineId,
		amount: Credits,
		reason: NoteOf<T>,
	) -> DispatchResult {
		Self::ledger(city)?;
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		Self::ensure_reason(&reason)?;
		ensure!(from_id != to_id, Error::<T>::SameLine);
		ensure!(from_id.period == to_id.period, Error::<T>::DifferentPeriods);
		let mut from = Self::line(city, from_id)?;
		let mut to = Self::line(city, to_id)?;
		Self::ensure_history_room(city, from_id, &from)?;
		Self::ensure_history_room(city, to_id, &to)?;
		from.appropriated =
			from.appropriated.checked_sub(amount).ok_or(Error::<T>::BelowCommitted)?;
		ensure!(from.appropriated >= Self::floor(&from)?, Error::<T>::BelowCommitted);
		to.appropriated = to.appropriated.checked_add(amount).ok_or(Error::<T>::Overflow)?;

		let out = LineChange::ReallocatedTo { line: to_id, reason: reason.clone() };
		Self::write_line(city, from_id, from, out, amount);
		let into = LineChange::ReallocatedFrom { line: from_id, reason: reason.clone() };
		Self::write_line(city, to_id, to, into, amount);
		Self::deposit_event(Event::Reallocated { city, from: from_id, to: to_id, amount, reason });
		Ok(())
	}
}
