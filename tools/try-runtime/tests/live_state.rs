//! try-runtime on the state of running nodes: `on-runtime-upgrade` (every
//! migration between its pre- and post-upgrade checks, then every pallet's
//! `try_state`) and `execute-block` (a live block executed again, its state
//! root and signatures checked, then every `try_state`).
//!
//! Each test starts `civitas-node` (the binary `CIVITAS_NODE` names; the test
//! command builds it first), waits for blocks, downloads the state over RPC
//! and runs this runtime natively on it.

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use civitas_runtime::{Block, Executive, Header, Runtime, UncheckedExtrinsic, VERSION};
use codec::Decode;
use frame_remote_externalities::{Builder, Mode, OnlineConfig, RemoteExternalities};
use frame_support::{
	migrations::MultiStepMigrator,
	traits::{
		GetStorageVersion, OnRuntimeUpgrade, StorageVersion, TryDecodeEntireStorage, TryState,
		TryStateSelect, UpgradeCheckSelect,
	},
};
use jsonrpsee::{core::client::ClientT, rpc_params};
use jsonrpsee_ws_client::{WsClient, WsClientBuilder};
use sp_core::H256;
use sp_runtime::traits::{Block as BlockT, Header as _};

/// The repository root.
fn repo_root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The node binary: `CIVITAS_NODE`, which `scripts/env.sh` sets.
fn node_binary() -> PathBuf {
	let path = std::env::var_os("CIVITAS_NODE").map(PathBuf::from).unwrap_or_else(|| {
		panic!(
			"CIVITAS_NODE is not set: point it at a built civitas-node (source scripts/env.sh \
			 and run scripts/test.sh, which builds the node before these tests)"
		)
	});
	assert!(path.is_file(), "CIVITAS_NODE={} is not a file: build the node first", path.display());
	path
}

/// Ports handed out already: the tests start their nodes side by side, and
/// the OS may give a closed port back to the next `bind(0)`.
static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());

/// Three distinct ports nobody listens on right now, none handed out before.
fn free_ports() -> [u16; 3] {
	let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	let mut held = Vec::new();
	let mut ports = [0u16; 3];
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

/// A running node, stopped and its base path removed on drop.
struct Node {
	child: Child,
	url: String,
	dir: PathBuf,
}

impl Node {
	/// Starts `civitas-node` with `args`, on fresh ports and a fresh base path.
	fn start(tag: &str, args: &[&str]) -> Self {
		let [rpc, p2p, prometheus] = free_ports();
		let dir = std::env::temp_dir().join(format!("civitas-try-runtime-{tag}-{rpc}"));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).expect("temp dir can be created");
		let log = std::fs::File::create(dir.join("node.log")).expect("log file can be created");
		let child = Command::new(node_binary())
			.args(args)
			.args(["--no-telemetry", "--no-mdns", "--base-path"])
			.arg(dir.join("base"))
			.args(["--rpc-port", &rpc.to_string(), "--port", &p2p.to_string()])
			.args(["--prometheus-port", &prometheus.to_string()])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("civitas-node starts");
		Node { child, url: format!("ws://127.0.0.1:{rpc}"), dir }
	}

	fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(self.dir.join("node.log")).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(30)..].join("\n")
	}

	/// Connects over RPC, waiting up to 60 s for the node to listen.
	async fn client(&mut self) -> WsClient {
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Ok(Some(status)) = self.child.try_wait() {
				panic!("node exited early with {status}; log:\n{}", self.log_tail());
			}
			match WsClientBuilder::default().build(&self.url).await {
				Ok(client) => return client,
				Err(e) if Instant::now() > deadline => {
					panic!("no RPC on {} after 60 s: {e}; log:\n{}", self.url, self.log_tail())
				}
				Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
			}
		}
	}

	/// Waits (at most `secs`) for the best block to reach `number`; its hash.
	async fn best_at_least(&self, client: &WsClient, number: u32, secs: u64) -> H256 {
		let deadline = Instant::now() + Duration::from_secs(secs);
		loop {
			let header: Header =
				client.request("chain_getHeader", rpc_params![]).await.expect("chain_getHeader");
			if header.number >= number {
				return header.hash();
			}
			assert!(
				Instant::now() < deadline,
				"best block #{} after {secs} s, #{number} wanted; log:\n{}",
				header.number,
				self.log_tail()
			);
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
		let _ = std::fs::remove_dir_all(&self.dir);
	}
}

