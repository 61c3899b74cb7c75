// Polkadot.js compatibility check for Civitas.
//
// Connects with @polkadot/api and NO custom types, then:
//  1. asserts the chain properties (CIV, 12 decimals, SS58 prefix 1789);
//  2. decodes every storage entry type, and reads every storage item;
//  3. builds every call of every pallet from metadata, encodes and decodes it;
//  4. signs a transfer with the Alice dev key and waits for it to be finalised;
//  5. reads the federation (cities, council, validators, offices) and has
//     Alice, Devtown's admin, appoint a Registrar; a non-admin's attempt fails
//     with the named error, decoded from metadata;
//  6. runs a city budget through the treasury: Alice sets Devtown's ledger and
//     budget up, Bob records a receipt, Ferdie proposes a payment to Dave, Bob
//     and Charlie approve it, and the runtime API's report (api.call, from
//     metadata) shows it spent; Eve, the Auditor, cannot approve.
//
// Usage: node check.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) { passed++; } else { failed++; console.error(`FAIL: ${what}`); }
};

const warnings = [];
const origWarn = console.warn;
console.warn = (...args) => { warnings.push(args.join(' ')); origWarn(...args); };

async function connect() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const provider = new WsProvider(url, false);
      await provider.connect();
      await provider.isReadyOrError;
      return await ApiPromise.create({ provider, throwOnConnect: true });
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no node at ${url}: ${e.message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

await cryptoWaitReady();
const api = await connect();
console.log(`connected to ${(await api.rpc.system.chain()).toString()} at ${url}`);

// 1. Chain properties.
check(api.registry.chainSS58 === 1789, `ss58 prefix is ${api.registry.chainSS58}, want 1789`);
check(api.registry.chainDecimals[0] === 12, `decimals are ${api.registry.chainDecimals}, want 12`);
check(api.registry.chainTokens[0] === 'CIV', `token is ${api.registry.chainTokens}, want CIV`);
check(api.runtimeMetadata.version >= 14, `metadata version ${api.runtimeMetadata.version}`);
console.log(`metadata v${api.runtimeMetadata.version}, runtime ${api.runtimeVersion.specName} v${api.runtimeVersion.specVersion}`);

// 2. Storage: every entry's key and value types resolve and decode, and every
//    item can be read (maps: the first page of entries).
let storageItems = 0;
for (const [section, items] of Object.entries(api.query)) {
  for (const [name, query] of Object.entries(items)) {
    storageItems++;
    const what = `storage ${section}.${name}`;
    try {
      const type = query.creator.meta.type;
      const valueId = type.isPlain ? type.asPlain : type.asMap.value;
      const value = api.registry.createType(api.registry.createLookupType(valueId));
      check(value !== undefined, `${what}: value type`);
      if (type.isMap) {
        api.registry.createType(api.registry.createLookupType(type.asMap.key));
        const entries = await query.entriesPaged({ args: [], pageSize: 5 });
        for (const [key, val] of entries) {
          check(key.args.length > 0 && val !== undefined, `${what}: entry decodes`);
        }
      } else {
        const val = await query();
        check(val !== undefined, `${what}: read`);
      }
    } catch (e) {
      check(false, `${what}: ${e.message}`);
    }
  }
}
console.log(`storage: ${storageItems} items decoded`);

// 3. Calls: each call built from metadata with default arguments, encoded,
//    and decoded back to the same pallet and call.
let calls = 0;
for (const [section, methods] of Object.entries(api.tx)) {
  for (const [method, tx] of Object.entries(methods)) {
    calls++;
    const what = `call ${section}.${method}`;
    try {
      // Each argument's type as metadata names it (a lookup id or a type string).
      const args = tx.meta.args.map((arg) => api.registry.createType(
        typeof arg.type.toNumber === 'function' ? api.registry.createLookupType(arg.type) : arg.type.toString(),
      ));
      const call = tx(...args);
      const decoded = api.registry.createType('Call', call.method.toU8a());
      check(decoded.section === section && decoded.method === method, `${what}: round trip gave ${decoded.section}.${decoded.method}`);
    } catch (e) {
      check(false, `${what}: ${e.message}`);
    }
  }
}
console.log(`calls: ${calls} built, encoded and decoded`);

// Events and errors are described too.
check(Object.keys(api.events.balances ?? {}).includes('Transfer'), 'balances.Transfer event in metadata');

// 4. A signed transfer from Alice, finalised.
const keyring = new Keyring({ type: 'sr25519', ss58Format: 1789 });
const alice = keyring.addFromUri('//Alice');
const dest = keyring.addFromUri(`//CivitasPjs//${Date.now()}`);
const amount = 5n * 10n ** 12n;
check(alice.address.length > 0 && api.createType('Address', alice.address).toString() === alice.address, 'addresses use the Civitas prefix');

// Signs and sends `tx`, resolves once it is finalised with the block, the
// events and the dispatch error (decoded from metadata) if it failed.
const submit = (tx, signer) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('not finalised within 120 s')), 120_000);
  tx.signAndSend(signer, ({ status, events, dispatchError }) => {
    if (status.isFinalized) {
      clearTimeout(timer);
      let error = null;
      if (dispatchError) {
        error = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
      }
      resolve({ block: status.asFinalized.toHex(), events, error });
    }
  }).catch((e) => { clearTimeout(timer); reject(e); });
});

