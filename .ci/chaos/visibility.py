#!/usr/bin/env python3
"""Whether every fault of a chaos run showed in health and in the expression of one of the shipped alert rules.

Usage: visibility.py FAULTS.tsv HEALTH.tsv [PROMETHEUS_URL]
FAULTS.tsv: name, target, start, end (epoch seconds); HEALTH.tsv: time, service, HTTP status of /q/health/ready.
Each rule's expression (deploy/prometheus/marketflow-rules.yml, without its `for:`) is evaluated over the fault's
window through Prometheus' query_range. Prints Markdown; exits 1 when a fault was not seen in both.
"""
import json
import re
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "deploy/prometheus/marketflow-rules.yml"
# The service whose readiness must drop during each kind of fault (besides a SIGKILLed service itself).
EXPECTED = {"kafka": "parquet-sink", "s3": "parquet-sink", "postgres": "aggregator"}


def rules():
    """(alert, expr) pairs, read without a YAML library: `- alert:` lines, then an inline or block `expr:`."""
    lines = RULES.read_text().splitlines()
    result, i = [], 0
    while i < len(lines):
        m = re.match(r"\s*- alert:\s*(\S+)", lines[i])
        if m:
            name = m.group(1)
            j = i + 1
            while not re.match(r"\s*expr:", lines[j]):
                j += 1
            inline = lines[j].split("expr:", 1)[1].strip()
            if inline and inline != "|":
                expr = inline
            else:
                indent = len(lines[j]) - len(lines[j].lstrip())
                body, k = [], j + 1
                while k < len(lines) and (not lines[k].strip() or len(lines[k]) - len(lines[k].lstrip()) > indent):
                    body.append(lines[k].strip())
                    k += 1
                expr = " ".join(body)
            result.append((name, expr))
            i = j
        i += 1
    return result


def held(prometheus, expr, start, end):
    query = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": "5"})
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?{query}", timeout=30) as response:
        answer = json.load(response)
    return answer.get("status") == "success" and bool(answer["data"]["result"])


def main(faults_path, health_path, prometheus=None):
    health = defaultdict(list)
    for line in Path(health_path).read_text().splitlines():
        t, service, code = line.split("\t")
        health[service].append((int(t), code))
    alert_rules = rules() if prometheus else []
    status = 0
    print("| fault | target | seconds | not ready during it | alert expressions that held |")
    print("|---|---|---|---|---|")
    for line in Path(faults_path).read_text().splitlines():
        name, target, start, end = line.split("\t")
        start, end = int(start), int(end)
        down = sorted(s for s, samples in health.items() if any(start <= t <= end and c != "200" for t, c in samples))
        expected = target if name == "sigkill" else EXPECTED.get(target, target)
        # Rate windows and scrape intervals trail the fault: look a minute past its end.
        alerts = [a for a, e in alert_rules if held(prometheus, e, start, end + 60)]
        seen_health = expected in down
        seen_alert = bool(alerts) or not prometheus
        print(f"| {name} | {target} | {end - start} | {', '.join(down) or 'none'}"
              f" | {', '.join(alerts) or ('none' if prometheus else 'not checked: no Prometheus')} |")
        if not seen_health:
            print(f"[chaos] {name} of {target}: {expected}'s readiness never dropped", file=sys.stderr)
            status = 1
        if not seen_alert:
            print(f"[chaos] {name} of {target}: no alert rule's expression held", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(*[a for a in sys.argv[1:] if a]))
