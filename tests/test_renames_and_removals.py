"""Records renamed or deleted by hand, as staff do in GitHub's web editor, checked against the
pull request's base (``check --changed main``): one message that says what happened, where
the change was made, and lists the references still to fix, instead of one « inconnue,
ajoutez d'abord… » per citing line, all in files the pull request did not touch. Without a
base, each citing line says the record was removed from its file since the last commit.

Each test works on the frozen content committed in a git repository of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.commands.cli import main

from .frozen_content import content_repository, git

REFERENCE_FILES = ("content/committees.yml", "content/glossary.yml", "content/people.yml",
                   "content/publications.yml", "content/projects", "timeline.yml")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return content_repository(tmp_path / "depot")


def record_lines(text: str, record_id: str) -> tuple[int, int]:
    """The 0-based first line of a list record (``  - id: …``) and the line after it."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if re.fullmatch(
        rf"  - id: {re.escape(record_id)}", line))
    end = next(i for i in range(first + 1, len(lines))
               if not lines[i].startswith("    ") or lines[i].startswith("  - "))
    return first, end


def delete_record(root: Path, relative: str, record_id: str) -> int:
    """Delete a record as staff do, line by line; the 1-based line where it stood."""
    path = root / relative
    lines = path.read_text("utf-8").split("\n")
    first, end = record_lines("\n".join(lines), record_id)
    del lines[first:end]
    path.write_text("\n".join(lines), "utf-8")
    return first + 1


def citing_places(root: Path, record_id: str, *, skip: str = "") -> list[str]:
    """``file:line`` of every line that cites ``record_id`` (not as its own id)."""
    places = []
    for relative in sorted(_yaml_files(root)):
        if relative == skip:
            continue
        for number, line in enumerate((root / relative).read_text("utf-8").split("\n"), 1):
            if re.search(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])", line) and \
                    not re.match(r"\s*(- )?id:", line):
                places.append(f"{relative}:{number}")
    return places


def _yaml_files(root: Path) -> list[str]:
    found = []
    for name in REFERENCE_FILES:
        path = root / name
        paths = sorted(path.glob("*.yml")) if path.is_dir() else [path]
        found += [p.relative_to(root).as_posix() for p in paths if p.is_file()]
    return found


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def short(root: Path, ref: str) -> str:
    """The abbreviated commit git shows for ``ref``."""
    return git(root, "rev-parse", "--short", ref).strip()


def check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main(["--root", str(root), "check", *args])
    return status, capsys.readouterr().out.splitlines()


def test_a_person_deleted_by_hand_is_one_message_where_it_stood(repo, capsys):
    places = citing_places(repo, "marie-ferru")
    line = delete_record(repo, "content/people.yml", "marie-ferru")
    commit(repo, "retire Marie Ferru")
    status, printed = check(repo, capsys, "--changed", "main")
    assert status == 1
    assert printed == [
        f"content/people.yml:{line}:1: personne « marie-ferru » retirée ici (présente dans "
        f"la branche main (commit {short(repo, 'main')})), mais encore citée à {len(places)} "
        f"endroits : {', '.join(places)} ; retirez ces renvois, ou remettez la personne"]


def test_an_id_overwritten_with_another_record_s_is_one_duplicate_message(repo, capsys):
    # A person's id replaced by another person's: the fix is the old id back, never
    # « retirez ces renvois, ou remettez la personne ».
    places = citing_places(repo, "marie-ferru")
    path = repo / "content/people.yml"
    text = path.read_text("utf-8")
    line = text.split("\n").index("  - id: marie-ferru") + 1
    first = text.split("\n").index("  - id: camille-henrion") + 1
    path.write_text(text.replace("  - id: marie-ferru\n", "  - id: camille-henrion\n"), "utf-8")
    commit(repo, "un identifiant écrasé")
    status, printed = check(repo, capsys, "--changed", "main")
    assert (status, printed) == (1, [
        f"content/people.yml:{line}:9: identifiant « camille-henrion » déjà utilisé par la "
        f"personne (content/people.yml, ligne {first}) ; « marie-ferru », cité à "
        f"{len(places)} endroits, est sans doute l'identifiant de cette personne : écrivez "
        "id: marie-ferru"])


def test_the_message_lands_on_the_line_the_pull_request_changed(repo, capsys, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "resume.md"))
    line = delete_record(repo, "content/people.yml", "marie-ferru")
    commit(repo, "retire Marie Ferru")
    _, printed = check(repo, capsys, "--changed", "main", "--format", "github")
    assert [p.split("::")[1] for p in printed] == [
        f"error file=content/people.yml,line={line},col=1,title=Erreur de contenu"]
    assert "personne « marie-ferru » retirée ici" in (tmp_path / "resume.md").read_text("utf-8")


