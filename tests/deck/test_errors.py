"""Every broken deck gets every problem reported, each at its line and column.

Fixture driven: `fixtures/errors/NAME.md` is a deck, `NAME.expected` lists the
problems it must produce, one `line:column: severity: message` per line, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.deck.load import analyse, load_deck
from presenter.deck.model import DeckError, DeckReadError
from presenter.deck.source import read_source

ERRORS = Path(__file__).parent / "fixtures" / "errors"
CASES = sorted(p.stem for p in ERRORS.glob("*.md"))


def _report(path: Path) -> list[str]:
    analysis = analyse(read_source(path), path)
    problems = sorted(analysis.errors + analysis.warnings, key=lambda d: (d.line, d.column))
    return [f"{d.line}:{d.column}: {d.severity}: {d.message}" for d in problems]


def test_every_fixture_has_its_expectation() -> None:
    assert CASES
    assert sorted(p.stem for p in ERRORS.glob("*.expected")) == CASES


@pytest.mark.parametrize("name", CASES)
def test_problems_and_their_places(name: str) -> None:
    expected = (ERRORS / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert _report(ERRORS / f"{name}.md") == expected


@pytest.mark.parametrize("name", CASES)
def test_load_raises_one_deck_error_with_all_errors(name: str) -> None:
    path = ERRORS / f"{name}.md"
    expected = (ERRORS / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    errors = [line for line in expected if ": error: " in line]
    if not errors:
        deck = load_deck(path)
        assert [f"{w.line}:{w.column}: warning: {w.message}" for w in deck.warnings] == expected
        return
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    error = caught.value
    assert not isinstance(error, DeckReadError)
    assert [f"{d.line}:{d.column}: error: {d.message}" for d in error.errors] == errors
    first = errors[0].split(":", 2)
    assert (error.path, error.line, error.column) == (str(path), int(first[0]), int(first[1]))
    assert str(error).splitlines()[0] == f"{path}:{errors[0].replace(': error', '', 1)}"


def test_messages_are_one_sentence_saying_how_to_fix() -> None:
    for name in CASES:
        for line in (ERRORS / f"{name}.expected").read_text(encoding="utf-8").splitlines():
            message = line.split(": ", 2)[2]
            assert "\n" not in message
            assert ";" in message or "," in message, message
            assert not message.endswith(".")


# -- files that cannot be read ------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DeckReadError) as caught:
        load_deck(tmp_path / "nope.md")
    assert caught.value.message == "the file does not exist; check the path"
    assert caught.value.path == str(tmp_path / "nope.md")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DeckReadError) as caught:
        load_deck(tmp_path)
    assert "is a directory, not a deck" in caught.value.message


def test_binary_file_reports_the_first_nul(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"# Title\nab\x00cd\n")
    with pytest.raises(DeckReadError) as caught:
        load_deck(path)
    assert (caught.value.line, caught.value.column) == (2, 3)
    assert "binary file" in caught.value.message


def test_invalid_utf8_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Café\n\nNote: ok\n---\n\n# Déjà\n".encode("latin-1"))
    with pytest.raises(DeckReadError) as caught:
        load_deck(path)
    assert (caught.value.line, caught.value.column) == (1, 6)
    assert caught.value.message == (
        "the file is not valid UTF-8 (byte 0xe9); save it as UTF-8 in your editor"
    )


def test_invalid_utf8_after_crlf_lines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"# One\r\n\r\n\xe2\x82 broken\r\n")
    with pytest.raises(DeckReadError) as caught:
        load_deck(path)
    assert (caught.value.line, caught.value.column) == (3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: &a [*a]\nauthors: &b [*b]\n---\n# A\n",
        "---\nx: !!timestamp nope\n---\n# A\n",
        "---\nx: !!int nope\n---\n# A\n",
        "---\nx: " + "[" * 5000 + "\n---\n# A\n",
        "```poll\nquestion: " + "[" * 5000 + "\n```\n",
        "```poll\nquestion: &q [*q]\noptions: &o [*o, *o]\n```\n",
        "```poll\nquestion: q\noptions: [!!float x, b]\n```\n",
        "# A\n---\nlayout: &a [*a]\ntime: &t [*t]\n---\n# B\n",
        "---\nduration: !!python/object/apply:os.system ['echo hi']\n---\n# A\n",
    ],
)
def test_hostile_yaml_is_a_deck_error_or_a_deck(text: str) -> None:
    from presenter.deck.load import parse_deck

    try:
        deck = parse_deck(text)
    except DeckError as error:
        assert all(d.line >= 1 and d.message for d in error.errors)
    else:
        assert deck.slides


def test_dates_stay_as_written() -> None:
    from presenter.deck.load import parse_deck

    assert parse_deck("---\ndate: 2024-13-45\nnotes: false\n---\n# A\n").meta.date == "2024-13-45"
    assert parse_deck("---\ndate: 2024-05-01\nnotes: false\n---\n# A\n").meta.date == "2024-05-01"
