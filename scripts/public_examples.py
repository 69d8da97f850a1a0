#!/usr/bin/env python3
"""Every example file of KTAB, decide-exchange-model and the GENIUS/NegMAS collections, read.

The files themselves are not redistributed here (licences: KTAB MIT, decide GPL-3.0, NegMAS
AGPL-3.0 with GENIUS's domains); ``scripts/public_examples.tsv`` lists each one — repository,
commit, path, SHA-256, what it is and what reading it must give. This script checks a local
copy of the repositories against that list and reads every file with Accord:

- ``scenario``: a KTAB or decide file, a GENIUS domain (read with its profiles beside it) or a
  GeniusWeb profile — must load;
- ``folder``: a GeniusWeb domain file — its folder (domain and profiles) must load;
- ``profile``: a GENIUS profile — must be among the profiles its domain loaded;
- ``extra-profile``: a GENIUS profile beside a domain that names other profiles — read over
  that domain, it must give what the list says (``loads`` or ``refused``);
- ``orphan``: a GENIUS profile with no domain beside it (a set-up that takes the domain from
  another folder) — only its checksum is checked;
- ``refused``: a file that is not a usable scenario (not well-formed in a way GENIUS's own
  parser also rejects, a template without numbers, another model's input, another tool's
  output) — must be refused with an Accord error that names the file, never a traceback.

Each read is timed; the slowest are printed.

    python scripts/public_examples.py check [--mirrors /work/.mirror]

reads each repository from ``MIRRORS/OWNER+NAME/repo`` (a git directory, as the search tool's
``fetch`` leaves it) at the listed commit, copies the listed files into a temporary folder
(checksums verified) and reads them there. ``--copies DIR`` reads ``DIR/OWNER+NAME/PATH``
instead (a plain copy). ``write`` regenerates the list from the mirrors (run it after a
reader change, review every ``refused`` line it writes, and keep the reasons).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIST = Path(__file__).with_name("public_examples.tsv")
COLUMNS = ("repository", "commit", "path", "sha256", "kind", "reason")

# What to read from each repository: every scenario-like file of its examples and test data.
SELECT = {
    "lsyaseen/KTAB": r"^(examples/[^/]+/doc|KTAB/kmodel/doc)/[^/]+\.(csv|xml)$",
    "foarsitter/decide-exchange-model": r"^data/.*\.(csv|txt)$",
    "yasserfarouk/negmas": r"^(tests/data|src/negmas/tests/data|"
                           r"external/genius10\.4/src/main/resources/genius/templates)/.*\.(xml|json)$",
}


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True,
                          capture_output=True).stdout


def mirror_of(mirrors: Path, repository: str) -> Path:
    return mirrors / repository.replace("/", "+") / "repo"


def root_tag(data: bytes) -> str | None:
    text = data[:4096].decode("utf-8", errors="replace")
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.S)
    m = re.search(r"<\s*([A-Za-z_][\w\-]*)", text)
    return m.group(1) if m else None


def kind_of(repository: str, path: str, data: bytes) -> tuple[str, str]:
    """(kind, reason) of a file by its content (see the module docstring)."""
    if path.endswith(".json"):
        if b"LinearAdditiveUtilitySpace" in data:
            return "scenario", ""
        if b'"issuesValues"' in data:
            return "folder", ""
        return "refused", "JSON that is neither a GeniusWeb profile nor a domain"
    if path.endswith(".xml") and repository.endswith("negmas"):
        tag = root_tag(data)
        if tag == "utility_space":
            return "profile", ""
        if tag == "negotiation_template":
            return "scenario", ""
        return "refused", f"not a GENIUS domain or profile (root element <{tag}>)"
    return "scenario", ""


# Why a file is refused, from Accord's message (or the file's path): every refusal in the list
# has one. A refusal no rule explains is written as "REVIEW: <message>" for a person to judge.
REASONS = [
    (r"profile of type 'nonlinear'", "its profiles are non-linear (ANAC 2014); Accord reads "
                                     "additive profiles only"),
    (r"profile of type 'constraint'", "a constraint profile (not additive) beside the domain"),
    (r"names its parties' profiles", "a GENIUS tournament set-up: the profiles it names live in "
                                     "another folder"),
    (r"evaluation: -", "a profile with a negative evaluation"),
    (r"a single value: nothing to negotiate", "integer issues with a single value (GENIUS's own "
                                              "test domain)"),
    (r"dCoord\[0\]: actor 'Alice': <dCoord> is empty", "an empty <dCoord> (line 32); KTAB's "
                                                       "own reader refuses it too"),
    (r"reformpri", "input of KTAB's reform-priority model, not an SMP scenario"),
    (r"no evaluation for", "profiles that evaluate only some of the domain's values (GENIUS "
                           "fails on the others too)"),
    (r"no item has an evaluation", "a blank template profile (no evaluations) beside the domain"),
    (r"kmodel/doc/dummyData_3Dim\.xml", "an Excel workbook (SpreadsheetML), not a scenario"),
    (r"copenhagen_with_errors", "decide's own example of a file with errors"),
    (r"evaluator\.parameter1: missing", "an issue of GENIUS's old type 'price' with no evaluator"),
    (r"is not UTF-8", "a latin-1 byte in a file that declares no other encoding than UTF-8"),
    (r"LaptopConv1D", "double quotes inside double-quoted attributes (not XML; NegMAS's own "
                      "conversion test output)"),
    (r"reservation\.value: -", "a negative reservation value (NegMAS's variant of the file; a "
                               "reservation is a utility in [0, 1])"),
]


def reason_for(path: str, message: str) -> str:
    for pattern, reason in REASONS:
        if re.search(pattern, message) or re.search(pattern, path):
            return reason
    return f"REVIEW: {message[:200]}"


# --- reading -------------------------------------------------------------------------------------


def read_one(target: Path) -> tuple[str, str, float]:
    """("loads" | "refused" | "crashed", message, seconds) of reading ``target`` with Accord."""
    import accord
    from accord.errors import AccordError

    t0 = time.perf_counter()
    try:
        accord.load(str(target))
        outcome, message = "loads", ""
    except AccordError as exc:
        outcome, message = "refused", str(exc)
    except Exception as exc:  # noqa: BLE001 - what this script exists to find
        outcome, message = "crashed", f"{type(exc).__name__}: {exc}"
    return outcome, message, time.perf_counter() - t0


def read_profile_against(profile: Path, domain: Path) -> tuple[str, str]:
    """("loads" | "refused" | "crashed", message) of reading a GENIUS profile over a domain."""
    from accord.errors import AccordError
    from accord.scenario.io.genius import read_domain, read_profile

    try:
        read_profile(profile, read_domain(domain))
        return "loads", ""
    except AccordError as exc:
        return "refused", str(exc)
    except Exception as exc:  # noqa: BLE001
        return "crashed", f"{type(exc).__name__}: {exc}"


def is_genius(row: dict) -> bool:
    return row["repository"].endswith("negmas") and row["path"].endswith(".xml") and \
        row["kind"] == "scenario"


def profiles_used(domain: Path) -> set[Path]:
    from accord.scenario.io.genius import find_genius_files

    return set(find_genius_files(domain)[1])


def materialise(rows: list[dict], mirrors: Path | None, copies: Path | None,
                into: Path) -> list[str]:
    """Write every listed file under ``into``; return the problems (missing, checksum)."""
    problems = []
    for row in rows:
        repo = row["repository"]
        if copies is not None:
            source = copies / repo.replace("/", "+") / row["path"]
            data = source.read_bytes() if source.exists() else None
        else:
            try:
                data = git(mirror_of(mirrors, repo), "cat-file", "blob",
                           f"{row['commit']}:{row['path']}")
            except subprocess.CalledProcessError:
                data = None
        if data is None:
            problems.append(f"missing: {repo} {row['path']}")
            continue
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            problems.append(f"checksum differs: {repo} {row['path']}")
            continue
        target = into / repo.replace("/", "+") / row["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return problems


def check(rows: list[dict], root: Path) -> int:
    failures, timings, used, outcomes = [], [], set(), {}
    counts = {"loads": 0, "refused": 0, "profile": 0}
    for row in rows:
        path = root / row["repository"].replace("/", "+") / row["path"]
        if row["kind"] in ("profile", "extra-profile", "orphan"):
            continue
        target = path.parent if row["kind"] == "folder" else path
        outcome, message, seconds = read_one(target)
        outcomes[(row["repository"], row["path"])] = outcome
        timings.append((seconds, row["path"]))
        expected = "refused" if row["kind"] == "refused" else "loads"
        if outcome != expected:
            failures.append(f"{row['repository']} {row['path']}: expected {expected}, got "
                            f"{outcome} {message[:200]}")
        elif outcome == "refused" and path.name not in message and path.parent.name not in message:
            failures.append(f"{row['repository']} {row['path']}: the message names no file: "
                            f"{message[:200]}")
        else:
            counts[outcome] += 1
        if outcome == "loads" and is_genius(row):
            used |= profiles_used(path)
    for row in rows:
        path = root / row["repository"].replace("/", "+") / row["path"]
        if row["kind"] == "extra-profile":
            expected, _, domain = row["reason"].partition(" against ")
            base = root / row["repository"].replace("/", "+")
            outcome, message = read_profile_against(path, base / domain)
            if outcome != expected or (outcome == "refused" and path.name not in message):
                failures.append(f"{row['repository']} {row['path']}: expected {expected} against "
                                f"{domain}, got {outcome} {message[:200]}")
            else:
                counts["profile"] += 1
        if row["kind"] != "profile":
            continue
        domain = row["reason"].removeprefix("with ")
        if path in used:
            counts["profile"] += 1
        elif outcomes.get((row["repository"], domain)) != "refused":
            failures.append(f"{row['repository']} {row['path']}: a profile its domain ({domain})"
                            " did not read")
    timings.sort(reverse=True)
    print(f"{len(rows)} files: {counts['loads']} load, {counts['profile']} profiles read with "
          f"their domains, {counts['refused']} refused as expected; {len(failures)} failures")
    print("slowest reads: " + ", ".join(f"{p} {s:.2f} s" for s, p in timings[:3]))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


# --- the list ------------------------------------------------------------------------------------


def read_list() -> list[dict]:
    with LIST.open(newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader((line for line in fh if not line.startswith("#")),
                                              delimiter="\t")]


def write_list(mirrors: Path) -> None:
    """Regenerate the list from the mirrors' newest commits, keeping reasons already written."""
    reasons = {(r["repository"], r["path"]): r["reason"] for r in read_list()
               if r["reason"] and not r["reason"].startswith("REVIEW")} if LIST.exists() else {}
    rows = []
    for repo, pattern in SELECT.items():
        m = mirror_of(mirrors, repo)
        commit = git(m, "rev-parse", "HEAD").decode().strip()
        for line in git(m, "ls-tree", "-r", "HEAD").decode().splitlines():
            meta, path = line.split("\t", 1)
            if not re.search(pattern, path):
                continue
            data = git(m, "cat-file", "blob", meta.split()[2])
            kind, reason = kind_of(repo, path, data)
            rows.append({"repository": repo, "commit": commit, "path": path,
                         "sha256": hashlib.sha256(data).hexdigest(), "kind": kind,
                         "reason": reasons.get((repo, path), reason)})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        materialise(rows, mirrors, None, root)
        owner: dict[tuple[str, str], str] = {}  # a GENIUS profile → the first domain reading it
        for row in rows:
            if is_genius(row):
                base = root / row["repository"].replace("/", "+")
                try:
                    for p in profiles_used(base / row["path"]):
                        owner.setdefault((row["repository"], str(p.relative_to(base))),
                                         row["path"])
                except Exception:  # noqa: BLE001 - the domain's own refusal is recorded below
                    pass
        domains_in: dict[tuple[str, str], str] = {}
        for row in rows:
            if is_genius(row):
                domains_in.setdefault((row["repository"], str(Path(row["path"]).parent)),
                                      row["path"])
        for row in rows:
            if row["kind"] != "profile":
                continue
            domain = owner.get((row["repository"], row["path"]))
            beside = domains_in.get((row["repository"], str(Path(row["path"]).parent)))
            if domain:
                row["reason"] = f"with {domain}"
            elif beside:  # the domain names other profiles, or is over other issues
                row["kind"] = "extra-profile"
                base = root / row["repository"].replace("/", "+")
                outcome, _ = read_profile_against(base / row["path"], base / beside)
                row["reason"] = f"{outcome} against {beside}"
            else:
                row["kind"] = "orphan"
                row["reason"] = "no domain beside it (the set-up takes one from another folder)"
        for row in rows:  # a file the reader refuses is listed as refused; review each one
            if row["kind"] in ("scenario", "folder"):
                path = root / row["repository"].replace("/", "+") / row["path"]
                outcome, message, _ = read_one(path.parent if row["kind"] == "folder" else path)
                if outcome != "loads":
                    row["kind"] = "refused"
                    message = message.replace(str(root) + "/", "")
                    row["reason"] = row["reason"] or reason_for(row["path"], message)
                    if outcome == "crashed":
                        row["reason"] = f"REVIEW: crashed: {message[:200]}"
    with LIST.open("w", newline="", encoding="utf-8") as fh:
        fh.write("# Public example files Accord must read (scripts/public_examples.py). "
                 "Files not redistributed.\n")
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {LIST}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("check", "write"))
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"),
                    help="folder of OWNER+NAME/repo git directories (the fetch tool's)")
    ap.add_argument("--copies", type=Path, default=None,
                    help="folder of OWNER+NAME/PATH plain copies instead of git mirrors")
    args = ap.parse_args(argv)
    if args.command == "write":
        write_list(args.mirrors)
        return 0
    rows = read_list()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        problems = materialise(rows, None if args.copies else args.mirrors, args.copies, root)
        for p in problems:
            print("FAIL", p)
        return check(rows, root) or (1 if problems else 0)


if __name__ == "__main__":
    sys.exit(main())
