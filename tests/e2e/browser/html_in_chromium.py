#!/usr/bin/env python3
"""The HTML report of `cordon report --format html` in headless Chromium.

Makes a real report (a scan of sample titles, a run of three of them under
`cordon run --profile air-gapped --audit`, a manifest), opens it in Debian's
chromium inside its own network namespace (`unshare -n`: nothing is
reachable) and drives it over the DevTools protocol (--remote-debugging-pipe):

- every Network request is recorded: only the report's own file:// URL may
  be requested;
- console messages, exceptions and log entries (CSP violations included) of
  level error or warning fail the test;
- the rendered DOM must hold the summary cards, every table of the HTML
  (with its rows), one laid-out inline SVG path graph per flow and the
  run-time timeline SVG with its bars and first-contact markers;
- the filters (severity, vendor, status) hide exactly the rows that differ,
  and the column sorting orders rows;
- with script disabled, the page still shows every row and no filter form;
- a full-page screenshot is written (--screenshot) for people to look at;
- a separate `chromium --dump-dom` run shows the same rendered page.

Exit 77 only when chromium is not installed or cannot start here.
"""
import argparse
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

FAILURES = []
SCANNED = ["xbox_global_tcp", "fingerprint_udp", "clean_dead_url", "psn_to_playfab"]
RUN = ["xbox_global_tcp", "fingerprint_udp", "clean_ping"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--window-size=1280,900"]


def check(ok, message):
    if not ok:
        FAILURES.append(message)
        print("FAIL:", message)
    return ok


def skip(message):
    print("SKIP:", message)
    sys.exit(77)


def chromium_binary():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    skip("chromium is not installed (./setup installs Debian's chromium)")


def make_report(args, tmp):
    def cordon(argv, timeout=300):
        return subprocess.run([args.cordon] + argv, cwd=args.build_dir, capture_output=True,
                              timeout=timeout)
    scan = os.path.join(tmp, "scan.json")
    r = cordon(["scan", "--format", "json", "--fail-on", "never", "-o", scan] +
               [f"samples/bin/O0/{t}-O0" for t in SCANNED])
    if r.returncode != 0:
        sys.exit(f"cordon scan failed: {r.stderr.decode(errors='replace')}")
    audit = os.path.join(tmp, "run.jsonl")
    for title in RUN:
        r = cordon(["run", "--profile", "air-gapped", "--audit", audit, "--timeout", "60", "--",
                    f"samples/bin/O0/{title}-O0"])
        if r.returncode == 125:
            skip("the sandbox cannot be set up here: " + r.stderr.decode(errors="replace"))
        check(r.returncode == 0, f"cordon run {title}: exit {r.returncode}")
    page = os.path.join(tmp, "report.html")
    r = cordon(["report", "--scan", scan, "--audit", audit, "--manifest", args.manifest,
                "--format", "html", "-o", page])
    check(r.returncode in (0, 1), f"cordon report: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
    json_report = json.loads(cordon(["report", "--scan", scan, "--audit", audit, "--manifest",
                                     args.manifest, "--format", "json"]).stdout)
    return page, json_report


class DevTools:
    """Chromium's DevTools protocol over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, binary, profile, log):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            # Through spare numbers first: a pipe end may itself be 3 or 4.
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3, inheritable=True)
            os.dup2(b, 4, inheritable=True)
        # A network namespace of its own: the browser can reach nothing, its
        # own name lookups included.
        argv = ["unshare", "--net", "--", binary] + FLAGS + [
            f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        self.process = subprocess.Popen(argv, close_fds=False, preexec_fn=fds, stdout=log,
                                        stderr=log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise EOFError("chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read_message(deadline))
        except TimeoutError:
            pass


DOM_PROBE = r"""
(() => {
  const q = s => Array.from(document.querySelectorAll(s));
  const visible = e => !e.hidden && e.getClientRects().length > 0;
  const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return JSON.stringify({
    title: document.title,
    cards: q('#summary .card').map(c => c.textContent.trim()),
    inputs: q('#summary table tr').length,
    tables: q('table').map(t => ({cls: t.className, rows: t.tBodies.length ? t.tBodies[0].rows.length : t.rows.length,
                                  visible: t.tBodies.length ? Array.from(t.tBodies[0].rows).filter(visible).length : 0})),
    flowSvgs: q('article.flow svg.path').map(s => ({box: box(s), nodes: s.querySelectorAll('rect').length,
                                                   edges: s.querySelectorAll('line, path').length})),
    flows: q('article.flow').length,
    timeline: q('svg.timeline').map(s => ({box: box(s), bars: s.querySelectorAll('rect.bucket').length,
                                          markers: s.querySelectorAll('path.first-contact').length})),
    filterVisible: visible(document.getElementById('filters')),
    options: Object.fromEntries(['severity', 'vendor', 'status'].map(k =>
      [k, Array.from(document.querySelectorAll('#filters select[name=' + k + '] option')).map(o => o.value)])),
    filterable: q('.filterable').map(e => ({severity: e.getAttribute('data-severity'),
      vendor: e.getAttribute('data-vendor'), status: e.getAttribute('data-status'), visible: visible(e)})),
  });
})()
"""


def evaluate(tools, session, expression):
    result = tools.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                        session)
    if "exceptionDetails" in result:
        raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
    return result["result"].get("value")


def set_filter(tools, session, key, value):
    evaluate(tools, session, f"""(() => {{
      const f = document.getElementById('filters');
      f.elements[{json.dumps(key)}].value = {json.dumps(value)};
      f.dispatchEvent(new Event('change'));
    }})()""")
    return json.loads(evaluate(tools, session, DOM_PROBE))


def check_page(dom, report, what, scripted):
    flows = len(report["flows"])
    check(dom["title"] == "cordon report", f"{what}: title {dom['title']!r}")
    check(len(dom["cards"]) >= 5 and dom["inputs"] >= 3, f"{what}: the summary did not render: {dom['cards']}")
    tables = dom["tables"]
    statuses = {e["status"] for e in report["endpoints"]}
    want = {"flows": flows, "vendors": len(report["vendors"]), "other": len(report["other"])}
    for cls, n in want.items():
        got = next((t for t in tables if cls in t["cls"].split()), None)
        if n:
            check(got is not None and got["rows"] == n and got["visible"] == n,
                  f"{what}: table {cls}: {got}, want {n} rows all shown")
    endpoint_rows = sum(t["rows"] for t in tables if "endpoints" in t["cls"].split())
    check(endpoint_rows == len(report["endpoints"]),
          f"{what}: {endpoint_rows} endpoint rows over the status tables, want {len(report['endpoints'])}")
    check(sum(1 for t in tables if "endpoints" in t["cls"].split()) == len(statuses),
          f"{what}: one endpoint table per status ({statuses})")
    check(len(dom["flowSvgs"]) == flows and dom["flows"] == flows,
          f"{what}: {len(dom['flowSvgs'])} path graphs for {flows} flows")
    for svg in dom["flowSvgs"]:
        check(svg["box"][0] > 100 and svg["box"][1] > 20 and svg["nodes"] >= 3,
              f"{what}: a path graph is not laid out: {svg}")
    check(len(dom["timeline"]) == 1, f"{what}: {len(dom['timeline'])} run-time timelines")
    if dom["timeline"]:
        t = dom["timeline"][0]
        seen = sum(1 for e in report["endpoints"] if e["run"])
        check(t["box"][0] > 300 and t["box"][1] > 60 and t["bars"] >= 1 and t["markers"] == seen,
              f"{what}: timeline {t}, want bars and {seen} first-contact markers")
    check(dom["filterVisible"] == scripted, f"{what}: filter form shown: {dom['filterVisible']}")
    check(all(e["visible"] for e in dom["filterable"]), f"{what}: rows hidden before any filter")


def run_browser(args, binary, page, report, tmp):
    log = open(os.path.join(tmp, "chromium.log"), "wb")
    try:
        tools = DevTools(binary, os.path.join(tmp, "profile"), log)
        target = next(t for t in tools.send("Target.getTargets")["targetInfos"] if t["type"] == "page")
    except (EOFError, TimeoutError, StopIteration, OSError) as error:
        log.close()
        skip(f"chromium does not start here ({error}): {open(log.name, 'rb').read()[-800:]!r}")
    try:
        session = tools.send("Target.attachToTarget", {"targetId": target["targetId"],
                                                       "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            tools.send(f"{domain}.enable", {}, session)
        url = "file://" + page
        tools.send("Page.navigate", {"url": url}, session)
        tools.wait_for("Page.loadEventFired")
        tools.drain(1.0)
        dom = json.loads(evaluate(tools, session, DOM_PROBE))
        check_page(dom, report, "chromium", True)

        # Filters: each value of each key hides exactly the rows that differ.
        for key in ("severity", "vendor", "status"):
            values = [v for v in dom["options"][key] if v]
            present = {e[key] for e in dom["filterable"] if e[key] is not None}
            check(set(values) == present, f"filter {key}: options {values}, rows have {sorted(present)}")
            for value in values:
                after = set_filter(tools, session, key, value)
                wrong = [e for e in after["filterable"]
                         if e["visible"] != (e[key] is None or e[key] == value)]
                check(not wrong, f"filter {key}={value}: {len(wrong)} rows shown or hidden wrongly")
            set_filter(tools, session, key, "")
        check("critical" in dom["options"]["severity"], "no critical flow to filter by")

        # Sorting: clicking the flows table's severity header orders by rank,
        # clicking again reverses.
        order = evaluate(tools, session, """(() => {
          const t = document.querySelector('table.flows');
          const button = t.tHead.rows[0].cells[0].querySelector('button');
          const ranks = () => Array.from(t.tBodies[0].rows).map(r => Number(r.cells[0].getAttribute('data-sort')));
          button.click(); const up = ranks(); button.click(); const down = ranks();
          const vendor = t.tHead.rows[0].cells[4].querySelector('button'); vendor.click();
          const vendors = Array.from(t.tBodies[0].rows).map(r => r.cells[4].textContent);
          return JSON.stringify({up, down, vendors});
        })()""")
        order = json.loads(order)
        check(order["up"] == sorted(order["up"]) and order["down"] == sorted(order["down"], reverse=True),
              f"sorting by severity: {order}")
        check(order["vendors"] == sorted(order["vendors"]), f"sorting by vendor: {order['vendors']}")

        # Back to the page as loaded, for the screenshot.
        tools.send("Page.reload", {}, session)
        tools.wait_for("Page.loadEventFired")
        tools.drain(0.5)
        metrics = tools.send("Page.getLayoutMetrics", {}, session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = tools.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": min(int(size["height"]), 6000), "scale": 1}},
            session)
        png = base64.b64decode(shot["data"])
        check(png.startswith(b"\x89PNG") and len(png) > 20000, f"screenshot: {len(png)} bytes")
        os.makedirs(os.path.dirname(args.screenshot), exist_ok=True)
        with open(args.screenshot, "wb") as out:
            out.write(png)
        print(f"screenshot: {args.screenshot} ({len(png)} bytes, page {size['width']}x{size['height']})")

        # Without script the page reads fully: every row, no filter form.
        tools.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        tools.send("Page.reload", {}, session)
        tools.wait_for("Page.loadEventFired")
        tools.send("Emulation.setScriptExecutionDisabled", {"value": False}, session)
        # Runtime.evaluate runs even with page script disabled: it only reads.
        tools.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        nojs = json.loads(evaluate(tools, session, DOM_PROBE))
        check_page(nojs, report, "chromium without script", False)
        check(all(len(v) == 1 for v in nojs["options"].values()),
              f"without script the filters were filled: {nojs['options']}")
        tools.drain(0.5)

        requests = [e["params"]["request"]["url"] for e in tools.events
                    if e.get("method") == "Network.requestWillBeSent"]
        check(requests and all(u == url for u in requests),
              f"network requests other than the page: {[u for u in requests if u != url]}")
        problems = []
        for e in tools.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                problems.append(f"console.{p['type']}: {p.get('args')}")
            elif m == "Runtime.exceptionThrown":
                problems.append(f"exception: {p.get('exceptionDetails')}")
            elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
                problems.append(f"log {p['entry'].get('source')}: {p['entry'].get('text')}")
            elif m == "Network.loadingFailed":
                problems.append(f"loading failed: {p}")
        check(not problems, f"console errors: {problems}")
        print(f"{len(requests)} requests (the page only), {len(tools.events)} DevTools events, "
              f"{len(dom['flowSvgs'])} path graphs, {len(dom['tables'])} tables, timeline {dom['timeline']}")
    finally:
        tools.close()
        log.close()


def dump_dom(binary, page, tmp):
    """The same page through `chromium --dump-dom` (no DevTools)."""
    r = subprocess.run(["unshare", "--net", "--", binary] + FLAGS +
                       [f"--user-data-dir={os.path.join(tmp, 'profile-dump')}", "--dump-dom",
                        "file://" + page], capture_output=True, timeout=120)
    dom = r.stdout.decode("utf-8", errors="replace")
    check(r.returncode == 0 and "<html" in dom[:200], f"--dump-dom: exit {r.returncode}: {dom[:200]!r}")
    for needle in ['id="summary"', 'class="timeline"', 'class="sortable flows"', 'class="path"',
                   'id="filter-count"']:
        check(needle in dom, f"--dump-dom: {needle} not in the rendered DOM")
    # The script ran: the filter form is shown and the count filled in.
    check('<form id="filters">' in dom and "rows shown" in dom,
          "--dump-dom: the filter script did not run")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cordon", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--screenshot", required=True)
    args = p.parse_args()
    binary = chromium_binary()
    if os.geteuid() != 0:
        skip("needs root for its own network namespace (unshare -n)")
    with tempfile.TemporaryDirectory() as tmp:
        page, report = make_report(args, tmp)
        run_browser(args, binary, page, report, tmp)
        dump_dom(binary, page, tmp)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
