//! Hardening, end to end, on the built `civitas-node`:
//! - a runtime upgrade from the previous release through the council, with
//!   its storage migration, on a running chain that keeps finalising;
//! - bad input at the RPC (undecodable, oversized, badly signed, stale,
//!   unfunded extrinsics, and a request above the RPC size limit): each
//!   refused with an error, and the node goes on producing blocks;
//! - hard kills (SIGKILL) while blocks are produced: after each restart on
//!   the same base path every finalised block is still there.

mod common;

use std::{
	io::{Read, Write},
	time::Duration,
};

use civitas_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, CIV, VERSION};
use codec::Encode;
use common::*;
use frame_support::dispatch::DispatchClass;
use jsonrpsee::{core::client::ClientT, rpc_params};
use jsonrpsee_ws_client::{WsClient, WsClientBuilder};
use serde_json::Value;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{generic::Preamble, MultiAddress, MultiSignature};

/// The dev chain of the release before this one (spec 109, before the
/// register's storage version 2), as `build-spec --chain dev --raw` wrote it.
const PREVIOUS_RELEASE: &str = "node/tests/fixtures/dev-spec109-raw.json";

/// Devtown, the dev chain's city.
const DEVTOWN: u32 = 0;

async fn spec_version(client: &WsClient) -> u32 {
	let version: Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await.expect("runtime version");
	version["specVersion"].as_u64().expect("specVersion") as u32
}

/// The (spec, transaction) versions of the runtime the node runs now, which
/// a signature commits to: the fixture's until the upgrade.
async fn versions(client: &WsClient) -> (u32, u32) {
	let version: Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await.expect("runtime version");
	let field = |name: &str| version[name].as_u64().expect("a version number") as u32;
	(field("specVersion"), field("transactionVersion"))
}

/// Submits `call` from `signer` and waits for the block with the event
/// `found` accepts; fails on any failed extrinsic on the way.
async fn submit_and_wait(
	client: &WsClient,
	signer: Sr25519Keyring,
	call: RuntimeCall,
	what: &str,
	found: impl Fn(&RuntimeEvent) -> bool,
) -> u64 {
	let since = best_number(client).await;
	submit(client, signer, call).await;
	wait_for_event(client, since, what, found).await.0
}

