#!/usr/bin/env python3
"""The baseline people write today for an Entra sign-in CSV download (benches/signin_csv.sh):
failures per error code, with distinct users and apps and the first and last time seen.

    python3 benches/signin_baseline.py InteractiveSignIns_2024-05-19_2024-05-21.csv

Standard library csv module, one pass, memory bounded by the number of distinct (code, user) and
(code, app) pairs. Columns are found by name in the header (the admin center's English one), so
the file's column order does not matter; a UTF-8 BOM is skipped. Prints one tab-separated line per
code, most frequent first: code, count, users, apps, first, last (ISO times as the CSV has them,
compared as strings, which orders them correctly).
"""
import csv
import sys


def main(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        col = {}
        for i, name in enumerate(header):
            col.setdefault(name, i)
        c_code, c_user, c_app, c_time = (col["Sign-in error code"], col["Username"], col["Application"],
                                         col["Date (UTC)"])
        stats = {}
        for r in rows:
            code = r[c_code]
            if code == "0":
                continue
            s = stats.get(code)
            when = r[c_time]
            if s is None:
                stats[code] = [1, {r[c_user]}, {r[c_app]}, when, when]
                continue
            s[0] += 1
            s[1].add(r[c_user])
            s[2].add(r[c_app])
            if when < s[3]:
                s[3] = when
            elif when > s[4]:
                s[4] = when
    out = sys.stdout
    out.write("code\tcount\tusers\tapps\tfirst\tlast\n")
    for code, (n, users, apps, first, last) in sorted(stats.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.write("%s\t%d\t%d\t%d\t%s\t%s\n" % (code, n, len(users), len(apps), first, last))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: signin_baseline.py FILE.csv")
    main(sys.argv[1])