def test_a_deleted_project_sheet_is_named_at_the_first_reference(repo, capsys):
    places = citing_places(repo, "filiere-bois", skip="content/projects/filiere-bois.yml")
    git(repo, "rm", "-q", "content/projects/filiere-bois.yml")
    commit(repo, "retire la fiche")
    status, printed = check(repo, capsys, "--changed", "main")
    first = places[0].split(":")
    column = (repo / first[0]).read_text("utf-8").split("\n")[int(first[1]) - 1].index(
        "filiere-bois") + 1
    count = f"{len(places)} endroit{'s' if len(places) > 1 else ''}"
    assert (status, printed) == (1, [
        f"{places[0]}:{column}: terrain « filiere-bois » : son fichier "
        "content/projects/filiere-bois.yml a été supprimé (présent dans la branche main "
        f"(commit {short(repo, 'main')})), mais le "
        f"terrain est encore cité à {count} : {', '.join(places)} ; retirez ces renvois, ou "
        "remettez le fichier"])


def rename_event(root: Path, old: str, new: str) -> int:
    """Change an event's id in timeline.yml only; the line of its id."""
    path = root / "timeline.yml"
    text = path.read_text("utf-8")
    assert text.count(f"  - id: {old}\n") == 1
    path.write_text(text.replace(f"  - id: {old}\n", f"  - id: {new}\n"), "utf-8")
    return text[:text.index(f"  - id: {old}\n")].count("\n") + 1


def test_an_event_renamed_by_hand_is_one_message_at_the_new_record(repo, capsys):
    places = citing_places(repo, "premier-comite-innovation")
    assert places, "the frozen content cites this event"
    line = rename_event(repo, "premier-comite-innovation", "comite-innovation-2023")
    commit(repo, "renomme")
    status, printed = check(repo, capsys, "--changed", "main")
    assert (status, printed) == (1, [
        f"timeline.yml:{line}:9: événement « premier-comite-innovation » renommé en "
        "« comite-innovation-2023 » (même titre « Premier comité d'innovation ») : ajoutez "
        "former_ids: [premier-comite-innovation] à cet événement, pour garder son ancienne "
        "adresse, et écrivez comite-innovation-2023 dans les renvois qui citent encore "
        f"premier-comite-innovation : {', '.join(places)}"])


def test_a_rename_whose_references_were_updated_asks_for_former_ids_in_a_warning(repo, capsys):
    line = rename_event(repo, "premier-comite-innovation", "comite-innovation-2023")
    for relative in {p.split(":")[0] for p in citing_places(repo, "premier-comite-innovation")}:
        path = repo / relative
        path.write_text(path.read_text("utf-8").replace(
            "premier-comite-innovation", "comite-innovation-2023"), "utf-8")
    commit(repo, "renomme partout")
    status, printed = check(repo, capsys, "--changed", "main")
    assert (status, printed) == (0, [
        f"timeline.yml:{line}:9: avertissement : événement « premier-comite-innovation » "
        "renommé en « comite-innovation-2023 » (même titre « Premier comité d'innovation ») : "
        "ajoutez former_ids: [premier-comite-innovation] à cet événement, pour garder son "
        "ancienne adresse"])


def test_with_former_ids_each_old_reference_says_what_to_write(repo, capsys):
    places = citing_places(repo, "premier-comite-innovation")
    rename_event(repo, "premier-comite-innovation",
                 "comite-innovation-2023\n    former_ids: [premier-comite-innovation]")
    commit(repo, "renomme avec former_ids")
    status, printed = check(repo, capsys, "--changed", "main")
    assert status == 1
    assert [p.split(": ", 1)[1] for p in printed] == [
        "événement « premier-comite-innovation » renommé en « comite-innovation-2023 » "
        "(former_ids) : écrivez comite-innovation-2023"] * len(places)
    # The renamed record itself gets no message: the rename is declared.
    assert [p.split(": ")[0].rsplit(":", 1)[0] for p in printed] == places


# ---- Text links to a renamed record's former address ----------------------------------

SEE_ALSO = "Voir les [publications](publications/)."
"""A sentence of two texts of timeline.yml in the frozen copy, after which links are added."""


def add_links_on_main(root: Path, *targets: str) -> None:
    """Write a Markdown link to each of ``targets`` after each :data:`SEE_ALSO`, committed
    on ``main`` (the base) and brought into the pull request's branch."""
    git(root, "checkout", "-q", "main")
    path = root / "timeline.yml"
    text = path.read_text("utf-8")
    assert text.count(SEE_ALSO) >= 2, "the frozen copy's texts hold this sentence"
    links = " ".join(f"[voir]({target})" for target in targets)
    path.write_text(text.replace(SEE_ALSO, f"{SEE_ALSO} {links}"), "utf-8")
    commit(root, "liens")
    git(root, "checkout", "-q", "demande")
    git(root, "merge", "-q", "--ff-only", "main")


