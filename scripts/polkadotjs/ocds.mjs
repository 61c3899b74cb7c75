// OCDS 1.1 export of a city's procurement, from chain data alone.
//
// Reads pallet-procurement's storage (tenders, bids, contracts), the city's
// name and ledger decimals and the blocks' timestamps through @polkadot/api
// with no custom types, and maps each tender to the releases of its Open
// Contracting process: planning + tender, award, contract, implementation,
// and cancellation or termination. Used by scripts/export-ocds.sh and by
// check.mjs; validate the output with scripts/ocds/validate.py.
//
// Usage: node ocds.mjs --url ws://127.0.0.1:9944 --city 0 [--out FILE]
//        [--currency EUR] [--ocid-prefix ocds-xxxxxx]
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/// What the chain holds about one city's procurement, with dates resolved.
export async function fetchCityProcurement(api, city) {
  const cityInfo = (await api.query.cities.cities(city)).unwrapOr(null);
  if (cityInfo === null) throw new Error(`no city ${city} on this chain`);
  const ledger = (await api.query.cityTreasury.ledgers(city)).unwrapOr(null);
  const decimals = ledger ? ledger.decimals.toNumber() : 0;

  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const bestTime = (await api.query.timestamp.now()).toNumber();
  const slot = (await api.call.auraApi.slotDuration()).toNumber();
  const dates = new Map();
  let estimated = 0;
  // A block's time: its timestamp when its state is available, otherwise
  // (future deadlines, pruned state) extrapolated from the best block.
  const dateOf = async (block) => {
    const n = Number(block);
    if (!dates.has(n)) {
      let ms = bestTime + (n - best) * slot;
      if (n <= best) {
        try {
          const hash = await api.rpc.chain.getBlockHash(n);
          ms = (await api.query.timestamp.now.at(hash)).toNumber();
        } catch { estimated++; }
      }
      dates.set(n, new Date(ms).toISOString());
    }
    return dates.get(n);
  };

  const tenders = [];
  for (const [key, value] of await api.query.procurement.tenders.entries()) {
    const tender = value.unwrap();
    if (tender.city.toNumber() !== city) continue;
    const id = key.args[0].toNumber();
    const bids = [];
    for (const [bidKey, bid] of await api.query.procurement.bids.entries(id)) {
      const b = bid.unwrap();
      const bidder = bidKey.args[1].toString();
      const supplier = (await api.query.procurement.suppliers(city, bidder)).unwrapOr(null);
      bids.push({
        bidder,
        registrationId: supplier ? supplier.registrationId.toUtf8() : null,
        sequence: b.sequence.toNumber(),
        committed: await dateOf(b.committedAt),
        revealed: b.revealed.isSome ? {
          price: b.revealed.unwrap().price.toBigInt(),
          document: b.revealed.unwrap().document.toHex(),
          date: await dateOf(b.revealed.unwrap().revealedAt),
        } : null,
        disqualified: b.disqualified.isTrue,
        bond: b.bondState.toString(),
      });
    }
    bids.sort((a, b) => a.sequence - b.sequence);
    const contractOpt = await api.query.procurement.contracts(id);
    let contract = null;
    if (contractOpt.isSome) {
      const c = contractOpt.unwrap();
      const milestones = [];
      for (const m of c.milestones) {
        // Pending and Cancelled carry nothing; the others carry a block.
        const at = typeof m.status.value.get === 'function' ? m.status.value.get('at') : undefined;
        milestones.push({
          amount: m.terms.amount.toBigInt(),
          description: m.terms.description.toHex(),
          status: m.status.type,
          date: at ? await dateOf(at) : null,
        });
      }
      contract = {
        supplier: c.supplier.toString(),
        price: c.price.toBigInt(),
        signed: await dateOf(c.signedAt),
        milestones,
        subcontracts: c.subcontracts.map((s) => ({ subcontractor: s.subcontractor.toString(), share: s.share.toNumber() })),
      };
    }
    const award = tender.award.isSome ? tender.award.unwrap() : null;
    tenders.push({
      id,
      title: tender.title.toUtf8(),
      officer: tender.officer.toString(),
      line: tender.line.toJSON(),
      specification: tender.specification.toHex(),
      estimatedValue: tender.estimatedValue.toBigInt(),
      awardRule: tender.awardRule.toJSON(),
      status: tender.status.type,
      statusReason: tender.status.isEmpty ? null : tender.status.value.toString(),
      published: await dateOf(tender.publishedAt),
      bidDeadline: await dateOf(tender.bidDeadline),
      revealDeadline: await dateOf(tender.revealDeadline),
      bids,
      award: award ? {
        supplier: award.supplier.toString(),
        price: award.price.toBigInt(),
        date: await dateOf(award.awardedAt),
        standstillEnd: await dateOf(award.standstillEnd),
      } : null,
      contract,
    });
  }
  tenders.sort((a, b) => a.id - b.id);
  return {
    genesis: api.genesisHash.toHex(),
    chain: (await api.rpc.system.chain()).toString(),
    city: { id: city, name: cityInfo.name.toUtf8(), treasury: cityInfo.treasury.toString() },
    decimals,
    now: new Date(bestTime).toISOString(),
    estimatedDates: estimated,
    tenders,
  };
}

