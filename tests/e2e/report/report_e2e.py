#!/usr/bin/env python3
"""End-to-end tests of `cordon report`, running the real executable.

  report_e2e.py --cordon BIN --build-dir DIR --manifest manifest.yaml CHECK

CHECK is one of:
  samples     scan four sample titles, run four under `cordon run --profile
              air-gapped --audit` (three of them scanned, plus clean_ping,
              which the scan did not cover), join both with manifest.yaml and
              assert the exact join: every endpoint's status, vendor,
              declaration and evidence (cross-checked against the scan report
              and the audit log), every flow, the other events, the summary,
              the exit status; the text and HTML renderings; determinism;
              each input alone
  server-events  a loopback server title under `cordon run --audit`: its
              listen, accept, setsockopt and socket lines are all read
  repeats     626 identical denied netlink sockets and a broadcast under
              `cordon run`: one line each in the log, one folded row each in
              the exit summary and the report (count, first and last time)
  bad-input   missing, empty, broken, wrongly shaped, deeply nested and huge
              inputs, a bad audit line, a truncated last line, a bad manifest,
              an unwritable -o: one error line naming the input, exit 2; an
              event kind a newer cordon writes: kept with one warning
  injection   hostile strings (markup, script, SVG breakouts, terminal escape
              sequences, bidi controls) in every field of a scan report and an
              audit log: the HTML holds only our own elements and attributes,
              the text no control characters, the JSON the strings verbatim

The samples are only ever run inside cordon's air-gapped sandbox (an empty
network namespace). Exit status: 0 pass, 1 fail, 77 skip (no sandbox here).
"""

import argparse
import base64
import hashlib
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

FAILURES = []
SCANNED = ["xbox_global_tcp", "fingerprint_udp", "clean_dead_url", "psn_to_playfab"]
RUN = ["xbox_global_tcp", "fingerprint_udp", "clean_dead_url", "clean_ping"]


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message)


def check(condition, message):
    if not condition:
        fail(message)
    return condition


def check_equal(got, want, what):
    if got != want:
        fail(f"{what}:\n  got  {json.dumps(got, sort_keys=True)}\n  want {json.dumps(want, sort_keys=True)}")


def sample(title):
    return f"samples/bin/O0/{title}-O0"


class Cordon:
    def __init__(self, binary, cwd):
        self.binary = binary
        self.cwd = cwd

    def __call__(self, args, timeout=120):
        return subprocess.run([self.binary] + args, cwd=self.cwd, capture_output=True,
                              check=False, timeout=timeout)

    def report(self, args, want_status, what):
        run = self(["report"] + args)
        check(run.returncode == want_status,
              f"{what}: cordon report {' '.join(args)}: exit {run.returncode}, want {want_status}; "
              f"stderr: {run.stderr.decode(errors='replace')[:1000]}")
        return run


# --- samples ---------------------------------------------------------------

def make_inputs(cordon, tmp):
    """Scans SCANNED into scan.json and runs RUN into run.jsonl; None to skip."""
    scan = os.path.join(tmp, "scan.json")
    run = cordon(["scan", "--format", "json", "-o", scan] + [sample(t) for t in SCANNED], 300)
    if not check(run.returncode in (0, 1), f"cordon scan: exit {run.returncode}: "
                 f"{run.stderr.decode(errors='replace')[:1000]}"):
        return None
    audit = os.path.join(tmp, "run.jsonl")
    for title in RUN:
        run = cordon(["run", "--profile", "air-gapped", "--audit", audit, "--timeout", "60", "--",
                      sample(title)])
        if run.returncode == 125:
            print("SKIP: the sandbox cannot be set up here: " + run.stderr.decode(errors="replace"))
            sys.exit(77)
        check(run.returncode == 0, f"cordon run {title}: exit {run.returncode}: "
              f"{run.stderr.decode(errors='replace')[:1000]}")
    return scan, audit


def project_run(run):
    if run is None:
        return None
    return {"events": run["events"], "kinds": run["kinds"], "verdicts": run["verdicts"],
            "rules": run["rules"], "ports": run["ports"], "addresses": run["addresses"],
            "hosts": run["hosts"], "pid_count": run["pid_count"],
            "exes": [os.path.basename(e) for e in run["exes"]]}


def project_endpoint(e):
    scan = e["scan"]
    return {"endpoint": e["endpoint"], "status": e["status"], "vendor": e["vendor"],
            "vendor_entry": e["vendor_entry"], "declared": e["declared"],
            "declared_by": e["declared_by"], "host": e["host"], "address": e["address"],
            "port": e["port"],
            "scan": None if scan is None else {"spellings": scan["spellings"],
                                               "targets": scan["targets"]},
            "run": project_run(e["run"])}


