// Sortition without drand: a lottery of Aliceville seeded by a commit-reveal
// among the three founding cities. Each admin makes themselves their city's
// Registrar; all three commit, Aliceville and Bobton reveal, Charleston stays
// silent. The draw completes from the two reveals and Charleston's deposit
// goes to Aliceville's treasury account. Returns the number of winners.
const { connect, submit, eventOf, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  const keyring = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((u) => keyring.addFromUri(u));
  const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
  const block = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const untilAfter = async (n) => { while ((await block()) <= n) await new Promise((r) => setTimeout(r, 2000)); };
  const u32 = (n) => api.createType('u32', n).toU8a();
  const domain = new TextEncoder().encode('civitas/sortition/reveal/v1');
  // blake2_256(SCALE(domain, draw, city, value)); the domain's compact
  // length prefix is one byte (27 << 2).
  const commitmentOf = (draw, city, value) =>
    '0x' + Buffer.from(zombie.util.blake2AsU8a(concat([domain.length << 2], domain, u32(draw), u32(city), value))).toString('hex');

  const cities = [[0, alice], [1, bob], [2, charlie]];
  await Promise.all(cities.map(([city, admin]) => submit(api, api.tx.cities.appoint(city, 'Registrar', admin.address), admin)));
  log('each founding city has its admin as Registrar');

  const now = await block();
  const source = { CommitReveal: { commitUntil: now + 6, revealUntil: now + 12 } };
  const created = eventOf(await submit(api, api.tx.sortition.createLottery(0, 1, now + 5, 0, false, source), alice), 'sortition', 'LotteryCreated');
  const draw = created.data[0].toNumber();
  log(`Aliceville's lottery ${draw}: commits until ${now + 6}, reveals until ${now + 12}`);

  const values = cities.map(([city]) => new Uint8Array(32).fill(city + 1));
  await Promise.all([
    ...cities.map(([city, registrar], i) => submit(api, api.tx.sortition.commitSeed(draw, city, commitmentOf(draw, city, values[i])), registrar)),
    submit(api, api.tx.sortition.enter(draw), dave),
  ]);
  log('three cities committed; dave entered');
  const treasury = (await api.query.cities.cities(0)).unwrap().treasury.toString();
  const before = (await api.query.system.account(treasury)).data.free.toBigInt();

  await untilAfter(now + 6);
  await Promise.all([0, 1].map((i) => submit(api, api.tx.sortition.revealSeed(draw, cities[i][0], values[i]), cities[i][1])));
  log('Aliceville and Bobton revealed; Charleston stays silent');

  await untilAfter(now + 12);
  const events = await submit(api, api.tx.sortition.executeDraw(draw), dave);
  const forfeited = eventOf(events, 'sortition', 'CommitDepositForfeited');
  if (forfeited.data[1].toNumber() !== 2) throw new Error('the forfeit is not Charleston\'s');
  const after = (await api.query.system.account(treasury)).data.free.toBigInt();
  if (after - before !== forfeited.data[2].toBigInt()) throw new Error(`Aliceville's treasury got ${after - before}`);
  const drawn = eventOf(events, 'sortition', 'Drawn');
  const winners = drawn.data[3].length;
  log(`drawn from two reveals: ${winners} winner(s); Charleston's deposit went to Aliceville's treasury`);
  await api.disconnect();
  return winners;
}

module.exports = { run };
