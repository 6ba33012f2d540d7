#!/usr/bin/env python3
"""Validate a SARIF file against the official SARIF 2.1.0 JSON schema, plus
the parts of cordon's SARIF the schema cannot require: a rule descriptor per
rule id used (with help and CWE tags), a level per result, the finding id as
partialFingerprints["cordonFindingId/v1"], and codeFlows for multi-step paths.

Usage: validate_sarif.py SCHEMA SARIF   (SARIF "-" reads stdin)
       validate_sarif.py SCHEMA --run PROGRAM [ARG...]   (validates its stdout)
Exit status: 0 valid, 1 invalid (each fault on stderr).
"""

import json
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("validate_sarif: python3-jsonschema is not installed (see ./setup)", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    with open(sys.argv[1], encoding="utf-8") as stream:
        schema = json.load(stream)
    if sys.argv[2] == "--run":
        run = subprocess.run(sys.argv[3:], capture_output=True, check=False)
        if run.returncode not in (0, 1):
            print(f"validate_sarif: {sys.argv[3]} exited {run.returncode}: "
                  f"{run.stderr.decode(errors='replace')}", file=sys.stderr)
            return 1
        text = run.stdout.decode("utf-8")
    elif sys.argv[2] == "-":
        text = sys.stdin.read()
    else:
        with open(sys.argv[2], encoding="utf-8") as stream:
            text = stream.read()
    doc = json.loads(text)
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    faults = [f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(doc)]
    if doc.get("version") != "2.1.0":
        faults.append("version is not 2.1.0")
    for run_index, run in enumerate(doc.get("runs", [])):
        driver = run["tool"]["driver"]
        for key in ("name", "version", "informationUri"):
            if key not in driver:
                faults.append(f"runs[{run_index}].tool.driver lacks {key}")
        rules = {r["id"]: r for r in driver.get("rules", [])}
        for rule in rules.values():
            if "help" not in rule or "shortDescription" not in rule:
                faults.append(f"rule {rule['id']}: no help or shortDescription")
            tags = rule.get("properties", {}).get("tags", [])
            if not any(t.startswith("external/cwe/cwe-") for t in tags):
                faults.append(f"rule {rule['id']}: no CWE tag")
        for i, result in enumerate(run.get("results", [])):
            where = f"runs[{run_index}].results[{i}]"
            if result.get("ruleId") not in rules:
                faults.append(f"{where}: ruleId {result.get('ruleId')} has no descriptor")
            elif driver["rules"][result["ruleIndex"]]["id"] != result["ruleId"]:
                faults.append(f"{where}: ruleIndex does not point at ruleId")
            if result.get("level") not in ("error", "warning", "note"):
                faults.append(f"{where}: level {result.get('level')}")
            if "cordonFindingId/v1" not in result.get("partialFingerprints", {}):
                faults.append(f"{where}: no partialFingerprints cordonFindingId/v1")
            if not result.get("locations"):
                faults.append(f"{where}: no locations")
    for fault in faults:
        print(fault, file=sys.stderr)
    if not faults:
        runs = doc.get("runs", [])
        print(f"valid SARIF 2.1.0: {sum(len(r.get('results', [])) for r in runs)} results")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
