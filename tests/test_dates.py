import pytest

from generator.content.dates import PartialDate, french_span


@pytest.mark.parametrize(("raw", "iso", "french", "precision"), [
    (2014, "2014", "2014", "year"),
    ("2014", "2014", "2014", "year"),
    ("2023-03", "2023-03", "mars 2023", "month"),
    ("2025-11-28", "2025-11-28", "28 novembre 2025", "day"),
    ("2024-02-01", "2024-02-01", "1er février 2024", "day"),
    ("2024-02-29", "2024-02-29", "29 février 2024", "day"),
])
def test_a_date_keeps_its_precision(raw, iso, french, precision):
    date = PartialDate.parse(raw)
    assert (date.iso(), date.french(), date.precision) == (iso, french, precision)


@pytest.mark.parametrize(("raw", "message"), [
    ("2024-13", "date « 2024-13 » impossible : le mois 13 n'existe pas (01 à 12)"),
    ("2023-02-30", "date « 2023-02-30 » impossible : février 2023 compte 28 jours"),
    ("mars 2023", "date « mars 2023 » illisible : écrivez 2023-03 (une date s'écrit AAAA, "
                  "AAAA-MM ou AAAA-MM-JJ)"),
    ("2023-3", "date « 2023-3 » illisible : écrivez 2023-03 (une date s'écrit AAAA, AAAA-MM ou "
               "AAAA-MM-JJ)"),
    ("1er mars 2024", "date « 1er mars 2024 » illisible : écrivez 2024-03-01 (une date s'écrit "
                      "AAAA, AAAA-MM ou AAAA-MM-JJ)"),
    ("03/2024", "date « 03/2024 » illisible : écrivez 2024-03 (une date s'écrit AAAA, AAAA-MM "
                "ou AAAA-MM-JJ)"),
    ("printemps 2024", "date « printemps 2024 » illisible ; format attendu : AAAA, AAAA-MM ou "
                       "AAAA-MM-JJ (par exemple 2023, 2023-03 ou 2025-11-28)"),
    ("0000-01", "date « 0000-01 » impossible : l'année 0 est hors limites (1000 à 2100)"),
    (999, "date « 999 » illisible ; format attendu : AAAA, AAAA-MM ou AAAA-MM-JJ (par exemple "
          "2023, 2023-03 ou 2025-11-28)"),
    ("0999-02-29", "date « 0999-02-29 » impossible : l'année 999 est hors limites (1000 à "
                   "2100)"),
    ("2101", "date « 2101 » impossible : l'année 2101 est hors limites (1000 à 2100)"),
])
def test_an_impossible_or_unreadable_date_is_refused_in_french(raw, message):
    with pytest.raises(ValueError) as info:
        PartialDate.parse(raw)
    assert str(info.value) == message


def test_a_year_sorts_before_its_months_and_a_month_before_its_days():
    dates = [PartialDate.parse(d) for d in ["2024-03-02", "2024-03", "2024", "2023-12"]]
    assert [d.iso() for d in sorted(dates)] == ["2023-12", "2024", "2024-03", "2024-03-02"]


@pytest.mark.parametrize(("start", "end", "text"), [
    ("2017", "2022", "2017 – 2022"),
    ("2023-04", "2023-07", "avril – juillet 2023"),
    ("2025-11-28", "2025-11-29", "28 – 29 novembre 2025"),
    ("2022", "2025-11", "2022 – novembre 2025"),
    ("2014", None, "2014"),
])
def test_spans_are_written_the_french_way(start, end, text):
    assert french_span(PartialDate.parse(start), end and PartialDate.parse(end)) == text
