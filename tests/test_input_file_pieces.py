"""read_input with progress (the window's read): the file in pieces, joined once at the end
(docs/ui.md, "Opening a large file"); the same bytes and refusals as reading it in one go,
whatever the file does while it is read."""

from __future__ import annotations

import pytest

from digibord.formats import input_file
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(input_file, "HEAD_BYTES", 512)
    monkeypatch.setattr(input_file, "CHUNK", 1000)


@pytest.fixture
def borderel(samples_dir):
    return samples_dir / "2026-02_01.dat"


def test_many_pieces_give_the_file_with_progress_after_each(small_pieces, borderel):
    seen = []
    data = read_input(borderel, progress=lambda got, size: seen.append((got, size)))
    whole = borderel.read_bytes()
    assert data == whole == read_input(borderel)
    # joined once, not a bytearray grown piece by piece (its reallocations held the lock)
    assert type(data) is bytes
    size = len(whole)
    assert seen[0] == (512, size)
    assert [got for got, _ in seen] == [*range(512, size, 1000), size]


def test_a_file_that_grows_while_read_is_read_to_its_end(small_pieces, borderel, tmp_path):
    path = tmp_path / "groeit.dat"
    path.write_bytes(borderel.read_bytes())
    extra = b"\r\n" * 1500

    def grow(got, size):
        if got == 512:
            with path.open("ab") as fh:
                fh.write(extra)

    assert read_input(path, progress=grow) == borderel.read_bytes() + extra


def test_a_file_that_grows_past_the_cap_is_refused(small_pieces, borderel, tmp_path,
                                                   monkeypatch):
    path = tmp_path / "groeit.dat"
    path.write_bytes(borderel.read_bytes())
    monkeypatch.setattr(input_file, "MAX_BORDEREL_BYTES", path.stat().st_size + 100)

    def grow(got, size):
        if got == 512:
            with path.open("ab") as fh:
                fh.write(b" " * 5000)

    with pytest.raises(InputRefused) as refused:
        read_input(path, progress=grow)
    assert [e.code for e in refused.value.errors] == ["reader.too_large"]


def test_a_file_that_shrinks_while_read_gives_what_is_left(small_pieces, borderel, tmp_path):
    path = tmp_path / "krimpt.dat"
    whole = borderel.read_bytes()
    path.write_bytes(whole)

    def shrink(got, size):
        if got == 512:
            with path.open("r+b") as fh:
                fh.truncate(3000)

    assert read_input(path, progress=shrink) == whole[:3000]


def test_a_progress_that_raises_stops_the_reading(small_pieces, borderel):
    calls = []

    class Stop(Exception):
        pass

    def stop(got, size):
        calls.append(got)
        if len(calls) == 3:
            raise Stop

    with pytest.raises(Stop):
        read_input(borderel, progress=stop)
    assert calls == [512, 1512, 2512]
