#!/usr/bin/env python3
"""Turns PostgreSQL's log of what one request ran (log_statement = all) into a pgbench script that runs the same
statements with the same values bound, for scripts/bench-web's reference "the paste's own statements".

    pgbench-replay.py LOG SCRIPT DATABASE_URL > ARGUMENTS

Writes SCRIPT (one SQL command a statement, its values as pgbench variables) and prints pgbench's variable
settings NAME=VALUE, each ended by a NUL byte (a value may hold line breaks). A NULL value is written as a typed
NULL (each statement's parameter types are learned with PREPARE), and a UUID as gen_random_uuid(): the app draws a
fresh key for each run, and a replayed key would only meet the unique index and insert nothing."""
import re
import subprocess
import sys

log_path, script_path, url = sys.argv[1:4]
entry_start = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] (LOG|DETAIL):  ", re.M)
text = open(log_path, encoding="utf-8").read()
starts = list(entry_start.finditer(text))
entries = []
for index, start in enumerate(starts):
    end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
    # A logged statement's further lines start with a tab.
    entries.append((start.group(1), text[start.end():end].rstrip("\n").replace("\n\t", "\n")))


def parameters(detail):
    """`parameters: $1 = 'a''b', $2 = NULL` as {1: "a'b", 2: None}."""
    values = {}
    position = len("parameters: ")
    name = re.compile(r"\$(\d+) = ")
    while position < len(detail):
        found = name.match(detail, position)
        number, position = int(found.group(1)), found.end()
        if detail.startswith("NULL", position):
            values[number], position = None, position + 4
        else:
            position += 1
            pieces = []
            while True:
                quote = detail.index("'", position)
                pieces.append(detail[position:quote])
                if detail.startswith("''", quote):
                    pieces.append("'")
                    position = quote + 2
                else:
                    position = quote + 1
                    break
            values[number] = "".join(pieces)
        if detail.startswith(", ", position):
            position += 2
    return values


def parameter_types(sql):
    out = subprocess.run(
        ["psql", url, "-Atq", "-c", f"PREPARE replayed AS {sql}", "-c",
         "SELECT array_to_string(parameter_types, ',') FROM pg_prepared_statements WHERE name = 'replayed'"],
        capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1].split(",")


commands, settings = [], []
for index, (kind, body) in enumerate(entries):
    if kind != "LOG" or not body.startswith("execute "):
        continue
    sql = body.split(": ", 1)[1]
    values = {}
    if index + 1 < len(entries) and entries[index + 1][0] == "DETAIL":
        values = parameters(entries[index + 1][1].replace("Parameters: ", "parameters: ", 1))
    types = parameter_types(sql) if values else []
    statement = len(commands)

    def bind(found):
        number = int(found.group(1))
        if values[number] is None:
            return f"NULL::{types[number - 1]}"
        if types[number - 1] == "uuid":
            return "gen_random_uuid()"
        name = f"s{statement}p{number}"
        settings.append(f"{name}={values[number]}")
        return f":{name}"

    commands.append(re.sub(r"\$(\d+)\b", bind, sql).rstrip().rstrip(";") + ";")
if not commands:
    sys.exit("pgbench-replay: the log holds no executed statement")
with open(script_path, "w", encoding="utf-8") as script:
    script.write("\n".join(commands) + "\n")
for setting in settings:
    sys.stdout.write(setting + "\0")
