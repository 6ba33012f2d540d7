// The manual's prose (see manual.h for the conventions). Keep it true to
// docs/usage.md and the contract: options themselves come from cli/app.cpp.
#include "manual.h"

namespace cordon::docgen {

namespace {

const char* const kScanDescription =
    R"(`cordon scan` finds exfiltration paths in game binaries and sources: sensitive data obtained from a platform SDK or the operating system (account ids, gamertags, friends lists, device identifiers, telemetry) flowing to a network sink or to another vendor's cloud. Each finding comes with its call path, its endpoints and a severity.

A TARGET is an ELF, PE/COFF or Mach-O executable or shared object (x86-64, AArch64), or a directory, searched recursively: files that do not look like binaries are skipped silently, directory symlinks are not followed, and a file reached twice is scanned once. A universal (fat) Mach-O file is one target per architecture slice, named FILE[arch] (e.g. Game.app/Contents/MacOS/Game[arm64]). A file named on the command line that is not a binary, is empty or is missing is a target error. With `--compdb`, the translation units of a compile database are scanned as source targets; no TARGET is needed then.

Findings at or above `--fail-on` that are neither allowed by the profile (or the manifest) nor already in the `--baseline` make the exit status 1. A target that cannot be read or parsed is reported on its own line and makes the exit status 2; every other target is still scanned and the report is still written.

Each binary target says how much of its code was analysed: stats.code_bytes (the executable bytes in the file) and stats.covered_bytes (the bytes decoded inside the functions the scan found, the PLT stubs, and alignment padding checked to be padding). A target under 90% carries a warning naming the fraction, in every format and on standard error: paths through the code it did not analyse are not reported. `--min-coverage` makes such a target a target error.)";

const char* const kScanFormats =
    R"(`text` is for people; it is coloured only when standard output is a terminal and NO_COLOR is unset.

The text report of two or more targets ends with a summary table: per target, its findings outside the policy by severity, those allowed, and the share of its code analysed.

`json` is the contract's report: tool, profile, targets and findings, byte-identical for the same input (no timestamps).

`sarif` is SARIF 2.1.0 as GitHub code scanning takes it: one rule per rule id and severity with properties.security-severity (critical 9.5, high 8.0, medium 5.5, low 3.0, info 0.0), precision, tags, helpUri and help.markdown; results with partialFingerprints, locations relative to %SRCROOT% and a codeFlow of each path; runs[].automationDetails.id from `--sarif-category`. Allowed findings carry an accepted suppression.

`gitlab-sast` is GitLab's SAST report (schema 15.0.7) for artifacts:reports:sast: one vulnerability per finding that is not allowed, with the finding id as primary identifier, the rule and its CWE ids as further identifiers, and the location of the sink step.)";

const char* const kRunDescription =
    R"(`cordon run` runs a title (or its dedicated server) inside the sandbox: user and network namespaces, a seccomp filter, seccomp user notification for every address-bearing network call, and Landlock where the kernel has it. Every network attempt of the title and all its descendants is judged against the profile and, with `--audit`, written as one JSON line with its verdict.

Under `air-gapped` the title reaches no network at all, the host's loopback included. Under `zero-trust` it reaches only allowed endpoints; a name is allowed when it resolves through the sandbox's own view of DNS. A denied operation fails inside the title with an errno (the title sees "offline"); it is not killed unless the profile says so. `--mode audit` logs what would be denied and lets it through.

The title is never run unconfined: if a kernel feature or a permission the sandbox needs is missing, cordon says which and exits 125 without starting it.)";

const char* const kReportDescription =
    R"(`cordon report` joins what a scan predicted (`cordon scan --format json`), what a run did (the audit log of `cordon run --audit`) and what the title declares (its manifest, as `cordon scan --manifest` reads it). At least one of `--scan` and `--audit` is needed.

The join is keyed by endpoint and vendor. Each endpoint is matched (predicted and seen), unpredicted (seen, not predicted), unexercised (predicted, never seen), predicted (no audit log given) or observed (no scan given); with a manifest it is also declared or undeclared. Each flow of the scan is exercised, unexercised, no-endpoint or not-run.

Inputs are read as hostile: a missing, oversized or malformed file is one error line naming the file and the place in it, and nothing is written. A last audit line cut short (the run was killed while writing it) is left out with a warning.)";