def run_evidence(events, exe, ports, kind):
    return {"events": events, "kinds": {kind: events}, "verdicts": {"deny": events},
            "rules": ["air-gapped"], "ports": ports, "hosts": [], "pid_count": 1,
            "exes": [exe]}


def expected_endpoints():
    unknown = {"vendor": "unknown", "vendor_entry": None}
    return [
        dict(endpoint="192.0.2.10", status="matched", **unknown, declared=False,
             declared_by=None, host=None, address="192.0.2.10", port=None,
             scan={"spellings": ["192.0.2.10"], "targets": [sample("fingerprint_udp")]},
             run=dict(run_evidence(1, "fingerprint_udp-O0", [9999], "sendto"),
                      addresses=["192.0.2.10"])),
        dict(endpoint="192.0.2.50:9000", status="unpredicted", **unknown, declared=False,
             declared_by=None, host=None, address="192.0.2.50", port=9000, scan=None,
             run=dict(run_evidence(1, "clean_ping-O0", [9000], "sendto"),
                      addresses=["192.0.2.50"])),
        dict(endpoint="198.51.100.7", status="matched", **unknown, declared=True,
             declared_by="flows[0]: gamertag to the lobby server", host=None,
             address="198.51.100.7", port=None,
             scan={"spellings": ["198.51.100.7"], "targets": [sample("xbox_global_tcp")]},
             run=dict(run_evidence(1, "xbox_global_tcp-O0", [8443], "connect"),
                      addresses=["198.51.100.7"])),
        dict(endpoint="legacy.example-analytics.test:443", status="unexercised", **unknown,
             declared=False, declared_by=None, host="legacy.example-analytics.test",
             address=None, port=443,
             scan={"spellings": ["https://legacy.example-analytics.test/v0/collect"],
                   "targets": [sample("clean_dead_url")]}, run=None),
        dict(endpoint="title-1a2b.playfabapi.com:443", status="unexercised", vendor="microsoft",
             vendor_entry="playfab.api", declared=True, declared_by="flows[1]: PlayFab events",
             host="title-1a2b.playfabapi.com", address=None, port=443,
             scan={"spellings": ["https://title-1a2b.playfabapi.com/Event/WriteEvents"],
                   "targets": [sample("psn_to_playfab")]}, run=None),
    ]


# rule of each exfiltration path -> (status, observed, declared_by)
EXPECTED_FLOWS = {
    "os.posix.gethostname": ("exercised", ["192.0.2.10"], None),
    "os.posix.getifaddrs": ("exercised", ["192.0.2.10"], None),
    # The binary names the lobby server without a port: "198.51.100.7:8443"
    # declares the connection the run made, not the path (as the scan judges it).
    "xbox.xuser.get-gamertag": ("exercised", ["198.51.100.7"], None),
    "playstation.np.account-id": ("unexercised", [], "flows[1]: PlayFab events"),
}


def check_evidence(report, scan, audit_lines):
    """Finding ids, pids, first timestamps and lines agree with the inputs."""
    for e in report["endpoints"]:
        if e["scan"] is not None:
            want = sorted({f["id"] for f in scan["findings"]
                           if set(f["endpoints"]) & set(e["scan"]["spellings"])})
            check_equal(e["scan"]["findings"], want, f"{e['endpoint']}: finding ids")
            paths = [{"finding": f["id"], "kind": f["kind"],
                      "functions": [step["function"] for step in f["path"]]}
                     for f in sorted(scan["findings"], key=lambda f: f["id"])
                     if f["id"] in want and f["path"]]
            check_equal(e["scan"]["paths"], paths, f"{e['endpoint']}: call paths")
        if e["run"] is not None:
            line = audit_lines[e["run"]["first_line"] - 1]
            check_equal(e["run"]["first_ts"], line["ts"], f"{e['endpoint']}: first_ts")
            check_equal(e["run"]["pids"], [line["pid"]], f"{e['endpoint']}: pids")
            check_equal(e["run"]["exes"], [line["exe"]], f"{e['endpoint']}: exes")
            check(line["address"] in e["run"]["addresses"],
                  f"{e['endpoint']}: line {e['run']['first_line']} is not its event")


