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

/// The committed `chain-specs/local*.json` equal what the node builds now.
/// Regenerate them with `scripts/build-spec.sh` after changing the runtime.
#[test]
fn committed_local_specs_are_current() {
	for (file, raw) in [("local.json", false), ("local-raw.json", true)] {
		let mut args = vec!["build-spec", "--chain", "local", "--disable-default-bootnode"];
		if raw {
			args.push("--raw");
		}
		let out = node(&args);
		assert!(out.status.success(), "build-spec failed: {:?}", stderr_lines(&out));
		let built: serde_json::Value =
			serde_json::from_slice(&out.stdout).expect("build-spec prints JSON");
		let path = repo_root().join("chain-specs").join(file);
		let committed =
			std::fs::read(&path).unwrap_or_else(|e| panic!("{} unreadable: {e}", path.display()));
		let committed: serde_json::Value =
			serde_json::from_slice(&committed).expect("committed spec is JSON");
		assert!(
			built == committed,
			"chain-specs/{file} is stale: run scripts/build-spec.sh and commit the result"
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
