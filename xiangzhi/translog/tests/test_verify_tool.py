"""tools/verify_log.py (standard library only) against a running server and a saved bundle."""

import base64
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from xiangzhi.translog.models import SignedTreeHead

TOOL = Path(settings.BASE_DIR) / "tools" / "verify_log.py"
spec = importlib.util.spec_from_file_location("verify_log_tool", TOOL)
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


@pytest.mark.django_db(transaction=True)
def test_tool_verifies_an_entry_on_a_live_server(live_server, publish, capsys):
    publish(9)
    key = tool.fetch_json(live_server.url + "/api/v1/log/key")["public_key_hex"]

    assert tool.main([live_server.url, "5", "--public-key", key]) == 0
    output = capsys.readouterr().out
    assert "第 5 条包含在大小为 9 的树中" in output
    assert "树头签名有效" in output
    assert "结论:已验证 / VERDICT: VERIFIED" in output


@pytest.mark.django_db(transaction=True)
def test_tool_checks_an_old_head_is_a_prefix_of_the_new(live_server, publish, tmp_path, capsys):
    publish(3)
    saved = tmp_path / "head.json"
    assert tool.main([live_server.url, "1", "--save-head", str(saved)]) == 0
    publish(4, prefix="98")
    assert tool.main([live_server.url, "6", "--old-head", str(saved)]) == 0
    assert "大小 3 的旧树头是大小 7 的新树头的前缀" in capsys.readouterr().out

    forged = json.loads(saved.read_text())
    forged["root_hash"] = "00" * 32
    saved.write_text(json.dumps(forged))
    assert tool.main([live_server.url, "6", "--old-head", str(saved)]) == 1
    assert "日志被改写过" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_tool_reports_a_missing_entry(live_server, publish, capsys):
    publish(2)
    assert tool.main([live_server.url, "7"]) == 1
    assert "公开日志中没有第 7 条" in capsys.readouterr().out


@pytest.mark.django_db
def test_tool_checks_a_saved_bundle_and_catches_any_change(client, publish, tmp_path, capsys):
    publish(6)
    bundle = client.get("/log/entries/4/bundle.json").json()
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    assert tool.main(["--bundle", str(path)]) == 0
    assert "VERDICT: VERIFIED" in capsys.readouterr().out

    data = bytearray(base64.b64decode(bundle["entry"]["data_base64"]))
    data[-5] ^= 0x01
    changed = {**bundle, "entry": {**bundle["entry"], "data_base64": base64.b64encode(bytes(data)).decode()}}
    result = tool.check_bundle(changed)
    assert result.failed and any("叶哈希与内容不一致" in line for line in result.lines)

    moved = {**bundle, "head": {**bundle["head"], "timestamp": bundle["head"]["timestamp"] + 1}}
    result = tool.check_bundle(moved)
    assert result.failed and any("树头签名无效" in line for line in result.lines)

    other_key = "11" * 32
    result = tool.check_bundle(bundle, other_key)
    assert result.failed and any("公钥与你指定的公钥不同" in line for line in result.lines)


@pytest.mark.django_db
def test_without_cryptography_the_tool_leaves_an_openssl_check_that_works(client, publish, monkeypatch):
    publish(3)
    bundle = client.get("/log/entries/0/bundle.json").json()
    monkeypatch.setattr(tool, "verify_signature", lambda head, key: None)

    result = tool.check_bundle(bundle)

    assert not result.failed
    note = next(line for line in result.lines if "openssl pkeyutl" in line)
    command = note.split("\n")[-1].split()
    assert subprocess.run(command, capture_output=True, text=True).stdout.strip() == "Signature Verified Successfully"
    folder = Path(command[command.index("-in") + 1]).parent
    (folder / "head.json").write_bytes((folder / "head.json").read_bytes().replace(b'"tree_size":3', b'"tree_size":4'))
    assert subprocess.run(command, capture_output=True, text=True).returncode != 0


@pytest.mark.django_db
def test_tool_verifier_agrees_with_sm3_logs(client, settings, publish, tmp_path):
    settings.TRANSLOG_HASH = "sm3"
    publish(5)
    assert SignedTreeHead.objects.latest("tree_size").hash_algorithm == "sm3"
    bundle = client.get("/log/entries/3/bundle.json").json()
    assert not tool.check_bundle(bundle).failed