const char* const kReportFormats =
    R"(`text` lists the sections for people, with every input string terminal-escaped. `json` is deterministic (the fields are in docs/usage.md). `html` is one self-contained file: a summary, tables of endpoints, flows, other run-time events and vendors that sort and filter by severity, vendor and status with a small inline script (allowed by its hash in the page's Content-Security-Policy, which forbids every other script and every external resource), each flow's path drawn as an inline SVG graph, and a timeline of the run's events. Without script the page reads fully: every row is shown.)";

const char* const kRulesDescription =
    R"(`cordon rules check` validates the built-in rule packs and profiles plus the pack directories and profile files given (a *.yaml file whose top level starts with `profile:`, such as one `cordon report --emit-profile` wrote), and prints a count of packs, entries and profiles. Every fault is printed on its own line as FILE:LINE:COLUMN: reason.

`cordon rules list` prints every entry of the packs: one line each, or with `--format json` one JSON array of {id, kind, api|pattern, platform|vendor, data, pack, ...}.

Rule packs and profiles are YAML; their format is in docs/rule-format.md and cordon-profiles(5).)";

const char* const kEnvironment =
    R"(- CORDON_RULES_DIR: the directory holding the built-in packs/ and profiles/ (default: ../share/cordon/rules relative to the cordon executable, /usr/share/cordon/rules for the Debian package).
- NO_COLOR: when set, the text report of `cordon scan` is never coloured.
- CORDON_REPORT_TIMES=1: the JSON report of `cordon scan` gives each target's wall time in stats.seconds (otherwise 0.0, so the report is reproducible).)";

}  // namespace

