//! The measured operations. Each prepares what its calls need through the
//! chain itself (a city, its officials, funded senders: setup loads that must
//! all succeed), then returns its pre-signed extrinsics, ordered so that every
//! sender's nonces arrive in order.

use civitas_primitives::{BudgetLineId, CityId, CityRole, SpendingCategory};
use civitas_runtime::{
	AccountId, Balance, BlockNumber, OriginCaller, RuntimeCall, CIV, DAYS, MILLI_CIV,
};
use codec::Encode;
use frame_support::BoundedVec;
use sp_core::{sr25519, H256};
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	MultiAddress,
};

use crate::{
	chain::{account, pair, value_key, Chain, Result, Signed},
	load,
};

/// The operations the tool measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Op {
	/// `Balances::transfer_keep_alive` between pre-funded accounts, each
	/// sender sending one.
	Transfer,
	/// `CityTreasury::approve_payment` by a city's sixteen Treasurers on
	/// pending payments; the sixteenth approval pays.
	Approval,
	/// `Residency::issue` by a city's sixteen Registrars to new residents.
	Issue,
}

impl Op {
	pub fn name(self) -> &'static str {
		match self {
			Op::Transfer => "transfer_keep_alive",
			Op::Approval => "treasury approve_payment",
			Op::Issue => "residency issue",
		}
	}
}

/// What the operations share: the chain, the funder that pays for setup, and
/// a tag that keeps this run's names and keys apart from earlier runs'.
pub struct Ctx {
	pub chain: Chain,
	pub funder: sr25519::Pair,
	pub run: u64,
}

/// Setup calls per `batch_all`.
const BATCH: usize = 500;
/// Each sender's allowance per extrinsic it will sign: fees here are a few
/// milli-CIV.
const PER_EXTRINSIC: Balance = 100 * MILLI_CIV;
/// Fiscal year of the approval op's budget.
const PERIOD: u32 = 2026;
/// A treasury's pending payments at most (the runtime's `MaxPendingPayments`).
const PENDING: usize = 512;
/// Seats per office (the runtime's `MaxOfficialsPerRole`).
const SEATS: usize = 16;

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// `call` dispatched with `who` as its signed origin (inside a sudo batch).
fn as_signed(who: &AccountId, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
		as_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(who.clone()))),
		call: Box::new(call),
	})
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn bounded<S: sp_core::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(bytes.to_vec())
}

/// A keyless account for a subject or payee: only its id matters.
fn keyless(tag: &str, run: u64, i: usize) -> AccountId {
	AccountId::from(BlakeTwo256::hash(&(tag, run, i as u64).encode()).0)
}

/// Interleaves the senders' lists: everyone's first, then everyone's second...
fn interleave(lists: Vec<Vec<Signed>>) -> Vec<Signed> {
	let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
	let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
	let mut out = Vec::new();
	for _ in 0..longest {
		for it in iters.iter_mut() {
			if let Some(x) = it.next() {
				out.push(x);
			}
		}
	}
	out
}

impl Ctx {
	/// This run's keys for `op`: new accounts, whose first nonce is 0.
	fn keys(&mut self, op: &str, n: usize) -> Result<Vec<sr25519::Pair>> {
		let keys = (0..n)
			.map(|i| pair(&format!("//tps/{}/{op}/{i}", self.run)))
			.collect::<Result<Vec<_>>>()?;
		for key in &keys {
			self.chain.assume_new(account(key));
		}
		Ok(keys)
	}

	/// Runs `calls` as root, `BATCH` at a time in `batch_all`s under sudo.
	async fn as_root(&mut self, label: &str, calls: Vec<RuntimeCall>) -> Result<()> {
		let mut xts = Vec::new();
		for chunk in calls.chunks(BATCH) {
			let call = sudo(batch_all(chunk.to_vec()));
			xts.push(self.chain.sign(&self.funder.clone(), call).await?);
		}
		load::setup(&self.chain, label, xts).await
	}

