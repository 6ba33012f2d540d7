#!/usr/bin/env python3
"""SARIF for GitHub code scanning and the GitLab SAST report, from the real cordon
on the sample titles.

github: the SARIF validates against the official 2.1.0 schema, and each
        property GitHub reads is right: rules with a numeric
        properties.security-severity matching their results' severity,
        precision, tags with "security" and CWE ids, helpUri = the rule's
        reference in the packs, help.markdown; results with
        partialFingerprints = the JSON finding id, locations relative to
        %SRCROOT% (--sarif-root, or the working directory) naming files that
        exist there, absolute file URIs outside it; automationDetails.id from
        --sarif-category, and distinct by default for two builds;
        baselineState against --baseline; allowed findings suppressed.
gitlab: the report meets the constraints of GitLab's SAST schema 15.0.7
        (gitlab_sast_15_0_7_constraints.json), one vulnerability per finding
        not allowed, the finding id as id and primary identifier, locations
        relative to the root.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message)


def scan(args, argv, cwd, status=(0, 1), env=None):
    r = subprocess.run([args.cordon, "scan"] + argv, cwd=cwd, capture_output=True, env=env)
    check(r.returncode in status, f"cordon scan {argv}: exit {r.returncode}: {r.stderr.decode()}")
    return r.stdout


def copy_tree(args, dest):
    """A 'repository': two platform builds of the sample titles."""
    src = os.path.join(args.build_dir, "samples", "bin")
    for build in ("O0", "pe"):
        if not os.path.isdir(os.path.join(src, build)):
            print(f"SKIP: {src}/{build} was not built")
            sys.exit(77)
        shutil.copytree(os.path.join(src, build), os.path.join(dest, "build", build))


def references(args):
    out = subprocess.run([args.cordon, "rules", "list", "--format", "json"], capture_output=True,
                         check=True).stdout
    return {e["id"]: e.get("reference", "") for e in json.loads(out)}


SEVERITY_SCORE = {"critical": 9.5, "high": 8.0, "medium": 5.5, "low": 3.0, "info": 0.0}


def test_github(args):
    schema = json.load(open(args.schema))
    refs = references(args)
    with tempfile.TemporaryDirectory() as repo:
        copy_tree(args, repo)
        # Finding ids hash the target path as given: the JSON scans name the
        # targets as the SARIF scans they are compared with do.
        findings = json.loads(scan(args, ["--format", "json", "--fail-on", "never", "build/O0"], repo))
        absolute = json.loads(scan(args, ["--format", "json", "--fail-on", "never",
                                          os.path.join(repo, "build/O0")], repo))
        by_id = {f["id"]: f for f in absolute["findings"]}
        check(by_id, "the JSON scan of build/O0 found nothing")
        elsewhere = tempfile.mkdtemp()
        try:
            # Run from elsewhere, naming the repository root: paths relative to it.
            raw = scan(args, ["--format", "sarif", "--fail-on", "never", "--sarif-root", repo,
                              "--sarif-category", "linux-x86_64", os.path.join(repo, "build/O0")],
                       elsewhere)
            # Without a root, from the repository: the working directory is the root.
            raw_cwd = scan(args, ["--format", "sarif", "--fail-on", "never", "build/O0"], repo)
            # A target outside the working directory stays absolute.
            raw_out = scan(args, ["--format", "sarif", "--fail-on", "never",
                                  os.path.join(repo, "build/O0")], elsewhere)
        finally:
            shutil.rmtree(elsewhere)
        raw_pe = scan(args, ["--format", "sarif", "--fail-on", "never", "build/pe"], repo)
        for name, text in [("--sarif-root", raw), ("cwd", raw_cwd), ("outside", raw_out), ("pe", raw_pe)]:
            doc = json.loads(text)
            v = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
            check(not errors, f"SARIF ({name}) does not validate: {errors[:3]}")
        doc = json.loads(raw)
        run = doc["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        check(run["automationDetails"]["id"] == "linux-x86_64/",
              f"automationDetails.id {run['automationDetails']['id']!r}, want 'linux-x86_64/'")
        cat_o0 = json.loads(raw_cwd)["runs"][0]["automationDetails"]["id"]
        cat_pe = json.loads(raw_pe)["runs"][0]["automationDetails"]["id"]
        check(cat_o0 != cat_pe and cat_o0.endswith("/") and cat_o0.startswith("cordon/"),
              f"default categories of two builds: {cat_o0!r}, {cat_pe!r}")
        check(cat_o0 == json.loads(scan(args, ["--format", "sarif", "--fail-on", "never", "build/O0/"],
                                        repo))["runs"][0]["automationDetails"]["id"],
              "the default category changes with a trailing '/'")
        base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        check(base == "file://" + os.path.realpath(repo) + "/" or base == "file://" + repo + "/",
              f"originalUriBaseIds %SRCROOT% {base!r}, want file://{repo}/")
        severities = {}
        for rule in rules:
            p = rule.get("properties", {})
            ss = p.get("security-severity")
            check(isinstance(ss, str) and 0.0 <= float(ss) <= 10.0,
                  f"rule {rule['id']}: security-severity {ss!r} is not a number string in 0-10")
            severity = rule["id"].rsplit("/", 1)[1]
            check(float(ss) == SEVERITY_SCORE[severity], f"rule {rule['id']}: security-severity {ss}")
            severities[rule["id"]] = severity
            check(p.get("precision") in ("very-high", "high", "medium", "low"),
                  f"rule {rule['id']}: precision {p.get('precision')!r}")
            check("security" in p.get("tags", []) and any(t.startswith("external/cwe/cwe-") for t in p["tags"]),
                  f"rule {rule['id']}: tags {p.get('tags')}")
            ref = refs.get(rule["name"], "")
            if ref.startswith("http"):
                check(rule.get("helpUri") == ref, f"rule {rule['id']}: helpUri {rule.get('helpUri')!r}, "
                      f"the pack's reference is {ref!r}")
            md = rule.get("help", {}).get("markdown", "")
            check(len(md) > 40 and rule["shortDescription"]["text"] in md,
                  f"rule {rule['id']}: help.markdown {md[:80]!r}")
            check(len(rule["shortDescription"]["text"]) <= 1024 and len(rule["fullDescription"]["text"]) <= 1024,
                  f"rule {rule['id']}: a description over 1024 characters")
        check(len({r['id'] for r in rules}) == len(rules), "duplicate rule ids")
        check(run["results"], "no results")
        for result in run["results"]:
            fid = result["partialFingerprints"].get("cordonFindingId/v1")
            check(fid in by_id, f"result fingerprint {fid} is not a JSON finding id")
            f = by_id.get(fid, {})
            check(result["ruleId"] == f.get("rule", "?") + "/" + f.get("severity", "?"),
                  f"result {fid}: ruleId {result['ruleId']}")
            check(rules[result["ruleIndex"]]["id"] == result["ruleId"], f"result {fid}: ruleIndex")
            check(severities.get(result["ruleId"]) == f.get("severity"),
                  f"result {fid}: its rule's severity is not the finding's")
            check(("suppressions" in result) == f.get("allowed", False),
                  f"result {fid}: suppressions {'missing' if f.get('allowed') else 'on a finding not allowed'}")
            loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
            check(loc.get("uriBaseId") == "%SRCROOT%" and not loc["uri"].startswith("/")
                  and ":" not in loc["uri"].split("/")[0],
                  f"result {fid}: location {loc} is not relative to %SRCROOT%")
            check(os.path.exists(os.path.join(repo, loc["uri"].replace("%20", " "))),
                  f"result {fid}: {loc['uri']} is not a file under the root")
        cwd_run = json.loads(raw_cwd)["runs"][0]
        for result in cwd_run["results"]:
            loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
            check(loc.get("uriBaseId") == "%SRCROOT%" and loc["uri"].startswith("build/O0/"),
                  f"without --sarif-root, from the repository: location {loc}")
        for result in json.loads(raw_out)["runs"][0]["results"]:
            loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
            check("uriBaseId" not in loc and loc["uri"].startswith("file:///"),
                  f"a target outside the working directory: location {loc}")
        # Baseline: one finding dropped from it is new, the others unchanged.
        ids = sorted(f["id"] for f in findings["findings"])
        base_doc = dict(findings, findings=[f for f in findings["findings"] if f["id"] != ids[0]])
        with open(os.path.join(repo, "base.json"), "w") as out:
            json.dump(base_doc, out)
        doc = json.loads(scan(args, ["--format", "sarif", "--fail-on", "never", "--baseline",
                                     "base.json", "build/O0"], repo))
        states = {r["partialFingerprints"]["cordonFindingId/v1"]: r.get("baselineState")
                  for r in doc["runs"][0]["results"]}
        check(states.get(ids[0]) == "new" and all(states[i] == "unchanged" for i in ids[1:]),
              f"baselineState: {states}")


def test_gitlab(args):
    constraints = json.load(open(args.gitlab_schema))
    with tempfile.TemporaryDirectory() as repo:
        copy_tree(args, repo)
        findings = json.loads(scan(args, ["--format", "json", "--fail-on", "never", "build"], repo))
        env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
        raw = scan(args, ["--format", "gitlab-sast", "--fail-on", "never", "build"], repo, env=env)
        doc = json.loads(raw)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in jsonschema.Draft7Validator(constraints).iter_errors(doc)]
        check(not errors, f"GitLab report breaks the 15.0.7 constraints: {errors[:3]}")
        check(doc["version"] == "15.0.7", f"version {doc['version']}")
        check(doc["scan"]["start_time"] == "2026-01-01T00:00:00", f"SOURCE_DATE_EPOCH: {doc['scan']}")
        check(raw == scan(args, ["--format", "gitlab-sast", "--fail-on", "never", "build"], repo, env=env),
              "two GitLab reports with one SOURCE_DATE_EPOCH differ")
        want = {f["id"]: f for f in findings["findings"] if not f["allowed"]}
        got = {v["id"]: v for v in doc["vulnerabilities"]}
        check(set(got) == set(want), f"{len(got)} vulnerabilities, {len(want)} findings not allowed")
        for fid, v in got.items():
            f = want.get(fid)
            if not f:
                continue
            check(v["identifiers"][0]["value"] == fid, f"{fid}: primary identifier {v['identifiers'][0]}")
            check(any(i["type"] == "cordon_rule" and i["value"] == f["rule"] for i in v["identifiers"]),
                  f"{fid}: no rule identifier")
            check(any(i["type"] == "cwe" for i in v["identifiers"]), f"{fid}: no CWE identifier")
            check(v["severity"] == f["severity"].capitalize(), f"{fid}: severity {v['severity']}")
            loc = v["location"]
            check(not loc["file"].startswith("/") and os.path.exists(os.path.join(repo, loc["file"])),
                  f"{fid}: location file {loc['file']!r} is not relative to the repository")
            if f["path"]:
                check(loc.get("method") == f["path"][-1]["function"], f"{fid}: method {loc.get('method')}")
        # A failed target: status failure and a message naming it.
        with open(os.path.join(repo, "broken.exe"), "wb") as out:
            out.write(b"MZ" + b"\0" * 10)
        doc = json.loads(scan(args, ["--format", "gitlab-sast", "build/O0", "broken.exe"], repo, status=(2,)))
        check(doc["scan"]["status"] == "failure" and any("broken.exe" in m["value"] for m in doc["scan"]["messages"]),
              f"a failed target: scan {doc['scan']}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cordon", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--schema", required=True)
    p.add_argument("--gitlab-schema", required=True)
    p.add_argument("check", choices=["github", "gitlab"])
    args = p.parse_args()
    args.cordon = os.path.abspath(args.cordon)
    {"github": test_github, "gitlab": test_gitlab}[args.check](args)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
