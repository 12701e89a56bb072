#!/usr/bin/env python3
"""Writes the resolute rule file equivalent to the province workload's
plain-words checks.

    python3 bench/rules_from_txt.py DIR > DIR/province.rules

DIR is the output of bench/gen.py: rules.txt gives the checks,
data.csv the unit of each metric (read from its first rows).
"""
import csv
import os
import re
import sys

DECLARED_UNITS = {
    "bn_VND": "unit bn_VND = billion VND",
    "idx": "unit idx",
}


def units_of(path):
    units = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["metric"] in units:
                break
            units[row["metric"]] = row["unit"]
    return units


def main(directory):
    units = units_of(os.path.join(directory, "data.csv"))
    out = ["# The province workload's checks (rules.txt), evaluated on 2023-Q4.", "year 2023", ""]
    out += [line for unit, line in DECLARED_UNITS.items() if unit in units.values()]
    out.append("")
    width = max(len(m) for m in units)
    for metric, unit in units.items():
        out.append(f"metric {metric + ':':<{width + 1}} stock {unit}")
    out.append("")
    with open(os.path.join(directory, "rules.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            check, text = (part.strip() for part in line.split(":", 1))
            growth = re.fullmatch(r"(\w+)\[2023-Q4\] >= \1\[2022\] \* 1\.03", text)
            total = re.fullmatch(r"(.+) = (\S+) \+/- (\S+)", text)
            simple = re.fullmatch(r"(\w+) (>=|<=|>|<|==) (\S+)", text)
            if growth:
                rule = f"{growth.group(1)} >= +3% vs 2022"
            elif total:
                rule = f"{total.group(1)} == {total.group(2)}% ± {total.group(3)}pp"
            elif simple:
                rule = text
            else:
                sys.exit(f"cannot translate `{line}`")
            out.append(f"@id({check})")
            out.append(rule)
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
