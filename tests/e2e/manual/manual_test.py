#!/usr/bin/env python3
"""Man pages, completions and error messages checked against the real cordon.

pages:       each command's options as its --help lists them == the options of
             its man page (names and choices); EXIT STATUS present with the
             contract's codes; groff renders every page without a warning.
completions: the bash completion offers exactly the --help options of each
             command, each option's choices, the built-in profile names; the
             zsh completion parses and names every option.
errors:      every command's errors are single lines
             "cordon: error: INPUT: REASON" with hostile bytes escaped.
"""
import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile

COMMANDS = ["", "scan", "run", "report", "rules", "rules check", "rules list"]
PAGES = {"": "cordon.1", "scan": "cordon-scan.1", "run": "cordon-run.1",
         "report": "cordon-report.1", "rules": "cordon-rules.1",
         "rules check": "cordon-rules.1", "rules list": "cordon-rules.1"}
EXIT_CODES = {"scan": ["0", "1", "2"], "report": ["0", "1", "2"], "rules": ["0", "2"],
              "run": ["the title's own", "128+N", "124", "125", "126", "127"], "": ["0", "1", "2"]}

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message)


def cli_options(cordon, command):
    """{name: choices} of the options `cordon COMMAND --help` lists."""
    args = [cordon] + command.split() + ["--help"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    options, section = {}, None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
            continue
        m = re.match(r"^  (\S+)(.*)$", line)
        if not m or section not in ("Options", "Positionals"):
            continue
        head, rest = m.group(1), m.group(2)
        choices = re.search(r":\{([^}]*)\}", rest)
        names = head.split(",") if section == "Options" else [head]
        for name in names:
            options[name] = sorted(choices.group(1).split(",")) if choices else []
    return options


def unroff(text):
    return text.replace("\\-", "-").replace("\\fB", "").replace("\\fI", "").replace("\\fR", "").replace("\\e", "\\")


def man_options(page_text, command):
    """{name: choices} from the OPTIONS section (for rules check/list: their .SS)."""
    lines = page_text.splitlines()
    start = lines.index(".SH OPTIONS")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(".SH "))
    body = lines[start + 1:end]
    if command.startswith("rules "):
        sub = ".SS cordon " + command.replace(" ", " ").replace("-", "\\-")
        s = body.index(sub)
        e = next((i for i in range(s + 1, len(body)) if body[i].startswith(".SS ")), len(body))
        body = body[s + 1:e]
    elif command == "rules":
        body = body[:next((i for i, l in enumerate(body) if l.startswith(".SS ")), len(body))]
    options = {}
    for i, line in enumerate(body):
        if line != ".TP":
            continue
        heading, text = unroff(body[i + 1]), unroff(body[i + 2])
        names = []
        for part in heading.split(", "):
            name = part.split(" ")[0].rstrip(".")
            names.append(name)
        choices = re.search(r"one of ([^.(]*)", text)
        for name in names:
            options[name] = sorted(c.strip() for c in choices.group(1).split(",")) if choices else []
    return options


def read_page(share, name):
    section = name.rsplit(".", 1)[1]
    path = os.path.join(share, "man", "man" + section, name)
    with open(path) as f:
        text = f.read()
    with gzip.open(path + ".gz", "rt") as f:
        check(f.read() == text, f"{name}.gz differs from {name}")
    return path, text


