// Recomputes a Civitas draw from public chain data, independently of the
// runtime, and says whether the stored result matches.
//
//   node verify-draw.mjs WS_URL DRAW_ID
//
// 1. Reads the draw, its source and its result from the chain's storage
//    (through the metadata only).
// 2. drand: re-verifies the recorded BLS signature of the draw's round
//    against the beacon key (noble-curves, not the runtime's arkworks) and
//    checks randomness = sha256(signature).
//    commit-reveal: checks every revealed value against its commitment and
//    recomputes the output from the reveals.
// 3. Derives the seed and re-runs the documented algorithm (ChaCha20 here
//    written from RFC 8439, lazy Fisher-Yates) over the pool as it stood at
//    the draw's snapshot: the lottery's entrants, the city's residency roll,
//    or each stratum's declarations.
// Exit code 0 only if everything matches.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { bls12_381 } from '@noble/curves/bls12-381';
import { sha256 } from '@noble/hashes/sha2';
import { blake2b } from '@noble/hashes/blake2b';
import { u8aToHex, hexToU8a, compactToU8a, u8aConcat } from '@polkadot/util';

const QUICKNET_KEY = '0x83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a';
const DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const enc = (s) => new TextEncoder().encode(s);
const bytesScale = (b) => u8aConcat(compactToU8a(b.length), b); // SCALE Vec<u8> / &[u8]
const u32le = (n) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
const u64be = (n) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), false); return b; };
const blake2 = (b) => blake2b(b, { dkLen: 32 });

// --- ChaCha20 (RFC 8439 block function; 64-bit counter, zero nonce) ---
function chachaBlock(key, counter) {
  const c = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];
  const s = new Uint32Array(16);
  s.set(c, 0); s.set(key, 4);
  s[12] = Number(counter & 0xffffffffn); s[13] = Number(counter >> 32n); s[14] = 0; s[15] = 0;
  const x = Uint32Array.from(s);
  const rotl = (v, n) => ((v << n) | (v >>> (32 - n))) >>> 0;
  const qr = (a, b, cc, d) => {
    x[a] = (x[a] + x[b]) >>> 0; x[d] = rotl(x[d] ^ x[a], 16);
    x[cc] = (x[cc] + x[d]) >>> 0; x[b] = rotl(x[b] ^ x[cc], 12);
    x[a] = (x[a] + x[b]) >>> 0; x[d] = rotl(x[d] ^ x[a], 8);
    x[cc] = (x[cc] + x[d]) >>> 0; x[b] = rotl(x[b] ^ x[cc], 7);
  };
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15);
    qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14);
  }
  return x.map((v, i) => (v + s[i]) >>> 0);
}
export class DrawRng {
  constructor(seed) {
    const dv = new DataView(seed.buffer, seed.byteOffset, 32);
    this.key = Uint32Array.from({ length: 8 }, (_, i) => dv.getUint32(4 * i, true));
    this.counter = 0n; this.words = []; 
  }
  nextU32() {
    if (this.words.length === 0) { this.words = Array.from(chachaBlock(this.key, this.counter)); this.counter += 1n; }
    return this.words.shift();
  }
  nextU64() { const lo = BigInt(this.nextU32()); const hi = BigInt(this.nextU32()); return (hi << 32n) | lo; }
  below(n) {
    const N = BigInt(n); const zone = ((2n ** 64n - 1n) / N) * N;
    for (;;) { const x = this.nextU64(); if (x < zone) return Number(x % N); }
  }
}
// Lazy Fisher-Yates over positions 0..pool, skipping those that do not qualify.
async function sample(rng, pool, wanted, budget, state, qualify) {
  const moved = new Map(); const chosen = [];
  let step = 0;
  while (chosen.length < wanted) {
    if (step >= pool) throw new Error('the pool ran dry (PoolExhausted)');
    if (state.attempts >= budget) throw new Error('out of attempts (TooManyAttempts)');
    state.attempts++;
    const j = step + rng.below(pool - step);
    const atJ = moved.has(j) ? moved.get(j) : j;
    const atStep = moved.has(step) ? moved.get(step) : step;
    moved.set(j, atStep);
    step++;
    const member = await qualify(atJ);
    if (member !== null) chosen.push(member);
  }
  return chosen;
}

