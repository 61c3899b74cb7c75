//! Writes the Civitas runtime built with `next-spec-version` (the same code,
//! spec_version one above) to the path given as the only argument.
//!
//! `scripts/zombienet.sh` runs it before the federation network starts; the
//! upgrade scenario (`zombienet/upgrade.js`) authorises the blob's hash by a
//! two-thirds council motion and enacts it after the delay.

use std::{env, fs, process::ExitCode};

mod blob {
	// The builder's file also declares the blob's path and its uncompressed
	// form, which this binary does not use.
	#![allow(dead_code)]
	include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
}
use blob::WASM_BINARY;

fn main() -> ExitCode {
	let Some(path) = env::args().nth(1) else {
		eprintln!("usage: civitas-next-runtime <output.wasm>");
		return ExitCode::FAILURE;
	};
	let Some(blob) = WASM_BINARY else {
		eprintln!("error: built with SKIP_WASM_BUILD: no runtime blob; build again without it");
		return ExitCode::FAILURE;
	};
	if let Err(e) = fs::write(&path, blob) {
		eprintln!("error: cannot write {path}: {e}");
		return ExitCode::FAILURE;
	}
	println!("{path}: {} bytes, the runtime with spec_version one above", blob.len());
	ExitCode::SUCCESS
}
