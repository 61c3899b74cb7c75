//! End-to-end tests: the built `civitas-node` binary, started as a child
//! process on free ports with a temporary base path, driven over JSON-RPC.

mod common;

use std::time::Duration;

use civitas_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, CIV};
use common::*;
use jsonrpsee::{core::client::ClientT, rpc_params};
use jsonrpsee_ws_client::WsClient;
use serde_json::Value;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;

/// Waits for a block whose events hold `Balances::Transfer { from, to, amount }`
/// and returns that block's hash.
async fn wait_for_transfer(
	client: &WsClient,
	from: &AccountId,
	to: &AccountId,
	amount: Balance,
	since: u64,
) -> String {
	let (_, hash) = wait_for_event(client, since, "Transfer", |e| {
		matches!(
			e,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { from: f, to: t, amount: a })
				if f == from && t == to && *a == amount
		)
	})
	.await;
	hash
}

/// A dev node produces and finalises blocks, takes a signed transfer from
/// Alice to a fresh account, and shuts down cleanly on SIGTERM.
#[tokio::test(flavor = "multi_thread")]
async fn dev_node_produces_finalises_and_transfers() {
	let dir = TempDir::new("transfer");
	let mut node = DevNode::start(&dir.0.join("base"));
	let client = node.client().await;

	wait_for_blocks(&client, 3, 1, 120).await;

	// A fresh account nobody has used: it does not exist yet.
	let fresh: AccountId =
		sr25519::Pair::from_string(&format!("//CivitasE2E//{}", std::process::id()), None)
			.expect("valid derivation path")
			.public()
			.into();
	assert!(account(&client, &fresh, None).await.is_none(), "fresh account already exists");

	let alice = Sr25519Keyring::Alice.to_account_id();
	let amount: Balance = 42 * CIV;
	let since = best_number(&client).await;
	let xt = signed_transfer(&client, Sr25519Keyring::Alice, fresh.clone(), amount).await;
	let tx_hash: String = client
		.request("author_submitExtrinsic", rpc_params![to_hex(&xt)])
		.await
		.expect("the transfer is accepted into the pool");
	assert_eq!(from_hex(&tx_hash).len(), 32, "author_submitExtrinsic returns a hash");

	let block = wait_for_transfer(&client, &alice, &fresh, amount, since).await;
	let info = account(&client, &fresh, Some(&block)).await.expect("fresh account now exists");
	assert_eq!(info.data.free, amount, "the fresh account holds exactly what was sent");
	assert_eq!(info.nonce, 0, "the receiver sent nothing");

	// The transfer's block gets finalised too.
	let included = header_number(&client, Some(&block)).await;
	wait_for_blocks(&client, included, included, 60).await;
	assert_eq!(block_hash(&client, included).await.as_deref(), Some(block.as_str()));

	drop(client);
	let status = node.stop();
	assert!(status.success(), "node exits cleanly on SIGTERM, got {status}");
}

/// A node restarted on the same base path continues from its previous best
/// block: the blocks it had are still there, with the same hashes.
#[tokio::test(flavor = "multi_thread")]
async fn restart_on_same_base_path_keeps_the_chain() {
	let dir = TempDir::new("restart");
	let base = dir.0.join("base");

	let mut node = DevNode::start(&base);
	let client = node.client().await;
	wait_for_blocks(&client, 3, 1, 120).await;
	let best = best_number(&client).await;
	let best_hash = block_hash(&client, best).await.expect("best block hash");
	let finalized_hash: String =
		client.request("chain_getFinalizedHead", rpc_params![]).await.expect("finalised head");
	let finalized = header_number(&client, Some(&finalized_hash)).await;
	drop(client);
	let status = node.stop();
	assert!(status.success(), "first run exits cleanly, got {status}");

	let mut node = DevNode::start(&base);
	let client = node.client().await;
	assert!(best_number(&client).await >= best, "restarted node starts behind its old best");
	assert_eq!(block_hash(&client, best).await, Some(best_hash), "old best block was lost");
	assert_eq!(
		block_hash(&client, finalized).await,
		Some(finalized_hash),
		"old finalised block was lost"
	);
	assert!(finalized_number(&client).await >= finalized, "finality went backwards");
	// And it goes on producing and finalising from there.
	wait_for_blocks(&client, best + 2, finalized + 1, 120).await;
	drop(client);
	assert!(node.stop().success(), "second run exits cleanly");
}

/// Chain properties Polkadot.js reads, and the Prometheus endpoint.
#[tokio::test(flavor = "multi_thread")]
async fn properties_and_metrics() {
	let dir = TempDir::new("props");
	let mut node = DevNode::start(&dir.0.join("base"));
	let client = node.client().await;

	let props: Value = client.request("system_properties", rpc_params![]).await.expect("props");
	assert_eq!(props["tokenSymbol"], "CIV");
	assert_eq!(props["tokenDecimals"], 12);
	assert_eq!(props["ss58Format"], civitas_runtime::SS58_PREFIX);
	let chain: String = client.request("system_chain", rpc_params![]).await.expect("chain");
	assert_eq!(chain, "Civitas Development");

	wait_for_blocks(&client, 1, 0, 60).await;
	let metrics = http_get(node.prometheus_port, "/metrics");
	assert!(
		metrics.contains("substrate_block_height"),
		"Prometheus metrics lack substrate_block_height"
	);
	drop(client);
	assert!(node.stop().success());
}

