"""Per-person selection probabilities: Civitas stratified panels against the
PyPI package sortition-algorithms, on the same pool and the same quotas.

For each scenario this script
  1. writes the pool and the quotas as CSV,
  2. runs the pallet's own selection (`Sortition::select`, through the ignored
     test `selection_counts_for_the_comparison_script`) for DRAWS seeds,
  3. asks sortition-algorithms for its exact Nash and maximin distributions
     over panels (marginal probability of each person) and runs its legacy
     algorithm LEGACY_RUNS times,
  4. prints, per stratum, the target quota/size and what each method gives,
     and checks that Civitas met every quota in every draw, that its
     frequencies are uniform within each stratum (chi-square, 0.999), and
     that they agree with the Nash marginals within sampling error.

Exit code 0 when every check passes, 1 otherwise.
"""

import contextlib
import io
import logging
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sortition_algorithms import Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    find_distribution_nash,
    find_random_sample_legacy,
    standardize_distribution,
)

DRAWS = int(os.environ.get("SORTITION_COMPARE_DRAWS", "20000"))
LEGACY_RUNS = int(os.environ.get("SORTITION_LEGACY_RUNS", "3000"))
REPO = Path(__file__).resolve().parents[2]
BANDS = ["16-29", "30-44", "45-64", "65+"]
NEIGHBOURHOODS = ["harbour", "old town", "hill", "mill"]


def make_pool():
    """200 residents in 4 neighbourhoods of unequal size; age bands drawn
    with a fixed seed, older in the smaller neighbourhoods."""
    rng = random.Random(2026)
    sizes = [80, 60, 40, 20]
    weights = [[4, 3, 2, 1], [3, 3, 2, 2], [2, 2, 3, 3], [1, 2, 3, 4]]
    pool = []
    for n, size in enumerate(sizes):
        for _ in range(size):
            band = rng.choices(range(4), weights[n])[0]
            pool.append((len(pool), n, band))
    return pool


def largest_remainder(sizes, seats):
    """Seats shared in proportion to sizes (Hamilton's method)."""
    total = sum(sizes.values())
    exact = {k: seats * v / total for k, v in sizes.items()}
    shares = {k: math.floor(x) for k, x in exact.items()}
    rest = sorted(exact, key=lambda k: exact[k] - shares[k], reverse=True)
    for k in rest[: seats - sum(shares.values())]:
        shares[k] += 1
    return shares


def scenarios(pool):
    cells = {}
    for _, n, b in pool:
        cells[(n, b)] = cells.get((n, b), 0) + 1
    return [
        (
            "A: 5 seats for each neighbourhood, whatever its size",
            "neighbourhood",
            {(n, None): 5 for n in range(4)},
        ),
        (
            "B: 20 seats shared among the 16 neighbourhood x age-band cells in proportion",
            "cell",
            largest_remainder(cells, 20),
        ),
        (
            "C: 5 seats for each age band",
            "age_band",
            {(None, b): 5 for b in range(4)},
        ),
    ]


def key_of(kind, n, b):
    """The stratum of a person for a scenario's kind."""
    return {"neighbourhood": (n, None), "age_band": (None, b), "cell": (n, b)}[kind]


def label(stratum):
    n, b = stratum
    parts = [NEIGHBOURHOODS[n] if n is not None else None, BANDS[b] if b is not None else None]
    return " / ".join(p for p in parts if p)


def civitas_counts(work, pool, kind, quotas):
    with open(work / "pool.csv", "w") as f:
        f.write("id,neighbourhood,age_band\n")
        for pid, n, b in pool:
            f.write(f"{pid},{n},{b}\n")
    with open(work / "quotas.csv", "w") as f:
        f.write("stratum,neighbourhood,age_band,seats\n")
        for (n, b), seats in quotas.items():
            if seats > 0:
                f.write(f"{kind},{n if n is not None else ''},{b if b is not None else ''},{seats}\n")
    env = dict(os.environ, SORTITION_COMPARE_DIR=str(work), SORTITION_COMPARE_DRAWS=str(DRAWS), SKIP_WASM_BUILD="1")
    cmd = [
        "cargo", "test", "--release", "--locked", "--quiet", "-p", "pallet-sortition", "--lib", "--",
        "--ignored", "--exact", "tests::selection_counts_for_the_comparison_script",
    ]
    print(f"   civitas: {DRAWS} panels through Sortition::select ({' '.join(cmd[:6])} ...)", flush=True)
    subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    counts = {}
    with open(work / "civitas-counts.csv") as f:
        next(f)
        for line in f:
            pid, selected = line.strip().split(",")
            counts[int(pid)] = int(selected)
    return counts