fn id_of(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

/// The storage key of a pallet's on-chain storage version.
fn storage_version_key(pallet: &str) -> Vec<u8> {
	[
		sp_io::hashing::twox_128(pallet.as_bytes()),
		sp_io::hashing::twox_128(b":__STORAGE_VERSION__:"),
	]
	.concat()
}

/// The previous release's dev chain is upgraded to this runtime by the
/// federation council, as a real chain would be: a council motion authorises
/// the code hash, anyone then submits the code. The title registered and
/// sold before the upgrade comes out of the register's migration with its
/// provenance length, and the chain keeps finalising on the new code.
#[tokio::test(flavor = "multi_thread")]
async fn a_council_upgrade_from_the_previous_release_migrates_and_keeps_finalising() {
	use pallet_asset_registry::{
		AssetClass, DevelopmentRight, LandUse, Particulars, RightKind, Titles,
	};
	let dir = TempDir::new("upgrade");
	let spec = repo_root().join(PREVIOUS_RELEASE);
	let spec = spec.to_str().expect("the repository path is UTF-8");
	let mut node = DevNode::start_with(&dir.0.join("base"), &["--chain", spec]);
	let client = node.client().await;
	wait_for_blocks(&client, 1, 0, 120).await;
	let previous = spec_version(&client).await;
	assert_eq!(previous, 109, "the fixture is the spec 109 release");
	assert!(previous < VERSION.spec_version, "this runtime is not newer than the fixture");
	let registry_version = storage_version_key("Registry");
	assert_eq!(storage::<u16>(&client, &registry_version, None).await, Some(1));

	// On the old release: Charlie becomes Devtown's Registrar, registers a
	// parcel to Dave, and records its sale to Eve.
	let appoint = RuntimeCall::Cities(pallet_cities::Call::appoint {
		city: DEVTOWN,
		role: civitas_primitives::CityRole::Registrar,
		who: MultiAddress::Id(id_of(Charlie)),
	});
	submit_and_wait(&client, Alice, appoint, "OfficialAppointed", |e| {
		matches!(e, RuntimeEvent::Cities(pallet_cities::Event::OfficialAppointed { .. }))
	})
	.await;
	let particulars = Particulars {
		cadastral_reference: b"DT-UPGRADE-1".to_vec().try_into().expect("short reference"),
		document: H256::repeat_byte(9),
		area: 450,
		land_use: LandUse::Residential,
		assessed_value: 80_000,
		rights: vec![DevelopmentRight { kind: RightKind::MaxStoreys, amount: 3 }]
			.try_into()
			.expect("one right"),
	};
	let register = RuntimeCall::Registry(pallet_asset_registry::Call::register_title {
		city: DEVTOWN,
		class: AssetClass::Land,
		owner: id_of(Dave),
		particulars,
		evidence: H256::repeat_byte(1),
	});
	let next_title = pallet_asset_registry::NextTitleId::<Runtime>::hashed_key();
	let title = storage::<u32>(&client, &next_title, None).await.unwrap_or_default();
	submit_and_wait(&client, Charlie, register, "TitleRegistered", |e| {
		matches!(e, RuntimeEvent::Registry(pallet_asset_registry::Event::TitleRegistered {
			title: id, ..
		}) if *id == title)
	})
	.await;
	let offer = RuntimeCall::Registry(pallet_asset_registry::Call::offer_transfer {
		title,
		buyer: id_of(Eve),
		deed: H256::repeat_byte(2),
	});
	submit_and_wait(&client, Dave, offer, "TransferOffered", |e| {
		matches!(e, RuntimeEvent::Registry(pallet_asset_registry::Event::TransferOffered { .. }))
	})
	.await;
	let accept = RuntimeCall::Registry(pallet_asset_registry::Call::accept_transfer { title });
	submit_and_wait(&client, Eve, accept, "TransferAccepted", |e| {
		matches!(e, RuntimeEvent::Registry(pallet_asset_registry::Event::TransferAccepted { .. }))
	})
	.await;
	let record = RuntimeCall::Registry(pallet_asset_registry::Call::record_transfer { title });
	submit_and_wait(&client, Charlie, record, "TitleTransferred", |e| {
		matches!(e, RuntimeEvent::Registry(pallet_asset_registry::Event::TitleTransferred { .. }))
	})
	.await;

	// The council (Devtown's admin, Alice, its only member) authorises the
	// new code by a motion; Bob, anyone, submits it.
	let code = civitas_runtime::WASM_BINARY.expect("the runtime was built with its wasm");
	let code_hash = H256(sp_io::hashing::blake2_256(code));
	let authorize = RuntimeCall::Cities(pallet_cities::Call::authorize_upgrade { code_hash });
	let motion = RuntimeCall::Council(pallet_collective::Call::propose {
		threshold: 1,
		length_bound: authorize.encoded_size() as u32,
		proposal: Box::new(authorize),
	});
	submit_and_wait(&client, Alice, motion, "UpgradeAuthorized", |e| {
		matches!(e, RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
			code_hash: h, check_version: true
		}) if *h == code_hash)
	})
	.await;
	let apply =
		RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code: code.to_vec() });
	let upgraded = submit_and_wait(&client, Bob, apply, "CodeUpdated", |e| {
		matches!(e, RuntimeEvent::System(frame_system::Event::CodeUpdated { .. }))
	})
	.await;

	// The next block runs the new code, and its migrations first: the
	// single-block ones, then pallet-migrations' first steps, in which both
	// of the register's migrations end (version 1 to 2, then 2 to 3), its one
	// title fitting in a step. pallet-migrations then has no cursor, and
	// records both as done.
	wait_for_blocks(&client, upgraded + 1, 0, 60).await;
	assert_eq!(spec_version(&client).await, VERSION.spec_version);
	assert_eq!(storage::<u16>(&client, &registry_version, None).await, Some(3));
	let mbm = b"MultiBlockMigrations";
	assert!(keys_under(&client, mbm, b"Cursor").await.is_empty(), "still migrating");
	assert_eq!(keys_under(&client, mbm, b"Historic").await.len(), 2);
	// The federation's migration counted Devtown, its one member, and set
	// the notice period and upgrade delay of an upgraded chain: a day.
	assert_eq!(storage::<u16>(&client, &storage_version_key("Cities"), None).await, Some(2));
	let members = pallet_cities::MemberCount::<Runtime>::hashed_key();
	assert_eq!(storage::<u32>(&client, &members, None).await, Some(1));
	let periods: Option<pallet_cities::FederationPeriods<u32>> =
		storage(&client, &pallet_cities::Periods::<Runtime>::hashed_key(), None).await;
	assert_eq!(periods.map(|p| p.notice), Some(civitas_runtime::DAYS));
	let record: pallet_asset_registry::TitleOf<Runtime> =
		storage(&client, &Titles::<Runtime>::hashed_key_for(title), None)
			.await
			.expect("the title survived the upgrade");
	assert_eq!(record.owner, id_of(Eve));
	assert_eq!(record.provenance_length, 2, "Dave, then Eve");
	// The maps they removed are gone: the provenance lengths (version 1) and
	// the owner index (version 2), which held Eve's title before.
	for old in [&b"ProvenanceLength"[..], &b"TitlesByOwner"[..]] {
		let keys = keys_under(&client, b"Registry", old).await;
		assert!(keys.is_empty(), "{} is still there: {keys:?}", String::from_utf8_lossy(old));
	}

	// And the chain goes on: blocks on the new code are produced and
	// finalised past the upgrade.
	wait_for_blocks(&client, upgraded + 3, upgraded + 2, 120).await;
	drop(client);
	assert!(node.stop().success(), "the upgraded node exits cleanly");
}