export async function verifyDraw(api, id, log = console.log) {
  const stored = await api.query.sortition.draws(id);
  if (stored.isNone) throw new Error(`there is no draw ${id} on this chain`);
  const draw = stored.unwrap();
  if (!draw.status.isDrawn) throw new Error(`draw ${id} is ${draw.status.type}, not drawn`);
  const { seed, randomness } = draw.status.asDrawn;
  const city = draw.city.toNumber();
  const S = draw.snapshot.toNumber();
  log(`draw ${id}: ${draw.kind.type} of city ${city}, snapshot block ${S}, source ${draw.source.type}`);
  let output;
  if (draw.source.isDrand) {
    const round = draw.source.asDrand.round.toBigInt();
    const beacon = (await api.query.sortition.beacon()).unwrap();
    const record = (await api.query.sortition.beaconRounds(round)).unwrap();
    const key = beacon.publicKey.toHex();
    log(`  beacon key ${key === QUICKNET_KEY ? 'is drand quicknet\'s' : 'is NOT quicknet\'s: ' + key}`);
    const point = bls12_381.shortSignatures.hash(sha256(u64be(round)), DST);
    const ok = bls12_381.shortSignatures.verify(record.signature.toU8a(), point, hexToU8a(key));
    if (!ok) throw new Error(`the signature of round ${round} does not verify`);
    output = sha256(record.signature.toU8a());
    log(`  round ${round}: BLS signature verifies (noble-curves); randomness ${u8aToHex(output)}`);
  } else {
    const xor = new Uint8Array(32); let reveals = 0;
    for (const [k, v] of await api.query.sortition.commitments.entries(id)) {
      const c = k.args[1].toNumber(); const commit = v.unwrap();
      if (commit.revealed.isNone) { log(`  city ${c} committed and did not reveal`); continue; }
      const value = commit.revealed.unwrap().toU8a();
      const expected = blake2(u8aConcat(bytesScale(enc('civitas/sortition/reveal/v1')), u32le(id), u32le(c), value));
      if (u8aToHex(expected) !== commit.commitment.toHex()) throw new Error(`city ${c}'s reveal does not match its commitment`);
      blake2(u8aConcat(u32le(c), value)).forEach((b, i) => { xor[i] ^= b; });
      reveals++;
      log(`  city ${c} revealed ${u8aToHex(value)} (matches its commitment)`);
    }
    output = blake2(u8aConcat(bytesScale(enc('civitas/sortition/commit-reveal/v1')), xor));
    log(`  ${reveals} reveals; output ${u8aToHex(output)}`);
  }
  if (u8aToHex(output) !== randomness.toHex()) throw new Error(`the chain used randomness ${randomness.toHex()}, recomputed ${u8aToHex(output)}`);
  const mySeed = blake2(u8aConcat(bytesScale(enc('civitas/sortition/draw/v1')), output, u32le(id)));
  if (u8aToHex(mySeed) !== seed.toHex()) throw new Error('the seed does not follow from the randomness');
  log(`  seed ${u8aToHex(mySeed)}`);

  const rng = new DrawRng(mySeed); const state = { attempts: 0 };
  const perSeat = api.consts.sortition.attemptsPerSeat.toNumber();
  const holderAt = async (certificateId) => {
    const c = (await api.query.residency.certificates(certificateId)).unwrap();
    const st = c.status;
    const endedAfter = st.isRevoked ? st.asRevoked.at.toNumber() > S : st.isMoved ? st.asMoved.at.toNumber() > S : true;
    return c.issuedAt.toNumber() <= S && S < c.expiresAt.toNumber() && endedAfter ? c.subject.toString() : null;
  };
  let recomputed = [];
  if (draw.kind.isLottery) {
    const wanted = Math.min(draw.kind.asLottery.winners.toNumber(), draw.entrants.toNumber());
    recomputed = await sample(rng, draw.entrants.toNumber(), wanted, wanted, state,
      async (p) => (await api.query.sortition.entrants(id, p)).unwrap().toString());
  } else {
    const { seats, quotas } = draw.kind.asPanel;
    const budget = seats.toNumber() * perSeat;
    if (quotas.length === 0) {
      const pool = (await api.query.residency.rollLength(city)).toNumber();
      log(`  pool: the residency roll of city ${city}, ${pool} positions`);
      recomputed = await sample(rng, pool, seats.toNumber(), budget, state, async (p) =>
        holderAt((await api.query.residency.roll(city, p)).unwrap()));
    } else {
      for (const quota of quotas) {
        const pool = (await api.query.sortition.stratumPoolLength(city, quota.stratum)).toNumber();
        log(`  quota ${quota.seats} from ${JSON.stringify(quota.stratum.toJSON())} (${pool} positions)`);
        recomputed.push(...await sample(rng, pool, quota.seats.toNumber(), budget, state, async (p) => {
          const d = (await api.query.sortition.stratumPool(city, quota.stratum, p)).unwrap();
          const declared = d.declaredAt.toNumber() <= S && (d.withdrawnAt.isNone || d.withdrawnAt.unwrap().toNumber() > S);
          if (!declared) return null;
          return (await holderAt(d.certificate)) === d.resident.toString() ? d.resident.toString() : null;
        }));
      }
    }
  }
  const onChain = (await api.query.sortition.results(id)).unwrap().map((a) => a.toString());
  const match = JSON.stringify(onChain) === JSON.stringify(recomputed);
  log(`  recomputed (${state.attempts} positions tried): ${recomputed.join(', ')}`);
  log(`  on chain:                ${onChain.join(', ')}`);
  log(match ? `MATCH: draw ${id} is reproduced exactly` : `MISMATCH: draw ${id} differs`);
  return match;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, id] = process.argv.slice(2);
  if (!url || id === undefined) { console.error('usage: node verify-draw.mjs WS_URL DRAW_ID'); process.exit(2); }
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  let ok = false;
  try { ok = await verifyDraw(api, Number(id)); } catch (e) { console.error(`NOT VERIFIED: ${e.message}`); }
  await api.disconnect();
  process.exit(ok ? 0 : 1);
}
