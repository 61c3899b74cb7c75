//! The node's command line: committed chain specs are current, and bad input
//! gives one clear error line and a non-zero exit without touching disk.

mod common;

use std::{
	io::Read,
	process::{Command, Output, Stdio},
	time::{Duration, Instant},
};

use common::*;

/// Runs the node to completion; a node still running after 60 s is killed
/// and the test fails (a start that should fail must not hang CI).
fn node(args: &[&str]) -> Output {
	let mut child = Command::new(NODE)
		.args(args)
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("civitas-node runs");
	let (mut out, mut err) = (child.stdout.take(), child.stderr.take());
	let stdout = std::thread::spawn(move || {
		let mut buf = Vec::new();
		if let Some(s) = out.as_mut() {
			let _ = s.read_to_end(&mut buf);
		}
		buf
	});
	let stderr = std::thread::spawn(move || {
		let mut buf = Vec::new();
		if let Some(s) = err.as_mut() {
			let _ = s.read_to_end(&mut buf);
		}
		buf
	});
	let deadline = Instant::now() + Duration::from_secs(60);
	let status = loop {
		if let Some(status) = child.try_wait().expect("wait on the node") {
			break status;
		}
		if Instant::now() > deadline {
			let _ = child.kill();
			let _ = child.wait();
			panic!("civitas-node {args:?} still running after 60 s");
		}
		std::thread::sleep(Duration::from_millis(100));
	};
	Output {
		status,
		stdout: stdout.join().expect("stdout reader"),
		stderr: stderr.join().expect("stderr reader"),
	}
}

/// The one `Error:` line the node printed (its logs may surround it).
fn error_line(out: &Output) -> String {
	let lines = stderr_lines(out);
	let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("Error:")).collect();
	assert_eq!(errors.len(), 1, "expected exactly one `Error:` line in {lines:?}");
	errors[0].clone()
}

fn stderr_lines(out: &Output) -> Vec<String> {
	String::from_utf8_lossy(&out.stderr).lines().map(str::to_owned).collect()
}

/// The storage key of the runtime code, `:code`, as it appears in raw specs.
const CODE_KEY: &str = "0x3a636f6465";

/// Takes the runtime code out of a (plain or raw) chain spec.
fn take_code(spec: &mut serde_json::Value) -> Vec<u8> {
	let code = if let Some(code) = spec.pointer_mut("/genesis/runtimeGenesis/code") {
		code.take()
	} else if let Some(top) = spec.pointer_mut("/genesis/raw/top").and_then(|t| t.as_object_mut()) {
		top.remove(CODE_KEY).unwrap_or_default()
	} else {
		serde_json::Value::Null
	};
	from_hex(code.as_str().expect("the spec holds the runtime code as hex"))
}

/// Reads a little-endian base-128 number; returns it and the bytes it took.
fn leb128(bytes: &[u8]) -> (usize, usize) {
	let mut value = 0usize;
	for (i, byte) in bytes.iter().enumerate().take(5) {
		value |= ((byte & 0x7f) as usize) << (7 * i);
		if byte & 0x80 == 0 {
			return (value, i + 1);
		}
	}
	panic!("malformed LEB128 in wasm");
}

/// The body of the wasm custom section `name`.
fn custom_section<'a>(wasm: &'a [u8], name: &str) -> Option<&'a [u8]> {
	let mut rest = wasm.get(8..)?; // magic and version
	while let Some((&id, tail)) = rest.split_first() {
		let (size, n) = leb128(tail);
		let (body, next) = tail[n..].split_at(size);
		if id == 0 {
			let (name_len, m) = leb128(body);
			if &body[m..m + name_len] == name.as_bytes() {
				return Some(&body[m + name_len..]);
			}
		}
		rest = next;
	}
	None
}

/// The runtime version a (possibly compressed) wasm runtime declares.
fn runtime_version_of(code: &[u8]) -> sp_version::RuntimeVersion {
	let wasm =
		sp_maybe_compressed_blob::decompress(code, sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT)
			.expect("runtime code decompresses");
	let section = custom_section(&wasm, "runtime_version").expect("wasm declares its version");
	// Core API v5: the current layout, with transaction and system versions.
	sp_version::RuntimeVersion::decode_with_version_hint(&mut &section[..], Some(5))
		.expect("runtime_version section decodes")
}

