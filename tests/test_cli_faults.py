"""A fault of the program: a plain message, exit 3, and a private log without personal data."""

from __future__ import annotations

import stat

from digibord import cli


def test_fault_gives_message_and_private_log_without_the_message(monkeypatch, capsys, tmp_path,
                                                                 samples_dir):
    personal = "Jansen " + "123456782"

    def boom(args):
        raise ValueError(f"invalid literal for int(): {personal!r}")

    monkeypatch.setattr("digibord.commands.check.run_check", boom)
    parser_args = ["check", str(samples_dir / "2026-01_01.dat")]
    status = cli.main(parser_args)
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err and "ValueError" in err
    from digibord.paths import user_data_dir

    log = user_data_dir() / "logs" / "digibord-fout.log"
    text = log.read_text(encoding="utf-8")
    assert "ValueError" in text and "boom" in text
    assert "Jansen" not in text and "123456782" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
