//! The drand beacon, verified in the runtime.
//!
//! drand's League of Entropy network "quicknet" publishes a round every 3
//! seconds: a BLS12-381 signature (48 bytes, on G1) by its group key (96
//! bytes, on G2) over `sha256(round as 8 big-endian bytes)`, hashed to the
//! curve with RFC 9380 (`BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_`).
//! The round's randomness is `sha256(signature)`. The scheme is *unchained*:
//! a round's signature depends on its number alone, so the runtime can check
//! one round without any earlier one.
//!
//! The check is `e(signature, g2) == e(H(message), public key)`, done as one
//! multi-pairing in the wasm runtime with arkworks (no host function); the
//! signature and key are decompressed with their subgroup checks.

use ark_bls12_381::{g1::Config as G1Config, Bls12_381, G1Affine, G1Projective, G2Affine};
use ark_ec::{
	hashing::{curve_maps::wb::WBMap, map_to_curve_hasher::MapToCurveBasedHasher, HashToCurve},
	pairing::Pairing,
	AffineRepr,
};
use ark_ff::{field_hashers::DefaultFieldHasher, Zero};
use ark_serialize::CanonicalDeserialize;
use sha2::{Digest, Sha256};

/// The domain separation tag of quicknet's hash to G1.
pub const DST: &[u8] = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

/// A compressed G2 public key.
pub type PublicKey = [u8; 96];
/// A compressed G1 signature.
pub type Signature = [u8; 48];

/// quicknet's group public key, as its `/info` endpoint publishes it
/// (chain hash `52db9ba7…e971`).
pub const QUICKNET_PUBLIC_KEY: PublicKey = hex_array(
	b"83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
);
/// quicknet's genesis time (UNIX seconds): round 1 was published then.
pub const QUICKNET_GENESIS_TIME: u64 = 1_692_803_367;
/// quicknet's period in seconds.
pub const QUICKNET_PERIOD: u64 = 3;

/// Why a beacon round does not verify.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BeaconError {
	/// The public key is not a compressed point of G2's prime-order subgroup.
	BadPublicKey,
	/// The signature is not a compressed point of G1's prime-order subgroup.
	MalformedSignature,
	/// The signature is a valid point but not the beacon's signature of this
	/// round.
	WrongSignature,
}

/// The message the beacon signs for `round`.
pub fn message(round: u64) -> [u8; 32] {
	Sha256::digest(round.to_be_bytes()).into()
}

/// The randomness of a round: `sha256(signature)`.
pub fn randomness(signature: &Signature) -> [u8; 32] {
	Sha256::digest(signature).into()
}

/// Checks that `signature` is the beacon's signature of `round` under
/// `public_key`; returns the round's randomness.
pub fn verify(
	public_key: &PublicKey,
	round: u64,
	signature: &Signature,
) -> Result<[u8; 32], BeaconError> {
	let key = G2Affine::deserialize_compressed(&public_key[..])
		.ok()
		.filter(|key| !key.is_zero())
		.ok_or(BeaconError::BadPublicKey)?;
	// The point at infinity is never a signature (ark accepts any bytes with
	// the infinity flag as that point).
	let point = G1Affine::deserialize_compressed(&signature[..])
		.ok()
		.filter(|point| !point.is_zero())
		.ok_or(BeaconError::MalformedSignature)?;
	let hasher = MapToCurveBasedHasher::<
		G1Projective,
		DefaultFieldHasher<Sha256, 128>,
		WBMap<G1Config>,
	>::new(DST)
	.map_err(|_| BeaconError::WrongSignature)?;
	let hashed = hasher.hash(&message(round)).map_err(|_| BeaconError::WrongSignature)?;
	// e(signature, g2) · e(-H(m), key) == 1
	let product = Bls12_381::multi_pairing([point, -hashed], [G2Affine::generator(), key]);
	if product.is_zero() {
		Ok(randomness(signature))
	} else {
		Err(BeaconError::WrongSignature)
	}
}

/// The UNIX time (seconds) at which `round` is published, for a beacon with
/// this genesis time and period; `None` for round 0 (which does not exist)
/// or on overflow.
pub fn round_time(genesis_time: u64, period: u64, round: u64) -> Option<u64> {
	let after = round.checked_sub(1)?.checked_mul(period)?;
	genesis_time.checked_add(after)
}

/// Decodes hex at compile time (constants only).
const fn hex_array<const N: usize>(hex: &[u8]) -> [u8; N] {
	const fn nibble(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("not lowercase hex"),
		}
	}
	assert!(hex.len() == 2 * N, "wrong hex length");
	let mut out = [0u8; N];
	let mut i = 0;
	while i < N {
		out[i] = (nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]);
		i += 1;
	}
	out
}

