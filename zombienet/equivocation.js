// (c) Accountability on a running network. Dave's GRANDPA key signs two
// prevotes for different blocks in one round, as a second node started with
// Dave's keys would. Ferdie, anyone, reports them with the key-ownership
// proof the runtime API gives. The report is accepted for free; a second
// copy is refused; Dave is disabled in the same block, taken off Charleston,
// and out of the session, Aura and GRANDPA sets within two sessions, while
// finality never falls more than LAG blocks behind. Returns 1.
const { connect, submit, eventOf, until, finalisedNumber, log } = require('./lib.js');

const LAG = 12;

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  const accounts = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [dave, ferdie] = ['//Dave', '//Ferdie'].map((uri) => accounts.addFromUri(uri));
  const grandpaKey = new zombie.Keyring({ type: 'ed25519' }).addFromUri('//Dave');

  // The set and the proof are read at one block: a set change between two
  // reads would make them disagree.
  const at = await api.rpc.chain.getFinalizedHead();
  const setId = (await (await api.at(at)).query.grandpa.currentSetId()).toBigInt();
  const round = 1_000_000n;
  const u64 = (n) => api.createType('u64', n).toU8a();
  // sp_consensus_grandpa::localized_payload: (Message::Prevote(prevote), round, set_id).
  const prevote = (byte) => {
    const targetHash = '0x' + byte.repeat(32);
    const targetNumber = 1;
    const message = concat(
      new Uint8Array([0]),
      api.createType('H256', targetHash).toU8a(),
      api.createType('u32', targetNumber).toU8a(),
    );
    const signature = grandpaKey.sign(concat(message, u64(round), u64(setId)));
    return [{ targetHash, targetNumber }, signature];
  };
  const equivocationProof = {
    setId,
    equivocation: {
      Prevote: { roundNumber: round, identity: grandpaKey.publicKey, first: prevote('01'), second: prevote('02') },
    },
  };

  // As hex: polkadot.js reads a Uint8Array given as Bytes as length-prefixed.
  const args = '0x' + Buffer.from(concat(u64(setId), grandpaKey.publicKey)).toString('hex');
  const answer = await api.rpc.state.call('GrandpaApi_generate_key_ownership_proof', args, at);
  const opaque = api.createType('Option<Bytes>', answer.toU8a(true));
  if (opaque.isNone) throw new Error("no key-ownership proof for Dave's GRANDPA key");
  const keyOwnerProof = api.createType('SpSessionMembershipProof', opaque.unwrap().toU8a(true));
  log(`key-ownership proof for Dave in session ${keyOwnerProof.session.toNumber()}, set ${setId}`);

  // Finality is watched from here on.
  let worstLag = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      worstLag = Math.max(worstLag, best - (await finalisedNumber(api)));
      await new Promise((r) => setTimeout(r, 3000));
    }
  })();

  const freeBefore = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
  const events = await submit(api, api.tx.grandpa.reportEquivocation(equivocationProof, keyOwnerProof), ferdie);
  eventOf(events, 'offences', 'Offence');
  const expelled = eventOf(events, 'cities', 'ValidatorExpelled');
  if (expelled.data[0].toString() !== dave.address) throw new Error(`expelled ${expelled.data[0]}, not Dave`);
  if (!expelled.data[3].isTrue) throw new Error('Dave was not disabled');
  eventOf(events, 'session', 'ValidatorDisabled');
  const paid = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
  if (paid !== freeBefore) throw new Error(`the reporter paid ${freeBefore - paid} for a valid report`);
  if ((await api.query.cities.cityOfValidator(dave.address)).isSome) throw new Error('Dave still validates for a city');
  const reportedIn = (await api.query.session.currentIndex()).toNumber();
  log(`report accepted in session ${reportedIn} at no cost: Dave is disabled and off Charleston`);

  try {
    await submit(api, api.tx.grandpa.reportEquivocation(equivocationProof, keyOwnerProof), ferdie);
    throw new Error('the same offence was recorded twice');
  } catch (e) {
    if (!e.message.includes('grandpa.DuplicateOffenceReport')) throw e;
  }
  log('a second copy of the report is refused (DuplicateOffenceReport)');

  const daveAura = (await api.query.session.nextKeys(dave.address)).unwrap().aura.toHex();
  const daveGrandpa = '0x' + Buffer.from(grandpaKey.publicKey).toString('hex');
  await until(async () => {
    const session = (await api.query.session.currentIndex()).toNumber();
    const inSession = (await api.query.session.validators()).some((v) => v.toString() === dave.address);
    const inAura = (await api.query.aura.authorities()).some((k) => k.toHex() === daveAura);
    const inGrandpa = (await api.call.grandpaApi.grandpaAuthorities()).some(([k]) => k.toHex() === daveGrandpa);
    if (session > reportedIn + 2) throw new Error(`Dave still in a set at session ${session}`);
    return inSession || inAura || inGrandpa ? undefined : session;
  });
  log(`Dave is out of the session, Aura and GRANDPA sets by session ${(await api.query.session.currentIndex()).toNumber()}`);

  // Three blocks finalised by the set without Dave.
  const from = await finalisedNumber(api);
  await until(async () => ((await finalisedNumber(api)) >= from + 3 ? true : undefined));
  watching = false;
  await watch;
  if (worstLag > LAG) throw new Error(`finality fell ${worstLag} blocks behind`);
  log(`finality went on throughout (at most ${worstLag} blocks behind)`);
  await api.disconnect();
  return 1;
}

module.exports = { run };
