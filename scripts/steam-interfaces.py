#!/usr/bin/env python3
"""Print the `interfaces:` section of rules/packs/steam-interfaces.yaml from a
Steamworks SDK's public/steam directory (its headers and steam_api.json).

Usage: scripts/steam-interfaces.py SDK_PUBLIC_STEAM_DIR REFERENCE_URL [CLASS...]

The method order is the order of the virtual declarations in the class's
header, which is the vtable order (GCC/Clang's Itanium ABI and MSVC alike for
classes without overloads split apart or virtual destructors). steam_api.json
lists the same methods in the same order but leaves out the ones inside
STEAM_PRIVATE_API(...) (ISteamUtils::GetCSERIPPort and RunFrame,
ISteamGameServer::InitGameServer, ...), which still take a slot: the script
keeps them and checks that every method steam_api.json names is there, in the
same relative order. The interface version strings come from steam_api.json.
"""
import json
import re
import sys
from pathlib import Path


def virtual_methods(header_text, cls):
    m = re.search(r"class\s+" + cls + r"\b[^;{]*\{", header_text)
    if not m:
        return None
    body = header_text[m.end():]
    body = body[: body.find("\n};")]
    body = re.sub(r"//.*", "", body)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    return re.findall(r"virtual\s+[^;(]*?\b(\w+)\s*\(", body)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sdk = Path(sys.argv[1])
    reference = sys.argv[2]
    wanted = sys.argv[3:]
    api = json.loads((sdk / "steam_api.json").read_text())
    headers = {p.name: p.read_text(errors="replace") for p in sdk.glob("*.h")}
    for iface in api["interfaces"]:
        cls = iface["classname"]
        version = iface.get("version_string")
        if not version or (wanted and cls not in wanted):
            continue
        methods = None
        for text in headers.values():
            methods = virtual_methods(text, cls)
            if methods:
                break
        published = [x["methodname"] for x in iface["methods"]]
        it = iter(methods or [])
        if not methods or not all(name in it for name in published):
            sys.exit(f"{cls}: header order and steam_api.json disagree")
        hidden = [m for m in methods if m not in published]
        print(f"  - id: steam.interface.{version.lower().replace('_', '-')}")
        print(f"    class: {cls}")
        print(f"    versions: [ {version} ]")
        lines, line = [], "    methods: [ "
        for i, name in enumerate(methods):
            item = name + (", " if i + 1 < len(methods) else " ]")
            if len(line) + len(item) > 96:
                lines.append(line.rstrip())
                line = "               "
            line += item
        lines.append(line)
        print("\n".join(lines))
        description = f"{cls} methods in vtable order (slot 0 first)"
        if hidden:
            description += (f"; {', '.join(hidden)} are not in steam_api.json"
                            " (STEAM_PRIVATE_API) but keep their slots")
        print(f"    description: {description}")
        print(f"    reference: {reference}")


if __name__ == "__main__":
    main()