/// The first ten storage keys of `pallet`'s storage item `item`.
async fn keys_under(client: &WsClient, pallet: &[u8], item: &[u8]) -> Vec<String> {
	let prefix = [sp_io::hashing::twox_128(pallet), sp_io::hashing::twox_128(item)].concat();
	client
		.request("state_getKeysPaged", rpc_params![to_hex(&prefix), 10])
		.await
		.expect("state_getKeysPaged answers")
}

/// The JSON-RPC error of a refused `author_submitExtrinsic`: (code, message,
/// data).
async fn refused(client: &WsClient, xt: &str) -> (i32, String, String) {
	let result: Result<String, _> = client.request("author_submitExtrinsic", rpc_params![xt]).await;
	match result {
		Ok(hash) => panic!("the node accepted {}… as {hash}", &xt[..xt.len().min(40)]),
		Err(jsonrpsee::core::ClientError::Call(e)) => (
			e.code(),
			e.message().to_string(),
			e.data().map(|d| d.get().to_string()).unwrap_or_default(),
		),
		Err(other) => panic!("not a JSON-RPC error: {other}"),
	}
}

/// Signs `call` from `signer` with `nonce`, for this chain.
async fn signed_with_nonce(
	client: &WsClient,
	signer: &sr25519::Pair,
	nonce: u32,
	call: RuntimeCall,
) -> civitas_runtime::UncheckedExtrinsic {
	let genesis: String = client.request("chain_getBlockHash", rpc_params![0]).await.expect("hash");
	civitas_runtime::signed_extrinsic(
		call,
		signer,
		nonce,
		H256::from_slice(&from_hex(&genesis)),
		versions(client).await,
	)
}

fn transfer(to: AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: MultiAddress::Id(to),
		value,
	})
}

