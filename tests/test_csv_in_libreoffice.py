"""The CSV tables opened in LibreOffice Calc with French settings, as a reader would.

LibreOffice converts each table (and one with formula-like text) to ODS with the options of
its import dialog for these files: « ; » between columns, « " » around text, UTF-8, French
(language 1036), special numbers not detected, formulas evaluated (the worst case for formula
injection). Every cell must come back with the text of the CSV cell, no cell as a formula,
each multi-paragraph summary in one cell. Runs where LibreOffice is installed (Debian's
libreoffice-calc-nogui); elsewhere it is skipped, and pytest's header says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.content.validate import load_site
from generator.outputs.exports import open_data

from .support import FROZEN, OPEN_DATA_TABLES

NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
# Separator ;, quote ", UTF-8 (76), from line 1, French (1036), quoted fields not forced to
# text, special numbers not detected, …, formulas evaluated (the last token).
FILTER = "Text - txt - csv (StarCalc):59,34,76,1,,1036,false,false,false,false,false,-1,true"


def soffice() -> str | None:
    return shutil.which("soffice")


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def ods_rows(path: Path) -> list[list[tuple[str | None, str | None, str]]]:
    """Each row's cells: (value type, formula, text shown)."""
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    rows = []
    for row in root.find(".//table:table", NS).findall("table:table-row", NS):
        cells: list[tuple[str | None, str | None, str]] = []
        for cell in row.findall("table:table-cell", NS):
            text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
            repeat = int(cell.get(_q("table", "number-columns-repeated"), "1"))
            cells += [(cell.get(_q("office", "value-type")), cell.get(_q("table", "formula")),
                       text)] * min(repeat, 100)
        while cells and cells[-1] == (None, None, ""):
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


@pytest.mark.skipif(soffice() is None, reason="LibreOffice absent (paquet Debian "
                    "libreoffice-calc-nogui) : tableaux CSV non ouverts dans Calc")
def test_every_table_opens_in_calc_cell_for_cell(tmp_path, minimal):
    files = dict(open_data(load_site(FROZEN), "https://exemple.org/", dt.date(2026, 1, 1)).files)
    for name in OPEN_DATA_TABLES:
        (tmp_path / f"{name}.csv").write_bytes(files[f"donnees/{name}.csv"])
    timeline = minimal / "timeline.yml"
    data = yaml.safe_load(timeline.read_text("utf-8"))
    data["events"][0]["title"] = '=HYPERLINK("https://exemple.org/?x";"clic")'
    data["events"][0]["summary"] = "+1+2 ; @SOMME(A1:A9)\n\n-3 « accents » éèàçœ\n\nFin ; ok."
    data["events"][1]["title"] = "@cmd|' /C calc'!A0"
    timeline.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    hostile = dict(open_data(load_site(minimal), "https://exemple.org/", None).files)
    (tmp_path / "hostile.csv").write_bytes(hostile["donnees/evenements.csv"])
    names = [*OPEN_DATA_TABLES, "hostile"]

    env = dict(os.environ, HOME=str(tmp_path / "profile"), LANG="C.UTF-8")
    subprocess.run([soffice(), "--headless", "--norestore", f"--infilter={FILTER}",
                    "--convert-to", "ods", "--outdir", str(tmp_path / "ods"),
                    *(str(tmp_path / f"{n}.csv") for n in names)],
                   check=True, env=env, capture_output=True, timeout=300)
    for name in names:
        source = list(csv.reader(io.StringIO((tmp_path / f"{name}.csv").read_text("utf-8-sig"),
                                             newline=""), delimiter=";"))
        shown = ods_rows(tmp_path / "ods" / f"{name}.ods")
        assert len(shown) == len(source), name
        for cells, row in zip(shown, source, strict=True):
            cells += [(None, None, "")] * (len(row) - len(cells))
            assert [text for _, _, text in cells] == row, name
            assert [formula for _, formula, _ in cells if formula] == [], name
    summary = next(r for r in ods_rows(tmp_path / "ods" / "hostile.ods") if r[0][2] == "lancement")
    assert summary[14][2].count("\n") == 4  # three paragraphs, one cell
