//! Builds the runtime to wasm with substrate-wasm-builder.
//!
//! Paths are remapped so that the wasm blob (and the chain specs that embed it)
//! does not depend on where the repository or the cargo registry sit on disk:
//! the same source gives the same bytes on any machine with the same toolchain.

#[cfg(feature = "std")]
fn main() {
	let mut builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
	if let Some(root) = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent() {
		builder = builder
			.append_to_rust_flags(format!("--remap-path-prefix={}=/civitas", root.display()));
	}
	let cargo_home = std::env::var("CARGO_HOME")
		.ok()
		.or_else(|| std::env::var("HOME").ok().map(|home| format!("{home}/.cargo")));
	if let Some(cargo_home) = cargo_home {
		builder = builder.append_to_rust_flags(format!("--remap-path-prefix={cargo_home}=/cargo"));
	}
	builder.build();
}

/// The wasm build of this crate itself needs no build script.
#[cfg(not(feature = "std"))]
fn main() {}
