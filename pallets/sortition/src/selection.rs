//! The draw algorithm: deterministic from the seed, documented so that
//! anyone can re-implement it (`scripts/verify-draw.mjs` does, in
//! JavaScript).
//!
//! 1. **Seed.** `seed = blake2_256(SCALE(b"civitas/sortition/draw/v1",
//!    randomness, draw id))`, where `randomness` is the 32-byte output of
//!    the draw's source (a drand round's `sha256(signature)`, or the
//!    commit-reveal output) and the draw id is a little-endian `u32`.
//! 2. **Generator.** ChaCha20 (the RFC 8439 block function, 20 rounds) keyed
//!    with the seed, nonce zero, block counter from zero; its keystream is
//!    read as little-endian 32-bit words, and a 64-bit number is two words,
//!    the first the low half (`rand_chacha::ChaCha20Rng::next_u64`).
//! 3. **Uniform below `n`.** Take 64-bit numbers `x` until `x < n ·
//!    ⌊2⁶⁴ / n⌋`; the answer is `x mod n` (no modulo bias).
//! 4. **Sampling without replacement** from positions `0..n` of a pool: a
//!    Fisher-Yates shuffle run lazily for as many steps as needed. Step `i`
//!    picks `j = i + uniform(n - i)`, takes the position currently at `j`
//!    and moves the one at `i` to `j`; only the moved positions are
//!    remembered, so the work is proportional to the steps, not to `n`. A
//!    position whose pool member does not qualify (a certificate not in
//!    force at the snapshot) is skipped, and the next step taken: the
//!    members chosen are a uniformly random ordered sample of those who
//!    qualify.
//! 5. **Strata.** A stratified panel samples each quota in the order the
//!    draw lists them, from that stratum's pool, continuing the same
//!    generator.

use alloc::{collections::BTreeMap, vec::Vec};
use codec::Encode;
use rand_chacha::{
	rand_core::{RngCore, SeedableRng},
	ChaCha20Rng,
};
use sp_io::hashing::blake2_256;

/// Domain of a draw's seed.
pub const SEED_DOMAIN: &[u8] = b"civitas/sortition/draw/v1";

/// The seed of draw `draw` from its source's randomness.
pub fn draw_seed(randomness: &[u8; 32], draw: u32) -> [u8; 32] {
	blake2_256(&(SEED_DOMAIN, randomness, draw).encode())
}

/// The generator of a draw.
pub struct DrawRng(ChaCha20Rng);

impl DrawRng {
	/// The generator for `seed`.
	pub fn new(seed: [u8; 32]) -> Self {
		Self(ChaCha20Rng::from_seed(seed))
	}

	/// The next 64-bit number.
	pub fn next_u64(&mut self) -> u64 {
		self.0.next_u64()
	}

	/// A uniform number in `0..n`; `n` must not be zero (0 is returned).
	pub fn below(&mut self, n: u32) -> u32 {
		if n == 0 {
			return 0;
		}
		let n = u64::from(n);
		let zone = (u64::MAX / n).saturating_mul(n);
		loop {
			let x = self.next_u64();
			if x < zone {
				// x % n < n ≤ u32::MAX
				return u32::try_from(x % n).unwrap_or(0);
			}
		}
	}
}

/// Why a sample could not be completed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SampleError {
	/// Every position of the pool was tried and too few qualified.
	PoolExhausted,
	/// The attempt budget ran out before enough qualified (a pool with very
	/// many members not in force).
	TooManyAttempts,
}

/// Samples `wanted` qualifying members from positions `0..pool` (see the
/// module docs); `qualify` maps a position to its member if it qualifies.
/// At most `budget` positions are tried in all; `attempts` counts them
/// across calls (for the weight). Returns the members in the order drawn.
pub fn sample<T>(
	rng: &mut DrawRng,
	pool: u32,
	wanted: u32,
	budget: u32,
	attempts: &mut u32,
	mut qualify: impl FnMut(u32) -> Option<T>,
) -> Result<Vec<T>, SampleError> {
	let mut moved: BTreeMap<u32, u32> = BTreeMap::new();
	let mut chosen = Vec::with_capacity(wanted.min(pool) as usize);
	let mut step: u32 = 0;
	while (chosen.len() as u32) < wanted {
		if step >= pool {
			return Err(SampleError::PoolExhausted);
		}
		if *attempts >= budget {
			return Err(SampleError::TooManyAttempts);
		}
		*attempts = attempts.saturating_add(1);
		let j = step.saturating_add(rng.below(pool - step));
		let at_j = moved.get(&j).copied().unwrap_or(j);
		let at_step = moved.get(&step).copied().unwrap_or(step);
		moved.insert(j, at_step);
		step = step.saturating_add(1);
		if let Some(member) = qualify(at_j) {
			chosen.push(member);
		}
	}
	Ok(chosen)
}
