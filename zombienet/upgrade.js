// (d) A runtime upgrade through the federation's own process, on a running
// network: a council motion with the ayes of two thirds of the member cities
// that have not left (in federation.zndsl Alice, Bob and Charlie: three of
// four, Everett suspended but counted) authorises the hash of the runtime
// built one spec version up
// ($CIVITAS_NEXT_RUNTIME_WASM, written by scripts/zombienet.sh). The upgrade
// is pending on chain with its block and the code is refused until then;
// after the enactment delay Ferdie, anyone, submits the code. Every node of
// the network then runs the new version and finalises past the upgrade, the
// upgrade's multi-block migrations end and transactions are taken again, and
// a fresh node started from genesis syncs past it to Alice's chain.
// Returns 1.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { connect, submit, eventOf, until, finalisedNumber, log } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const wasmPath = process.env.CIVITAS_NEXT_RUNTIME_WASM;
  if (!wasmPath || !fs.existsSync(wasmPath)) {
    throw new Error('CIVITAS_NEXT_RUNTIME_WASM does not name a runtime blob: run this through scripts/zombienet.sh');
  }
  const code = '0x' + fs.readFileSync(wasmPath).toString('hex');
  const api = await connect(networkInfo, nodeName);
  const keyring = new zombie.Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const dev = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
  const ferdie = dev[5];
  const specBefore = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const codeHash = api.registry.hash(code).toHex();
  log(`next runtime: ${(code.length - 2) / 2} bytes, hash ${codeHash}; running spec ${specBefore}`);

  // The motion: ayes of two thirds of the member cities, from the council
  // (the active cities' admins, here development accounts).
  const memberCities = (await api.query.cities.memberCount()).toNumber();
  const needed = Math.ceil((2 * memberCities) / 3);
  const council = (await api.query.council.members()).map(String);
  const voters = dev.filter((pair) => council.includes(pair.address)).slice(0, needed);
  if (voters.length < needed) throw new Error(`${needed} ayes needed of ${memberCities} cities, the council has ${council.length}`);
  const authorize = api.tx.cities.authorizeUpgrade(codeHash);
  const length = authorize.method.encodedLength;
  const proposed = eventOf(await submit(api, api.tx.council.propose(needed, authorize.method, length), voters[0]), 'council', 'Proposed');
  const [index, hash] = [proposed.data[1], proposed.data[2]];
  for (const member of voters) await submit(api, api.tx.council.vote(hash, index, true), member);
  const weightBound = (await authorize.paymentInfo(voters[0].address)).weight;
  const closed = await submit(api, api.tx.council.close(hash, index, weightBound, length), voters[0]);
  const executed = eventOf(closed, 'council', 'Executed');
  if (!executed.data[1].isOk) throw new Error(`authorisation failed: ${executed.data[1].toString()}`);
  const scheduled = eventOf(closed, 'cities', 'RuntimeUpgradeScheduled');
  const pending = (await api.query.cities.pendingUpgrade()).unwrap();
  const enactAt = pending.enactAt.toNumber();
  if (pending.codeHash.toHex() !== codeHash) throw new Error(`pending upgrade is ${pending.codeHash.toHex()}, not the motion's`);
  log(`upgrade scheduled by ${needed} of ${memberCities} member cities (${scheduled.data.toString()}): pending on chain, enacted from #${enactAt}`);

  // Before the delay nothing is authorised in frame-system: the code is refused.
  try {
    await submit(api, api.tx.system.applyAuthorizedUpgrade(code), ferdie);
    throw new Error('the code was accepted before the enactment delay');
  } catch (e) {
    if (!e.message.includes('system.NothingAuthorized')) throw e;
  }
  log('code refused before the delay (system.NothingAuthorized); waiting for the delay to end');

  await until(async () => ((await api.rpc.chain.getHeader()).number.toNumber() > enactAt ? true : undefined));
  if ((await api.query.cities.pendingUpgrade()).isSome) throw new Error('the upgrade is still pending after its delay');
  const applied = await submit(api, api.tx.system.applyAuthorizedUpgrade(code), ferdie);
  eventOf(applied, 'system', 'CodeUpdated');
  const upgradedAt = (await api.rpc.chain.getHeader()).number.toNumber();
  log(`Ferdie submitted the code: system.CodeUpdated at about #${upgradedAt}`);

  // Every node of the network runs the new version and finalises past it.
  for (const name of Object.keys(networkInfo.nodesByName)) {
    const node = await connect(networkInfo, name);
    const spec = await until(async () => {
      const version = (await node.rpc.state.getRuntimeVersion()).specVersion.toNumber();
      return version > specBefore && (await finalisedNumber(node)) > upgradedAt ? version : undefined;
    });
    if (spec !== specBefore + 1) throw new Error(`${name} runs spec ${spec}, not ${specBefore + 1}`);
    log(`${name}: spec ${spec}, finalised past #${upgradedAt}`);
    await node.disconnect();
  }

  // The upgrade's multi-block migrations end, and blocks take transactions
  // again: a transfer is included.
  await until(async () => ((await api.query.multiBlockMigrations.cursor()).isNone ? true : undefined));
  await submit(api, api.tx.balances.transferKeepAlive(dev[4].address, 1_000_000_000n), ferdie);
  log('the multi-block migrations are done; transactions are included again');

  // A fresh node from genesis, bootstrapped from Alice, syncs past the upgrade.
  const synced = await syncFreshNode(api, upgradedAt);
  await api.disconnect();
  return synced;
}

