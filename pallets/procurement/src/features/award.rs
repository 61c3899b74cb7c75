//! The award: bonds settled, the winner computed by the published rule.

use crate::*;
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use sp_runtime::{Perbill, Saturating};

/// An eligible bid as the award rule sees it.
pub(crate) struct Candidate<AccountId> {
	bidder: AccountId,
	sequence: u32,
	price: Credits,
	/// The panel's average quality, for best-value tenders.
	quality: Perbill,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_award(id: TenderId) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
		ensure!(Self::now() > tender.reveal_deadline, Error::<T>::RevealNotOver);
		let candidates = Self::candidates(id, &tender)?;
		Self::settle_bonds(id, tender.city)?;
		Self::decide(id, &mut tender, candidates)
	}

	/// Makes the award from `candidates`, or ends the tender as
	/// unsuccessful, and stores the tender.
	pub(crate) fn decide(
		id: TenderId,
		tender: &mut Tender<T>,
		candidates: Vec<Candidate<T::AccountId>>,
	) -> DispatchResult {
		match Self::winner(tender.award_rule, candidates) {
			Some((winner, score)) => {
				let now = Self::now();
				let standstill_end = now.saturating_add(tender.standstill);
				tender.status = TenderStatus::Awarded;
				tender.award = Some(Award {
					supplier: winner.bidder.clone(),
					price: winner.price,
					score,
					awarded_at: now,
					standstill_end,
				});
				Tenders::<T>::insert(id, tender.clone());
				Self::deposit_event(Event::TenderAwarded {
					tender: id,
					supplier: winner.bidder,
					price: winner.price,
					score,
					standstill_end,
				});
			}
			None => {
				Self::escrow_refund(tender.city, tender.line, tender.estimated_value)?;
				tender.status = TenderStatus::Unsuccessful;
				tender.award = None;
				Tenders::<T>::insert(id, tender.clone());
				Self::deposit_event(Event::TenderUnsuccessful {
					tender: id,
					refunded: tender.estimated_value,
				});
			}
		}
		Ok(())
	}

	/// The bids eligible for the award: revealed, not disqualified, within
	/// the estimated value. Under best value each must carry a score from
	/// every panel member.
	pub(crate) fn candidates(
		id: TenderId,
		tender: &Tender<T>,
	) -> Result<Vec<Candidate<T::AccountId>>, DispatchError> {
		let panel = tender.panel.len() as u32;
		let mut candidates = Vec::new();
		for (bidder, bid) in Bids::<T>::iter_prefix(id) {
			let Some(revealed) = bid.revealed else { continue };
			if bid.disqualified || revealed.price > tender.estimated_value {
				continue;
			}
			let quality = if panel == 0 {
				Perbill::zero()
			} else {
				let mut scores = 0u32;
				let mut total = 0u32;
				for score in QualityScores::<T>::iter_prefix_values((id, &bidder)) {
					scores = scores.saturating_add(1);
					total = total.saturating_add(u32::from(score.deconstruct()));
				}
				ensure!(scores == panel, Error::<T>::EvaluationIncomplete);
				Perbill::from_rational(total, panel.saturating_mul(100))
			};
			candidates.push(Candidate {
				bidder,
				sequence: bid.sequence,
				price: revealed.price,
				quality,
			});
		}
		Ok(candidates)
	}

	/// The winner under `rule` and its score; ties go to the earliest
	/// commitment.
	fn winner(
		rule: AwardRule,
		candidates: Vec<Candidate<T::AccountId>>,
	) -> Option<(Candidate<T::AccountId>, Perbill)> {
		let lowest = candidates.iter().map(|c| c.price).min()?;
		let scored = candidates.into_iter().map(|c| {
			let price_score = Perbill::from_rational(lowest, c.price);
			let score = match rule {
				AwardRule::LowestPrice => price_score,
				AwardRule::BestValue { price_weight } => {
					let w = u64::from(price_weight.deconstruct());
					let parts = (u64::from(price_score.deconstruct()) * w
						+ u64::from(c.quality.deconstruct()) * (100 - w))
						/ 100;
					Perbill::from_parts(parts as u32)
				}
			};
			(c, score)
		});
		// Under the lowest-price rule the exact price decides, not its
		// rounded score.
		scored.max_by(|(a, sa), (b, sb)| {
			let by_rule = match rule {
				AwardRule::LowestPrice => b.price.cmp(&a.price),
				AwardRule::BestValue { .. } => sa.cmp(sb),
			};
			by_rule.then(b.sequence.cmp(&a.sequence))
		})
	}

	/// Returns the bonds of revealed bids and pays those of unrevealed bids
	/// to the city treasury.
	fn settle_bonds(id: TenderId, city: CityId) -> DispatchResult {
		let treasury = Self::treasury_account(city)?;
		for (bidder, mut bid) in Bids::<T>::iter_prefix(id) {
			if bid.bond_state != BondState::Held {
				continue;
			}
			if bid.revealed.is_some() {
				Self::return_bond(id, &bidder, &mut bid)?;
			} else {
				let amount = Self::forfeit(HoldReason::BidBond, &bidder, bid.bond, &treasury)?;
				bid.bond_state = BondState::Forfeited;
				Self::deposit_event(Event::BondForfeited {
					tender: id,
					bidder: bidder.clone(),
					amount,
					treasury: treasury.clone(),
				});
			}
			Bids::<T>::insert(id, &bidder, bid);
		}
		Ok(())
	}
}