def check_samples_json(report, scan, audit_lines, args):
    check_equal([project_endpoint(e) for e in report["endpoints"]], expected_endpoints(),
                "endpoints")
    check_evidence(report, scan, audit_lines)

    paths = [f for f in scan["findings"] if f["kind"] == "exfiltration-path"]
    check_equal([f["finding"] for f in report["flows"]], paths,
                "flows: the scan's exfiltration paths, verbatim and in order")
    got = {f["finding"]["rule"]: (f["status"], f["observed"], f["declared_by"])
           for f in report["flows"]}
    check_equal({k: list(v) for k, v in got.items()},
                {k: list(v) for k, v in EXPECTED_FLOWS.items()}, "flows")
    for f in report["flows"]:
        check_equal(f["declared"], f["declared_by"] is not None, f"flow {f['finding']['rule']}")

    other = [(o["event"], o["family"], o["address"], o["verdict"], o["rule"], o["run"]["events"])
             for o in report["other"]]
    want_other = sorted([("exec", None, sample(t), "allow", "exec", 1) for t in RUN] +
                        # fingerprint_udp's getifaddrs: netlink route, which
                        # lists only the title's own loopback under air-gapped
                        [("bind", "netlink", None, "allow", "netlink", 1),
                         ("sendto", "netlink", None, "allow", "netlink", 2)])
    check_equal(other, want_other, "other run-time events")
    non_endpoint = [line for line in audit_lines
                    if line["event"] not in ("connect", "sendto", "sendmsg", "dns")
                    or line["family"] == "netlink"]
    check_equal(report["summary"]["other_events"], len(non_endpoint), "other_events")

    check_equal(report["summary"], {
        "endpoints": 5, "matched": 2, "unpredicted": 1, "unexercised": 2, "predicted": 0,
        "observed": 0, "undeclared": 3, "flows": 4, "flows_exercised": 3,
        "flows_unexercised": 1, "flows_no_endpoint": 0, "flows_undeclared": 3,
        "other_events": len(non_endpoint), "discrepancy": True}, "summary")
    check_equal(report["vendors"], [
        {"vendor": "microsoft", "endpoints": 1, "matched": 0, "unpredicted": 0,
         "unexercised": 1, "undeclared": 0, "events": 0},
        {"vendor": "unknown", "endpoints": 4, "matched": 2, "unpredicted": 1,
         "unexercised": 1, "undeclared": 3, "events": 3}], "vendors")
    inputs = report["inputs"]
    check_equal(inputs["scan"]["file"], "scan.json", "inputs.scan.file")
    check_equal([t["path"] for t in inputs["scan"]["targets"]], sorted(sample(t) for t in SCANNED),
                "inputs.scan.targets")
    check_equal(inputs["audit"], {"file": "run.jsonl", "events": len(audit_lines),
                                  "truncated_line": None, "profiles": ["air-gapped"]},
                "inputs.audit")
    check_equal(inputs["manifest"], {"file": args.manifest, "title": "report e2e title",
                                     "flows": 2}, "inputs.manifest")


def check_samples_text(text):
    for line in [
        "Seen at run time, not predicted by the scan (1)",
        "  192.0.2.50:9000  vendor unknown  UNDECLARED",
        "    run: 1 event (sendto 1; deny 1), port 9000, rule air-gapped",
        "Predicted by the scan, never seen at run time (2)",
        "  legacy.example-analytics.test:443  vendor unknown  UNDECLARED",
        "  title-1a2b.playfabapi.com:443  vendor microsoft (playfab.api)  declared by flows[1]: "
        "PlayFab events",
        "Not declared by the manifest (3)",
        "  192.0.2.50:9000  unpredicted, vendor unknown",
        "Predicted and seen at run time (2)",
        "  198.51.100.7  vendor unknown  declared by flows[0]: gamertag to the lobby server",
        "    run: 1 event (connect 1; deny 1), port 8443, rule air-gapped",
        "Flows the scan found (4)",
        "5 endpoints: 2 matched, 1 unpredicted, 2 unexercised, 3 undeclared; 4 flows: 3 exercised, "
        "1 unexercised, 0 without endpoint",
    ]:
        check(line in text.split("\n"), f"text report: no line {line!r}")
    order = [text.find(s) for s in ["not predicted by the scan", "never seen at run time",
                                    "Not declared", "Predicted and seen", "Flows the scan"]]
    check(order == sorted(order) and -1 not in order, f"text report: sections out of order {order}")


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table", "tr",
                "th", "td", "code", "span", "div", "b", "br", "ul", "li", "article", "svg", "g",
                "rect", "text", "tspan", "line", "path", "polygon", "section", "form", "label",
                "select", "option", "button", "strong", "thead", "tbody", "a", "script"}