// Starts a full node on the committed local-raw chain spec with an empty base
// path and Alice as its bootnode; returns 1 once its finalised chain reaches
// past `upgradedAt`, with Alice's block there and the new spec version.
async function syncFreshNode(api, upgradedAt) {
  const listen = (await api.rpc.system.localListenAddresses()).map(String);
  const local = listen.filter((a) => a.startsWith('/ip4/127.0.0.1/tcp/'));
  const bootnode = local.find((a) => !a.includes('/ws')) || local[0];
  if (!bootnode) throw new Error(`no local TCP address among Alice's: ${listen.join(', ')}`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'civitas-fresh-'));
  const [rpcPort, p2pPort] = [await freePort(), await freePort()];
  const logFile = path.join(base, 'node.log');
  const out = fs.openSync(logFile, 'w');
  const child = spawn('civitas-node', [
    '--chain', path.join(__dirname, '..', 'chain-specs', 'local-raw.json'),
    '--base-path', base, '--bootnodes', bootnode,
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
    '--no-prometheus', '--no-telemetry', '--no-mdns', '--name', 'fresh',
  ], { stdio: ['ignore', out, out] });
  // A timed-out script never reaches the `finally` below.
  process.on('exit', () => child.kill('SIGKILL'));
  log(`fresh node started (log ${logFile}), bootnode ${bootnode}`);
  try {
    const provider = new zombie.WsProvider(`ws://127.0.0.1:${rpcPort}`);
    const fresh = await zombie.ApiPromise.create({ provider });
    const finalised = await until(async () => {
      const number = await finalisedNumber(fresh);
      return number > upgradedAt ? number : undefined;
    });
    const [ours, alices] = await Promise.all([fresh.rpc.chain.getBlockHash(upgradedAt), api.rpc.chain.getBlockHash(upgradedAt)]);
    if (!ours.eq(alices)) throw new Error(`fresh node's #${upgradedAt} is ${ours.toHex()}, Alice's ${alices.toHex()}`);
    const head = await fresh.rpc.chain.getFinalizedHead();
    const spec = (await fresh.rpc.state.getRuntimeVersion(head)).specVersion.toNumber();
    const expected = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
    if (spec !== expected) throw new Error(`fresh node runs spec ${spec} at its finalised head, the network ${expected}`);
    log(`fresh node finalised #${finalised} on spec ${spec}; its #${upgradedAt} is Alice's`);
    await fresh.disconnect();
    return 1;
  } finally {
    const running = child.exitCode === null && child.signalCode === null;
    const exited = running ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
    child.kill('SIGTERM');
    await exited;
    fs.closeSync(out);
    fs.rmSync(base, { recursive: true, force: true });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { run };