/// The whole state at block `at`, downloaded from `url`, its root checked
/// against the block's header.
async fn state_at(url: &str, at: H256) -> RemoteExternalities<Block> {
	Builder::<Block>::new()
		.mode(Mode::Online(OnlineConfig {
			transport_uris: vec![url.to_owned()],
			at: Some(at),
			..Default::default()
		}))
		.build()
		.await
		.expect("the node's state downloads and matches its state root")
}

/// The block `hash` as the node has it.
async fn block(client: &WsClient, hash: H256) -> Block {
	let signed: serde_json::Value =
		client.request("chain_getBlock", rpc_params![hash]).await.expect("chain_getBlock");
	let header: Header =
		serde_json::from_value(signed["block"]["header"].clone()).expect("a header");
	let extrinsics = signed["block"]["extrinsics"]
		.as_array()
		.expect("a list of extrinsics")
		.iter()
		.map(|hex| {
			let hex = hex.as_str().expect("hex").trim_start_matches("0x");
			let bytes = (0..hex.len())
				.step_by(2)
				.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
				.collect::<Vec<u8>>();
			UncheckedExtrinsic::decode(&mut &bytes[..]).expect("an extrinsic of this runtime")
		})
		.collect();
	Block::new(header, extrinsics)
}

/// Runs the multi-block migrations an upgrade started to their end, one step
/// per block as the chain would (each between its pre- and post-upgrade
/// checks: pallet-migrations runs them with try-runtime), then checks every
/// pallet's `try_state` and that the whole state decodes.
fn run_multi_block_migrations() {
	let mut steps = 0;
	while civitas_runtime::MultiBlockMigrations::ongoing() {
		civitas_runtime::MultiBlockMigrations::step();
		steps += 1;
		assert!(steps < 1_000, "the multi-block migrations do not end");
	}
	civitas_runtime::AllPalletsWithSystem::try_decode_entire_state()
		.unwrap_or_else(|e| panic!("the state does not decode after the migrations: {e:?}"));
	let now = frame_system::Pallet::<Runtime>::block_number();
	civitas_runtime::AllPalletsWithSystem::try_state(now, TryStateSelect::All)
		.unwrap_or_else(|e| panic!("try_state fails after the multi-block migrations: {e:?}"));
}

/// The previous release's dev chain (spec 109, the fixture the node's upgrade
/// test starts): every migration since runs on its live state between its
/// checks (the multi-block ones stepped to their end), and every pallet's
/// `try_state` holds afterwards.
#[tokio::test(flavor = "multi_thread")]
async fn the_migrations_pass_their_checks_on_the_previous_release_state() {
	let fixture = repo_root().join("node/tests/fixtures/dev-spec109-raw.json");
	let spec = fixture.to_str().expect("utf-8 path");
	let mut node = Node::start("spec109", &["--dev", "--chain", spec]);
	let client = node.client().await;
	let at = node.best_at_least(&client, 2, 120).await;
	let mut ext = state_at(&node.url, at).await;
	ext.execute_with(|| {
		let on_chain = frame_system::LastRuntimeUpgrade::<Runtime>::get().expect("recorded");
		assert_eq!(on_chain.spec_version.0, 109, "the fixture runs spec 109");
		assert!(on_chain.spec_version.0 < VERSION.spec_version);
		assert_eq!(civitas_runtime::Cities::on_chain_storage_version(), StorageVersion::new(1));
		// The single-block migrations, between their pre- and post-upgrade
		// checks. Then the rest of the upgrade's block without the checks
		// that want every pallet at its code's version: the register gets
		// there only once its migrations have been stepped, after the block.
		civitas_runtime::Migrations::try_on_runtime_upgrade(true)
			.unwrap_or_else(|e| panic!("the single-block migrations' checks failed: {e:?}"));
		assert_eq!(civitas_runtime::Cities::on_chain_storage_version(), StorageVersion::new(2));
		Executive::try_runtime_upgrade(UpgradeCheckSelect::None)
			.unwrap_or_else(|e| panic!("on-runtime-upgrade failed: {e:?}"));
		assert_eq!(civitas_runtime::Registry::on_chain_storage_version(), StorageVersion::new(1));
		assert!(civitas_runtime::MultiBlockMigrations::ongoing(), "the register's are started");
		run_multi_block_migrations();
		assert_eq!(civitas_runtime::Registry::on_chain_storage_version(), StorageVersion::new(3));
		assert_eq!(
			civitas_runtime::Registry::on_chain_storage_version(),
			civitas_runtime::Registry::in_code_storage_version()
		);
		// The historical sessions start at the next session: it plans the
		// set again and stores the root of the session after.
		assert!(pallet_cities::ValidatorSetChanged::<Runtime>::get());
		let next = civitas_runtime::Session::current_index() + 1;
		civitas_runtime::Session::rotate_session();
		assert!(pallet_session::historical::HistoricalSessions::<Runtime>::contains_key(next + 1));
		// Pallets new since spec 109 start at their code's version.
		assert_eq!(
			civitas_runtime::Offences::on_chain_storage_version(),
			civitas_runtime::Offences::in_code_storage_version()
		);
	});
}

