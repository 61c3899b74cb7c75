// Due process on a running network: Alice opens a proceeding to suspend
// Everett (the city admitted last); Bob's vote carries it (two of the three
// other member cities). Until its notice ends its effective block is on chain
// and its enactment is refused; Everett publishes a response meanwhile. Once
// the notice is over Ferdie, anyone, enacts it and Everett is suspended.
// Returns 1.
const { connect, submit, eventOf, until, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  const keyring = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [alice, bob, eve, ferdie] = ['//Alice', '//Bob', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
  const city = (await api.query.cities.nextCityId()).toNumber() - 1;
  const status = async () => (await api.query.cities.cities(city)).unwrap().status.toString();

  const opened = await submit(api, api.tx.cities.openProceeding(city, 'Suspend'), alice);
  const id = eventOf(opened, 'cities', 'ProceedingOpened').data[0].toNumber();
  const carried = eventOf(await submit(api, api.tx.cities.voteProceeding(id, true), bob), 'cities', 'ProceedingCarried');
  const effectiveAt = carried.data[1].toNumber();
  const stored = (await api.query.cities.proceedings(id)).unwrap();
  if (stored.effectiveAt.unwrap().toNumber() !== effectiveAt) throw new Error('the stored effective block differs from the event');
  log(`proceeding ${id} against city ${city} carried; takes effect at #${effectiveAt}`);

  try {
    await submit(api, api.tx.cities.enactProceeding(id), ferdie);
    throw new Error('enacted before its notice');
  } catch (e) {
    if (!e.message.includes('cities.NoticeNotElapsed')) throw e;
  }
  const document = '0x' + '11'.repeat(32);
  eventOf(await submit(api, api.tx.cities.respondToProceeding(id, document), eve), 'cities', 'ProceedingAnswered');
  if ((await status()) !== 'Active') throw new Error('the city changed before the notice ended');
  log('early enactment refused (NoticeNotElapsed); Everett answered; waiting for the notice to end');

  await until(async () => ((await api.rpc.chain.getHeader()).number.toNumber() >= effectiveAt ? true : undefined));
  eventOf(await submit(api, api.tx.cities.enactProceeding(id), ferdie), 'cities', 'CitySuspended');
  if ((await status()) !== 'Suspended') throw new Error('not suspended after enactment');
  log(`proceeding ${id} enacted: city ${city} is suspended`);
  await api.disconnect();
  return 1;
}

module.exports = { run };