def links_to(root: Path, *targets: str) -> list[tuple[int, int, str]]:
    """(line, column, target) of each link of timeline.yml to one of ``targets``, the column
    being where its target starts."""
    lines = (root / "timeline.yml").read_text("utf-8").split("\n")
    return [(number, line.index(f"({target})") + 2, target)
            for number, line in enumerate(lines, 1) for target in targets
            if f"({target})" in line]


def rename_ids_but_not_links(root: Path, relative: str, old: str, new: str,
                             former: bool = False) -> int:
    """Rename a record by hand (with ``former_ids: [old]`` if ``former``) and the ids that
    cite it, leaving the links of the texts to its old address; the line of its new id."""
    for other in _yaml_files(root):
        cited = root / other
        cited.write_text(re.sub(rf"(?<![/#\w-]){re.escape(old)}(?![\w/-])", new,
                                cited.read_text("utf-8")), "utf-8")
    path = root / relative
    text = path.read_text("utf-8")
    assert text.count(f"  - id: {new}\n") == 1
    if former:
        path.write_text(text.replace(f"  - id: {new}\n",
                                     f"  - id: {new}\n    former_ids: [{old}]\n"), "utf-8")
    return text[:text.index(f"  - id: {new}\n")].count("\n") + 1


def link_messages(printed: list[str]) -> list[str]:
    return [line for line in printed if ": lien « " in line]


def test_each_link_to_a_person_renamed_by_hand_says_the_new_address(repo, capsys):
    """The new id shares nothing with the old one: only the base can tell where the links
    should lead (a guess by spelling named another person)."""
    add_links_on_main(repo, "personnes/marie-ferru/")
    line = rename_ids_but_not_links(repo, "content/people.yml", "marie-ferru", "ferru-poitiers")
    commit(repo, "renomme")
    links = links_to(repo, "personnes/marie-ferru/")
    assert len(links) >= 2
    status, printed = check(repo, capsys, "--changed", "main")
    assert (status, printed) == (1, [
        *(f"timeline.yml:{number}:{column}: lien « personnes/marie-ferru/ » : personne "
          "« marie-ferru » renommée en « ferru-poitiers » : écrivez « personnes/ferru-poitiers/ »"
          for number, column, _ in links),
        f"content/people.yml:{line}:9: avertissement : personne « marie-ferru » renommée en "
        "« ferru-poitiers » (même nom « Marie Ferru ») : ajoutez former_ids: [marie-ferru] à "
        "cette personne, pour garder son ancienne adresse"])


def test_with_former_ids_links_to_an_event_s_old_page_and_anchor_say_the_new_ones(repo,
                                                                                  capsys):
    """The rename is declared (former_ids): without any base, each link still gets its
    own message, with the address to write."""
    targets = ("chronologie/#premier-comite-innovation", "evenements/premier-comite-innovation/")
    add_links_on_main(repo, *targets)
    rename_ids_but_not_links(repo, "timeline.yml", "premier-comite-innovation",
                             "comite-innovation-2023", former=True)
    commit(repo, "renomme avec former_ids")
    links = links_to(repo, *targets)
    assert len(links) >= 4
    status, printed = check(repo, capsys)
    fixed = {"chronologie/#premier-comite-innovation": "chronologie/#comite-innovation-2023",
             "evenements/premier-comite-innovation/": "evenements/comite-innovation-2023/"}
    assert (status, link_messages(printed)) == (1, [
        f"timeline.yml:{number}:{column}: lien « {target} » : événement "
        f"« premier-comite-innovation » renommé en « comite-innovation-2023 » : écrivez "
        f"« {fixed[target]} »" for number, column, target in links])


def test_a_rename_not_committed_yet_tells_each_link_to_a_term_its_new_anchor(repo, capsys):
    """Without a base, the last commit tells the rename by the term's unchanged name."""
    add_links_on_main(repo, "glossaire/#ect")
    rename_ids_but_not_links(repo, "content/glossary.yml", "ect", "ecterr")
    links = links_to(repo, "glossaire/#ect")
    assert len(links) >= 2
    status, printed = check(repo, capsys)
    assert (status, link_messages(printed)) == (1, [
        f"timeline.yml:{number}:{column}: lien « glossaire/#ect » : terme « ect » renommé en "
        "« ecterr » : écrivez « glossaire/#ecterr »" for number, column, _ in links])


