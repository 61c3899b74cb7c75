//! Tenders from publication to the end of the reveal window: publication,
//! sealed bids, reveals, quality scores and cancellation.

use crate::*;
use civitas_primitives::{CityOffices, CityRole};
use frame_support::{pallet_prelude::*, traits::fungible::Inspect};
use sp_runtime::{traits::Zero, Percent, Saturating};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_publish_tender(
		officer: T::AccountId,
		city: CityId,
		terms: TenderTermsOf<T>,
	) -> DispatchResult {
		let now = Self::now();
		let max = T::MaxPeriod::get();
		ensure!(terms.estimated_value > 0, Error::<T>::ZeroEstimatedValue);
		ensure!(terms.bid_deadline > now, Error::<T>::BidDeadlineInPast);
		ensure!(!terms.reveal_period.is_zero(), Error::<T>::ZeroRevealPeriod);
		ensure!(terms.standstill >= T::MinStandstill::get(), Error::<T>::StandstillTooShort);
		ensure!(
			terms.bid_deadline.saturating_sub(now) <= max
				&& terms.reveal_period <= max
				&& terms.standstill <= max,
			Error::<T>::PeriodTooLong
		);
		ensure!(
			terms.minimum_bond >= T::Currency::minimum_balance(),
			Error::<T>::MinimumBondTooLow
		);
		let needs_panel = matches!(terms.award_rule, AwardRule::BestValue { .. });
		ensure!(needs_panel != terms.panel.is_empty(), Error::<T>::PanelDoesNotFitRule);
		for (i, member) in terms.panel.iter().enumerate() {
			ensure!(
				CityRole::ALL.iter().any(|role| T::Offices::holds_office(city, *role, member)),
				Error::<T>::PanelMemberNotOfficial
			);
			ensure!(
				!terms.panel.iter().take(i).any(|m| m == member),
				Error::<T>::DuplicatePanelMember
			);
		}
		// There is no tender without budget.
		Self::escrow_reserve(city, terms.line, terms.estimated_value)?;

		let id = NextTenderId::<T>::get();
		NextTenderId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let reveal_deadline = terms.bid_deadline.saturating_add(terms.reveal_period);
		Tenders::<T>::insert(
			id,
			Tender {
				city,
				officer,
				line: terms.line,
				title: terms.title,
				specification: terms.specification,
				estimated_value: terms.estimated_value,
				minimum_bond: terms.minimum_bond,
				award_rule: terms.award_rule,
				panel: terms.panel,
				subcontracting_cap: terms.subcontracting_cap,
				published_at: now,
				bid_deadline: terms.bid_deadline,
				reveal_deadline,
				standstill: terms.standstill,
				status: TenderStatus::Open,
				bids: 0,
				open_complaints: 0,
				award: None,
			},
		);
		Self::deposit_event(Event::TenderPublished {
			tender: id,
			city,
			line: terms.line,
			estimated_value: terms.estimated_value,
			bid_deadline: terms.bid_deadline,
			reveal_deadline,
			award_rule: terms.award_rule,
		});
		Ok(())
	}

	pub(crate) fn do_cancel_tender(
		id: TenderId,
		mut tender: Tender<T>,
		reason: CancellationReason,
	) -> DispatchResult {
		ensure!(tender.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
		Self::return_held_bonds(id)?;
		Self::escrow_refund(tender.city, tender.line, tender.estimated_value)?;
		tender.status = TenderStatus::Cancelled(reason);
		Tenders::<T>::insert(id, tender.clone());
		Self::deposit_event(Event::TenderCancelled {
			tender: id,
			reason,
			refunded: tender.estimated_value,
		});
		Ok(())
	}

	pub(crate) fn do_request_cancellation(
		officer: T::AccountId,
		id: TenderId,
		tender: Tender<T>,
		reason: CancellationReason,
		grounds: DocumentHash,
	) -> DispatchResult {
		ensure!(tender.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
		ensure!(Self::now() > tender.bid_deadline, Error::<T>::BiddingStillOpen);
		CancellationRequests::<T>::insert(
			id,
			CancellationRequest {
				requested_by: officer.clone(),
				reason,
				grounds,
				requested_at: Self::now(),
			},
		);
		Self::deposit_event(Event::CancellationRequested { tender: id, officer, reason, grounds });
		Ok(())
	}

	pub(crate) fn do_approve_cancellation(
		approver: T::AccountId,
		id: TenderId,
		tender: Tender<T>,
	) -> DispatchResult {
		T::Offices::ensure_active(tender.city)
			.map_err(|e| e.into_error(Error::<T>::NotCancellationApprover))?;
		ensure!(
			T::Offices::holds_office(tender.city, CityRole::Auditor, &approver)
				|| T::Offices::holds_office(tender.city, CityRole::ProcurementOfficer, &approver),
			Error::<T>::NotCancellationApprover
		);
		let request =
			CancellationRequests::<T>::get(id).ok_or(Error::<T>::NoCancellationRequest)?;
		ensure!(request.requested_by != approver, Error::<T>::RequesterCannotApprove);
		CancellationRequests::<T>::remove(id);
		Self::do_cancel_tender(id, tender, request.reason)?;
		Self::deposit_event(Event::CancellationApproved { tender: id, approver });
		Ok(())
	}

	/// Returns every bond of the tender still held, revealed or not.
	pub(crate) fn return_held_bonds(id: TenderId) -> DispatchResult {
		for (bidder, mut bid) in Bids::<T>::iter_prefix(id) {
			if bid.bond_state == BondState::Held {
				Self::return_bond(id, &bidder, &mut bid)?;
				Bids::<T>::insert(id, &bidder, &bid);
			}
		}
		Ok(())
	}

	/// Gives a held bond back to its bidder; the caller stores the bid.
	pub(crate) fn return_bond(
		id: TenderId,
		bidder: &T::AccountId,
		bid: &mut Bid<T>,
	) -> DispatchResult {
		let amount = Self::release(HoldReason::BidBond, bidder, bid.bond)?;
		bid.bond_state = BondState::Returned;
		Self::deposit_event(Event::BondReturned { tender: id, bidder: bidder.clone(), amount });
		Ok(())
	}

	pub(crate) fn do_commit_bid(
		bidder: T::AccountId,
		id: TenderId,
		commitment: sp_core::H256,
		bond: BalanceOf<T>,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
		ensure!(Self::now() <= tender.bid_deadline, Error::<T>::BiddingClosed);
		Self::ensure_active_supplier(tender.city, &bidder)?;
		ensure!(!Bids::<T>::contains_key(id, &bidder), Error::<T>::AlreadyBid);
		ensure!(bond >= tender.minimum_bond, Error::<T>::BondBelowMinimum);
		ensure!(tender.bids < T::MaxBids::get(), Error::<T>::TooManyBids);
		Self::hold(HoldReason::BidBond, &bidder, bond)?;
		Bids::<T>::insert(
			id,
			&bidder,
			Bid {
				sequence: tender.bids,
				commitment,
				bond,
				bond_state: BondState::Held,
				committed_at: Self::now(),
				revealed: None,
				disqualified: false,
			},
		);
		tender.bids = tender.bids.saturating_add(1);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::BidCommitted { tender: id, bidder, commitment, bond });
		Ok(())
	}

	pub(crate) fn do_reveal_bid(
		bidder: T::AccountId,
		id: TenderId,
		price: Credits,
		salt: [u8; 32],
		document: DocumentHash,
	) -> DispatchResult {
		let tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
		let now = Self::now();
		ensure!(now > tender.bid_deadline, Error::<T>::RevealNotOpen);
		ensure!(now <= tender.reveal_deadline, Error::<T>::RevealClosed);
		let mut bid = Bids::<T>::get(id, &bidder).ok_or(Error::<T>::NoBid)?;
		ensure!(bid.revealed.is_none(), Error::<T>::AlreadyRevealed);
		let bound = bid_commitment(id, &bidder, price, &salt, &document) == bid.commitment;
		// A bid sealed before commitments were bound opens the old way.
		let legacy = bid.committed_at < LegacyCommitmentsBefore::<T>::get()
			&& legacy_bid_commitment(price, &salt, &document) == bid.commitment;
		ensure!(bound || legacy, Error::<T>::CommitmentMismatch);
		ensure!(price > 0, Error::<T>::ZeroPrice);
		bid.revealed = Some(RevealedPrice { price, document, revealed_at: now });
		Bids::<T>::insert(id, &bidder, bid);
		Self::deposit_event(Event::BidRevealed { tender: id, bidder, price, document });
		Ok(())
	}

	pub(crate) fn do_score_bid(
		evaluator: T::AccountId,
		id: TenderId,
		bidder: T::AccountId,
		quality: Percent,
	) -> DispatchResult {
		let tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
		ensure!(
			matches!(tender.award_rule, AwardRule::BestValue { .. }),
			Error::<T>::NoQualityScoring
		);
		ensure!(tender.panel.contains(&evaluator), Error::<T>::NotOnPanel);
		let bid = Bids::<T>::get(id, &bidder).ok_or(Error::<T>::NoBid)?;
		ensure!(bid.revealed.is_some(), Error::<T>::BidNotRevealed);
		let key = (id, &bidder, &evaluator);
		ensure!(!QualityScores::<T>::contains_key(key), Error::<T>::AlreadyScored);
		QualityScores::<T>::insert(key, quality);
		Self::deposit_event(Event::BidScored { tender: id, bidder, evaluator, quality });
		Ok(())
	}
}
