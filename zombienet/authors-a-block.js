// Waits for a new block whose Aura author is this node's validator (the
// session key of the well-known account named like the node, read from the
// chain), then for that block to be finalised: the GRANDPA set with it is
// then in force (the old set had to finalise the change first). Returns 1.
const { connect, until, finalisedNumber, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  const uri = '//' + nodeName[0].toUpperCase() + nodeName.slice(1);
  const validator = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 }).addFromUri(uri);
  const keys = (await api.query.session.nextKeys(validator.address)).unwrap();
  const auraKey = keys.aura.toHex();
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  log(`looking for a block after #${start} authored with aura key ${auraKey.slice(0, 18)}...`);
  const seen = new Set();
  return until(async () => {
    const header = await api.rpc.chain.getHeader();
    if (header.number.toNumber() <= start || seen.has(header.hash.toHex())) return undefined;
    seen.add(header.hash.toHex());
    const preRuntime = header.digest.logs.find((l) => l.isPreRuntime && l.asPreRuntime[0].toString() === 'aura');
    if (!preRuntime) return undefined;
    const slot = api.createType('u64', preRuntime.asPreRuntime[1]).toBigInt();
    const authorities = await api.query.aura.authorities.at(header.parentHash);
    const author = authorities[Number(slot % BigInt(authorities.length))].toHex();
    if (author !== auraKey) return undefined;
    const number = header.number.toNumber();
    log(`block #${number} was authored by ${nodeName}; waiting for it to be finalised`);
    await until(async () => ((await finalisedNumber(api)) >= number ? true : undefined));
    await api.disconnect();
    return 1;
  });
}

module.exports = { run };