const finalised = await submit(api.tx.balances.transferKeepAlive(dest.address, amount), alice);
check(finalised.error === null, `transfer failed: ${finalised.error}`);
const transfer = finalised.events.find(({ event }) => api.events.balances.Transfer.is(event));
check(transfer !== undefined, 'Transfer event in the finalised block');
if (transfer) {
  const [from, to, value] = transfer.event.data;
  check(from.toString() === alice.address && to.toString() === dest.address && value.toBigInt() === amount, 'Transfer event carries from, to, amount');
}
check(finalised.events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)), 'ExtrinsicSuccess');
const { data } = await api.query.system.account.at(finalised.block, dest.address);
check(data.free.toBigInt() === amount, `receiver holds ${data.free.toString()}, want ${amount}`);
console.log(`transfer finalised in ${finalised.block}`);

// 5. The federation, as any client reads it from metadata.
const bob = keyring.addFromUri('//Bob');
const devtown = (await api.query.cities.cities(0)).unwrap();
check(devtown.name.toUtf8() === 'Devtown', `city 0 is ${devtown.name.toUtf8()}, want Devtown`);
check(devtown.status.isActive && devtown.status.toString() === 'Active', `city 0 status ${devtown.status}`);
check(devtown.admin.toString() === alice.address, `city 0 admin ${devtown.admin}`);
check(devtown.treasury.toString() !== alice.address, 'city 0 has its own treasury account');
const council = await api.query.council.members();
check(council.length === 1 && council[0].toString() === alice.address, `council is ${council}`);
const validators = await api.query.session.validators();
check(validators.map(String).includes(alice.address), `validators are ${validators}`);
check(api.consts.cities.maxOfficialsPerRole.toNumber() > 0, 'cities constants are in metadata');

const appointed = await submit(api.tx.cities.appoint(0, 'Registrar', bob.address), alice);
check(appointed.error === null, `appoint failed: ${appointed.error}`);
check(appointed.events.some(({ event }) => api.events.cities.OfficialAppointed.is(event)), 'OfficialAppointed event');
const registrars = await api.query.cities.offices(0, 'Registrar');
check(registrars.map(String).includes(bob.address), `registrars are ${registrars}`);
const refused = await submit(api.tx.cities.appoint(0, 'Auditor', bob.address), bob);
check(refused.error === 'cities.NotCityAdmin', `a non-admin's appointment gave ${refused.error}, want cities.NotCityAdmin`);
console.log('federation: city, council, validators and offices read and changed');

// 6. A city budget through the treasury, from metadata alone.
const [charlie, dave, eve, ferdie] = ['//Charlie', '//Dave', '//Eve', '//Ferdie'].map((u) => keyring.addFromUri(u));
const works = { period: 2027, department: 0, category: 'CapitalWorks' };
const setup = await submit(api.tx.utility.batchAll([
  api.tx.cityTreasury.openLedger(0, { decimals: 2, approvalThreshold: 2, timeLockAbove: 10_000_000, timeLock: 10, proposalLifetime: 600 }),
  api.tx.cityTreasury.addDepartment(0, 'Works', keyring.addFromUri('//Two').address, [ferdie.address]),
  api.tx.cityTreasury.registerPayee(0, dave.address, 'Contractor'),
  api.tx.cityTreasury.adoptBudget(0, 2027, [[0, 'CapitalWorks', 3_000_000]], '0x' + '01'.repeat(32)),
]), alice);
check(setup.error === null, `treasury setup failed: ${setup.error}`);
check(setup.events.some(({ event }) => api.events.cityTreasury.BudgetAdopted.is(event)), 'BudgetAdopted event');
const [receipt, proposal] = await Promise.all([
  submit(api.tx.cityTreasury.recordReceipt(0, 2027, 'PropertyTax', 5_000_000, { Company: 'EE10137025' }, '0x' + '02'.repeat(32)), bob),
  submit(api.tx.cityTreasury.proposePayment(0, works, dave.address, 1_200_000, 'resurfacing', '0x' + '03'.repeat(32)), ferdie),
]);
check(receipt.error === null && proposal.error === null, `receipt/proposal failed: ${receipt.error} ${proposal.error}`);
const notTreasurer = await submit(api.tx.cityTreasury.approvePayment(0, 0), eve);
check(notTreasurer.error === 'cityTreasury.NotTreasurer', `the Auditor's approval gave ${notTreasurer.error}, want cityTreasury.NotTreasurer`);
const approvals = await Promise.all([bob, charlie].map((t) => submit(api.tx.cityTreasury.approvePayment(0, 0), t)));
check(approvals.every((a) => a.error === null), `approvals failed: ${approvals.map((a) => a.error)}`);
check(approvals.some((a) => a.events.some(({ event }) => api.events.cityTreasury.PaymentExecuted.is(event))), 'PaymentExecuted event');
check((await api.query.cityTreasury.balances(0, dave.address)).toBigInt() === 1_200_000n, 'Dave holds the payment');
const report = (await api.call.cityTreasuryApi.budgetReport(0, 2027)).unwrap();
const line = report.departments[0].lines[0];
check(report.departments[0].name.toUtf8() === 'Works', `department ${report.departments[0].name.toUtf8()}`);
check(line.category.toString() === 'CapitalWorks' && line.appropriated.toBigInt() === 3_000_000n && line.spent.toBigInt() === 1_200_000n && line.committed.toBigInt() === 0n,
  `report line ${JSON.stringify(line.toJSON())}`);
check(report.revenue[0].amount.toBigInt() === 5_000_000n, `revenue ${JSON.stringify(report.revenue.toJSON())}`);
const history = await api.call.cityTreasuryApi.lineHistory(0, works);
check(history.length === 3 && history[2].change.isPaymentExecuted, `history ${JSON.stringify(history.toJSON())}`);
console.log('treasury: budget, receipt, approved payment and report read through metadata');

const typeWarnings = warnings.filter((w) => /unknown|Unable to (map|resolve)|not found/i.test(w));
check(typeWarnings.length === 0, `no unknown-type warnings (${typeWarnings.join('; ')})`);

await api.disconnect();
console.log(`polkadotjs: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