/// The committed `chain-specs/local*.json` equal what the node builds now.
/// Regenerate them with `scripts/build-spec.sh` after changing the runtime.
///
/// Everything but the wasm blob must match byte for byte in meaning. The blob
/// itself is not reproducible across checkouts (cargo hashes the package path
/// into symbol names; a byte-exact build needs srtool's fixed build path), so
/// it must instead be the same runtime release as the node's: same name and
/// spec, impl and transaction versions.
#[test]
fn committed_local_specs_are_current() {
	for (file, raw) in [("local.json", false), ("local-raw.json", true)] {
		let mut args = vec!["build-spec", "--chain", "local", "--disable-default-bootnode"];
		if raw {
			args.push("--raw");
		}
		let out = node(&args);
		assert!(out.status.success(), "build-spec failed: {:?}", stderr_lines(&out));
		let mut built: serde_json::Value =
			serde_json::from_slice(&out.stdout).expect("build-spec prints JSON");
		let path = repo_root().join("chain-specs").join(file);
		let committed =
			std::fs::read(&path).unwrap_or_else(|e| panic!("{} unreadable: {e}", path.display()));
		let mut committed: serde_json::Value =
			serde_json::from_slice(&committed).expect("committed spec is JSON");

		let built_code = take_code(&mut built);
		let committed_code = take_code(&mut committed);
		assert!(
			built == committed,
			"chain-specs/{file} is stale: run scripts/build-spec.sh and commit the result"
		);
		let (b, c) = (runtime_version_of(&built_code), runtime_version_of(&committed_code));
		assert_eq!(b.spec_name, civitas_runtime::VERSION.spec_name);
		assert_eq!(
			(&c.spec_name, &c.impl_name, c.spec_version, c.impl_version, c.transaction_version),
			(&b.spec_name, &b.impl_name, b.spec_version, b.impl_version, b.transaction_version),
			"chain-specs/{file} holds another runtime version: run scripts/build-spec.sh"
		);
	}
}

/// A spec file given to `--chain` is read as such: the committed plain spec
/// turns into the committed raw spec.
#[test]
fn chain_spec_file_is_accepted() {
	let plain = repo_root().join("chain-specs/local.json");
	let plain = plain.to_str().expect("utf-8 path");
	let out = node(&["build-spec", "--chain", plain, "--raw", "--disable-default-bootnode"]);
	assert!(out.status.success(), "{:?}", stderr_lines(&out));
	let built: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
	let raw = std::fs::read(repo_root().join("chain-specs/local-raw.json")).expect("raw spec");
	let raw: serde_json::Value = serde_json::from_slice(&raw).expect("JSON");
	assert!(built == raw, "plain spec file does not give the committed raw spec");
}

#[test]
fn unknown_chain_is_one_clear_error() {
	let out = node(&["--chain", "atlantis", "--tmp"]);
	assert!(!out.status.success());
	let lines = stderr_lines(&out);
	assert_eq!(lines.len(), 1, "expected one line, got {lines:?}");
	assert!(lines[0].starts_with("Error:"), "{lines:?}");
	assert!(lines[0].contains("unknown chain `atlantis`"), "{lines:?}");
}

#[test]
fn malformed_spec_file_is_one_clear_error() {
	let dir = TempDir::new("badspec");
	let spec = dir.0.join("broken.json");
	std::fs::write(&spec, b"{ not json").expect("write");
	let out = node(&["build-spec", "--chain", spec.to_str().expect("utf-8")]);
	assert!(!out.status.success());
	let lines = stderr_lines(&out);
	assert_eq!(lines.len(), 1, "expected one line, got {lines:?}");
	assert!(lines[0].starts_with("Error:"), "{lines:?}");
	assert_eq!(std::fs::read(&spec).expect("still there"), b"{ not json", "spec file touched");
}

#[test]
fn rpc_port_in_use_fails_with_an_error_line() {
	let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
	let port = taken.local_addr().expect("addr").port().to_string();
	let dir = TempDir::new("port");
	let base = dir.0.join("base");
	let p2p = free_port().to_string();
	let out = node(&[
		"--dev",
		"--no-prometheus",
		"--base-path",
		base.to_str().expect("utf-8"),
		"--rpc-port",
		&port,
		"--port",
		&p2p,
	]);
	assert!(!out.status.success(), "node started although its RPC port was taken");
	let error = error_line(&out);
	assert!(error.contains(&port) || error.to_lowercase().contains("in use"), "{error}");
	drop(taken);
}