/// A minimal HTTP GET on loopback (enough for the Prometheus text endpoint).
fn http_get(port: u16, path: &str) -> String {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("metrics port open");
	stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout can be set");
	write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("request sent");
	let mut body = String::new();
	stream.read_to_string(&mut body).expect("response read");
	body
}

/// A city's budget year on the dev chain, driven only through JSON-RPC:
/// Devtown's admin (Alice) opens the ledger and adopts a budget, a Treasurer
/// (Bob) records a receipt, the Works officer (Ferdie) proposes a payment to
/// a contractor (Dave), both Treasurers (Bob, Charlie) approve, Dave redeems.
/// The `cityTreasury_budgetReport` answer then matches what an auditor adds
/// up from the events.
#[tokio::test(flavor = "multi_thread")]
async fn a_city_budget_year_through_json_rpc() {
	use pallet_city_treasury::{
		BudgetLineId, Event as TreasuryEvent, LedgerSettings, PayeeKind, PayerReference,
		RevenueCategory, SpendingCategory,
	};
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave, Ferdie};
	type TreasuryCall = pallet_city_treasury::Call<Runtime>;

	const DEVTOWN: u32 = 0;
	const FY: u32 = 2027;
	let works =
		BudgetLineId { period: FY, department: 0, category: SpendingCategory::CapitalWorks };
	fn text<S: sp_core::Get<u32>>(t: &str) -> sp_runtime::BoundedVec<u8, S> {
		sp_runtime::BoundedVec::truncate_from(t.as_bytes().to_vec())
	}
	let treasury_event = |e: &RuntimeEvent| match e {
		RuntimeEvent::CityTreasury(e) => Some(e.clone()),
		_ => None,
	};

	let dir = TempDir::new("treasury");
	let mut node = DevNode::start(&dir.0.join("base"));
	let client = node.client().await;
	wait_for_blocks(&client, 1, 0, 60).await;
	let start = best_number(&client).await;

	// Alice, Devtown's admin, sets the city up in one batch.
	let setup = vec![
		RuntimeCall::CityTreasury(TreasuryCall::open_ledger {
			city: DEVTOWN,
			settings: LedgerSettings {
				decimals: 2,
				approval_threshold: 2,
				time_lock_above: 10_000_000,
				time_lock: 10,
				proposal_lifetime: 600,
			},
		}),
		RuntimeCall::CityTreasury(TreasuryCall::add_department {
			city: DEVTOWN,
			name: text("Works"),
			account: Sr25519Keyring::Two.to_account_id(),
			officers: vec![Ferdie.to_account_id()].try_into().expect("one officer"),
		}),
		RuntimeCall::CityTreasury(TreasuryCall::register_payee {
			city: DEVTOWN,
			payee: Dave.to_account_id(),
			kind: PayeeKind::Contractor,
		}),
		RuntimeCall::CityTreasury(TreasuryCall::adopt_budget {
			city: DEVTOWN,
			period: FY,
			lines: vec![(0, SpendingCategory::CapitalWorks, 3_000_000)]
				.try_into()
				.expect("one line"),
			document: H256::repeat_byte(1),
		}),
	];
	submit(&client, Alice, RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: setup }))
		.await;
	let (adopted, _) = wait_for_event(&client, start, "BudgetAdopted", |e| {
		matches!(e, RuntimeEvent::CityTreasury(TreasuryEvent::BudgetAdopted { .. }))
	})
	.await;

	// A receipt and a proposal, from two different signers.
	submit(
		&client,
		Bob,
		RuntimeCall::CityTreasury(TreasuryCall::record_receipt {
			city: DEVTOWN,
			period: FY,
			category: RevenueCategory::PropertyTax,
			amount: 5_000_000,
			payer: PayerReference::Company(text("EE10137025")),
			document: H256::repeat_byte(2),
		}),
	)
	.await;
	submit(
		&client,
		Ferdie,
		RuntimeCall::CityTreasury(TreasuryCall::propose_payment {
			city: DEVTOWN,
			line: works,
			payee: Dave.to_account_id(),
			amount: 1_200_000,
			purpose: text("resurfacing of Main Street"),
			invoice: H256::repeat_byte(3),
		}),
	)
	.await;
	wait_for_event(&client, adopted, "ReceiptRecorded", |e| {
		matches!(e, RuntimeEvent::CityTreasury(TreasuryEvent::ReceiptRecorded { .. }))
	})
	.await;
	let (proposed, _) = wait_for_event(&client, adopted, "PaymentProposed", |e| {
		matches!(e, RuntimeEvent::CityTreasury(TreasuryEvent::PaymentProposed { .. }))
	})
	.await;

	// Two Treasurers approve; the second approval pays.
	for treasurer in [Bob, Charlie] {
		let call = TreasuryCall::approve_payment { city: DEVTOWN, proposal: 0 };
		submit(&client, treasurer, RuntimeCall::CityTreasury(call)).await;
	}
	let (paid, _) = wait_for_event(&client, proposed, "PaymentExecuted", |e| {
		matches!(e, RuntimeEvent::CityTreasury(TreasuryEvent::PaymentExecuted { .. }))
	})
	.await;

	// Dave redeems what he was paid.
	let call =
		TreasuryCall::redeem { city: DEVTOWN, amount: 1_200_000, payout_reference: text("SEPA 7") };
	submit(&client, Dave, RuntimeCall::CityTreasury(call)).await;
	let (end, end_hash) = wait_for_event(&client, paid, "Redeemed", |e| {
		matches!(e, RuntimeEvent::CityTreasury(TreasuryEvent::Redeemed { .. }))
	})
	.await;

	// The auditor's sums, from the events of every block since the start.
	let (mut appropriated, mut committed, mut spent) = (0u128, 0u128, 0u128);
	let (mut received, mut minted, mut burned, mut receipts) = (0u128, 0u128, 0u128, 0u64);
	for n in start..=end {
		let hash = block_hash(&client, n).await.expect("block on the best chain");
		for event in events_at(&client, &hash).await.iter().filter_map(|r| treasury_event(&r.event))
		{
			match event {
				TreasuryEvent::BudgetAdopted { lines, .. } => {
					appropriated += lines.iter().map(|l| l.2).sum::<u128>()
				}
				TreasuryEvent::ReceiptRecorded { amount, .. } => {
					received += amount;
					minted += amount;
					receipts += 1;
				}
				TreasuryEvent::PaymentProposed { amount, .. } => committed += amount,
				TreasuryEvent::PaymentExecuted { amount, .. } => {
					committed -= amount;
					spent += amount;
				}
				TreasuryEvent::Redeemed { amount, .. } => burned += amount,
				_ => {}
			}
		}
	}
	assert_eq!((appropriated, committed, spent), (3_000_000, 0, 1_200_000));

	let report: Value = client
		.request("cityTreasury_budgetReport", rpc_params![DEVTOWN, FY, &end_hash])
		.await
		.expect("the report method answers");
	let works_report = &report["departments"][0];
	assert_eq!(works_report["name"], serde_json::json!(b"Works".to_vec()));
	let line = &works_report["lines"][0];
	assert_eq!(line["category"], "CapitalWorks");
	assert_eq!(line["appropriated"].as_u64(), Some(appropriated as u64), "report: {report}");
	assert_eq!(line["committed"].as_u64(), Some(committed as u64), "report: {report}");
	assert_eq!(line["spent"].as_u64(), Some(spent as u64), "report: {report}");
	assert_eq!(report["revenue"][0]["category"], "PropertyTax");
	assert_eq!(report["revenue"][0]["amount"].as_u64(), Some(received as u64));
	assert_eq!(report["revenue"][0]["receipts"].as_u64(), Some(receipts));
	assert_eq!(report["supply"]["minted"].as_u64(), Some(minted as u64));
	assert_eq!(report["supply"]["burned"].as_u64(), Some(burned as u64));
	assert_eq!(report["treasuryBalance"].as_u64(), Some((minted - spent) as u64));
	assert_eq!(report["pending"], serde_json::json!([]));

	// The line's history tells the same story, step by step.
	let history: Value = client
		.request(
			"cityTreasury_lineHistory",
			rpc_params![
				DEVTOWN,
				serde_json::json!({"period": FY, "department": 0, "category": "CapitalWorks"}),
				&end_hash
			],
		)
		.await
		.expect("the history method answers");
	let changes: Vec<String> = history
		.as_array()
		.expect("a list of entries")
		.iter()
		.map(|e| e["change"].to_string())
		.collect();
	assert_eq!(
		changes,
		vec![
			r#""Adopted""#,
			r#"{"PaymentProposed":{"proposal":0}}"#,
			r#"{"PaymentExecuted":{"proposal":0}}"#
		],
		"history: {history}"
	);
	assert_eq!(history[2]["spent"].as_u64(), Some(1_200_000));

	// A city without a ledger has no report; bad parameters are refused.
	let none: Value = client
		.request("cityTreasury_budgetReport", rpc_params![7, FY])
		.await
		.expect("the report method answers");
	assert_eq!(none, Value::Null);
	let bad: Result<Value, _> = client
		.request(
			"cityTreasury_lineHistory",
			rpc_params![DEVTOWN, serde_json::json!({"period": FY})],
		)
		.await;
	assert!(bad.is_err(), "a line without department and category is refused");

	drop(client);
	assert!(node.stop().success());
}
