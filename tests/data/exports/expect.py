#!/usr/bin/env python3
"""Recomputes expected.json from the export fixtures, by reading them back with csv and json.

    python3 tests/data/exports/expect.py          # exit 1 (and a diff) if expected.json is stale
    python3 tests/data/exports/expect.py --write  # rewrite it

Nothing here comes from make_fixtures.py: only the files on disk are read, the way a user's tool
would read them. The "signin_failure.har" section is written by hand; this script keeps it as it is
and only checks it against the HAR (entries, statuses, secrets present), never regenerates it.
"""
import csv
import datetime as dt
import difflib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected.json")


def iso_seconds(value):
    """'2024-05-21T10:15:30.1234567Z' / '...30.123Z' / '...30Z' -> '2024-05-21T10:15:30Z'."""
    if not value.endswith("Z") or "T" not in value:
        raise ValueError("not an ISO-8601 UTC time: %r" % value)
    return value[:19] + "Z"


def la_seconds(value):
    """Log Analytics export cells: '5/21/2024, 1:45:17.287 PM' (UTC) -> '2024-05-21T13:45:17Z'."""
    t = dt.datetime.strptime(value, "%m/%d/%Y, %I:%M:%S.%f %p")
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def entra_csv_seconds(value):
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")


class Summary:
    def __init__(self):
        self.records = 0
        self.success = 0
        self.by_result = {}
        self.keys = {}

    def add(self, result, ok, key, user, app, ip, when):
        self.records += 1
        self.success += ok
        self.by_result[result] = self.by_result.get(result, 0) + 1
        if key is None:
            return
        k = self.keys.setdefault(key, {"count": 0, "users": set(), "apps": set(), "ips": set(), "first": when, "last": when})
        k["count"] += 1
        # An empty cell is no user, app or address, not one more distinct value.
        for name, value in (("users", user), ("apps", app), ("ips", ip)):
            if value:
                k[name].add(value)
        k["first"] = min(k["first"], when)
        k["last"] = max(k["last"], when)

    def render(self, fmt, fields, numeric_keys):
        order = sorted(self.keys, key=(lambda k: int(k)) if numeric_keys else None)
        return {
            "format": fmt,
            "fields": fields,
            "records": self.records,
            "success": self.success,
            "by_result": dict(sorted(self.by_result.items())),
            "keys": {k: {"count": v["count"], "users": len(v["users"]), "apps": len(v["apps"]), "ips": len(v["ips"]),
                         "first": v["first"], "last": v["last"]} for k, v in ((k, self.keys[k]) for k in order)},
        }


def entra_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    col = {}
    for i, name in enumerate(header):
        col.setdefault(name, i)  # "Incoming token type" is there twice; the first one wins
    s = Summary()
    for r in rows:
        if len(r) != len(header):
            raise ValueError("%s: a row has %d cells, the header %d" % (path, len(r), len(header)))
        code = r[col["Sign-in error code"]]
        s.add(r[col["Status"]], code == "0", None if code == "0" else str(int(code)), r[col["Username"]],
              r[col["Application"]], r[col["IP address"]], entra_csv_seconds(r[col["Date (UTC)"]]))
    return s.render("entra-csv", {"code": "Sign-in error code", "result": "Status", "user": "Username",
                                  "app": "Application", "ip": "IP address", "time": "Date (UTC)"}, True)


def signin_objects(fmt, objs):
    s = Summary()
    for o in objs:
        code = o["status"]["errorCode"]
        s.add("Success" if code == 0 else "Failure", code == 0, None if code == 0 else str(code),
              o["userPrincipalName"], o["appDisplayName"], o["ipAddress"], iso_seconds(o["createdDateTime"]))
    return s.render(fmt, {"code": "status.errorCode", "result": "status.errorCode (0 = Success, else Failure)",
                          "user": "userPrincipalName", "app": "appDisplayName", "ip": "ipAddress",
                          "time": "createdDateTime"}, True)


def entra_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    assert isinstance(data, list), "the admin-center download is a bare array"
    return signin_objects("entra-json", data)


def graph_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    assert "@odata.context" in data and "@odata.nextLink" in data
    return signin_objects("graph-json", data["value"])