ALLOWED_ATTRS = {"lang", "charset", "http-equiv", "content", "name", "class", "id", "xmlns",
                 "width", "height", "viewbox", "role", "aria-label", "x", "y", "rx", "fill",
                 "stroke", "stroke-dasharray", "font-family", "font-size", "font-weight", "x1",
                 "y1", "x2", "y2", "d", "points", "data-severity", "data-vendor", "data-status",
                 "data-sort", "hidden", "type", "value", "href", "text-anchor"}


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def check_html(page, flows, what):
    """Only our own markup; one inline SVG per flow, each well-formed XML."""
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        check(tag in ALLOWED_TAGS, f"{what}: unexpected element <{tag}>")
        for name, value in attrs:
            check(name in ALLOWED_ATTRS, f"{what}: unexpected attribute {name} on <{tag}>")
            if name == "href":
                check(value.startswith("#flow-"), f"{what}: a link out of the page: {value!r}")
    check(page.startswith("<!DOCTYPE html>"), f"{what}: not an HTML document")
    check("default-src 'none'" in page, f"{what}: no Content-Security-Policy")
    # Attribute names are checked above (no on*, href, src, style); their
    # values are quoted and escaped, so markup in a value stays a value.
    # One script, ours, allowed by its hash in the CSP and nothing else.
    check(page.lower().count("<script") == 1 and page.count("</script>") == 1,
          f"{what}: {page.lower().count('<script')} script elements, want 1")
    body = page.split("<script>", 1)[1].split("</script>", 1)[0] if "<script>" in page else ""
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    check(f"script-src 'sha256-{digest}'\"" in page,
          f"{what}: the CSP does not allow exactly the page's script")
    svgs = []
    start = 0
    while (start := page.find("<svg", start)) != -1:
        end = page.index("</svg>", start) + len("</svg>")
        svgs.append(page[start:end])
        start = end
    timelines = sum(1 for svg in svgs if 'class="timeline"' in svg)
    lanes = sum(1 for svg in svgs if 'class="lanes"' in svg)
    check_equal(len(svgs) - timelines - lanes, flows, f"{what}: one SVG graph per flow")
    check(timelines <= 1, f"{what}: {timelines} timelines")
    check(lanes == timelines, f"{what}: {lanes} lanes of folded attempts, {timelines} timelines")
    for svg in svgs:
        try:
            ET.fromstring(svg)
        except ET.ParseError as error:
            fail(f"{what}: an SVG is not well-formed XML: {error}")
    return parser


def check_scan_agrees(cordon, tmp, args):
    """Scanned with the manifest, the paths the scan allows as declared are
    exactly those the report, given the same manifest, calls declared."""
    run = cordon(["scan", "--format", "json", "--manifest", args.manifest, "-o", "declared.json"]
                 + [sample(t) for t in SCANNED], 300)
    if not check(run.returncode in (0, 1), f"cordon scan --manifest: exit {run.returncode}: "
                 f"{run.stderr.decode(errors='replace')[:1000]}"):
        return
    with open(os.path.join(tmp, "declared.json"), encoding="utf-8") as f:
        scan = json.load(f)
    allowed = {f["id"]: f["allowed"] and "declared in the manifest" in f["message"]
               for f in scan["findings"] if f["kind"] == "exfiltration-path"}
    report = json.loads(cordon.report(["--scan", "declared.json", "--manifest", args.manifest,
                                       "--format", "json"], 0, "scan with manifest").stdout)
    declared = {f["finding"]["id"]: f["declared"] for f in report["flows"]}
    check_equal(declared, allowed, "report declared == scan allowed by the manifest")
    check_equal(sorted(f["finding"]["rule"] for f in report["flows"] if f["declared"]),
                ["playstation.np.account-id"], "declared paths")