/// An HTTP POST to the RPC port announcing a body of `length` bytes; the
/// status line of the answer, read before the body is sent when the node
/// answers at once.
fn post_announcing(port: u16, length: usize) -> String {
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("RPC port open");
	stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout can be set");
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
		 Content-Length: {length}\r\n\r\n"
	)
	.expect("headers sent");
	// Send the body in chunks; the node may refuse and close before the end.
	let chunk = vec![b' '; 1 << 20];
	let mut sent = 0;
	while sent < length {
		let n = chunk.len().min(length - sent);
		if stream.write_all(&chunk[..n]).is_err() {
			break;
		}
		sent += n;
	}
	let mut answer = Vec::new();
	let _ = stream.read_to_end(&mut answer);
	String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_string()
}

/// Garbage of every kind at the RPC is refused with an error naming what is
/// wrong, nothing of it reaches a block, and the node goes on producing and
/// finalising blocks and accepting good transactions.
#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_and_the_node_goes_on() {
	let dir = TempDir::new("bad-input");
	let mut node = DevNode::start(&dir.0.join("base"));
	drop(node.client().await);
	// The default client refuses to send more than 10 MiB; the node's own
	// limit (15 MiB) is what is tested here.
	let client = WsClientBuilder::default()
		.max_request_size(64 << 20)
		.build(node.url())
		.await
		.expect("the node's RPC answers");
	wait_for_blocks(&client, 2, 1, 120).await;
	let alice = Alice.pair();
	let alice_nonce = |a: Option<common::AccountInfo>| a.map_or(0, |a| a.nonce);

	// Not an extrinsic: bytes that do not decode, and a valid one cut short.
	// The node's pool cannot even split these into extrinsics: a client
	// error (1040) naming the decoding failure.
	let (code, message, _) = refused(&client, "0xdeadbeef").await;
	assert_eq!(code, 1040, "{message}");
	assert!(message.contains("Could not decode"), "{message}");
	let good = signed_with_nonce(&client, &alice, 0, transfer(id_of(Bob), CIV)).await.encode();
	let (code, message, _) = refused(&client, &to_hex(&good[..good.len() - 3])).await;
	assert_eq!(code, 1040, "a truncated extrinsic: {message}");
	assert!(message.contains("Could not decode"), "{message}");
	// Length-prefixed right, but not an extrinsic of this runtime.
	let (code, message, _) = refused(&client, &to_hex(&vec![0xffu8; 40].encode())).await;
	assert!(code == 1001 || code == 1002, "{code} {message}");

	// A signature over something else (another chain's genesis), and a
	// signature with one byte flipped.
	let other_chain = civitas_runtime::signed_extrinsic(
		transfer(id_of(Bob), CIV),
		&alice,
		0,
		H256::repeat_byte(7),
		versions(&client).await,
	);
	let (code, _, data) = refused(&client, &to_hex(&other_chain.encode())).await;
	assert_eq!((code, data.as_str()), (1010, "\"Transaction has a bad signature\""));
	let mut flipped = signed_with_nonce(&client, &alice, 0, transfer(id_of(Bob), CIV)).await;
	match &mut flipped.preamble {
		Preamble::Signed(_, MultiSignature::Sr25519(signature), _) => {
			AsMut::<[u8]>::as_mut(signature)[10] ^= 1
		}
		other => panic!("not a signed extrinsic: {other:?}"),
	}
	let (code, _, data) = refused(&client, &to_hex(&flipped.encode())).await;
	assert_eq!((code, data.as_str()), (1010, "\"Transaction has a bad signature\""));

	// An account that holds nothing cannot pay the fee.
	let pauper = sr25519::Pair::from_string("//CivitasE2E//pauper", None).expect("valid path");
	let unfunded = signed_with_nonce(&client, &pauper, 0, transfer(id_of(Bob), CIV)).await;
	let (code, _, data) = refused(&client, &to_hex(&unfunded.encode())).await;
	assert_eq!(code, 1010);
	assert!(data.contains("Inability to pay some fees"), "{data}");

	// Larger than a block may carry for a normal transaction.
	let normal_max =
		*<Runtime as frame_system::Config>::BlockLength::get().max.get(DispatchClass::Normal);
	let remark = RuntimeCall::System(frame_system::Call::remark {
		remark: vec![0x2a; normal_max as usize + 1],
	});
	let oversized = signed_with_nonce(&client, &alice, 0, remark).await;
	let (code, _, data) = refused(&client, &to_hex(&oversized.encode())).await;
	assert_eq!((code, data.as_str()), (1010, "\"Transaction would exhaust the block limits\""));

	// A request above the RPC's 15 MiB limit is refused before it is read.
	let status = post_announcing(node.rpc_port, 16 << 20);
	assert!(status.contains(" 413 "), "the node answered {status:?} to a 16 MiB request");

	// A good transfer goes through.
	let since = best_number(&client).await;
	let _: String = client
		.request("author_submitExtrinsic", rpc_params![to_hex(&good)])
		.await
		.expect("a good transfer is accepted");
	wait_for_event(&client, since, "Transfer", |e| {
		matches!(e, RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, .. })
			if *from == id_of(Alice))
	})
	.await;
	assert_eq!(alice_nonce(account(&client, &id_of(Alice), None).await), 1);
	// The very same extrinsic again is known to the pool (1013); another one
	// with the used nonce is stale.
	let (code, message, _) = refused(&client, &to_hex(&good)).await;
	assert_eq!(code, 1013, "{message}");
	let replay = signed_with_nonce(&client, &alice, 0, transfer(id_of(Bob), 2 * CIV)).await;
	let (code, _, data) = refused(&client, &to_hex(&replay.encode())).await;
	assert_eq!((code, data.as_str()), (1010, "\"Transaction is outdated\""));

	// Nothing of the garbage got in, and the node goes on.
	let (best, finalized) = (best_number(&client).await, finalized_number(&client).await);
	wait_for_blocks(&client, best + 2, finalized + 2, 120).await;
	assert_eq!(alice_nonce(account(&client, &id_of(Alice), None).await), 1);
	drop(client);
	assert!(node.stop().success(), "the node exits cleanly after the bad input");
}