def sentinel_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    s = Summary()
    for r in rows:
        code = r["ResultType"]
        status = json.loads(r["Status"])
        if str(status["errorCode"]) != code:
            raise ValueError("%s: ResultType %s but Status.errorCode %s" % (path, code, status["errorCode"]))
        s.add("Success" if code == "0" else "Failure", code == "0", None if code == "0" else str(int(code)),
              r["UserPrincipalName"], r["AppDisplayName"], r["IPAddress"], la_seconds(r["CreatedDateTime [UTC]"]))
    return s.render("sentinel-csv", {"code": "ResultType", "result": "ResultType (0 = Success, else Failure)",
                                     "user": "UserPrincipalName", "app": "AppDisplayName", "ip": "IPAddress",
                                     "time": "CreatedDateTime [UTC]"}, True)


OKTA_OK = ("SUCCESS", "ALLOW")
OKTA_FIELDS = {"code": "outcome.reason of events whose outcome.result is not SUCCESS or ALLOW ('' when null)",
               "result": "outcome.result", "user": "actor.alternateId",
               "app": "displayName of the target of type AppInstance ('' when none)", "ip": "client.ipAddress",
               "time": "published"}


def okta_json(path):
    with open(path, encoding="utf-8") as f:
        events = json.load(f)
    assert isinstance(events, list)
    s = Summary()
    for e in events:
        result = e["outcome"]["result"]
        ok = result in OKTA_OK
        apps = [t["displayName"] for t in (e.get("target") or []) if t["type"] == "AppInstance"]
        s.add(result, ok, None if ok else (e["outcome"].get("reason") or ""), e["actor"]["alternateId"],
              apps[0] if apps else "", e["client"]["ipAddress"], iso_seconds(e["published"]))
    return s.render("okta-json", OKTA_FIELDS, False)


def okta_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    s = Summary()
    for r in rows:
        result = r["outcome.result"]
        ok = result in OKTA_OK
        app = ""
        i = 0
        while "target[%d].type" % i in r:
            if r["target[%d].type" % i] == "AppInstance":
                app = r["target[%d].displayName" % i]
                break
            i += 1
        s.add(result, ok, None if ok else r["outcome.reason"], r["actor.alternateId"], app, r["client.ipAddress"],
              iso_seconds(r["published"]))
    return s.render("okta-csv", OKTA_FIELDS, False)


FILES = [
    ("entra_signins.csv", entra_csv), ("entra_signins.json", entra_json), ("graph_signins.json", graph_json),
    ("signinlogs_la.csv", sentinel_csv), ("okta_systemlog.json", okta_json), ("okta_systemlog.csv", okta_csv),
]


def check_har(section):
    """The hand-written HAR section must still describe the HAR on disk."""
    from urllib.parse import urlsplit
    with open(os.path.join(HERE, "signin_failure.har"), encoding="utf-8") as f:
        text = f.read()
    entries = json.loads(text)["log"]["entries"]
    problems = []
    for want in section["entries"]:
        e = entries[want["index"]]
        u = urlsplit(e["request"]["url"])
        got = (e["request"]["method"], u.hostname, u.path, e["response"]["status"])
        if got != (want["method"], want["host"], want["path"], want["status"]):
            problems.append("HAR entry %d is %r, expected.json says %r" % (want["index"], got,
                            (want["method"], want["host"], want["path"], want["status"])))
    for secret in section["secrets"]:
        if secret not in text:
            problems.append("HAR secret not found in the file: %s..." % secret[:24])
    return problems


def main():
    old = {}
    if os.path.exists(EXPECTED):
        with open(EXPECTED, encoding="utf-8") as f:
            old = json.load(f)
    new = {name: fn(os.path.join(HERE, name)) for name, fn in FILES}
    har = old.get("signin_failure.har")
    problems = check_har(har) if har else ["expected.json has no hand-written \"signin_failure.har\" section"]
    if har:
        new["signin_failure.har"] = har
    text = json.dumps(new, ensure_ascii=False, indent=2) + "\n"
    if "--write" in sys.argv:
        with open(EXPECTED, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        with open(EXPECTED, encoding="utf-8") as f:
            current = f.read()
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                       "expected.json (committed)", "expected.json (recomputed)"))
            problems.append("expected.json differs from what the fixtures give; rerun with --write if that is intended")
    for p in problems:
        print("expect.py: " + p, file=sys.stderr)
    for name, _ in FILES:
        print("%-22s %5d records, %4d success, %3d keys" % (name, new[name]["records"], new[name]["success"], len(new[name]["keys"])))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
