#!/usr/bin/env python3
"""Helps keep translations/parallax_zh_CN.ts complete.

  ts-tool.py export TS OUT.json      write the unfinished messages as [{"context","source","comment","plural"}]
  ts-tool.py import TS IN.json...    fill translations from [{"context","source","translation"}] files
                                     ("translation" is a string, or a list for plural forms)
  ts-tool.py check TS                exit 1 if any message is unfinished, vanished or obsolete
  ts-tool.py english TS              fill the English plural forms of parallax_en.ts (made by
                                     lupdate -pluralonly): "%n worker(s)" -> "1 worker" / "2 workers"
"""
import json
import sys
import xml.etree.ElementTree as ET


def load(path):
    return ET.parse(path)


def messages(tree):
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            yield name, msg


def export(ts, out):
    items = []
    for ctx, msg in messages(load(ts)):
        tr = msg.find("translation")
        if tr is not None and tr.get("type") == "unfinished":
            items.append({"context": ctx, "source": msg.findtext("source"),
                          "comment": msg.findtext("comment") or msg.findtext("extracomment") or "",
                          "plural": msg.get("numerus") == "yes"})
    with open(out, "w", encoding="utf-8") as f:
        json.dump(items, f, ensure_ascii=False, indent=1)
    print(f"{len(items)} unfinished messages written to {out}")


def import_(ts, files, forms=1):
    table = {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            for item in json.load(f):
                table[(item["context"], item["source"])] = item["translation"]
    tree = load(ts)
    filled = 0
    for ctx, msg in messages(tree):
        key = (ctx, msg.findtext("source"))
        tr = msg.find("translation")
        if key not in table or tr is None:
            continue
        value = table[key]
        if msg.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            for form in (value if isinstance(value, list) else [value])[:forms]:  # Chinese has one plural form
                el = ET.SubElement(tr, "numerusform")
                el.text = form
            tr.text = None
        else:
            tr.text = value if isinstance(value, str) else value[0]
        if "type" in tr.attrib:
            del tr.attrib["type"]
        filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    # Restore the DOCTYPE line that ElementTree drops.
    with open(ts, encoding="utf-8") as f:
        text = f.read()
    if "<!DOCTYPE TS>" not in text:
        text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
    with open(ts, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{filled} messages translated")


# Singular of the plural nouns our sources use after %n ("%n workers recovered").
ENGLISH_SINGULAR = {"workers": "worker", "incidents": "incident", "rows": "row", "hours": "hour", "days": "day"}


def english_forms(source):
    if "(s)" in source:
        return [source.replace("(s)", ""), source.replace("(s)", "s")]
    singular = source
    for plural, one in ENGLISH_SINGULAR.items():
        singular = singular.replace("%n " + plural, "%n " + one)
    return [singular, source]


def english(ts):
    items = []
    for ctx, msg in messages(load(ts)):
        if msg.get("numerus") == "yes":
            items.append({"context": ctx, "source": msg.findtext("source"), "translation": english_forms(msg.findtext("source"))})
    tmp = ts + ".forms.json"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(items, f)
    import_(ts, [tmp], forms=2)
    import os
    os.remove(tmp)


def check(ts):
    bad = 0
    for ctx, msg in messages(load(ts)):
        tr = msg.find("translation")
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
            bad += 1
            print(f"{ctx}: {msg.findtext('source')!r} is {tr.get('type') if tr is not None else 'missing'}")
    if bad:
        print(f"{bad} messages are not translated")
        sys.exit(1)
    print("all messages translated")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    cmd, ts = sys.argv[1], sys.argv[2]
    if cmd == "export":
        export(ts, sys.argv[3])
    elif cmd == "import":
        import_(ts, sys.argv[3:])
    elif cmd == "check":
        check(ts)
    elif cmd == "english":
        english(ts)
    else:
        print(__doc__)
        sys.exit(2)
