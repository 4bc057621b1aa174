"""/api/v1/log: public, no login; errors in Chinese."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from xiangzhi.translog.models import SignedTreeHead

from .test_rfc6962 import independent_consistency, independent_inclusion, mth, sha256

pytestmark = pytest.mark.django_db


def test_head_of_an_empty_log_is_the_signed_empty_tree(client):
    response = client.get("/api/v1/log/head")
    assert response.status_code == 200
    head = response.json()
    assert head["tree_size"] == 0
    assert head["root_hash"] == sha256(b"").hex()


def test_head_entry_proof_and_key_need_no_login_and_verify(client, publish):
    data = [e.data_bytes for e in publish(7)]

    head = client.get("/api/v1/log/head").json()
    key = client.get("/api/v1/log/key").json()
    entry = client.get("/api/v1/log/entries/4").json()
    proof = client.get("/api/v1/log/proof/4", {"tree_size": 7}).json()

    assert head["tree_size"] == 7 and head["root_hash"] == mth(sha256, data).hex()
    signed = json.dumps({k: head[k] for k in ("hash_algorithm", "root_hash", "timestamp", "tree_size")},
                        sort_keys=True, separators=(",", ":")).encode()
    assert head["signed_bytes"].encode() == signed
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(key["public_key_hex"])).verify(
        base64.b64decode(head["signature"]), signed)
    assert base64.b64decode(entry["data_base64"]) == data[4]
    assert entry["content"]["name"] == "测试区划4"
    assert entry["leaf_hash"] == sha256(b"\x00" + data[4]).hex()
    assert independent_inclusion(sha256, 4, 7, bytes.fromhex(entry["leaf_hash"]),
                                 [bytes.fromhex(p) for p in proof["audit_path"]], bytes.fromhex(head["root_hash"]))


def test_consistency_between_two_sizes(client, publish):
    data = [e.data_bytes for e in publish(9)]
    body = client.get("/api/v1/log/consistency", {"first": 3, "second": 9}).json()
    assert independent_consistency(sha256, 3, 9, mth(sha256, data[:3]), mth(sha256, data),
                                   [bytes.fromhex(p) for p in body["consistency_path"]])
    assert client.get("/api/v1/log/consistency", {"first": 9, "second": 9}).json()["consistency_path"] == []


def test_missing_entry_is_404_in_chinese(client, publish):
    publish(2)
    response = client.get("/api/v1/log/entries/2")
    assert response.status_code == 404
    assert response.json()["detail"] == "公开日志中没有第 2 条。"


@pytest.mark.parametrize("index, size, field, message", [
    (3, 3, "index", "序号 3 不在大小为 3 的树内"),
    (0, 5, "tree_size", "树的大小 5 超过了日志当前的条目数 4"),
])
def test_bad_proof_requests_are_422_in_chinese(client, publish, index, size, field, message):
    publish(4)
    response = client.get(f"/api/v1/log/proof/{index}", {"tree_size": size})
    assert response.status_code == 422
    assert message in response.json()["errors"][field][0]


@pytest.mark.parametrize("first, second, field, message", [
    (5, 3, "second", "second(3)不能小于 first(5)"),
    (2, 9, "second", "树的大小 9 超过了日志当前的条目数 4"),
])
def test_bad_consistency_requests_are_422_in_chinese(client, publish, first, second, field, message):
    publish(4)
    response = client.get("/api/v1/log/consistency", {"first": first, "second": second})
    assert response.status_code == 422
    assert message in response.json()["errors"][field][0]


def test_a_proof_without_tree_size_is_refused(client, publish):
    publish(1)
    response = client.get("/api/v1/log/proof/0")
    assert response.status_code == 422
    assert "tree_size" in json.dumps(response.json(), ensure_ascii=False)


def test_the_log_is_read_only_over_the_api(client, publish):
    publish(1)
    assert client.post("/api/v1/log/head").status_code == 405
    assert SignedTreeHead.objects.count() == 1
