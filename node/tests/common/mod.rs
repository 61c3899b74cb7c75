//! Helpers for the end-to-end tests: start the built `civitas-node` as a child
//! process on free ports, talk to it over JSON-RPC, stop it.

#![allow(dead_code)]

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Stdio},
	time::{Duration, Instant},
};

use civitas_runtime::{
	AccountId, Balance, BalancesCall, Nonce, Runtime, RuntimeCall, RuntimeEvent,
};
use codec::{Decode, Encode};
use jsonrpsee::{core::client::ClientT, rpc_params};
use jsonrpsee_ws_client::{WsClient, WsClientBuilder};
use serde_json::Value;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::MultiAddress;

/// The node binary cargo built for these tests (same profile, same target dir).
pub const NODE: &str = env!("CARGO_BIN_EXE_civitas-node");

/// The repository root.
pub fn repo_root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Ports this test process has already handed out. The OS may give a port
/// back to `bind(0)` as soon as its listener closes, so without this two nodes
/// started side by side (or one node's RPC and Prometheus) can get the same one.
static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());

/// A port nobody listens on right now and that this process has not handed out.
pub fn free_port() -> u16 {
	free_ports::<1>()[0]
}

/// `N` distinct ports nobody listens on right now, none handed out before by
/// this process. The listeners stay open until all `N` are chosen.
pub fn free_ports<const N: usize>() -> [u16; N] {
	let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	let mut held = Vec::new();
	let mut ports = [0u16; N];
	for slot in ports.iter_mut() {
		loop {
			let listener = TcpListener::bind("127.0.0.1:0").expect("the OS gives a free port");
			let port = listener.local_addr().expect("a bound socket has an address").port();
			held.push(listener);
			if !handed_out.contains(&port) {
				handed_out.push(port);
				*slot = port;
				break;
			}
		}
	}
	ports
}

/// A fresh, empty directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
	pub fn new(tag: &str) -> Self {
		let nanos = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos())
			.unwrap_or_default();
		let dir =
			std::env::temp_dir().join(format!("civitas-e2e-{tag}-{}-{nanos}", std::process::id()));
		std::fs::create_dir_all(&dir).expect("temp dir can be created");
		TempDir(dir)
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

/// A running `civitas-node --dev`.
pub struct DevNode {
	child: Child,
	pub rpc_port: u16,
	pub prometheus_port: u16,
	pub log: PathBuf,
}

impl DevNode {
	/// Starts a dev node on `base_path` with free RPC, p2p and Prometheus ports.
	pub fn start(base_path: &Path) -> Self {
		Self::start_with(base_path, &[])
	}

	/// Starts a dev node as [`DevNode::start`] does, with `extra` arguments
	/// (`--chain FILE` runs that chain with the dev node's keys and authoring).
	pub fn start_with(base_path: &Path, extra: &[&str]) -> Self {
		let [rpc_port, p2p_port, prometheus_port] = free_ports::<3>();
		let log = base_path.with_extension(format!("{rpc_port}.log"));
		let log_file = std::fs::File::create(&log).expect("log file can be created");
		let child = Command::new(NODE)
			.args(["--dev", "--no-telemetry", "--no-mdns", "--base-path"])
			.arg(base_path)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(extra)
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("civitas-node starts");
		DevNode { child, rpc_port, prometheus_port, log }
	}

	pub fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Connects to the node's RPC, waiting up to 60 s for it to listen.
	pub async fn client(&mut self) -> WsClient {
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Ok(Some(status)) = self.child.try_wait() {
				panic!("node exited early with {status}; log:\n{}", self.log_tail());
			}
			match WsClientBuilder::default().build(self.url()).await {
				Ok(client) => return client,
				Err(e) if Instant::now() > deadline => {
					panic!("no RPC on {} after 60 s: {e}; log:\n{}", self.url(), self.log_tail())
				}
				Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
			}
		}
	}

	/// Sends SIGTERM and waits for the process to exit (at most 60 s).
	pub fn stop(mut self) -> ExitStatus {
		let pid = self.child.id().to_string();
		let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
		assert!(sent.success(), "SIGTERM could not be sent to the node");
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = self.child.try_wait().expect("wait on the node") {
				return status;
			}
			assert!(Instant::now() < deadline, "node did not exit within 60 s of SIGTERM");
			std::thread::sleep(Duration::from_millis(100));
		}
	}

	/// Kills the node with SIGKILL, as a power cut or the OOM killer would:
	/// no shutdown code runs.
	pub fn kill(mut self) {
		self.child.kill().expect("SIGKILL can be sent to the node");
		self.child.wait().expect("the killed node is reaped");
	}

	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Parses a `0x`-prefixed hex string into bytes.
pub fn from_hex(s: &str) -> Vec<u8> {
	sp_core::bytes::from_hex(s).unwrap_or_else(|e| panic!("`{s}` is not hex: {e:?}"))
}

