// The council admits Daveport with Dave as admin; Dave's node makes session
// keys, Dave sets them and registers himself as Daveport's validator.
// Returns the size of the validator set once Dave is in it.
const { connect, submit, eventOf, until, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  const daveNode = new zombie.WsProvider(networkInfo.nodesByName.dave.wsUri);
  await daveNode.isReady;
  const keyring = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [alice, bob, dave] = ['//Alice', '//Bob', '//Dave'].map((uri) => keyring.addFromUri(uri));

  // Dave's node generates session keys and proves them for Dave's account.
  const owner = '0x' + Buffer.from(dave.publicKey).toString('hex');
  const generated = await daveNode.send('author_rotateKeysWithOwner', [owner]);
  log(`dave's node made session keys ${generated.keys.slice(0, 18)}...`);
  await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), dave);

  // A council motion, passed by Alice and Bob (two of three).
  const admit = api.tx.cities.admitCity('Daveport', dave.address);
  const length = admit.method.encodedLength;
  const proposed = eventOf(await submit(api, api.tx.council.propose(2, admit.method, length), alice), 'council', 'Proposed');
  const index = proposed.data[1];
  const hash = proposed.data[2];
  await submit(api, api.tx.council.vote(hash, index, true), alice);
  await submit(api, api.tx.council.vote(hash, index, true), bob);
  const weightBound = { refTime: 10_000_000_000n, proofSize: 1_000_000n };
  const closed = await submit(api, api.tx.council.close(hash, index, weightBound, length), alice);
  const executed = eventOf(closed, 'council', 'Executed');
  if (!executed.data[1].isOk) throw new Error(`admission failed: ${executed.data[1].toString()}`);
  const city = eventOf(closed, 'cities', 'CityAdmitted').data[0].toNumber();
  log(`council admitted Daveport as city ${city}`);

  await submit(api, api.tx.cities.registerValidator(city, dave.address), dave);
  log('Daveport registered dave as its validator; waiting for the session change');

  const size = await until(async () => {
    const validators = (await api.query.session.validators()).map(String);
    return validators.includes(dave.address) ? validators.length : undefined;
  });
  log(`validator set: ${size} validators, dave among them`);
  await daveNode.disconnect();
  await api.disconnect();
  return size;
}

module.exports = { run };
