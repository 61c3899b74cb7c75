// Waits until this (restarted) node has finalised at least as far as Alice
// had when the script started. Returns 1.
const { connect, until, finalisedNumber, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const alice = await connect(networkInfo, 'alice');
  const target = await finalisedNumber(alice);
  await alice.disconnect();
  const api = await until(async () => {
    try {
      return await connect(networkInfo, nodeName);
    } catch (e) {
      return undefined;
    }
  });
  log(`${nodeName}: restarted at finalised #${await finalisedNumber(api)}, catching up to #${target}`);
  await until(async () => ((await finalisedNumber(api)) >= target ? true : undefined));
  log(`${nodeName}: finalised #${await finalisedNumber(api)}`);
  await api.disconnect();
  return 1;
}

module.exports = { run };
