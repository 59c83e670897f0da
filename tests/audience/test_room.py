"""Room codes, device tokens, the LAN URL and the terminal QR code."""

from __future__ import annotations

import json
import stat

import segno

from presenter.audience.qr import qr_lines
from presenter.audience.room import (
    ROOM_ALPHABET,
    ROOM_CODE_LENGTH,
    RoomKey,
    base_url,
    join_url,
    lan_address,
    new_room_code,
)


def test_room_codes_avoid_look_alike_characters() -> None:
    codes = {new_room_code() for _ in range(500)}
    assert len(codes) > 490  # random, not a sequence
    for code in codes:
        assert len(code) == ROOM_CODE_LENGTH
        assert set(code) <= set(ROOM_ALPHABET)
    assert not set("0O1IL2Z5S8BUVQ") & set(ROOM_ALPHABET)


def test_code_matching_ignores_case_and_spaces() -> None:
    key = RoomKey("HK7PXR", b"s" * 32)
    assert key.matches("hk7pxr") and key.matches(" HK7 PX R ") and not key.matches("HK7PXY")


def test_device_tokens_are_signed_by_the_room() -> None:
    key = RoomKey.new()
    device, token = key.issue_token()
    assert key.device_of(token) == device
    assert key.device_of(device) is None
    assert key.device_of(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert RoomKey.new().device_of(token) is None  # another talk's token
    assert key.device_of("é." * 10) is None
    assert key.device_of(None) is None


def test_a_resumed_talk_keeps_its_code_and_a_new_one_gets_another(tmp_path) -> None:
    path = tmp_path / "room.json"
    first = RoomKey.load_or_create(path)
    assert RoomKey.load_or_create(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert RoomKey.load_or_create(tmp_path / "other.json").secret != first.secret
    path.write_text(json.dumps({"code": "0OO0O", "secret": "zz"}))
    assert RoomKey.load_or_create(path) != first  # a damaged file: a fresh key


def test_lan_address_and_urls() -> None:
    assert lan_address("192.0.2.7") == "192.0.2.7"
    found = lan_address("")
    assert found and found != "0.0.0.0"
    assert base_url("10.0.0.5", 8765) == "http://10.0.0.5:8765"
    assert base_url("fe80::1", 8765) == "http://[fe80::1]:8765"
    assert join_url("http://10.0.0.5:8765", "HK7PXR") == "HTTP://10.0.0.5:8765/J/HK7PXR"


def test_qr_lines_draw_the_segno_matrix_two_rows_per_line() -> None:
    data = "HTTP://192.168.100.200:8765/J/HK7PXR"
    lines = qr_lines(data, border=2)
    matrix = [[bool(m) for m in row] for row in segno.make(data, error="m").matrix_iter(border=2)]
    assert len({len(line) for line in lines}) == 1
    assert len(lines[0]) == len(matrix[0])
    assert len(lines) == (len(matrix) + 1) // 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            cell = lines[y // 2][x]
            ink = cell in ("█", "▀") if y % 2 == 0 else cell in ("█", "▄")
            assert ink == dark, (x, y)
    # compact: alphanumeric mode keeps the code small enough for a terminal panel
    assert len(lines[0]) <= 33
