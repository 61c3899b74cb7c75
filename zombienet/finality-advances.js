// Waits until this node's finalised height has grown by the given number of
// blocks (default 5) from the moment the script starts; returns the growth.
const { connect, until, finalisedNumber, log } = require('./lib.js');

async function run(nodeName, networkInfo, args) {
  const want = Number(args && args[0] ? args[0] : 5);
  const api = await connect(networkInfo, nodeName);
  const start = await finalisedNumber(api);
  log(`${nodeName}: finalised #${start}, waiting for ${want} more`);
  const growth = await until(async () => {
    const grown = (await finalisedNumber(api)) - start;
    return grown >= want ? grown : undefined;
  });
  log(`${nodeName}: finalised ${growth} more blocks`);
  await api.disconnect();
  return growth;
}

module.exports = { run };