/// Ten real quicknet rounds (1000 to 1009), for tests and benchmarks; the
/// same as `drand-quicknet.json` in the project's shared reference data.
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub mod recorded {
	use super::{hex_array, Signature};

	/// `(round, signature, randomness)` as the beacon published them.
	pub const ROUNDS: [(u64, Signature, [u8; 32]); 10] = [
		(1000, hex_array(b"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"), hex_array(b"fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd")),
		(1001, hex_array(b"b33bf3667cbd5a82de3a24b4e0e9fe5513cc1a0e840368c6e31f5fcfa79bea03f73896b25883abf2853d10337fb8fa41"), hex_array(b"b0a591ad1b9002cfc372ac6e30abd3da8d3088d4caae026961743474fb94235f")),
		(1002, hex_array(b"ab066f9c12dd6de1336fca0f925192fb0c72a771c3e4c82ede1fd362c1a770f9eb05843c6308ce2530b53a99c0281a6e"), hex_array(b"339d3f0e702ed27d36966c6ee85a2bc762a24e178e7e5c835d9b5a7509cb920c")),
		(1003, hex_array(b"b104c82771698f45fd8dcfead083d482694c31ab519bcef077f126f3736fe98c8392fd5d45d88aeb76b56ccfcb0296d7"), hex_array(b"758f0c906d8c5296a032a66f0d96c6e0eeea4291e8fc9830bbfb19a2ba8610a9")),
		(1004, hex_array(b"a40658b820c0f8c10207524179a2031ba9537688a0d04e4851b58026be9a341fee3b96fb48ffad28483d84b40a5864aa"), hex_array(b"58af22b3402d77c3a0549dcc8a0ea36445b5c6e09dcdd1868e225c64d190a4f7")),
		(1005, hex_array(b"b896a4e9ebdb143601d1cdb39aa9357ef27b48d7d3c1c614e14110243850a9ea21fd96e016a5b64c2a2960d1c73abad8"), hex_array(b"f9cf57940dfd9b61e980576f5f9c095d8596208d337a924bf06c1ab04a3796fa")),
		(1006, hex_array(b"820251ae1f3f819ec339ea2c80c8f44c5fc9b5ce42c75685e33af39ff9a8809359cd1b7539158f73fcece916cca85ded"), hex_array(b"97f01b60328810e97f9acd01c9fc0a8123310212b8b82f1338c4d380cde29c7c")),
		(1007, hex_array(b"994c9dae8790b815d64d0bd263f5d043f777a5d4cc2ca56343dc22844a582434c5111a1f3bfd2cbfb4b074177eba8258"), hex_array(b"73834c5bc9c2179fec55e352aedceb37d63233d48177146769b43f01e9bf61c0")),
		(1008, hex_array(b"ae1fed99b1562bfd7cabcc6f33c5e4ee9145647228a3321495cee8ce2ae23c1b0c1371c8e880da0d6d9123ff0aa9f8f8"), hex_array(b"6cc23b41927d09abd16d09a94e9b8fb027f57043247b34b1c0955cf9e483dc2c")),
		(1009, hex_array(b"88d9f128dbb0646d8ea1574d27e3405d26bfc1507821e762a33746df8796f2afc4bf0997baf39512cfca5cf5e2d3e04d"), hex_array(b"9c846f233e705102451937829f4ae4239a124a83532221080f82cf20aefa55a5")),
	];
}

#[cfg(test)]
mod tests {
	use super::{recorded::ROUNDS, *};

	#[test]
	fn the_ten_recorded_rounds_verify_and_give_the_published_randomness() {
		for (round, signature, published) in ROUNDS {
			assert_eq!(
				verify(&QUICKNET_PUBLIC_KEY, round, &signature),
				Ok(published),
				"round {round}"
			);
		}
	}

	#[test]
	fn a_signature_checked_against_another_round_fails() {
		let (round, signature, _) = ROUNDS[0];
		assert_eq!(
			verify(&QUICKNET_PUBLIC_KEY, round + 1, &signature),
			Err(BeaconError::WrongSignature)
		);
		let (_, other, _) = ROUNDS[1];
		assert_eq!(verify(&QUICKNET_PUBLIC_KEY, round, &other), Err(BeaconError::WrongSignature));
	}

	#[test]
	fn forged_bytes_and_a_wrong_key_are_refused() {
		let (round, signature, _) = ROUNDS[0];
		let mut flipped = signature;
		flipped[47] ^= 1;
		assert!(verify(&QUICKNET_PUBLIC_KEY, round, &flipped).is_err());
		assert_eq!(
			verify(&QUICKNET_PUBLIC_KEY, round, &[0xff; 48]),
			Err(BeaconError::MalformedSignature)
		);
		let mut key = QUICKNET_PUBLIC_KEY;
		key[95] ^= 1;
		assert!(matches!(
			verify(&key, round, &signature),
			Err(BeaconError::BadPublicKey | BeaconError::WrongSignature)
		));
	}

	#[test]
	fn rounds_map_to_their_publication_time() {
		assert_eq!(
			round_time(QUICKNET_GENESIS_TIME, QUICKNET_PERIOD, 1),
			Some(QUICKNET_GENESIS_TIME)
		);
		assert_eq!(
			round_time(QUICKNET_GENESIS_TIME, QUICKNET_PERIOD, 1000),
			Some(QUICKNET_GENESIS_TIME + 2997)
		);
		assert_eq!(round_time(QUICKNET_GENESIS_TIME, QUICKNET_PERIOD, 0), None);
		assert_eq!(round_time(QUICKNET_GENESIS_TIME, QUICKNET_PERIOD, u64::MAX), None);
	}
}
