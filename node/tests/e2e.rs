//! End-to-end tests: the built `civitas-node` binary, started as a child
//! process on free ports with a temporary base path, driven over JSON-RPC.

mod common;

use std::time::{Duration, Instant};

use civitas_runtime::{
	AccountId, Balance, BalancesCall, Nonce, Runtime, RuntimeCall, RuntimeEvent, SignedPayload,
	TxExtension, UncheckedExtrinsic, CIV,
};
use codec::Encode;
use common::*;
use jsonrpsee::{core::client::ClientT, rpc_params};
use jsonrpsee_ws_client::WsClient;
use serde_json::Value;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiAddress, MultiSignature};

type AccountInfo = frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>;
type EventRecord = frame_system::EventRecord<RuntimeEvent, H256>;

/// The on-chain account record of `who` at block `at` (best when `None`).
async fn account(client: &WsClient, who: &AccountId, at: Option<&str>) -> Option<AccountInfo> {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	storage(client, &key, at).await
}

/// Builds a signed `transfer_keep_alive` from `signer`, exactly as a wallet
/// would: immortal era, the chain's genesis hash and runtime version.
async fn signed_transfer(
	client: &WsClient,
	signer: Sr25519Keyring,
	dest: AccountId,
	value: Balance,
) -> Vec<u8> {
	let genesis: String =
		client.request("chain_getBlockHash", rpc_params![0]).await.expect("genesis hash");
	let genesis = H256::from_slice(&from_hex(&genesis));
	let version: Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await.expect("runtime version");
	let spec_version = version["specVersion"].as_u64().expect("specVersion") as u32;
	let tx_version = version["transactionVersion"].as_u64().expect("transactionVersion") as u32;
	let nonce = account(client, &signer.to_account_id(), None).await.map_or(0, |a| a.nonce);

	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: MultiAddress::Id(dest),
		value,
	});
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
	);
	let implicit = ((), spec_version, tx_version, genesis, genesis, (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(signer.to_account_id()),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
	.encode()
}

/// Waits for a block whose events hold `Balances::Transfer { from, to, amount }`
/// and returns that block's hash.
async fn wait_for_transfer(
	client: &WsClient,
	from: &AccountId,
	to: &AccountId,
	amount: Balance,
	since: u64,
) -> String {
	// `System::Events` is not public API of frame-system; its key is the usual
	// twox128(pallet) ++ twox128(item).
	let events_key =
		[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
	let deadline = Instant::now() + Duration::from_secs(90);
	let mut next = since;
	loop {
		let best = best_number(client).await;
		while next <= best {
			let hash = block_hash(client, next).await.expect("best chain has this block");
			let events: Vec<EventRecord> =
				storage(client, &events_key, Some(&hash)).await.unwrap_or_default();
			let found = events.iter().any(|r| {
				matches!(
					&r.event,
					RuntimeEvent::Balances(pallet_balances::Event::Transfer { from: f, to: t, amount: a })
						if f == from && t == to && *a == amount
				)
			});
			if found {
				return hash;
			}
			next += 1;
		}
		assert!(Instant::now() < deadline, "no Transfer event within 90 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
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