/// Encodes bytes as a `0x`-prefixed hex string.
pub fn to_hex(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

/// Parses a JSON-RPC block number (a hex string or a number).
pub fn block_number(v: &Value) -> u64 {
	match v {
		Value::String(s) => u64::from_str_radix(s.trim_start_matches("0x"), 16)
			.unwrap_or_else(|_| panic!("bad block number {s}")),
		Value::Number(n) => n.as_u64().expect("block number fits u64"),
		other => panic!("bad block number {other}"),
	}
}

/// The number of a header returned by `chain_getHeader`.
pub async fn header_number(client: &WsClient, hash: Option<&str>) -> u64 {
	let header: Value = match hash {
		Some(h) => client.request("chain_getHeader", rpc_params![h]).await,
		None => client.request("chain_getHeader", rpc_params![]).await,
	}
	.expect("chain_getHeader answers");
	block_number(&header["number"])
}

/// Best block number.
pub async fn best_number(client: &WsClient) -> u64 {
	header_number(client, None).await
}

/// Finalised block number.
pub async fn finalized_number(client: &WsClient) -> u64 {
	let hash: String =
		client.request("chain_getFinalizedHead", rpc_params![]).await.expect("finalised head");
	header_number(client, Some(&hash)).await
}

/// Hash of block `n` of the best chain, if the node has it.
pub async fn block_hash(client: &WsClient, n: u64) -> Option<String> {
	client.request("chain_getBlockHash", rpc_params![n]).await.expect("chain_getBlockHash")
}

/// Waits until best >= `best` and finalised >= `finalized`, or fails after `secs`.
pub async fn wait_for_blocks(client: &WsClient, best: u64, finalized: u64, secs: u64) {
	let deadline = Instant::now() + Duration::from_secs(secs);
	loop {
		let (b, f) = (best_number(client).await, finalized_number(client).await);
		if b >= best && f >= finalized {
			return;
		}
		assert!(
			Instant::now() < deadline,
			"after {secs} s best is {b} (want {best}) and finalised {f} (want {finalized})"
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Reads and decodes a storage value at a block (best block when `None`).
pub async fn storage<T: Decode>(client: &WsClient, key: &[u8], at: Option<&str>) -> Option<T> {
	let value: Option<String> = match at {
		Some(h) => client.request("state_getStorage", rpc_params![to_hex(key), h]).await,
		None => client.request("state_getStorage", rpc_params![to_hex(key)]).await,
	}
	.expect("state_getStorage answers");
	value.map(|v| T::decode(&mut &from_hex(&v)[..]).expect("storage decodes"))
}

// ---- Signed extrinsics and events, decoded with the runtime's own types ----

pub type AccountInfo = frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>;
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, H256>;

/// The on-chain account record of `who` at block `at` (best when `None`).
pub async fn account(client: &WsClient, who: &AccountId, at: Option<&str>) -> Option<AccountInfo> {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	storage(client, &key, at).await
}

/// Builds an extrinsic of `call` signed by `signer` with its next nonce,
/// exactly as a wallet would: immortal era, the chain's genesis hash and
/// runtime version.
pub async fn signed_extrinsic(
	client: &WsClient,
	signer: Sr25519Keyring,
	call: RuntimeCall,
) -> Vec<u8> {
	let genesis: String =
		client.request("chain_getBlockHash", rpc_params![0]).await.expect("genesis hash");
	let genesis = H256::from_slice(&from_hex(&genesis));
	let version: Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await.expect("runtime version");
	let spec_version = version["specVersion"].as_u64().expect("specVersion") as u32;
	let tx_version = version["transactionVersion"].as_u64().expect("transactionVersion") as u32;
	let nonce = account(client, &signer.to_account_id(), None).await.map_or(0, |a| a.nonce);

	civitas_runtime::signed_extrinsic(
		call,
		&signer.pair(),
		nonce,
		genesis,
		(spec_version, tx_version),
	)
	.encode()
}

/// Builds a signed `transfer_keep_alive` from `signer`.
pub async fn signed_transfer(
	client: &WsClient,
	signer: Sr25519Keyring,
	dest: AccountId,
	value: Balance,
) -> Vec<u8> {
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: MultiAddress::Id(dest),
		value,
	});
	signed_extrinsic(client, signer, call).await
}

/// The events of block `hash`.
pub async fn events_at(client: &WsClient, hash: &str) -> Vec<EventRecord> {
	// `System::Events` is not public API of frame-system; its key is the usual
	// twox128(pallet) ++ twox128(item).
	let events_key =
		[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
	storage(client, &events_key, Some(hash)).await.unwrap_or_default()
}

/// Waits from block `since` on for a block with an event that `found`
/// accepts, and returns that block's number and hash.
pub async fn wait_for_event(
	client: &WsClient,
	since: u64,
	what: &str,
	found: impl Fn(&RuntimeEvent) -> bool,
) -> (u64, String) {
	let deadline = Instant::now() + Duration::from_secs(90);
	let mut next = since;
	loop {
		let best = best_number(client).await;
		while next <= best {
			let hash = block_hash(client, next).await.expect("best chain has this block");
			let events = events_at(client, &hash).await;
			for record in &events {
				if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}) = &record.event
				{
					panic!("an extrinsic failed in block {next} while waiting for {what}: {dispatch_error:?}");
				}
			}
			if events.iter().any(|r| found(&r.event)) {
				return (next, hash);
			}
			next += 1;
		}
		assert!(Instant::now() < deadline, "no {what} event within 90 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Submits `call` signed by `signer` to the pool.
pub async fn submit(client: &WsClient, signer: Sr25519Keyring, call: RuntimeCall) {
	let xt = signed_extrinsic(client, signer, call).await;
	let _: String = client
		.request("author_submitExtrinsic", rpc_params![to_hex(&xt)])
		.await
		.expect("the extrinsic is accepted into the pool");
}