#[test]
fn base_path_that_is_a_file_fails_and_stays_untouched() {
	let dir = TempDir::new("basefile");
	let file = dir.0.join("not-a-dir");
	std::fs::write(&file, b"keep me").expect("write");
	let out = node(&[
		"--dev",
		"--no-prometheus",
		"--base-path",
		file.to_str().expect("utf-8"),
		"--rpc-port",
		&free_port().to_string(),
		"--port",
		&free_port().to_string(),
	]);
	assert!(!out.status.success(), "node started on a file as base path");
	let error = error_line(&out);
	assert!(error.contains("not a directory"), "{error}");
	assert_eq!(std::fs::read(&file).expect("file still there"), b"keep me");
}

#[test]
fn version_names_the_node() {
	let out = node(&["--version"]);
	assert!(out.status.success());
	assert!(String::from_utf8_lossy(&out.stdout).starts_with("civitas-node "));
}

/// `residency commit`, `disclose` and `verify`: a resident's record, one
/// attribute disclosed, verified against the commitment; a changed value, a
/// different commitment and a malformed attribute are refused.
#[test]
fn residency_disclosures_verify_against_their_commitment_only() {
	let dir = TempDir::new("residency");
	let out = node(&[
		"residency",
		"commit",
		"--attribute",
		"neighbourhood=Kalamaja",
		"--attribute",
		"age_band=30-39",
	]);
	assert!(out.status.success(), "commit failed: {:?}", stderr_lines(&out));
	let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON record");
	let commitment = record["commitment"].as_str().expect("a commitment").to_owned();
	let salts: Vec<&str> = record["attributes"]
		.as_array()
		.expect("attributes")
		.iter()
		.filter_map(|a| a["salt"].as_str())
		.collect();
	assert_eq!(salts.len(), 2);
	assert_ne!(salts[0], salts[1], "each attribute has its own salt");
	let record_path = dir.0.join("record.json");
	std::fs::write(&record_path, &out.stdout).expect("record written");

	// The same attributes salted again give another commitment.
	let again = node(&[
		"residency",
		"commit",
		"--attribute",
		"neighbourhood=Kalamaja",
		"--attribute",
		"age_band=30-39",
	]);
	let again: serde_json::Value = serde_json::from_slice(&again.stdout).expect("a JSON record");
	assert_ne!(again["commitment"].as_str(), Some(commitment.as_str()));

	let path = record_path.to_str().expect("a UTF-8 path");
	let out = node(&["residency", "disclose", "--record", path, "--key", "neighbourhood"]);
	assert!(out.status.success(), "disclose failed: {:?}", stderr_lines(&out));
	let disclosure: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a disclosure");
	assert_eq!(disclosure["value"], "Kalamaja");
	assert!(!String::from_utf8_lossy(&out.stdout).contains("30-39"), "other values stay hidden");
	let disclosure_path = dir.0.join("disclosure.json");
	std::fs::write(&disclosure_path, &out.stdout).expect("disclosure written");
	let d = disclosure_path.to_str().expect("a UTF-8 path");

	let out = node(&["residency", "verify", "--disclosure", d, "--commitment", &commitment]);
	assert!(out.status.success(), "verify failed: {:?}", stderr_lines(&out));
	assert!(String::from_utf8_lossy(&out.stdout).contains("verified: neighbourhood = Kalamaja"));

	let other = again["commitment"].as_str().expect("a commitment");
	let out = node(&["residency", "verify", "--disclosure", d, "--commitment", other]);
	assert!(!out.status.success());
	assert!(
		error_line(&out).contains("does not match the commitment on chain"),
		"{:?}",
		stderr_lines(&out)
	);

	let mut lie = disclosure.clone();
	lie["value"] = "Pirita".into();
	std::fs::write(&disclosure_path, lie.to_string()).expect("disclosure written");
	let out = node(&["residency", "verify", "--disclosure", d, "--commitment", &commitment]);
	assert!(!out.status.success());
	assert!(error_line(&out).contains("do not hash to their leaf"), "{:?}", stderr_lines(&out));

	let out = node(&["residency", "commit", "--attribute", "no-equals-sign"]);
	assert!(!out.status.success());
	assert!(error_line(&out).contains("is not KEY=VALUE"));
	let out = node(&["residency", "disclose", "--record", path, "--key", "income"]);
	assert!(!out.status.success());
	assert!(error_line(&out).contains("no attribute with this key"));
}
