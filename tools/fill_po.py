"""Fill empty msgstr of a .po from a {msgid: msgstr} dict in a Python file: python tools/fill_po.py PO DICTFILE"""
import runpy
import sys

import polib

po = polib.pofile(sys.argv[1])
table = runpy.run_path(sys.argv[2])["T"]
filled = 0
for entry in po:
    if entry.msgid in table and (not entry.msgstr or "fuzzy" in entry.flags):
        entry.msgstr = table[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
po.save()
left = [e.msgid for e in po if not e.msgstr and not e.msgstr_plural]
print(f"filled {filled}; untranslated left {len(left)}")
for m in left:
    print("  ", repr(m))
