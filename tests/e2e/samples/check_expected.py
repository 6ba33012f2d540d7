#!/usr/bin/env python3
"""Check samples/expected.yaml against the sample titles that were built.

Structural checks (always): the file parses and follows the format its
header documents; it lists exactly the titles CMake builds; every title's
source file exists and names each source and sink API of its paths; every
variant binary exists (the cross variants when their directory exists).
With --packs DIR: every source and sink API named here is also named in a
rule pack under DIR (the names the scanner can match).

Exit status: 0 pass, 1 fail, 77 skip (no PyYAML).
"""

import argparse
import glob
import os
import sys

try:
    import yaml
except ImportError:
    print("SKIP: PyYAML is not installed for this Python")
    sys.exit(77)

SEVERITIES = {"critical", "high", "medium", "low", "info"}
PARTIES = {"playstation", "xbox", "microsoft", "steam", "epic", "nintendo", "apple", "os",
           "third-party", "unknown"}
DATA = {"identity", "social", "device", "telemetry", "location", "payment", "credentials"}
KINDS = {"exfiltration-path", "network-capability", "endpoint", "telemetry-sdk",
         "sensitive-source"}
VARIANTS = {"O0", "O2s", "static", "aarch64", "pe", "macho", "macho_arm64", "source"}
# Built where clang, ld64.lld and llvm-lipo are, for the C titles only.
MACHO_VARIANTS = {"macho", "macho_arm64"}
PATH_KEYS = {"source", "platform", "data", "sink", "severity", "allowed", "endpoint",
             "confidence_O0", "path_O0", "optional_in", "override"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expected", required=True)
    parser.add_argument("--titles-dir", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--titles", required=True, help="comma-separated titles CMake builds")
    parser.add_argument("--packs", help="rule pack directory to look the API names up in")
    args = parser.parse_args()

    errors = []
    with open(args.expected, encoding="utf-8") as stream:
        doc = yaml.safe_load(stream)
    if doc.get("version") != 1:
        errors.append("version: want 1")
    variants = doc.get("variants", {})
    if set(variants) != VARIANTS:
        errors.append(f"variants: want {sorted(VARIANTS)}, got {sorted(variants)}")
    formats = doc.get("variant_formats", {})
    if set(formats) != VARIANTS:
        errors.append(f"variant_formats: want {sorted(VARIANTS)}, got {sorted(formats)}")
    for variant, target in formats.items():
        if target.get("format") not in ("elf", "pe", "macho", "source") or \
                target.get("arch") not in ("x86_64", "aarch64", None):
            errors.append(f"variant_formats.{variant}: format/arch outside the contract")
    titles = doc.get("titles", {})
    built = set(args.titles.split(","))
    for missing in sorted(built - set(titles)):
        errors.append(f"{missing}: built by CMake but not in expected.yaml")
    for extra in sorted(set(titles) - built):
        errors.append(f"{extra}: in expected.yaml but not built by CMake")

    pack_text = ""
    if args.packs:
        for path in sorted(glob.glob(os.path.join(args.packs, "*.yaml"))):
            with open(path, encoding="utf-8") as stream:
                pack_text += stream.read()

    for name, title in sorted(titles.items()):
        where = f"{name}"
        source_path = os.path.join(args.titles_dir, title.get("file", ""))
        if not os.path.isfile(source_path):
            errors.append(f"{where}: file {source_path} not found")
            continue
        with open(source_path, encoding="utf-8") as stream:
            source_text = stream.read()
        paths = title.get("paths")
        if not isinstance(paths, list):
            errors.append(f"{where}: paths must be a list")
            continue
        if title.get("clean") is True and any(not p.get("allowed") for p in paths):
            errors.append(f"{where}: a clean title lists a path that is not allowed")
        if title.get("clean") is False and not paths:
            errors.append(f"{where}: a leaky title lists no path")
        for index, path in enumerate(paths):
            at = f"{where}.paths[{index}]"
            if set(path) - PATH_KEYS:
                errors.append(f"{at}: unknown keys {sorted(set(path) - PATH_KEYS)}")
            for key in ("source", "platform", "data", "sink", "severity", "allowed",
                        "endpoint", "confidence_O0", "path_O0"):
                if key not in path:
                    errors.append(f"{at}: missing {key}")
            if path.get("platform") not in PARTIES:
                errors.append(f"{at}: platform {path.get('platform')!r} not in the contract")
            if path.get("data") not in DATA:
                errors.append(f"{at}: data {path.get('data')!r} not in the contract")
            if path.get("severity") not in SEVERITIES:
                errors.append(f"{at}: severity {path.get('severity')!r} not in the contract")
            if (path.get("severity") == "info") != (path.get("allowed") is True):
                errors.append(f"{at}: allowed paths are info, and info paths allowed")
            if path.get("confidence_O0") not in ("dataflow", "any"):
                errors.append(f"{at}: confidence_O0 must be dataflow or any")
            for variant in path.get("optional_in", []):
                if variant not in VARIANTS:
                    errors.append(f"{at}: optional_in names unknown variant {variant}")
            for variant, fields in path.get("override", {}).items():
                if variant not in VARIANTS or not set(fields) <= PATH_KEYS:
                    errors.append(f"{at}: bad override for {variant}")
            apis = [path.get("source"), path.get("sink")]
            apis += [fields.get("source") for fields in path.get("override", {}).values()]
            for api in filter(None, apis):
                if api.split("::")[-1] not in source_text:
                    errors.append(f"{at}: {source_path} never names {api}")
                if args.packs and api not in pack_text:
                    errors.append(f"{at}: no rule pack in {args.packs} names {api}")
            for function in path.get("path_O0", []):
                if function not in source_text:
                    errors.append(f"{at}: path_O0 function {function} not in {source_path}")
        for entry in title.get("also", []):
            if entry.get("kind") not in KINDS:
                errors.append(f"{where}.also: kind {entry.get('kind')!r} not in the contract")
        for kind in title.get("absent_kinds", []):
            if kind not in KINDS:
                errors.append(f"{where}.absent_kinds: {kind!r} not in the contract")

        for variant, pattern in variants.items():
            if variant == "source":
                continue
            binary = os.path.join(args.build_dir, pattern.format(title=name))
            if binary.endswith("]"):  # a slice of a universal file: the file
                binary = binary[:binary.rindex("[")]
            source_file = title.get("file", "")
            if variant in MACHO_VARIANTS and not source_file.endswith((".c", ".m")):
                continue
            if variant not in MACHO_VARIANTS and source_file.endswith(".m"):
                continue  # Objective-C titles: Apple platforms only
            optional = variant in ("aarch64", "pe") or variant in MACHO_VARIANTS
            if optional and not os.path.isdir(os.path.dirname(binary)):
                continue
            if not os.path.isfile(binary):
                errors.append(f"{where}: variant {variant} binary {binary} not built")

    for error in errors:
        print(f"FAIL: {error}")
    if errors:
        return 1
    print(f"PASS: {len(titles)} titles consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