const TENDER_STATUS = {
  Open: 'active', Awarded: 'complete', Contracted: 'complete', Completed: 'complete',
  Terminated: 'complete', Cancelled: 'cancelled', Unsuccessful: 'unsuccessful',
};

/// The OCDS 1.1 release package of `data` (from fetchCityProcurement).
export function releasePackage(data, { currency = null, ocidPrefix = 'ocds-civitas' } = {}) {
  const value = (credits) => {
    const v = { amount: Number(credits) / 10 ** data.decimals };
    if (currency) v.currency = currency;
    return v;
  };
  const buyer = { id: `city-${data.city.id}`, name: data.city.name };
  const org = (account, registrationId) => ({
    id: account,
    name: registrationId ?? account,
    ...(registrationId ? { identifier: { id: registrationId, legalName: registrationId } } : {}),
    additionalIdentifiers: [{ scheme: 'SS58', id: account }],
  });
  const releases = [];
  for (const t of data.tenders) {
    const ocid = `${ocidPrefix}-${data.genesis.slice(2, 10)}-${data.city.id}-${t.id}`;
    const registration = new Map(t.bids.map((b) => [b.bidder, b.registrationId]));
    const parties = [{ ...buyer, roles: ['buyer', 'procuringEntity', 'payer'] }];
    for (const b of t.bids) {
      const roles = ['tenderer'];
      if (t.award && t.award.supplier === b.bidder) roles.push('supplier', 'payee');
      parties.push({ ...org(b.bidder, b.registrationId), roles });
    }
    const ref = (account) => ({ id: account, name: registration.get(account) ?? account });
    const line = `${t.line.period}/${t.line.department}/${t.line.category}`;
    const tender = {
      id: `${ocid}-tender`,
      title: t.title,
      status: TENDER_STATUS[t.status] ?? 'active',
      procuringEntity: buyer,
      value: value(t.estimatedValue),
      procurementMethod: 'open',
      procurementMethodDetails: 'Sealed bids committed on chain and revealed after the deadline',
      awardCriteria: t.awardRule === 'LowestPrice' ? 'priceOnly' : 'ratedCriteria',
      awardCriteriaDetails: JSON.stringify(t.awardRule),
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: t.published, endDate: t.bidDeadline },
      awardPeriod: { startDate: t.bidDeadline, endDate: t.revealDeadline },
      numberOfTenderers: t.bids.length,
      tenderers: t.bids.map((b) => ref(b.bidder)),
      documents: [{ id: t.specification, documentType: 'technicalSpecifications', title: 'Specification (BLAKE2-256 of the document)' }],
    };
    const base = {
      ocid, initiationType: 'tender', language: 'en', buyer, parties,
      planning: { budget: { id: line, description: `Budget line ${line} of ${data.city.name}`, amount: value(t.estimatedValue) } },
      tender,
    };
    // The OCDS bid extension's shape: who bid what, as revealed.
    const bids = {
      bids: {
        details: t.bids.map((b) => ({
          id: `${ocid}-bid-${b.sequence}`,
          date: b.committed,
          status: b.disqualified ? 'disqualified' : b.revealed ? 'valid' : 'withdrawn',
          tenderers: [ref(b.bidder)],
          ...(b.revealed ? { value: value(b.revealed.price) } : {}),
        })),
      },
    };
    const release = (tag, date, extra) => ({ ...base, ...bids, id: `${ocid}-${tag}`, date, tag: [tag], ...extra });

    // At publication: no bids, no tenderers yet.
    const { tenderers, numberOfTenderers, ...published } = tender;
    releases.push({ ...base, id: `${ocid}-tender`, date: t.published, tag: ['tender'], tender: { ...published, status: 'active' } });
    // The chain keeps no block for a cancellation or termination: such a
    // release is dated by the export.
    if (t.status === 'Cancelled') releases.push(release('tenderCancellation', data.now, {}));
    if (t.status === 'Unsuccessful') releases.push(release('tenderUpdate', t.revealDeadline, {}));
    if (!t.award) continue;
    const award = {
      id: `${ocid}-award`,
      status: 'active',
      date: t.award.date,
      value: value(t.award.price),
      suppliers: [ref(t.award.supplier)],
    };
    releases.push(release('award', t.award.date, { awards: [award] }));
    if (!t.contract) continue;
    const c = t.contract;
    const paid = c.milestones.filter((m) => m.status === 'Paid');
    const contract = {
      id: `${ocid}-contract`,
      awardID: award.id,
      title: t.title,
      status: t.status === 'Contracted' ? 'active' : 'terminated',
      value: value(c.price),
      dateSigned: c.signed,
      milestones: c.milestones.map((m, i) => ({
        id: `${ocid}-milestone-${i}`,
        title: `Milestone ${i + 1}`,
        type: 'delivery',
        description: `Deliverable ${m.description}`,
        status: m.status === 'Paid' ? 'met' : m.status === 'Cancelled' ? 'notMet' : 'scheduled',
        ...(m.status === 'Paid' ? { dateMet: m.date } : {}),
      })),
      implementation: {
        transactions: paid.map((m) => ({
          id: `${ocid}-payment-${c.milestones.indexOf(m)}`,
          // A URI, as OCDS requires: the budget line's escrow on this chain.
          source: `urn:civitas:${data.genesis}:city:${data.city.id}:budget-line:${line.replaceAll('/', ':')}:escrow`,
          date: m.date,
          value: value(m.amount),
          payer: buyer,
          payee: ref(c.supplier),
        })),
      },
      // Declared subcontractors and their shares (percent of the contract).
      subcontracts: c.subcontracts,
    };
    releases.push(release('contract', c.signed, { awards: [award], contracts: [contract] }));
    if (paid.length > 0) {
      const last = paid.map((m) => m.date).sort().at(-1);
      releases.push(release('implementation', last, { awards: [award], contracts: [contract] }));
    }
    if (t.status === 'Terminated') {
      releases.push(release('contractTermination', data.now, { awards: [award], contracts: [contract] }));
    }
  }
  return {
    uri: `urn:civitas:${data.genesis}:city:${data.city.id}:procurement`,
    version: '1.1',
    publishedDate: data.now,
    publisher: { name: `${data.city.name} on ${data.chain}` },
    license: 'https://creativecommons.org/publicdomain/zero/1.0/',
    publicationPolicy: 'https://github.com/civitas-chain/civitas#procurement',
    releases,
  };
}

async function main() {
  const { ApiPromise, WsProvider } = await import('@polkadot/api');
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const url = opt('url', 'ws://127.0.0.1:9944');
  const city = Number(opt('city', 'NaN'));
  if (!Number.isInteger(city) || city < 0) {
    console.error('usage: node ocds.mjs --url WS --city ID [--out FILE] [--currency EUR] [--ocid-prefix P]');
    process.exit(2);
  }
  const out = opt('out', `ocds-city-${city}.json`);
  const api = await ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true, noInitWarn: true });
  try {
    const data = await fetchCityProcurement(api, city);
    const pkg = releasePackage(data, { currency: opt('currency', null), ocidPrefix: opt('ocid-prefix', 'ocds-civitas') });
    writeFileSync(out, JSON.stringify(pkg, null, 2));
    console.log(`export-ocds: ${data.tenders.length} tender(s) of ${data.city.name}, ${pkg.releases.length} release(s) -> ${out}`);
    if (data.estimatedDates > 0) {
      console.log(`export-ocds: ${data.estimatedDates} date(s) estimated from block numbers (state pruned: run the node with --state-pruning archive for exact dates)`);
    }
  } finally {
    await api.disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(`export-ocds: ${e.message}`); process.exit(1); });
}