def check_samples(args):
    with tempfile.TemporaryDirectory(prefix="cordon-report-") as tmp:
        cordon = Cordon(args.cordon, tmp)
        for title in sorted(set(SCANNED + RUN)):
            if not os.path.exists(os.path.join(args.build_dir, sample(title))):
                print(f"SKIP: {sample(title)} is not built (cmake --build BUILD --target samples)")
                sys.exit(77)
            os.makedirs(os.path.join(tmp, "samples/bin/O0"), exist_ok=True)
            os.symlink(os.path.join(args.build_dir, sample(title)), os.path.join(tmp, sample(title)))
        made = make_inputs(cordon, tmp)
        if made is None:
            return
        with open(made[0], encoding="utf-8") as f:
            scan = json.load(f)
        with open(made[1], encoding="utf-8") as f:
            audit_lines = [json.loads(line) for line in f]
        inputs = ["--scan", "scan.json", "--audit", "run.jsonl", "--manifest", args.manifest]

        out = {}
        for fmt in ["json", "text", "html"]:
            first = cordon.report(inputs + ["--format", fmt], 1, f"samples {fmt}")
            again = cordon.report(inputs + ["--format", fmt], 1, f"samples {fmt} again")
            check(first.stdout == again.stdout, f"{fmt}: two runs differ")
            to_file = cordon.report(inputs + ["--format", fmt, "-o", f"report.{fmt}"], 1,
                                    f"samples {fmt} -o")
            check(to_file.stdout == b"", f"{fmt} -o: wrote to stdout too")
            with open(os.path.join(tmp, f"report.{fmt}"), "rb") as f:
                check(f.read() == first.stdout, f"{fmt}: -o FILE differs from stdout")
            check(first.stderr == b"", f"{fmt}: stderr {first.stderr[:500]!r}")
            out[fmt] = first.stdout.decode("utf-8")

        report = json.loads(out["json"])
        check_samples_json(report, scan, audit_lines, args)
        check_samples_text(out["text"])
        parser = check_html(out["html"], 4, "html")
        text = "".join(parser.text)
        for needle in ["192.0.2.50:9000", "title-1a2b.playfabapi.com:443", "flows[1]: PlayFab events",
                       "XUserGetGamertag (xbox identity)", "remember_player", "send_presence"]:
            check(needle in text, f"html: {needle!r} is not shown")

        check_scan_agrees(cordon, tmp, args)

        # Each input alone: nothing is judged against a missing side.
        only_scan = json.loads(cordon.report(["--scan", "scan.json", "--format", "json"], 0,
                                              "scan only").stdout)
        check_equal(sorted({e["status"] for e in only_scan["endpoints"]}), ["predicted"],
                    "scan only: statuses")
        check_equal({f["status"] for f in only_scan["flows"]}, {"not-run"}, "scan only: flows")
        check_equal({e["declared"] for e in only_scan["endpoints"]}, {None},
                    "scan only: nothing declared or undeclared without a manifest")
        only_audit = json.loads(cordon.report(["--audit", "run.jsonl", "--format", "json"], 0,
                                               "audit only").stdout)
        check_equal([(e["endpoint"], e["status"]) for e in only_audit["endpoints"]],
                    [("192.0.2.10:9999", "observed"), ("192.0.2.50:9000", "observed"),
                     ("198.51.100.7:8443", "observed")], "audit only: endpoints")
        cordon.report(["--audit", "run.jsonl", "--manifest", args.manifest], 1,
                      "audit and manifest: undeclared endpoints reached")


# --- server events -----------------------------------------------------------

# A title that serves on loopback in its own network namespace: listen,
# accept (allowed there), a rerouting socket option and a udev netlink
# socket (denied: the profiles name only netlink route). The real `cordon run` writes every one of these kinds.
SERVER_TITLE = """
import socket
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
client = socket.create_connection(server.getsockname())
peer, _ = server.accept()
peer.close(); client.close(); server.close()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    udp.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS, bytes([1, 1, 1, 1]))
except OSError:
    pass
try:
    socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)  # NETLINK_KOBJECT_UEVENT
except OSError:
    pass
"""


def run_python_title(cordon, tmp, name, source):
    """Runs a Python title under air-gapped with an audit log (skips where no
    sandbox can be set up): the run and the log's lines."""
    title = write(tmp, name, source)
    python = os.path.realpath(sys.executable)
    run = cordon(["run", "--profile", "air-gapped", "--audit", "run.jsonl", "--timeout", "60",
                  "--", python, os.path.join(tmp, title)])
    if run.returncode == 125:
        print("SKIP: the sandbox cannot be set up here: " + run.stderr.decode(errors="replace"))
        sys.exit(77)
    check(run.returncode == 0, f"cordon run {name}: exit {run.returncode}: "
          f"{run.stderr.decode(errors='replace')[:1000]}")
    with open(os.path.join(tmp, "run.jsonl"), encoding="utf-8") as f:
        return run, [json.loads(line) for line in f]


def check_server_events(args):
    with tempfile.TemporaryDirectory(prefix="cordon-report-server-") as tmp:
        os.chmod(tmp, 0o755)
        cordon = Cordon(args.cordon, tmp)
        run, lines = run_python_title(cordon, tmp, "server.py", SERVER_TITLE)
        kinds = {line["event"] for line in lines}
        for kind in ["listen", "accept", "setsockopt", "socket"]:
            check(kind in kinds, f"server run: no {kind!r} line in the audit log: {sorted(kinds)}")
        for fmt in ["json", "text", "html"]:
            report = cordon.report(["--audit", "run.jsonl", "--format", fmt], 0, f"server {fmt}")
            check(report.stderr == b"", f"server {fmt}: stderr {report.stderr[:500]!r}")
        report = json.loads(cordon(["report", "--audit", "run.jsonl", "--format", "json"]).stdout)
        check_equal(report["inputs"]["audit"]["events"], len(lines), "server: every line read")
        other = {(o["event"], o["verdict"]) for o in report["other"]}
        for want in [("listen", "allow"), ("accept", "allow"), ("setsockopt", "deny")]:
            check(want in other, f"server: {want} not among the other events {sorted(other)}")


# --- repeats ----------------------------------------------------------------