/// The node is killed with SIGKILL three times while it produces blocks and
/// a transfer is in flight, at different points of the slot. Each time it
/// restarts on the same base path with every block it had finalised, the
/// same hashes, and finalises on from there.
#[tokio::test(flavor = "multi_thread")]
async fn a_hard_kill_loses_no_finalised_block() {
	let dir = TempDir::new("sigkill");
	let base = dir.0.join("base");
	let mut node = DevNode::start(&base);
	let mut client = node.client().await;
	wait_for_blocks(&client, 3, 2, 120).await;
	for (round, delay_ms) in [0u64, 2_300, 4_700].into_iter().enumerate() {
		let finalized = finalized_number(&client).await;
		let mut hashes = Vec::new();
		for n in 0..=finalized {
			hashes.push(block_hash(&client, n).await.expect("finalised block exists"));
		}
		submit(&client, Charlie, transfer(id_of(Eve), (round as u128 + 1) * CIV)).await;
		tokio::time::sleep(Duration::from_millis(delay_ms)).await;
		drop(client);
		node.kill();

		node = DevNode::start(&base);
		client = node.client().await;
		assert!(
			finalized_number(&client).await >= finalized,
			"round {round}: finality went back from {finalized}"
		);
		for (n, hash) in hashes.iter().enumerate() {
			assert_eq!(
				block_hash(&client, n as u64).await.as_ref(),
				Some(hash),
				"round {round}: finalised block {n} changed or was lost"
			);
		}
		let best = best_number(&client).await;
		wait_for_blocks(&client, best + 2, finalized + 2, 120).await;
	}
	drop(client);
	assert!(node.stop().success(), "the node exits cleanly after three hard kills");
}
