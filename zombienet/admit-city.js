// The council admits Everett with Eve as admin; Eve's node makes session
// keys, Eve sets them; Everett invites Eve's account as its validator and
// Eve, the operator, accepts with that account's signature.
// Returns the size of the validator set once Eve is in it.
const { connect, submit, eventOf, until, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  const eveNode = new zombie.WsProvider(networkInfo.nodesByName.eve.wsUri);
  await eveNode.isReady;
  const keyring = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [alice, bob, eve] = ['//Alice', '//Bob', '//Eve'].map((uri) => keyring.addFromUri(uri));

  // Eve's node generates session keys and proves them for Eve's account.
  const owner = '0x' + Buffer.from(eve.publicKey).toString('hex');
  const generated = await eveNode.send('author_rotateKeysWithOwner', [owner]);
  log(`eve's node made session keys ${generated.keys.slice(0, 18)}...`);
  await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), eve);

  // A council motion, passed by Alice and Bob (two of three).
  const admit = api.tx.cities.admitCity('Everett', eve.address);
  const length = admit.method.encodedLength;
  const proposed = eventOf(await submit(api, api.tx.council.propose(2, admit.method, length), alice), 'council', 'Proposed');
  const index = proposed.data[1];
  const hash = proposed.data[2];
  await submit(api, api.tx.council.vote(hash, index, true), alice);
  await submit(api, api.tx.council.vote(hash, index, true), bob);
  // The close must allow at least the admission's weight, which includes
  // the council's own rewrite of its members and open motions: take the
  // weight the runtime charges for it as a transaction.
  const weightBound = (await admit.paymentInfo(alice.address)).weight;
  const closed = await submit(api, api.tx.council.close(hash, index, weightBound, length), alice);
  const executed = eventOf(closed, 'council', 'Executed');
  if (!executed.data[1].isOk) throw new Error(`admission failed: ${executed.data[1].toString()}`);
  const city = eventOf(closed, 'cities', 'CityAdmitted').data[0].toNumber();
  log(`council admitted Everett as city ${city}`);

  await submit(api, api.tx.cities.inviteValidator(city, eve.address), eve);
  await submit(api, api.tx.cities.acceptValidator(city), eve);
  log('eve accepted Everett\'s invitation to validate; waiting for the session change');

  const size = await until(async () => {
    const validators = (await api.query.session.validators()).map(String);
    return validators.includes(eve.address) ? validators.length : undefined;
  });
  log(`validator set: ${size} validators, eve among them`);
  await eveNode.disconnect();
  await api.disconnect();
  return size;
}

module.exports = { run };