# A client that keeps opening netlink sockets (teeworlds: 626 in ten
# seconds) and tries one broadcast: the exit summary and the report fold the
# repeats into one group each; the log keeps a line per attempt.
REPEAT_TITLE = """
import socket
for _ in range(626):
    try:
        socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)  # udev, as SDL's hotplug
    except OSError:
        pass
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
try:
    udp.sendto(b"discover", ("255.255.255.255", 8303))
except OSError:
    pass
"""


def check_repeats(args):
    with tempfile.TemporaryDirectory(prefix="cordon-report-repeats-") as tmp:
        os.chmod(tmp, 0o755)
        cordon = Cordon(args.cordon, tmp)
        run, lines = run_python_title(cordon, tmp, "client.py", REPEAT_TITLE)
        netlink = [line for line in lines if line["event"] == "socket"
                   and line["family"] == "netlink"]
        check_equal(len(netlink), 626, "one audit line per netlink attempt")
        if not netlink:
            return
        first = min(line["ts"] for line in netlink)
        last = max(line["ts"] for line in netlink)
        pid, exe, rule = netlink[0]["pid"], netlink[0]["exe"], netlink[0]["rule"]
        summary = [line for line in run.stderr.decode(errors="replace").splitlines()
                   if line.startswith("cordon:   ")]
        check_equal(summary[0] if summary else None,
                    f"cordon:   626x deny socket netlink rule {rule}, pid {pid} {exe}, "
                    f"{first[11:23]} .. {last[11:23]} UTC", "exit summary: the folded row")
        check(any(line.startswith("cordon:   1x deny sendto inet 255.255.255.255:8303 ")
                  for line in summary), f"exit summary: no broadcast row in {summary}")
        check_equal(len(summary), 2, f"exit summary: one row per group: {summary}")

        report = json.loads(cordon.report(["--audit", "run.jsonl", "--format", "json"], 0,
                                          "repeats json").stdout)
        folded = [g for g in report["repeats"] if g["event"] == "socket"
                  and g["family"] == "netlink"]
        check_equal([(g["count"], g["pid"], g["first_ts"], g["last_ts"]) for g in folded],
                    [(626, pid, first, last)], "report: the folded netlink group")
        check_equal(sum(g["count"] for g in report["repeats"]), len(lines),
                    "report: every attempt is in one group")
        text = cordon.report(["--audit", "run.jsonl"], 0, "repeats text").stdout.decode()
        check(f"     626x deny socket netlink rule {rule}; pid {pid} {exe}; {first} .. {last}"
              in text, "text report: the folded row")
        page = cordon.report(["--audit", "run.jsonl", "--format", "html"], 0,
                             "repeats html").stdout.decode()
        check("&#215;626</text>" in page, "html: the folded lane's count")


# --- bad input --------------------------------------------------------------

GOOD_EVENT = {"ts": "2026-11-28T10:00:00.000001Z", "pid": 7, "exe": "/t/title",
              "event": "connect", "family": "inet", "address": "192.0.2.1", "port": 443,
              "host": "", "verdict": "deny", "rule": "air-gapped", "profile": "air-gapped"}
GOOD_SCAN = {"tool": {"name": "cordon", "version": "0"}, "profile": "zero-trust", "targets": [],
             "findings": []}


def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return name


def check_error(cordon, args, want, what):
    run = cordon.report(args, 2, what)
    lines = run.stderr.decode(errors="replace").splitlines()
    check(lines == ["cordon: error: " + want], f"{what}: stderr {lines}, want one line "
          f"{'cordon: error: ' + want!r}")
    check(run.stdout == b"", f"{what}: wrote a report anyway")