def test_pages(args):
    for command in COMMANDS:
        cli = cli_options(args.cordon, command)
        cli = {k if not k.isupper() else k: v for k, v in cli.items()}
        path, text = read_page(args.share, PAGES[command])
        man = man_options(text, command)
        # Positionals: the man page names them as --help does (TARGET...).
        man = {k.rstrip("."): v for k, v in man.items()}
        check(set(cli) == set(man), f"cordon {command}: --help options {sorted(cli)} "
              f"!= man page options {sorted(man)}")
        for name, choices in cli.items():
            if name in man:
                check(man[name] == choices, f"cordon {command} {name}: choices {choices} "
                      f"in --help, {man[name]} in the man page")
    pages = sorted(set(PAGES.values())) + ["cordon-profiles.5"]
    for name in pages:
        path, text = read_page(args.share, name)
        if name.endswith(".1"):
            check(".SH EXIT STATUS" in text, f"{name}: no EXIT STATUS")
            command = {v: k for k, v in PAGES.items() if not k.startswith("rules ")}[name]
            status = text.split(".SH EXIT STATUS", 1)[1].split("\n.SH ", 1)[0]
            codes = re.findall(r"^\.TP\n\\fB(.*?)\\fR$", status, re.M)
            codes = [unroff(c) for c in codes]
            for code in EXIT_CODES[command]:
                check(code in codes or any(code in c for c in codes),
                      f"{name}: exit code {code} not in EXIT STATUS ({codes})")
        else:
            # Every key the profile parser accepts: the built-in profile's keys.
            for key in ["profile", "description", "allow", "static.severities.cross_platform",
                        "runtime.deny_syscalls", "runtime.mask_paths"]:
                check("\\fB" + key.replace("_", "_") + "\\fR" in text, f"{name}: no key {key}")
            check("air\\-gapped" in text and "zero\\-trust" in text, f"{name}: no built-in profiles")
        if shutil.which("groff"):
            r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", path],
                               capture_output=True, text=True)
            check(r.returncode == 0 and r.stderr == "", f"{name}: groff: {r.stderr.strip()}")
        else:
            check(False, "groff is not installed (./setup installs groff-base)")