const std::vector<CommandPage>& command_pages() {
  static const std::vector<CommandPage> pages = {
      {"",
       "keep game titles from leaking player and platform data",
       "COMMAND [OPTIONS...]",
       R"(cordon has two halves that share one vocabulary of rules. `cordon scan` is a static analyzer for certification pipelines: it reads game binaries (ELF, PE/COFF and Mach-O, x86-64 and AArch64) and C/C++ sources and reports exfiltration paths. `cordon run` is a runtime sandbox for QA: an air-gapped profile (no network) or a zero-trust profile (only allowlisted endpoints), with a JSON Lines audit log of every network attempt. `cordon report` joins a scan, a run's audit log and a title's declared data flows; `cordon rules` validates and lists the rule packs and profiles.

Every command prints its errors as one line each, `cordon: error: INPUT: REASON`, with control characters, bidi controls and invalid UTF-8 escaped so a hostile file or symbol name cannot drive the terminal.)",
       {},
       {{"0", "success (see each command's page)"},
        {"1",
         "cordon scan: a finding at or above --fail-on; cordon report: the run reached "
         "an endpoint the scan did not predict or the manifest does not declare"},
        {"2",
         "bad usage, or an input that could not be read (for cordon run: only a command "
         "line cordon could not parse)"},
        {"124, 125, 126, 127, 128+N", "cordon run: see cordon-run(1)"}},
       {{"COMMANDS",
         R"(- `cordon scan` [OPTIONS] [TARGET...]: static analysis, see cordon-scan(1).
- `cordon run` [OPTIONS] -- PROGRAM [ARG...]: run a title inside the sandbox, see cordon-run(1).
- `cordon report` [OPTIONS]: join a scan, an audit log and a manifest, see cordon-report(1).
- `cordon rules` check|list [DIR...]: validate or list rule packs and profiles, see cordon-rules(1).)"},
        {"ENVIRONMENT", kEnvironment},
        {"FILES",
         R"(- /usr/share/cordon/rules/packs/*.yaml: the built-in rule packs.
- /usr/share/cordon/rules/profiles/*.yaml: the built-in profiles, see cordon-profiles(5).
- /usr/libexec/cordon-analyze: the analyzers' helper; `cordon scan` and `cordon report` run there so that `cordon run` never loads LLVM and libclang.)"}},
       R"($ cordon scan --format sarif --sarif-root . --sarif-category linux -o cordon.sarif build/linux/
$ cordon scan --format gitlab-sast -o gl-sast-report.json build/
$ cordon run --profile air-gapped --audit run.jsonl -- ./game
$ cordon report --scan scan.json --audit run.jsonl --format html -o report.html
$ cordon rules check)"},
      {"scan",
       "find exfiltration paths in game binaries and sources",
       "",
       kScanDescription,
       {{"--profile",
         "The profile's static half decides which flows are findings and their severities "
         "(see cordon-profiles(5))."},
        {"--allow",
         "A pattern without a port allows the host on every port; with a port "
         "(h.example:443, h.example:8000-8100) only those ports."},
        {"--manifest",
         "A YAML file of the flows the title makes on purpose (title, flows: source, sink, "
         "endpoint, vendor, reason). Declared flows are reported with allowed true and "
         "severity info, except under a profile with no network at all."},
        {"--format", kScanFormats},
        {"--jobs",
         "Targets are scanned N at a time, the largest first; a target scanned alone (the only "
         "one, or one over --memory-budget) has the N threads for its own functions. The report "
         "is the same whatever N is."},
        {"--memory-budget",
         "Each binary target's peak memory is estimated from its code bytes (read from its "
         "section headers before the scan: 32 bytes per code byte plus 4 MiB). A target starts "
         "only while the estimates of the targets running and its own stay within SIZE; one "
         "over SIZE alone runs when nothing else does. SIZE is bytes or a number with K, M, G "
         "or T (powers of 1024); 0 is the default, half of the physical memory. cordon's own "
         "rules and libraries (about 70 MB) come on top."},
        {"--quiet",
         "When standard error is a terminal, a progress line shows the targets done, their code "
         "bytes of all and the time left; --quiet leaves it out (it is never drawn when standard "
         "error is not a terminal). Warnings and errors are still printed."},
        {"--baseline",
         "Finding ids hash the rule, the target path and the functions on the path (not "
         "addresses), so they survive a rebuild; scan with the same target paths. Findings in "
         "the baseline are still reported (SARIF baselineState unchanged) but do not fail."},
        {"--min-coverage",
         "F is a fraction from 0 to 1 (0.95 asks for 95%). A binary target whose "
         "stats.covered_bytes is under F of its stats.code_bytes gets status error with a "
         "message naming both, and the exit status is 2; its findings are still reported. "
         "Source targets, which have no machine code, are not affected."},
        {"--cache",
         "DIR keeps one entry per binary target, named by a SHA-256 over everything its results "
         "depend on: the target's path and content, cordon's executable and version, every file "
         "of the rule packs and profiles, the profile, --allow and the manifest. A rescan of an "
         "unchanged target reads its entry instead of analysing it and reports the same "
         "findings and stats (stats.seconds is the time taken now). An entry that is unreadable, "
         "cut short, altered or made for other inputs is ignored and rewritten. Entries are "
         "written to a temporary file and renamed, so scans running at once may share DIR. "
         "Targets that fail and --compdb sources are not cached. Old entries are never removed: "
         "delete DIR to reclaim the space."},
        {"--sarif-root",
         "Artifact locations in SARIF are relative to DIR with uriBaseId %SRCROOT% (and "
         "originalUriBaseIds gives DIR's file URI); GitLab locations are relative to DIR. "
         "Without it, paths under the working directory are made relative to it and others "
         "stay absolute. Give the repository checkout, e.g. --sarif-root \"$GITHUB_WORKSPACE\"."},
        {"--sarif-category",
         "runs[].automationDetails.id is NAME/ followed by nothing, so GitHub keeps one "
         "analysis per NAME: give each platform build its own (linux-x86_64, windows, ...). "
         "Without it the category is cordon/, the profile and the target arguments as "
         "given, sorted (cordon/zero-trust/build/linux)."}},
       {{"0", "no finding at or above --fail-on that is neither allowed nor in the baseline"},
        {"1", "at least one such finding"},
        {"2",
         "bad usage (options, rules, profile, manifest, baseline, output file), or a target "
         "that could not be read or parsed; 2 wins over 1, so a pipeline never mistakes a "
         "partial scan for a verdict"}},
       {{"ENVIRONMENT", kEnvironment}},
       R"($ cordon scan build/bin/
$ cordon scan --format sarif --sarif-root . --sarif-category linux -o cordon.sarif build/linux/
$ cordon scan --format gitlab-sast -o gl-sast-report.json build/
$ cordon scan --profile air-gapped --fail-on critical game
$ cordon scan --format json -o base.json game
$ cordon scan --baseline base.json game
$ cordon scan --min-coverage 0.95 build/bin/
$ cordon scan --compdb build/)"},
      {"run",
       "run a title inside the sandbox",
       "-- PROGRAM [ARG...]",
       kRunDescription,
       {{"--profile",
         "The profile's runtime half: network policy, socket families, denied syscalls, "
         "reachable Unix sockets, denied, read-only and masked paths (see cordon-profiles(5))."},
        {"--audit",
         "One JSON object per line: ts, pid, exe, event (connect, sendto, sendmsg, socket, dns, "
         "bind, listen, accept, exec, open, syscall, setsockopt), family, address, port, host, "
         "verdict (allow, deny, audit), rule and profile. No event is lost; the title can "
         "neither change nor remove the log."},
        {"--resolver",
         "Under zero-trust the title resolves names through the sandbox's DNS view, which asks "
         "this server (default: the host's resolver) and allows the addresses of allowed "
         "names."},
        {"PROGRAM", "Searched in PATH when it has no slash."}},
       {{"the title's own", "the title exited with that status"},
        {"128+N", "the title died of signal N"},
        {"124", "--timeout expired and the whole process tree was killed"},
        {"125",
         "the sandbox could not be set up (the message names the missing kernel feature or "
         "permission), or an audit line could not be written during set-up"},
        {"126", "PROGRAM is not executable"},
        {"127", "PROGRAM was not found"}},
       {{"ENVIRONMENT", kEnvironment}},
       R"($ cordon run -- ./game --benchmark
$ cordon run --profile zero-trust --allow '*.example-studio.net:443' --audit run.jsonl -- ./game
$ cordon run --mode audit --audit run.jsonl --timeout 600 -- ./server
$ cordon run --profile zero-trust --print-profile > studio.yaml)"},
      {"report",
       "join a scan, a run's audit log and a title's manifest",
       "",
       kReportDescription,
       {{"--format", kReportFormats},
        {"--manifest",
         "The same file format and the same matching rules as cordon scan --manifest: a flow "
         "of the scan is declared exactly when the scan found it declared."},
        {"--emit-profile",
         "Learns an allowlist from a run (best one made with --profile zero-trust --mode "
         "audit): a zero-trust profile named learned whose allow list holds exactly the "
         "endpoints the run reached (connect, sendto, sendmsg allowed or audited; names from "
         "the DNS view with their ports, contiguous ports as a range; a name only looked up, "
         "bare), each with a comment naming the processes and counts. Endpoints the run was "
         "denied, and other audited events (host Unix sockets, socket kinds, syscalls), are "
         "listed in its header, not allowed. Check it with cordon rules check FILE."},
        {"--emit-manifest",
         "One declared flow per distinct source API, sink rule and endpoint of the scan's "
         "exfiltration paths (URLs as host:port, bare hosts without a port), with a reason; "
         "cross-platform paths and leads are marked in comments. A draft: keep what the "
         "title does on purpose."}},
       {{"0", "the report was written and the run reached nothing unaccounted for"},
        {"1",
         "the report was written, and the run reached an endpoint the scan did not predict, "
         "or (with a manifest) one the manifest does not declare"},
        {"2",
         "bad usage, or an input that could not be read or is malformed (nothing is "
         "written), or -o could not be written"}},
       {{"ENVIRONMENT", kEnvironment}},
       R"($ cordon scan --format json -o scan.json game
$ cordon run --profile air-gapped --audit run.jsonl -- ./game
$ cordon report --scan scan.json --audit run.jsonl --manifest flows.yaml --format html -o report.html
$ cordon run --profile zero-trust --mode audit --audit learn.jsonl -- ./game
$ cordon report --audit learn.jsonl --emit-profile game-profile.yaml
$ cordon report --scan scan.json --emit-manifest flows.yaml)"},
      {"rules",
       "validate or list rule packs and profiles",
       "check|list [DIR...]",
       kRulesDescription,
       {},
       {{"0", "every pack and profile validates (check), or the entries were listed (list)"},
        {"2",
         "a pack or profile has a fault (each is printed as FILE:LINE:COLUMN: reason), "
         "or bad usage"}},
       {{"ENVIRONMENT", kEnvironment}},
       R"($ cordon rules check
$ cordon rules check studio-packs/
$ cordon rules check game-profile.yaml
$ cordon rules list --format json)"},
  };
  return pages;
}

const ProfilesPage& profiles_page() {
  static const ProfilesPage page = {
      R"(A profile is the one policy both halves of cordon apply. `cordon scan` reads its static half to decide which flows are findings and how severe they are; `cordon run` reads its runtime half to decide what the title may do; the top-level allow list means the same to both, through the same endpoint matcher.

A profile is a YAML file. Every key below is required: a profile states its whole policy, so a forgotten key can never silently mean "allow". An unknown key, a bad pattern, an unknown syscall, family or errno name is an error naming the file, line and column. Use a built-in profile by name, or a file by a path with a '/' or a .yaml suffix.)",
      {{"profile", "The profile's name (letters, digits, '-', '_')."},
       {"description", "One line for people."},
       {"allow",
        "Allowed endpoints: host, *.domain, IP, CIDR, each with an optional :port or "
        ":low-high. Must be empty when runtime.network is none."},
       {"static", "The scan's half: a map of the three keys below."},
       {"static.severities",
        "The severity of each kind of finding, one of critical, high, "
        "medium, low, info."},
       {"static.severities.cross_platform",
        "Data of one platform reaching a sink or endpoint of another vendor."},
       {"static.severities.unallowed_destination",
        "Sensitive data reaching a destination the profile does not allow."},
       {"static.severities.allowed_flow",
        "An allowed flow (same vendor, allowlisted or declared): still reported."},
       {"static.severities.network_capability", "The title can send data off the machine."},
       {"static.severities.telemetry_sdk", "An analytics or crash-reporting SDK is linked in."},
       {"static.severities.endpoint", "A vendor endpoint appears in the binary."},
       {"static.severities.sensitive_source", "The title reads player or device data."},
       {"static.severities.lead",
        "A lead: a path only the call structure supports, or a write to a descriptor whose "
        "origin is unknown. Never above what the proven flow would get; a cross-platform lead "
        "stays at least high."},
       {"static.allow_same_vendor",
        "true: a platform's data sent to its own vendor is allowed (zero-trust); false: it is "
        "a finding (air-gapped)."},
       {"static.accepted_sanitizers",
        "Ids of sanitizer rules (hashing, anonymising) whose output no longer counts as the "
        "data."},
       {"runtime", "The sandbox's half: a map of the keys below."},
       {"runtime.network",
        "none (an empty network namespace: no network at all, no host loopback) or allowlist "
        "(the host network, every address-bearing call checked against allow)."},
       {"runtime.sockets",
        "The sockets the title may create, each 'family type [protocol]': unix stream, unix "
        "dgram, unix seqpacket, inet|inet6 stream tcp, inet|inet6 dgram udp, inet dgram icmp, "
        "inet6 dgram icmpv6, netlink raw|dgram route|sock_diag|audit|kobject_uevent|generic|"
        "netfilter|xfrm. Any other (SCTP, DCCP, UDP-Lite, MPTCP, raw, packet, other families) "
        "is refused with an audit line; only kinds the sandbox mediates can be named."},
       {"runtime.listen",
        "Where the title may accept connections: none, loopback, or a list of 'loopback' and "
        "local IP/CIDR addresses with an optional :port or :lo-hi (0.0.0.0:27015). listen() "
        "elsewhere (a socket never bound listens on 0.0.0.0) is refused; listen and accept "
        "have audit lines."},
       {"runtime.deny_syscalls", "System calls that fail (by name)."},
       {"runtime.unix_socket_paths",
        "Host Unix sockets the title may connect to (absolute, with * globs), e.g. X11, "
        "Wayland, PulseAudio and PipeWire; the sockets they name when the run starts, "
        "decided on the socket a path reaches, never on its name."},
       {"runtime.deny_paths",
        "Paths the title may not read (absolute or ~/), covered in its mount namespace."},
       {"runtime.read_only_paths", "Paths the title may read but not change or replace."},
       {"runtime.mask_paths", "Files read as a fresh per-run value (machine and boot ids)."},
       {"runtime.deny_action", "errno (the operation fails) or kill (the title is killed)."},
       {"runtime.deny_errno", "The errno a denied operation fails with, e.g. ENETUNREACH."},
       {"runtime.environment",
        "Optional: drop and keep, globs of variable names. Variables matching drop (and no "
        "keep) are not passed to the title; without it, secret patterns such as *_TOKEN, "
        "*_SECRET* and AWS_* are dropped."}},
      {},
      R"($ cordon run --profile zero-trust --allow '*.example-studio.com:443' --print-profile > studio.yaml
$ cordon rules check
$ cordon scan --profile ./studio.yaml build/title
$ cordon run --profile ./studio.yaml -- ./title)"};
  return page;
}

}  // namespace cordon::docgen
