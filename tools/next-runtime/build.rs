//! Builds `../../runtime` to wasm with its `next-spec-version` feature.
//!
//! substrate-wasm-builder names its project after the runtime crate and puts
//! it in the target directory it finds above `OUT_DIR`: the node's build of
//! the runtime lives there, and a second build would overwrite the blob the
//! node embeds. So the builder is shown an `OUT_DIR` of its own,
//! `<target>/release/wbuild-next/release/build` (the builder takes the
//! profile from the directory above `build`), which stays the same from one
//! build (and one clone) to the next, so its inner wasm target stays warm.
//! The paths are remapped as in `runtime/build.rs`, so the blob does not
//! depend on where the repository sits.

use std::{env, fs, path::PathBuf};

fn main() {
	let out_dir =
		PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| panic!("cargo sets OUT_DIR")));
	// Skipped, the builder would leave the file of an earlier build in its
	// directory: say here that there is no blob.
	println!("cargo:rerun-if-env-changed=SKIP_WASM_BUILD");
	if env::var_os("SKIP_WASM_BUILD").is_some() {
		let none = "pub const WASM_BINARY_PATH: Option<&str> = None;\n\
			pub const WASM_BINARY: Option<&[u8]> = None;\n\
			pub const WASM_BINARY_BLOATY: Option<&[u8]> = None;\n";
		let file = out_dir.join("wasm_binary.rs");
		fs::write(&file, none).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
		return;
	}
	// OUT_DIR is <target>/<profile>/build/<crate>-<hash>/out.
	let (Some(script_dir), Some(profile_dir)) = (out_dir.parent(), out_dir.ancestors().nth(3))
	else {
		panic!("OUT_DIR {} is not under a target directory", out_dir.display());
	};
	let builder_root = profile_dir.join("wbuild-next").join("release");
	let builder_out = builder_root.join("build");
	fs::create_dir_all(&builder_out)
		.unwrap_or_else(|e| panic!("cannot create {}: {e}", builder_out.display()));
	// The builder gives its blobs the time of cargo's `invoked.timestamp`
	// beside OUT_DIR, so that cargo does not take them for changed files and
	// run this script again: give its OUT_DIR one with the same time.
	let invoked = fs::metadata(script_dir.join("invoked.timestamp")).and_then(|m| m.modified());
	if let Ok(time) = invoked {
		let stamp = builder_root.join("invoked.timestamp");
		fs::File::create(&stamp)
			.and_then(|file| file.set_modified(time))
			.unwrap_or_else(|e| panic!("cannot write {}: {e}", stamp.display()));
	}
	// The builder reads OUT_DIR to place its project; nothing else in this
	// script reads it after this line.
	env::set_var("OUT_DIR", &builder_out);

	let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
	let root = manifest_dir
		.ancestors()
		.nth(2)
		.unwrap_or_else(|| panic!("{} is not in the workspace", manifest_dir.display()));
	let mut builder = substrate_wasm_builder::WasmBuilder::new()
		.with_project(root.join("runtime").join("Cargo.toml"))
		.unwrap_or_else(|e| panic!("runtime/Cargo.toml: {e}"))
		.export_heap_base()
		.import_memory()
		.enable_feature("next-spec-version")
		.append_to_rust_flags(format!("--remap-path-prefix={}=/civitas", root.display()));
	let cargo_home = env::var("CARGO_HOME")
		.ok()
		.or_else(|| env::var("HOME").ok().map(|home| format!("{home}/.cargo")));
	if let Some(cargo_home) = cargo_home {
		builder = builder.append_to_rust_flags(format!("--remap-path-prefix={cargo_home}=/cargo"));
	}
	builder.build();

	// The builder wrote wasm_binary.rs (WASM_BINARY, with the blob's absolute
	// path) into its directory; the binary includes it from the real OUT_DIR.
	let generated = builder_out.join("wasm_binary.rs");
	fs::copy(&generated, out_dir.join("wasm_binary.rs"))
		.unwrap_or_else(|e| panic!("cannot copy {}: {e}", generated.display()));
}
