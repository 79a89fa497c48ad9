"""The command line gives clear errors for settings that cannot work."""

from __future__ import annotations

from pathlib import Path

from orchestration.cli import main


def test_missing_raw_directory_is_a_clear_error(tmp_path: Path, capsys):
    code = main(["run", "--raw-dir", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert code == 2
    assert "raw directory does not exist" in capsys.readouterr().err


def test_warehouse_under_a_file_is_a_clear_error(tmp_path: Path, capsys):
    (tmp_path / "raw").mkdir()
    (tmp_path / "a_file").write_text("x")
    code = main(["run", "--raw-dir", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "a_file" / "w.duckdb")])
    assert code == 2
    assert "cannot create warehouse directory" in capsys.readouterr().err


def test_environment_variables_name_the_paths(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSMON_RAW_DIR", str(tmp_path / "missing_raw"))
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert main(["run"]) == 2
    assert str(tmp_path / "missing_raw") in capsys.readouterr().err
