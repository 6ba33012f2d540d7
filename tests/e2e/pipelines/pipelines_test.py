#!/usr/bin/env python3
"""Runs the recipes of docs/pipelines.md on sample titles.

Each fenced block of the document is a recipe: the GitHub Actions workflow
and the GitLab CI job (YAML), the shell gate and the QA job (sh). In a fresh
"repository" whose build/linux holds sample titles, with the build tree's
cordon first in PATH:

- GitHub: the workflow parses; it uploads cordon.sarif with upload-sarif and
  keeps scan.json as the cordon-baseline artifact; its `run` steps that do
  not need the service (not checkout/install/gh/build) run in order: on a
  leaky build the gate step fails with 1 and the SARIF validates and carries
  automationDetails linux-x86_64/; with the first run's scan.json as
  baseline/scan.json a second run passes (0); a clean build passes.
- GitLab: the job parses, reports sast: gl-sast-report.json; its script
  runs: the GitLab report is written, the gate line exits 1 on the leaky
  build and 0 on a clean one.
- Shell gate: 1 on the leaky build, then --accept, then 0; 0 on a clean build;
  2 when a target cannot be scanned.
- QA job: runs a sample title under `cordon run` (air-gapped) and reports:
  report.html (with the run's timeline) and the audit log are written; the
  job's exit status is the report's verdict (0 for a title that reached
  nothing unaccounted for).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

FAILURES = []
LEAKY = ["psn_to_playfab", "xbox_global_tcp"]
CLEAN = ["clean_ping", "clean_dead_url"]
NEEDS_SERVICE = re.compile(r"apt-get|\bgh\b|build\.sh")


def check(ok, message):
    if not ok:
        FAILURES.append(message)
        print("FAIL:", message)
    return ok


def blocks(doc):
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r"^```(\w+)\n(.*?)^```$", open(doc).read(), re.M | re.S)]


def repo(args, titles, tmp, name):
    root = os.path.join(tmp, name)
    os.makedirs(os.path.join(root, "build", "linux"))
    for t in titles:
        shutil.copy(os.path.join(args.build_dir, "samples", "bin", "O0", f"{t}-O0"),
                    os.path.join(root, "build", "linux", t))
    return root


def env(args, tmp):
    path = os.path.join(tmp, "path")
    if not os.path.isdir(path):
        os.makedirs(path)
        os.symlink(os.path.abspath(args.cordon), os.path.join(path, "cordon"))
    return dict(os.environ, PATH=path + os.pathsep + os.environ["PATH"])


def sh(script, cwd, environment, what):
    r = subprocess.run(["sh", "-c", script], cwd=cwd, env=environment, capture_output=True,
                       text=True, timeout=300)
    print(f"--- {what}: exit {r.returncode}\n{r.stdout[-600:]}{r.stderr[-600:]}")
    return r.returncode


def github(args, text, tmp):
    workflow = yaml.safe_load(text)
    steps = next(iter(workflow["jobs"].values()))["steps"]
    uses = {s.get("uses", "").split("@")[0]: s for s in steps if "uses" in s}
    check(uses.get("github/codeql-action/upload-sarif", {}).get("with", {}).get("sarif_file") == "cordon.sarif",
          "GitHub: no upload-sarif of cordon.sarif")
    keep = uses.get("actions/upload-artifact", {}).get("with", {})
    check(keep.get("name") == "cordon-baseline" and keep.get("path") == "scan.json",
          "GitHub: the baseline is not kept as an artifact")
    check("security-events" in workflow.get("permissions", {}), "GitHub: no security-events permission")
    runnable = [s for s in steps if "run" in s and not NEEDS_SERVICE.search(s["run"])]
    check(len(runnable) >= 2, f"GitHub: {len(runnable)} runnable steps")

    def run_steps(root):
        status = 0
        for step in runnable:
            status = sh(step["run"], root, env(args, tmp), "GitHub: " + step.get("name", "?"))
            if status != 0:
                break
        return status

    leaky = repo(args, LEAKY, tmp, "gh-leaky")
    check(run_steps(leaky) == 1, "GitHub: the gate does not fail a leaky build with 1")
    sarif = json.load(open(os.path.join(leaky, "cordon.sarif")))
    schema = json.load(open(args.schema))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(sarif)) if "draft-07" in schema.get("$schema", "") \
        else list(jsonschema.validators.validator_for(schema)(schema).iter_errors(sarif))
    check(not errors, f"GitHub: the SARIF does not validate: {[e.message for e in errors[:3]]}")
    check(sarif["runs"][0]["automationDetails"]["id"] == "linux-x86_64/", "GitHub: automationDetails")
    check(sarif["runs"][0]["results"], "GitHub: no results for a leaky build")
    # Round trip: the kept baseline makes the same findings not new.
    os.makedirs(os.path.join(leaky, "baseline"))
    shutil.copy(os.path.join(leaky, "scan.json"), os.path.join(leaky, "baseline", "scan.json"))
    check(run_steps(leaky) == 0, "GitHub: with the baseline, the same build still fails")
    states = {r.get("baselineState") for r in json.load(open(os.path.join(leaky, "cordon.sarif")))["runs"][0]["results"]}
    check(states == {"unchanged"}, f"GitHub: baselineState {states}")
    check(run_steps(repo(args, CLEAN, tmp, "gh-clean")) == 0, "GitHub: a clean build fails")


def gitlab(args, text, tmp):
    job = next(iter(yaml.safe_load(text).values()))
    check(job["artifacts"]["reports"]["sast"] == "gl-sast-report.json", "GitLab: no sast report")
    for name, titles, want in (("gl-leaky", LEAKY, 1), ("gl-clean", CLEAN, 0)):
        root = repo(args, titles, tmp, name)
        status = 0
        for line in job["script"]:
            status = sh(line, root, env(args, tmp), "GitLab: " + line)
            if status != 0:
                break
        check(status == want, f"GitLab {name}: exit {status}, want {want}")
        report = json.load(open(os.path.join(root, "gl-sast-report.json")))
        severe = [v for v in report["vulnerabilities"] if v["severity"] in ("Critical", "High")]
        check(report["version"] == "15.0.7" and bool(severe) == (want == 1),
              f"GitLab {name}: {len(severe)} critical or high vulnerabilities")


def shell_gate(args, text, tmp):
    gate = os.path.join(tmp, "cordon-gate")
    with open(gate, "w") as out:
        out.write(text)
    os.chmod(gate, 0o755)
    leaky = repo(args, LEAKY, tmp, "gate-leaky")
    e = env(args, tmp)
    check(sh(f"{gate} build/linux", leaky, e, "gate leaky") == 1, "gate: a leaky build does not give 1")
    check(sh(f"{gate} --accept build/linux", leaky, e, "gate accept") == 0, "gate --accept failed")
    check(sh(f"{gate} build/linux", leaky, e, "gate leaky, baseline") == 0,
          "gate: with the accepted baseline the same build still fails")
    shutil.copy(os.path.join(args.build_dir, "samples", "bin", "O0", "fingerprint_udp-O0"),
                os.path.join(leaky, "build", "linux", "fingerprint_udp"))
    check(sh(f"{gate} build/linux", leaky, e, "gate, a new leak") == 1, "gate: a new leak passes")
    check(sh(f"{gate} build/linux", repo(args, CLEAN, tmp, "gate-clean"), e, "gate clean") == 0,
          "gate: a clean build fails")
    broken = repo(args, CLEAN, tmp, "gate-broken")
    with open(os.path.join(broken, "build", "linux", "truncated.exe"), "wb") as out:
        out.write(b"\x7fELF\x02\x01\x01" + b"\0" * 9)
    check(sh(f"{gate} build/linux", broken, e, "gate broken") == 2, "gate: a failed target is not 2")


def qa_job(args, text, tmp):
    script = os.path.join(tmp, "qa.sh")
    with open(script, "w") as out:
        out.write(text)
    # clean_ping only reaches its own loopback: nothing unaccounted for.
    for title, want in (("clean_ping", 0),):
        root = repo(args, [title], tmp, "qa-" + title)
        e = dict(env(args, tmp), TITLE=f"build/linux/{title}")
        status = sh(f"sh {script}", root, e, "QA " + title)
        if status == 125:
            print("SKIP: the sandbox cannot be set up here")
            sys.exit(77)
        check(status == want, f"QA {title}: exit {status}, want {want}")
        page = open(os.path.join(root, "report.html")).read()
        check(page.startswith("<!DOCTYPE html>") and "Run-time timeline" in page,
              f"QA {title}: report.html lacks the run")
        check(os.path.getsize(os.path.join(root, "run.jsonl")) > 0, f"QA {title}: no audit log")
    # A title whose network use the scan cannot see (it runs a helper that
    # connects): the report flags it.
    root = repo(args, ["xbox_global_tcp"], tmp, "qa-leaky")
    e = dict(env(args, tmp), TITLE="build/linux/xbox_global_tcp")
    status = sh(f"sh {script}", root, e, "QA xbox_global_tcp")
    check(status in (0, 1), f"QA xbox_global_tcp: exit {status}")
    report = subprocess.run([args.cordon, "report", "--scan", "scan.json", "--audit", "run.jsonl",
                             "--format", "json"], cwd=root, capture_output=True)
    joined = json.loads(report.stdout)
    check(status == (1 if joined["summary"]["discrepancy"] else 0),
          f"QA: the job's status {status} is not the report's verdict")
    check(joined["summary"]["flows"] >= 1, "QA: the leaky title's flows are not in the report")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cordon", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--doc", required=True)
    p.add_argument("--schema", required=True)
    args = p.parse_args()
    args.cordon = os.path.abspath(args.cordon)
    if not os.path.isdir(os.path.join(args.build_dir, "samples", "bin", "O0")):
        print("SKIP: the O0 samples were not built")
        return 77
    found = blocks(args.doc)
    kinds = [k for k, _ in found]
    check(kinds == ["yaml", "yaml", "sh", "sh"], f"docs/pipelines.md blocks: {kinds}")
    with tempfile.TemporaryDirectory() as tmp:
        github(args, found[0][1], tmp)
        gitlab(args, found[1][1], tmp)
        shell_gate(args, found[2][1], tmp)
        qa_job(args, found[3][1], tmp)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
