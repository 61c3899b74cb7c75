#!/usr/bin/env bash
# Installs what building Civitas needs and is missing: the Rust wasm targets,
# rust-src, rustfmt and clippy, protoc and clang, and the Python jsonschema
# package the OCDS validator uses. Safe to run again.
set -euo pipefail

if ! command -v rustup >/dev/null 2>&1; then
	echo "rustup not found: install Rust first (https://rustup.rs), then run this again" >&2
	exit 1
fi

# The toolchain rust-toolchain.toml pins, with its targets and components.
if ! rustup show active-toolchain >/dev/null 2>&1; then
	echo "==> rustup toolchain install (rust-toolchain.toml)"
	rustup toolchain install
fi
targets=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32v1-none; do
	if ! grep -qx "$target" <<<"$targets"; then
		echo "==> rustup target add $target"
		rustup target add "$target"
	fi
done
components=$(rustup component list --installed)
for component in rust-src rustfmt clippy; do
	if ! grep -q "^$component" <<<"$components"; then
		echo "==> rustup component add $component"
		rustup component add "$component"
	fi
done

packages=()
command -v protoc >/dev/null 2>&1 || packages+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || packages+=(clang libclang-dev)
command -v curl >/dev/null 2>&1 || packages+=(curl)
command -v make >/dev/null 2>&1 || packages+=(make) # jemalloc, the node's allocator, builds with make
if ((${#packages[@]})); then
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
			echo "missing ${packages[*]} and not root: install them with your package manager" >&2
			exit 1
		fi
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "missing ${packages[*]}: install them with your package manager (no apt-get here)" >&2
		exit 1
	fi
	echo "==> apt-get install ${packages[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}"
fi
if ! python3 -c 'import jsonschema, referencing, rfc3986_validator, rfc3339_validator' >/dev/null 2>&1; then
	echo "==> pip install -r scripts/ocds/requirements.txt (the OCDS validator)"
	python3 -m pip install --quiet --user -r "$(dirname "$0")/ocds/requirements.txt" ||
		python3 -m pip install --quiet --user --break-system-packages -r "$(dirname "$0")/ocds/requirements.txt"
fi
echo "==> prerequisites present: $(rustc --version), $(protoc --version)"
