// Helpers shared by the zombienet js-scripts. They run inside zombienet,
// which provides the global `zombie` (its @polkadot/api) to each script.

// Connects to a node of the network by name.
async function connect(networkInfo, name) {
  return zombie.connect(networkInfo.nodesByName[name].wsUri);
}

// Signs and sends `tx`; resolves with the events of the block that includes
// it, or rejects with the dispatch error decoded from metadata.
function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (!status.isInBlock) return;
      if (dispatchError) {
        const what = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${what}`));
      } else {
        resolve(events);
      }
    }).catch(reject);
  });
}

// The first event of `section.method` among `events`, or an error.
function eventOf(events, section, method) {
  const found = events.find(({ event }) => event.section === section && event.method === method);
  if (!found) throw new Error(`no ${section}.${method} event`);
  return found.event;
}

// Resolves with the first value of `poll()` that is not undefined, polling
// every block (six seconds).
async function until(poll) {
  for (;;) {
    const value = await poll();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 6000));
  }
}

async function finalisedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

function log(...args) {
  console.log('   ', ...args);
}

module.exports = { connect, submit, eventOf, until, finalisedNumber, log };