	/// Gives every account `amount`, from the funder, `BATCH` per batch.
	async fn fund(&mut self, label: &str, who: &[AccountId], amount: Balance) -> Result<()> {
		let needed = amount.saturating_mul(who.len() as Balance);
		let funder = account(&self.funder);
		let free = self.chain.account(&funder).await?.data.free;
		if free < needed.saturating_add(CIV) {
			return Err(format!(
				"the funder {funder} holds {} CIV; funding {} senders needs {} CIV. Run against \
				 a development chain (`civitas-node --dev`) or pass --funder with the secret \
				 of a funded account",
				free / CIV,
				who.len(),
				needed / CIV + 1
			)
			.into());
		}
		let mut xts = Vec::new();
		for chunk in who.chunks(BATCH) {
			let calls = chunk
				.iter()
				.map(|w| {
					RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
						dest: MultiAddress::Id(w.clone()),
						value: amount,
					})
				})
				.collect();
			xts.push(self.chain.sign(&self.funder.clone(), batch_all(calls)).await?);
		}
		load::setup(&self.chain, label, xts).await
	}

	/// Admits a new city under sudo; returns its id and admin.
	async fn city(&mut self, op: &str, index: usize) -> Result<(CityId, AccountId)> {
		let city: CityId =
			self.chain.storage(&value_key("Cities", "NextCityId"), None).await?.unwrap_or(0);
		let admin = keyless("tps-admin", self.run, city as usize);
		let name = format!("tps-{}-{op}-{index}", self.run).into_bytes();
		let call = RuntimeCall::Cities(pallet_cities::Call::admit_city {
			name,
			admin: MultiAddress::Id(admin.clone()),
		});
		self.as_root(&format!("{op}: admit city {city}"), vec![call]).await?;
		Ok((city, admin))
	}

	/// The chain must let the funder act as root for the city operations.
	pub async fn check_sudo(&self) -> Result<()> {
		let funder = account(&self.funder);
		match self.chain.sudo_key().await? {
			Some(key) if key == funder => Ok(()),
			Some(key) => Err(format!(
				"the city operations set up cities through sudo, whose key is {key}, not the \
				 funder {funder}: pass --funder with the sudo key's secret"
			)
			.into()),
			None => Err("the city operations set up cities through sudo, and this chain has \
			             no sudo key: run them on a development chain (`civitas-node --dev`)"
				.into()),
		}
	}

	/// Prepares `count` extrinsics of `op`.
	pub async fn prepare(&mut self, op: Op, count: usize) -> Result<Vec<Signed>> {
		match op {
			Op::Transfer => self.transfers(count).await,
			Op::Approval => self.approvals(count).await,
			Op::Issue => self.issues(count).await,
		}
	}

	async fn transfers(&mut self, count: usize) -> Result<Vec<Signed>> {
		let senders = self.keys("transfer", count)?;
		let ids: Vec<AccountId> = senders.iter().map(account).collect();
		self.fund("transfer: fund senders", &ids, CIV).await?;
		let mut xts = Vec::with_capacity(count);
		for (i, sender) in senders.iter().enumerate() {
			let dest = ids[(i + 1) % ids.len()].clone();
			let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(dest),
				value: MILLI_CIV,
			});
			xts.push(self.chain.sign(sender, call).await?);
		}
		Ok(xts)
	}

	/// A city with a full office of `role`, funded for `per_official`
	/// extrinsics each.
	async fn city_with_officials(
		&mut self,
		op: &str,
		index: usize,
		role: CityRole,
		per_official: usize,
	) -> Result<(CityId, AccountId, Vec<sr25519::Pair>)> {
		let (city, admin) = self.city(op, index).await?;
		let officials = self.keys(&format!("{op}/{city}"), SEATS)?;
		let ids: Vec<AccountId> = officials.iter().map(account).collect();
		let appoint = ids
			.iter()
			.map(|who| {
				as_signed(
					&admin,
					RuntimeCall::Cities(pallet_cities::Call::appoint {
						city,
						role,
						who: MultiAddress::Id(who.clone()),
					}),
				)
			})
			.collect();
		self.as_root(&format!("{op}: appoint {SEATS} officials of city {city}"), appoint).await?;
		let allowance = PER_EXTRINSIC.saturating_mul(per_official as Balance).saturating_add(CIV);
		self.fund(&format!("{op}: fund officials of city {city}"), &ids, allowance).await?;
		Ok((city, admin, officials))
	}

	async fn issues(&mut self, count: usize) -> Result<Vec<Signed>> {
		let per = count.div_ceil(SEATS);
		let (city, _, registrars) =
			self.city_with_officials("issue", 0, CityRole::Registrar, per).await?;
		let expires_at: BlockNumber = (self.chain.best_number().await? as BlockNumber) + 365 * DAYS;
		let mut lists = Vec::new();
		for (r, registrar) in registrars.iter().enumerate() {
			let mut list = Vec::new();
			for i in (r..count).step_by(SEATS) {
				let subject = keyless("tps-resident", self.run, i);
				let call = RuntimeCall::Residency(pallet_residency::Call::issue {
					city,
					subject,
					kind: pallet_residency::CertificateKind::Resident,
					commitment: BlakeTwo256::hash(&(i as u64).encode()),
					expires_at,
				});
				list.push(self.chain.sign(registrar, call).await?);
			}
			lists.push(list);
		}
		Ok(interleave(lists))
	}

	async fn approvals(&mut self, count: usize) -> Result<Vec<Signed>> {
		let per_city = PENDING * SEATS;
		let mut lists: Vec<Vec<Signed>> = Vec::new();
		for c in 0..count.div_ceil(per_city) {
			let here = per_city.min(count - c * per_city);
			let proposals = here.div_ceil(SEATS);
			let (city, admin, treasurers) =
				self.city_with_officials("approval", c, CityRole::Treasurer, proposals).await?;
			let officer = keyless("tps-officer", self.run, city as usize);
			let payee = keyless("tps-payee", self.run, city as usize);
			let department = keyless("tps-department", self.run, city as usize);
			let line = BudgetLineId {
				period: PERIOD,
				department: 0,
				category: SpendingCategory::GoodsAndServices,
			};
			let funds: u128 = 1_000_000_000;
			let admin_call = |call| as_signed(&admin, RuntimeCall::CityTreasury(call));
			let mut calls = vec![
				admin_call(pallet_city_treasury::Call::open_ledger {
					city,
					settings: pallet_city_treasury::LedgerSettings {
						decimals: 2,
						approval_threshold: SEATS as u32,
						time_lock_above: u128::MAX,
						time_lock: 1,
						proposal_lifetime: 30 * DAYS,
					},
				}),
				admin_call(pallet_city_treasury::Call::add_department {
					city,
					name: bounded(b"Public works"),
					account: department,
					officers: BoundedVec::truncate_from(vec![officer.clone()]),
				}),
				admin_call(pallet_city_treasury::Call::register_payee {
					city,
					payee: payee.clone(),
					kind: pallet_city_treasury::PayeeKind::Contractor,
				}),
				as_signed(
					&account(&treasurers[0]),
					RuntimeCall::CityTreasury(pallet_city_treasury::Call::record_receipt {
						city,
						period: PERIOD,
						category: pallet_city_treasury::RevenueCategory::PropertyTax,
						amount: funds,
						payer: pallet_city_treasury::PayerReference::Company(bounded(b"tps")),
						document: H256::zero(),
					}),
				),
				admin_call(pallet_city_treasury::Call::adopt_budget {
					city,
					period: PERIOD,
					lines: BoundedVec::truncate_from(vec![(
						line.department,
						line.category,
						funds,
					)]),
					document: H256::zero(),
				}),
			];
			for p in 0..proposals {
				calls.push(as_signed(
					&officer,
					RuntimeCall::CityTreasury(pallet_city_treasury::Call::propose_payment {
						city,
						line,
						payee: payee.clone(),
						amount: 1,
						purpose: bounded(b"tps"),
						invoice: H256::from_low_u64_be(p as u64),
					}),
				));
			}
			self.as_root(&format!("approval: ledger, budget, {proposals} payments"), calls)
				.await?;
			// Proposal ids of a new ledger count from 0; every Treasurer
			// approves each in turn, so the last approval of each pays it.
			for (t, treasurer) in treasurers.iter().enumerate() {
				let mut list = Vec::new();
				for p in 0..proposals {
					if p * SEATS + t >= here {
						break;
					}
					let call = RuntimeCall::CityTreasury(
						pallet_city_treasury::Call::approve_payment { city, proposal: p as u32 },
					);
					list.push(self.chain.sign(treasurer, call).await?);
				}
				lists.push(list);
			}
		}
		Ok(interleave(lists))
	}
}