def sortition_algorithms(pool, kind, quotas, seats):
    """Nash and maximin marginals (exact) and legacy frequencies."""
    feature = {"neighbourhood": "neighbourhood", "age_band": "age_band", "cell": "cell"}[kind]
    value = lambda st: "-".join(str(x) for x in st if x is not None)  # noqa: E731
    body = [
        {"feature": feature, "value": value(st), "min": str(q), "max": str(q)}
        for st, q in quotas.items()
    ]
    # every value present in the pool needs a row; cells without seats get 0..0
    present = {key_of(kind, n, b) for _, n, b in pool}
    body += [{"feature": feature, "value": value(st), "min": "0", "max": "0"} for st in present - set(quotas)]
    people_rows = [{"id": f"p{pid}", feature: value(key_of(kind, n, b))} for pid, n, b in pool]
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet):
        features, _, _ = read_in_features(["feature", "value", "min", "max"], body, seats)
        people, _ = read_in_people(["id", feature], people_rows, features, Settings(id_column="id", columns_to_keep=[]))
        result = {}
        for name, find in (("nash", find_distribution_nash), ("maximin", find_distribution_maximin)):
            started = time.time()
            committees, probabilities, _ = find(features, people, seats, [], "highspy")
            committees, probabilities = standardize_distribution(committees, probabilities)
            marginal = {}
            for committee, p in zip(committees, probabilities):
                for member in committee:
                    marginal[member] = marginal.get(member, 0.0) + p
            result[name] = {pid: marginal.get(f"p{pid}", 0.0) for pid, _, _ in pool}
            result[name + "_seconds"] = time.time() - started
            result[name + "_panels"] = len(committees)
        started = time.time()
        legacy = {}
        for _ in range(LEGACY_RUNS):
            committees, _ = find_random_sample_legacy(people, features, seats, [], max_attempts=10)
            for member in committees[0]:
                legacy[member] = legacy.get(member, 0) + 1
        result["legacy"] = {pid: legacy.get(f"p{pid}", 0) / LEGACY_RUNS for pid, _, _ in pool}
        result["legacy_seconds"] = time.time() - started
    return result


def chi_square_critical(df):
    """0.999 quantile of chi-square (Wilson-Hilferty), as in the pallet's tests."""
    z = 3.090232
    a = 2.0 / (9.0 * df)
    return df * (1.0 - a + z * math.sqrt(a)) ** 3


def spread(values):
    return f"{sum(values) / len(values):.4f} [{min(values):.4f}, {max(values):.4f}]"


def main():
    pool = make_pool()
    print(f"pool: {len(pool)} residents, neighbourhoods of 80, 60, 40 and 20, four age bands")
    print(f"civitas draws per scenario: {DRAWS}; sortition-algorithms legacy runs: {LEGACY_RUNS}")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for title, kind, quotas in scenarios(pool):
            seats = sum(quotas.values())
            print(f"\n== scenario {title} ({seats} seats)")
            counts = civitas_counts(work, pool, kind, quotas)
            print("   sortition-algorithms: nash, maximin (exact marginals), legacy (sampled)", flush=True)
            sa = sortition_algorithms(pool, kind, quotas, seats)
            print(
                f"   took: nash {sa['nash_seconds']:.1f} s over {sa['nash_panels']} panels, "
                f"maximin {sa['maximin_seconds']:.1f} s over {sa['maximin_panels']} panels, "
                f"legacy {sa['legacy_seconds']:.1f} s"
            )
            members = {}
            for pid, n, b in pool:
                members.setdefault(key_of(kind, n, b), []).append(pid)
            print(
                f"   {'stratum':<20} {'size':>4} {'seats':>5} {'target':>7}   "
                f"{'civitas mean [min, max]':<26} {'SA nash [min, max]':<26} "
                f"{'SA maximin [min, max]':<26} {'SA legacy mean [min, max]':<26}"
            )
            worst_z = 0.0
            worst_gap = 0.0
            for stratum in sorted(members, key=lambda s: tuple(-1 if x is None else x for x in s)):
                ids = members[stratum]
                q = quotas.get(stratum, 0)
                target = q / len(ids)
                ours = [counts[i] / DRAWS for i in ids]
                print(
                    f"   {label(stratum):<20} {len(ids):>4} {q:>5} {target:>7.4f}   {spread(ours):<26} "
                    f"{spread([sa['nash'][i] for i in ids]):<26} {spread([sa['maximin'][i] for i in ids]):<26} "
                    f"{spread([sa['legacy'][i] for i in ids]):<26}"
                )
                if sum(counts[i] for i in ids) != q * DRAWS:
                    failures.append(f"{title}: {label(stratum)} did not get exactly {q} seats in every draw")
                if q == 0:
                    continue
                if q < len(ids):
                    expected = DRAWS * target
                    stat = sum((counts[i] - expected) ** 2 / expected for i in ids)
                    critical = chi_square_critical(len(ids) - 1)
                    if stat >= critical:
                        failures.append(f"{title}: {label(stratum)} chi-square {stat:.1f} >= {critical:.1f}")
                    sd = math.sqrt(target * (1 - target) / DRAWS)
                    worst_z = max(worst_z, max(abs(counts[i] / DRAWS - sa["nash"][i]) / sd for i in ids))
                worst_gap = max(worst_gap, max(abs(sa["nash"][i] - target) for i in ids))
            print(
                f"   civitas vs SA nash: largest gap {worst_z:.2f} standard errors of {DRAWS} draws; "
                f"SA nash vs quota/size: largest gap {worst_gap:.2e}"
            )
            if worst_z > 5.0:
                failures.append(f"{title}: civitas differs from the Nash marginals by {worst_z:.1f} standard errors")
    print()
    for failure in failures:
        print(f"FAIL {failure}")
    print("comparison: " + ("all checks passed" if not failures else f"{len(failures)} check(s) failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)
    sys.exit(main())