def bash_complete(args, words, env):
    script = (f"source {args.share}/bash-completion/completions/cordon\n"
              f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
              "_cordon; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"bash completion of {words}: {r.stderr}")
    return [l for l in r.stdout.splitlines() if l]


def test_completions(args):
    env = dict(os.environ, CORDON_RULES_DIR=os.path.join(args.share, "cordon", "rules"))
    with tempfile.TemporaryDirectory() as tmp:
        for command in COMMANDS:
            cli = cli_options(args.cordon, command)
            words = ["cordon"] + command.split()
            offered = bash_complete(args, words + ["-"], dict(env, PWD=tmp))
            flags = {n for n in cli if n.startswith("-")}
            check(set(offered) == flags, f"bash: cordon {command} -<TAB> offers {sorted(offered)}, "
                  f"--help lists {sorted(flags)}")
            for name, choices in cli.items():
                if choices:
                    got = sorted(bash_complete(args, words + [name, ""], env))
                    check(got == choices, f"bash: cordon {command} {name} <TAB>: {got}, want {choices}")
        top = bash_complete(args, ["cordon", ""], env)
        check(sorted(top) == ["report", "rules", "run", "scan"], f"bash: cordon <TAB>: {top}")
        rules = bash_complete(args, ["cordon", "rules", ""], env)
        check(sorted(rules) == ["check", "list"], f"bash: cordon rules <TAB>: {rules}")
        profiles = os.listdir(os.path.join(args.share, "cordon", "rules", "profiles"))
        want = {p[:-5] for p in profiles if p.endswith(".yaml")}
        for command in ("scan", "run"):
            got = set(bash_complete(args, ["cordon", command, "--profile", ""], dict(env)))
            check(want <= got, f"bash: cordon {command} --profile <TAB>: {sorted(got)} lacks {want}")
        open(os.path.join(tmp, "studio.yaml"), "w").close()
        got = subprocess.run(["bash", "-c", f"cd {tmp} && source {args.share}/bash-completion/completions/cordon"
                              " && COMP_WORDS=(cordon scan --profile stu); COMP_CWORD=3; _cordon;"
                              " printf '%s\\n' \"${COMPREPLY[@]}\""], capture_output=True, text=True,
                             env=env).stdout.split()
        check(got == ["studio.yaml"], f"bash: --profile stu<TAB> in a directory with studio.yaml: {got}")

    zsh_file = os.path.join(args.share, "zsh", "vendor-completions", "_cordon")
    text = open(zsh_file).read()
    check(text.startswith("#compdef cordon"), "zsh: no #compdef line")
    for command in COMMANDS:
        for name, choices in cli_options(args.cordon, command).items():
            if name.startswith("-"):
                check(re.search(r"[*{'(,]" + re.escape(name) + r"[\[,}) ]", text) is not None,
                      f"zsh: {name} of cordon {command} is not completed")
            if choices:
                check("(" + " ".join(choices_in_order(args, command, name)) + ")" in text,
                      f"zsh: choices of {name} ({choices}) not offered")
    if shutil.which("zsh"):
        r = subprocess.run(["zsh", "-n", zsh_file], capture_output=True, text=True)
        check(r.returncode == 0, f"zsh -n: {r.stderr}")
        # Loaded by zsh's completion system, the function must define itself.
        r = subprocess.run(["zsh", "-f", "-c", f"fpath=({os.path.dirname(zsh_file)} $fpath); "
                            "autoload -Uz compinit && compinit -u -D && autoload -Uz _cordon && "
                            "whence -w _cordon"], capture_output=True, text=True)
        check(r.returncode == 0 and "function" in r.stdout, f"zsh: _cordon does not load: {r.stderr}")
    else:
        check(False, "zsh is not installed (./setup installs it)")


def choices_in_order(args, command, name):
    out = subprocess.run([args.cordon] + command.split() + ["--help"], capture_output=True,
                         text=True).stdout
    m = re.search(re.escape(name) + r" \S*:\{([^}]*)\}", out)
    return m.group(1).split(",") if m else []


def test_errors(args):
    hostile = "evil\x1b]0;owned\x07\x1b[2J\u202e.bin"
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("scan, bad option value", ["scan", "--format", "xml", tmp], 2, "cordon: error: --format: "),
            ("scan, unknown option", ["scan", "--bogus", tmp], 2, "cordon: error: "),
            ("scan, hostile missing target", ["scan", os.path.join(tmp, hostile)], 2,
             "cordon: error: " + tmp),
            ("scan, hostile manifest", ["scan", "--manifest", os.path.join(tmp, hostile), tmp], 2,
             "cordon: error: " + tmp),
            ("report, hostile scan", ["report", "--scan", os.path.join(tmp, hostile)], 2,
             "cordon: error: " + tmp),
            ("report, no input", ["report"], 2, "cordon: error: report: "),
            ("rules, hostile directory", ["rules", "check", os.path.join(tmp, hostile)], 2,
             "cordon: error: " + tmp),
            ("run, hostile profile", ["run", "--profile", os.path.join(tmp, hostile + ".yaml"),
                                      "--", "/bin/true"], 125, "cordon: error: " + tmp),
        ]
        for what, argv, status, prefix in cases:
            r = subprocess.run([args.cordon] + argv, capture_output=True)
            err = r.stderr.decode("utf-8", errors="replace")
            lines = [l for l in err.splitlines() if l and not l.startswith("run 'cordon --help'")]
            check(r.returncode == status, f"{what}: exit {r.returncode}, want {status}")
            check(len(lines) >= 1 and all(l.startswith("cordon: error: ") for l in lines),
                  f"{what}: not in cordon's voice: {lines}")
            check(lines and lines[0].startswith(prefix), f"{what}: {lines[:1]} does not start {prefix!r}")
            for bad in ["\x1b", "\x07", "\u202e"]:
                check(bad not in err, f"{what}: {bad!r} reached the terminal: {err!r}")
            if hostile[:4] in " ".join(argv):
                check("\\u{001b}" in err and "\\u{202e}" in err,
                      f"{what}: the hostile name is not shown escaped: {err!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cordon", required=True)
    p.add_argument("--share", required=True)
    p.add_argument("check", choices=["pages", "completions", "errors"])
    args = p.parse_args()
    args.share = os.path.abspath(args.share)
    {"pages": test_pages, "completions": test_completions, "errors": test_errors}[args.check](args)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
