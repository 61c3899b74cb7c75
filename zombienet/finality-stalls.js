// With two of the four validators stopped, GRANDPA has no two-thirds
// majority: after 12 seconds for votes already in flight, watches this node
// for 36 more while the two left still author blocks. Returns how far
// finality moved meanwhile (0 when it stalled).
const { connect, finalisedNumber, log } = require('./lib.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  await sleep(12000);
  const [final0, best0] = [await finalisedNumber(api), await bestNumber(api)];
  await sleep(36000);
  const [final1, best1] = [await finalisedNumber(api), await bestNumber(api)];
  log(`${nodeName}: best #${best0} -> #${best1}, finalised #${final0} -> #${final1}`);
  await api.disconnect();
  if (best1 <= best0) throw new Error('no block was authored either: the test shows nothing');
  return final1 - final0;
}

module.exports = { run };