def check_bad_input(args):
    with tempfile.TemporaryDirectory(prefix="cordon-report-bad-") as tmp:
        cordon = Cordon(args.cordon, tmp)
        good_scan = write(tmp, "good.json", json.dumps(GOOD_SCAN))
        event = json.dumps(GOOD_EVENT)
        good_audit = write(tmp, "good.jsonl", event + "\n")

        check_error(cordon, [], "report: give --scan SCAN.json, --audit RUN.jsonl or both",
                    "no input")
        check_error(cordon, ["--scan", "missing.json"], "missing.json: no such file or directory",
                    "missing scan")
        check_error(cordon, ["--audit", "missing.jsonl"],
                    "missing.jsonl: no such file or directory", "missing audit")
        check_error(cordon, ["--scan", "."], ".: is a directory", "a directory")
        check_error(cordon, ["--scan", write(tmp, "empty.json", "")],
                    "empty.json: not a JSON document", "empty scan")
        check_error(cordon, ["--scan", write(tmp, "broken.json", '{"findings": [{"id": ')],
                    "broken.json: not a JSON document", "broken scan")
        check_error(cordon, ["--scan", write(tmp, "binary.json", bytes(range(256)) * 4)],
                    "binary.json: not a JSON document", "binary garbage")
        check_error(cordon, ["--scan", write(tmp, "shape.json", '{"findings": {}}')],
                    "shape.json: not a cordon scan report: no 'findings' array", "wrong shape")
        bad = dict(GOOD_SCAN, findings=[{"id": "x", "rule": "r", "severity": "high",
                                         "kind": "endpoint", "target": "t", "source": None,
                                         "sink": None, "endpoints": "not-a-list", "path": [],
                                         "confidence": "callgraph", "allowed": False,
                                         "message": ""}])
        check_error(cordon, ["--scan", write(tmp, "field.json", json.dumps(bad))],
                    "field.json:findings[0].endpoints: must be an array of strings",
                    "a mistyped field")
        check_error(cordon, ["--scan", write(tmp, "deep.json", "[" * 200000)],
                    "deep.json: JSON nested deeper than 64 levels", "deep nesting")
        huge = os.path.join(tmp, "huge.json")
        with open(huge, "wb") as f:
            f.truncate(65 << 20)  # sparse: no disk used
        check_error(cordon, ["--scan", "huge.json"],
                    f"huge.json: file is larger than the limit of {64 << 20} bytes", "huge scan")
        huge = os.path.join(tmp, "huge.jsonl")
        with open(huge, "wb") as f:
            f.truncate((1 << 30) + 1)
        check_error(cordon, ["--audit", "huge.jsonl"],
                    f"huge.jsonl: file is larger than the limit of {1 << 30} bytes", "huge audit")

        check_error(cordon, ["--audit", write(tmp, "line3.jsonl",
                                              event + "\n" + event + "\n{oops\n" + event + "\n")],
                    "line3.jsonl:3: not a JSON object", "a bad audit line")
        check_error(cordon, ["--audit", write(tmp, "field.jsonl",
                                              event + "\n" + event.replace('"port": 443',
                                                                           '"port": -443') + "\n")],
                    "field.jsonl:2: 'port' must be an integer 0..65535", "a bad port")
        check_error(cordon, ["--audit", write(tmp, "nul.jsonl", event + "\n\0\0\0\n" + event)],
                    "nul.jsonl:2: not a JSON object", "NUL bytes")
        check_error(cordon, ["--audit", good_audit, "--manifest",
                             write(tmp, "manifest.yaml", "flows:\n  - sink: send\n")],
                    "manifest.yaml:2:5: a flow needs a 'source'", "a bad manifest")
        check_error(cordon, ["--audit", good_audit, "--manifest", "missing.yaml"],
                    "missing.yaml: no such file or directory", "a missing manifest")
        check_error(cordon, ["--scan", good_scan, "-o", "."],
                    ".: cannot open the output file for writing", "an unwritable -o")

        # A run killed mid-line: the cut line is left out, said once, reported.
        cut = write(tmp, "cut.jsonl", event + "\n" + event[:50])
        run = cordon.report(["--audit", cut, "--format", "json"], 0, "a truncated last line")
        check_equal(run.stderr.decode().splitlines(),
                    ["cordon: warning: cut.jsonl:2: the last line is cut short (the run was "
                     "killed while writing it); it is left out"], "truncated: stderr")
        report = json.loads(run.stdout)
        check_equal(report["inputs"]["audit"]["truncated_line"], 2, "truncated_line")
        check_equal(report["inputs"]["audit"]["events"], 1, "events before the cut")
        check_equal(report["endpoints"][0]["endpoint"], "192.0.2.1:443", "the event kept")
        # A kind or family a newer cordon writes: kept, one warning per value.
        future = write(tmp, "future.jsonl", event + "\n" +
                       event.replace('"connect"', '"teleport"') + "\n" +
                       event.replace('"connect"', '"teleport"') + "\n")
        run = cordon.report(["--audit", future, "--format", "json"], 0, "an unknown event kind")
        check_equal(run.stderr.decode().splitlines(),
                    ["cordon: warning: future.jsonl:2: unknown event 'teleport' on 2 line(s), "
                     "not in this cordon's contract; kept as other activity"],
                    "unknown kind: stderr")
        report = json.loads(run.stdout)
        check_equal(report["inputs"]["audit"]["events"], 3, "unknown kind: every line read")
        check_equal([(o["event"], o["run"]["events"]) for o in report["other"]],
                    [("teleport", 2)], "unknown kind: kept as other activity")
        # CLI usage errors are exit 2 as well.
        run = cordon.report(["--format", "pdf", "--scan", good_scan], 2, "a bad --format")


# --- injection --------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "</text></svg><script>alert(4)</script>",
    "</style><script>alert(5)</script>",
    "<!--",
    "]]><iframe src=javascript:alert(6)>",
    "\x1b]0;owned\x07\x1b[2J\x1b[31mred",
    "\u202egnp.exe",
    "\u009b31m",
]