/// A `local` chain, as its first validator runs it: the runtime upgrade
/// checks and every `try_state` hold on its state, and a block it authored
/// executes again on its parent's state to the same state root.
#[tokio::test(flavor = "multi_thread")]
async fn a_live_local_block_executes_again_with_every_check() {
	let mut node = Node::start(
		"local",
		&[
			"--chain",
			"local",
			"--alice",
			"--validator",
			// Alone, with no peer, a validator authors only when forced.
			"--force-authoring",
			"--unsafe-force-node-key-generation",
		],
	);
	let client = node.client().await;
	// Alice authors one slot in four: two of her blocks take up to a minute.
	let best = node.best_at_least(&client, 2, 180).await;
	let live = block(&client, best).await;
	let parent = *live.header().parent_hash();

	let mut ext = state_at(&node.url, best).await;
	ext.execute_with(|| {
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.unwrap_or_else(|e| panic!("on-runtime-upgrade checks failed: {e:?}"));
		// A chain started at the register's current version: its migrations
		// pass it untouched.
		run_multi_block_migrations();
		assert_eq!(civitas_runtime::Registry::on_chain_storage_version(), StorageVersion::new(3));
	});

	let mut ext = state_at(&node.url, parent).await;
	ext.execute_with(|| {
		Executive::try_execute_block(live.into(), true, true, TryStateSelect::All)
			.unwrap_or_else(|e| panic!("execute-block checks failed: {e:?}"));
	});
}

/// A check that cannot fail proves nothing: the dev chain's block passes
/// execute-block, and the same block with its state root altered is refused
/// for that root.
#[tokio::test(flavor = "multi_thread")]
async fn an_altered_block_fails_the_execute_block_check() {
	let mut node = Node::start("altered", &["--dev"]);
	let client = node.client().await;
	let best = node.best_at_least(&client, 2, 120).await;
	let live = block(&client, best).await;
	let parent = *live.header().parent_hash();

	let mut ext = state_at(&node.url, parent).await;
	ext.execute_with(|| {
		Executive::try_execute_block(live.clone().into(), true, true, TryStateSelect::All)
			.unwrap_or_else(|e| panic!("the unaltered block failed execute-block: {e:?}"));
	});

	let mut altered = live;
	altered.header.state_root = H256::repeat_byte(0xab);
	let mut ext = state_at(&node.url, parent).await;
	let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
		ext.execute_with(|| {
			Executive::try_execute_block(altered.into(), true, true, TryStateSelect::All)
		})
	}));
	let message = match outcome {
		Ok(Ok(_)) => panic!("a block with a wrong state root passed execute-block"),
		Ok(Err(e)) => format!("{e:?}"),
		Err(panic) => panic
			.downcast_ref::<String>()
			.cloned()
			.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
			.unwrap_or_default(),
	};
	assert!(message.contains("Storage root must match"), "refused for another reason: {message}");
}
