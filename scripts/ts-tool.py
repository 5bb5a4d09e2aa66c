#!/usr/bin/env python3
"""Helps keep translations/parallax_zh_CN.ts complete.

  ts-tool.py export TS OUT.json      write the unfinished messages as [{"context","source","comment","plural"}]
  ts-tool.py import TS IN.json...    fill translations from [{"context","source","translation"}] files
                                     ("translation" is a string, or a list for plural forms)
  ts-tool.py check TS                exit 1 if any message is unfinished, vanished or obsolete
  ts-tool.py migrate OLD.ts TS [NEW=OLD,OLD2…]
                                     after messages moved to other contexts (lupdate leaves them
                                     unfinished there): give each unfinished message of TS the
                                     translation OLD.ts has for the same source text, preferring
                                     the message's own context, then the listed old contexts
                                     of its new context; fails if a translation would be
                                     lost or a source text has two different translations
  ts-tool.py contexts TS DIR…        exit 1 unless the sources and TS agree on translation contexts:
                                     tr() only as a Q_OBJECT class's own or through a
                                     Q_DECLARE_TR_FUNCTIONS context, no free tr() helpers, no
                                     translate() with a hand-written context, and every context
                                     in TS is one the running code asks QTranslator for
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


def message_key(msg):
    return (msg.findtext("source"), msg.findtext("comment") or "", msg.get("numerus") == "yes")


def finished(tr):
    return tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete")


def forms(tr):
    return tuple(f.text or "" for f in tr.iter("numerusform")) or (tr.text or "",)


def write(tree, ts):
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    with open(ts, encoding="utf-8") as f:
        text = f.read()
    if "<!DOCTYPE TS>" not in text:
        text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
    with open(ts, "w", encoding="utf-8") as f:
        f.write(text)


def migrate(old_ts, ts, preferences=()):
    prefer = {}  # new context -> old contexts to take a disputed translation from, in order
    for p in preferences:
        new, olds = p.split("=", 1)
        prefer[new] = olds.split(",")
    old = {}  # message key -> {old context: translation forms}
    for ctx, msg in messages(load(old_ts)):
        tr = msg.find("translation")
        if finished(tr):
            old.setdefault(message_key(msg), {})[ctx] = forms(tr)
    tree = load(ts)
    moved, problems = 0, []
    for ctx, msg in messages(tree):
        tr = msg.find("translation")
        if finished(tr):
            continue
        candidates = old.get(message_key(msg), {})
        distinct = set(candidates.values())
        if ctx in candidates:
            chosen = candidates[ctx]
        elif len(distinct) == 1:
            chosen = distinct.pop()
        elif any(o in candidates for o in prefer.get(ctx, ())):
            chosen = next(candidates[o] for o in prefer[ctx] if o in candidates)
        else:
            problems.append(f"{ctx}: {msg.findtext('source')!r}: "
                            + (f"{len(distinct)} different translations in {sorted(candidates)}" if distinct else "no translation"))
            continue
        for child in list(tr):
            tr.remove(child)
        if msg.get("numerus") == "yes":
            tr.text = "\n            "
            for form in chosen:
                el = ET.SubElement(tr, "numerusform")
                el.text = form
                el.tail = "\n            "
            tr[-1].tail = "\n        "
        else:
            tr.text = chosen[0]
        tr.attrib.pop("type", None)
        moved += 1
    # Nothing translated before may go missing: each old (source, translation) must still be there.
    kept = set()
    for ctx, msg in messages(tree):
        tr = msg.find("translation")
        if finished(tr):
            kept.add((message_key(msg), forms(tr)))
    for key, by_context in old.items():
        for ctx, value in by_context.items():
            if (key, value) not in kept:
                problems.append(f"lost: {ctx}: {key[0]!r} -> {value!r}")
    write(tree, ts)
    print(f"{moved} translations moved to their new contexts")
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)


def source_files(dirs):
    import os
    for d in dirs:
        for root, _, files in os.walk(d):
            for name in sorted(files):
                if name.endswith((".cpp", ".h")):
                    yield os.path.join(root, name)


def without_comments(text):
    import re
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def contexts(ts, dirs):
    """lupdate files a tr() call under the context it believes in; QTranslator is asked for the
    context the compiled code names. They agree only for a Q_OBJECT class's own tr() and for
    Q_DECLARE_TR_FUNCTIONS(Context); a free `QString tr(const char *)` helper, or a QObject
    subclass without Q_OBJECT, makes lupdate invent a context ("parallax", "parallax::cli::CheckRun")
    that nothing at run time asks for, and the text shows untranslated."""
    import re
    declared, qobjects, problems = set(), set(), []
    texts = {path: without_comments(open(path, encoding="utf-8").read()) for path in source_files(dirs)}
    for path, text in texts.items():
        declared.update(re.findall(r"Q_DECLARE_TR_FUNCTIONS\(\s*([\w:]+)\s*\)", text))
        qobjects.update(re.findall(r"\b(?:class|struct)\s+(?:\w+\s+)?(\w+)\s*(?:final\s*)?:[^{;]*\{\s*Q_(?:OBJECT|GADGET)\b", text))
    names = {c.split("::")[-1] for c in declared}
    in_ts = {ctx.findtext("name") for ctx in load(ts).getroot().iter("context")}
    literal = set()  # contexts asked for by translate("…") (each reported below anyway)
    for path, text in texts.items():
        for m in re.finditer(r"^[ \t]*(?:static\s+|inline\s+)*QString\s+tr\s*\(", text, flags=re.M):
            problems.append(f"{path}: a free tr() helper: lupdate cannot tell its context")
        for m in re.finditer(r"\btranslate\(\s*\"([^\"]*)\"", text):
            literal.add(m.group(1))
            problems.append(f"{path}: translate(\"{m.group(1)}\", …) with a hand-written context; use a tr() context"
                            + ("" if m.group(1) in in_ts else f" (and \"{m.group(1)}\" is not in {ts})"))
        for m in re.finditer(r"QT_TRANSLATE_N?_?NOOP3?\(\s*\"([^\"]*)\"", text):
            if m.group(1) not in declared:
                problems.append(f"{path}: QT_TRANSLATE_NOOP(\"{m.group(1)}\", …) names no declared context")
        for m in re.finditer(r"([\w:]+)::tr\(", text):
            if m.group(1).split("::")[-1] not in names | qobjects:
                problems.append(f"{path}: {m.group(1)}::tr() is neither a Q_OBJECT class nor a Q_DECLARE_TR_FUNCTIONS context")
    for ctx in sorted(in_ts):
        if ctx in declared | literal or (ctx.startswith("parallax::") and ctx.split("::")[-1] in qobjects):
            continue
        problems.append(f"{ts}: context \"{ctx}\" is never asked for at run time: no Q_OBJECT class or "
                        "Q_DECLARE_TR_FUNCTIONS context has that name, so its messages show untranslated")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} translation context problems")
        sys.exit(1)
    print(f"{len(in_ts)} contexts in {ts}, all asked for at run time")


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
    elif cmd == "migrate":
        migrate(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif cmd == "contexts":
        contexts(ts, sys.argv[3:])
    elif cmd == "english":
        english(ts)
    else:
        print(__doc__)
        sys.exit(2)