def hostile(i):
    return PAYLOADS[i % len(PAYLOADS)] + f"#{i}"


def hostile_scan():
    findings = []
    for i in range(len(PAYLOADS)):
        findings.append({
            "id": hostile(i), "rule": hostile(i + 1), "severity": "critical",
            "kind": "exfiltration-path", "target": hostile(i + 2),
            "source": {"api": hostile(i + 3), "platform": "playstation", "data": "identity"},
            "sink": {"api": hostile(i + 4), "vendor": "microsoft", "channel": "http"},
            "endpoints": [hostile(i + 5), f"https://h{i}.example.test/<script>x</script>"],
            "path": [{"function": hostile(i + 6), "address": "0x10", "file": hostile(i + 7),
                      "line": 3},
                     {"function": hostile(i + 8), "address": None, "file": None, "line": None}],
            "confidence": "dataflow", "allowed": False, "message": hostile(i + 9)})
    return {"tool": {"name": "cordon", "version": hostile(0)}, "profile": hostile(1),
            "targets": [{"path": hostile(2), "format": "elf", "arch": None, "sha256": hostile(3),
                         "status": "ok", "error": None,
                         "stats": {"functions": 0, "instructions": 0, "seconds": 0.0}}],
            "findings": findings}


def hostile_audit():
    lines = []
    for i in range(len(PAYLOADS)):
        lines.append(dict(GOOD_EVENT, ts=hostile(i), exe=hostile(i + 1), rule=hostile(i + 2),
                          profile=hostile(i + 3), host=hostile(i + 4), event="connect",
                          address=hostile(i + 5), port=1000 + i))
        lines.append(dict(GOOD_EVENT, event="dns", host=f"h{i}.example.test", port=0,
                          exe=hostile(i + 6)))
        lines.append(dict(GOOD_EVENT, event="exec", family="null", address=hostile(i + 7),
                          exe=hostile(i + 8), rule=hostile(i + 9)))
    return "".join(json.dumps(line) + "\n" for line in lines)


def check_injection(args):
    with tempfile.TemporaryDirectory(prefix="cordon-report-inject-") as tmp:
        cordon = Cordon(args.cordon, tmp)
        scan = write(tmp, "scan.json", json.dumps(hostile_scan()))
        audit = write(tmp, "run.jsonl", hostile_audit())
        manifest = write(tmp, "manifest.yaml",
                         'title: "<b>bold</b>\\u202e"\nflows:\n  - source: "*"\n'
                         '    reason: "</td><script>alert(9)</script>"\n'
                         '    endpoint: "*.example.test"\n')
        inputs = ["--scan", scan, "--audit", audit, "--manifest", manifest]

        page = cordon.report(inputs + ["--format", "html"], 1, "html").stdout.decode("utf-8")
        parser = check_html(page, len(PAYLOADS), "injection html")
        for bad in ["<script", "<img", "<iframe", "<svg onload", "<!--", "\u202e",
                    "\x1b", "\u009b"]:
            ours = page.split("<script>", 1)[0] + page.split("</script>", 1)[-1]
            check(bad not in ours, f"injection html: {bad!r} appears unescaped")
        shown = "".join(parser.text)
        check("<script>alert(1)</script>#0" in shown,
              "injection html: the hostile id is not shown as text")
        check("</td><script>alert(9)</script>" in shown,
              "injection html: the manifest reason is not shown as text")

        text = cordon.report(inputs, 1, "text").stdout.decode("utf-8")
        for bad in ["\x1b", "\x07", "\u202e", "\u009b"]:
            check(bad not in text, f"injection text: {bad!r} reaches the terminal")
        check("\\u{001b}]0;owned" in text, "injection text: escapes are not shown escaped")

        report = json.loads(cordon.report(inputs + ["--format", "json"], 1, "json").stdout)
        ids = sorted(f["finding"]["id"] for f in report["flows"])
        check_equal(ids, sorted(hostile(i) for i in range(len(PAYLOADS))),
                    "injection json: ids kept verbatim")
        check_equal(report["inputs"]["manifest"]["title"], "<b>bold</b>\u202e",
                    "injection json: title kept verbatim")
        exes = sorted(x for e in report["endpoints"] if e["run"] for x in e["run"]["exes"])
        check(hostile(1) in exes, "injection json: exe kept verbatim")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cordon", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("check", choices=["samples", "bad-input", "injection", "server-events",
                                          "repeats"])
    args = parser.parse_args()
    args.cordon = os.path.abspath(args.cordon)
    args.build_dir = os.path.abspath(args.build_dir)
    args.manifest = os.path.abspath(args.manifest)
    {"samples": check_samples, "bad-input": check_bad_input,
     "injection": check_injection, "server-events": check_server_events,
     "repeats": check_repeats}[args.check](args)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