def test_a_record_deleted_with_its_references_passes(repo, capsys):
    delete_record(repo, "content/organisations.yml", "inrae")
    for relative in {p.split(":")[0] for p in citing_places(repo, "inrae")}:
        path = repo / relative
        path.write_text(re.sub(r"\binrae, |, inrae\b", "", path.read_text("utf-8")), "utf-8")
    commit(repo, "retire l'INRAE et ses renvois")
    assert check(repo, capsys, "--changed", "main") == (0, [])


def test_without_a_base_each_citing_line_says_the_record_left_its_file(repo, capsys):
    places = citing_places(repo, "marie-ferru")
    delete_record(repo, "content/people.yml", "marie-ferru")  # not committed
    status, printed = check(repo, capsys)
    assert status == 1
    assert [p.split(": ", 1)[1] for p in printed] == [
        "personne « marie-ferru » retirée de content/people.yml depuis le dernier commit : "
        "remettez la personne dans content/people.yml, ou retirez ce renvoi"] * len(places)
    assert sorted(p.split(":")[0] + ":" + p.split(":")[1] for p in printed) == sorted(places)


def test_outside_a_repository_a_missing_id_is_an_unknown_one(repo, capsys):
    git_dir = repo / ".git"
    git_dir.rename(repo.parent / "git-ailleurs")
    delete_record(repo, "content/people.yml", "marie-ferru")
    status, printed = check(repo, capsys)
    assert status == 1
    assert all("personne « marie-ferru » inconnue" in line for line in printed)


def test_a_deletion_below_other_edits_is_told_where_the_record_stood(repo, capsys):
    places = citing_places(repo, "marie-ferru")
    line = delete_record(repo, "content/people.yml", "marie-ferru")
    people = repo / "content/people.yml"
    people.write_text(people.read_text("utf-8").replace(
        "people:\n", "people:\n  - id: jeanne-dupont\n    name: Jeanne Dupont\n", 1), "utf-8")
    commit(repo, "une personne ajoutée en tête, une autre retirée plus bas")
    status, printed = check(repo, capsys, "--changed", "main")
    assert status == 1
    assert [p.split(": ", 1)[0] for p in printed] == [f"content/people.yml:{line + 2}:1"]
    assert printed[0].endswith(f"citée à {len(places)} endroits : {', '.join(places)} ; "
                               "retirez ces renvois, ou remettez la personne")


def test_in_a_pull_request_s_merge_commit_the_base_is_named_as_staff_know_it(repo, capsys,
                                                                              monkeypatch):
    """As actions/checkout leaves it: the merge commit of the pull request into main, compared
    with its first parent."""
    places = citing_places(repo, "marie-ferru")
    line = delete_record(repo, "content/people.yml", "marie-ferru")
    commit(repo, "retire Marie Ferru")
    git(repo, "checkout", "-q", "--detach", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge demande into main", "demande")
    monkeypatch.setenv("BASE_REF", "main")
    status, printed = check(repo, capsys, "--changed", "HEAD^1")
    assert (status, printed) == (1, [
        f"content/people.yml:{line}:1: personne « marie-ferru » retirée ici (présente dans "
        f"la branche main (commit {short(repo, 'HEAD^1')})), mais encore citée à "
        f"{len(places)} endroits : {', '.join(places)} ; retirez ces renvois, ou remettez la "
        "personne"])


def test_a_base_given_as_a_commit_is_named_by_its_commit_and_subject(repo, capsys):
    """« HEAD » or « HEAD^1 » tells staff nothing: the message names the commit and what it
    did (a long subject cut at 60 characters)."""
    git(repo, "commit", "-q", "--allow-empty", "-m",
        "Ajout des comités de 2024, des sièges de la fédération et des nouveaux membres")
    places = citing_places(repo, "marie-ferru")
    line = delete_record(repo, "content/people.yml", "marie-ferru")
    status, printed = check(repo, capsys, "--changed", "HEAD")
    assert (status, printed) == (1, [
        f"content/people.yml:{line}:1: personne « marie-ferru » retirée ici (présente dans "
        f"le commit {short(repo, 'HEAD')} « Ajout des comités de 2024, des sièges de la "
        f"fédération et d… »), mais encore citée à {len(places)} endroits : "
        f"{', '.join(places)} ; retirez ces renvois, ou remettez la personne"])


def test_without_a_base_a_rename_tells_each_old_reference_the_new_id(repo, capsys):
    places = citing_places(repo, "premier-comite-innovation")
    rename_event(repo, "premier-comite-innovation", "comite-innovation-2023")  # not committed
    status, printed = check(repo, capsys)
    assert status == 1
    assert [p.split(": ", 1)[1] for p in printed] == [
        "événement « premier-comite-innovation » renommé en « comite-innovation-2023 » depuis "
        "le dernier commit : écrivez comite-innovation-2023 (et ajoutez former_ids: "
        "[premier-comite-innovation] à cet événement, pour garder son ancienne adresse)"
    ] * len(places)
