"""The log's trees and proofs against RFC 6962, checked by a verifier written here from the RFC
(RFC 6962 §2.1 definitions; RFC 9162 §2.1.3.2 and §2.1.4.2 verification), not the log's code."""

import hashlib
import random

import pytest
from cryptography.hazmat.primitives import hashes

from xiangzhi.translog import merkle, queries
from xiangzhi.translog.hashing import Hasher
from xiangzhi.translog.models import LogEntry, SignedTreeHead


# --- an independent reference, straight from the RFC text ----------------------------------

def sha256(data):
    return hashlib.sha256(data).digest()


def sm3(data):
    if "sm3" in hashlib.algorithms_available:
        return hashlib.new("sm3", data).digest()
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(h, leaves):
    """MTH(D[n]) over leaf *data*."""
    if not leaves:
        return h(b"")
    if len(leaves) == 1:
        return h(b"\x00" + leaves[0])
    k = split(len(leaves))
    return h(b"\x01" + mth(h, leaves[:k]) + mth(h, leaves[k:]))


def path(h, m, leaves):
    if len(leaves) == 1:
        return []
    k = split(len(leaves))
    if m < k:
        return path(h, m, leaves[:k]) + [mth(h, leaves[k:])]
    return path(h, m - k, leaves[k:]) + [mth(h, leaves[:k])]


def subproof(h, m, leaves, b):
    n = len(leaves)
    if m == n:
        return [] if b else [mth(h, leaves)]
    k = split(n)
    if m <= k:
        return subproof(h, m, leaves[:k], b) + [mth(h, leaves[k:])]
    return subproof(h, m - k, leaves[k:], False) + [mth(h, leaves[:k])]


def independent_inclusion(h, leaf_index, tree_size, leaf_hash, audit_path, root):
    """RFC 9162 §2.1.3.2, step by step."""
    if leaf_index >= tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf_hash
    for p in audit_path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = h(b"\x01" + p + r)
            if fn % 2 == 0:
                while not (fn % 2 == 1 or fn == 0):
                    fn //= 2
                    sn //= 2
        else:
            r = h(b"\x01" + r + p)
        fn //= 2
        sn //= 2
    return sn == 0 and r == root


def independent_consistency(h, first, second, first_hash, second_hash, proof):
    """RFC 9162 §2.1.4.2, step by step (first == second: empty proof, equal hashes)."""
    if first == second:
        return proof == [] and first_hash == second_hash
    if not proof:
        return False
    proof = list(proof)
    if first & (first - 1) == 0:
        proof = [first_hash] + proof
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn //= 2
        sn //= 2
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr = h(b"\x01" + c + fr)
            sr = h(b"\x01" + c + sr)
            if fn % 2 == 0:
                while not (fn % 2 == 1 or fn == 0):
                    fn //= 2
                    sn //= 2
        else:
            sr = h(b"\x01" + sr + c)
        fn //= 2
        sn //= 2
    return fr == first_hash and sr == second_hash and sn == 0


def perfect_subtrees(hasher, leaves):
    """{(level, position): hash} of every perfect subtree, as the log stores them."""
    nodes = {(0, i): hasher.leaf(d) for i, d in enumerate(leaves)}
    level = 0
    while len([key for key in nodes if key[0] == level]) > 1:
        count = len([key for key in nodes if key[0] == level])
        for p in range(count // 2):
            nodes[(level + 1, p)] = hasher.node(nodes[(level, 2 * p)], nodes[(level, 2 * p + 1)])
        level += 1
    return nodes


# --- known answers: the certificate-transparency reference tree (merkle_tree_test.cc) -----

CT_LEAVES = [bytes.fromhex(x) for x in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
)]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CT_CONSISTENCY = [  # (first, second, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]


def test_roots_of_the_reference_tree_match_certificate_transparency():
    hasher = Hasher("sha256")
    nodes = perfect_subtrees(hasher, CT_LEAVES)
    for size in range(0, 9):
        assert merkle.root(hasher, lambda level, position: nodes[(level, position)], size).hex() == CT_ROOTS[size]
        assert mth(sha256, CT_LEAVES[:size]).hex() == CT_ROOTS[size]


def test_proofs_of_the_reference_tree_match_certificate_transparency():
    hasher = Hasher("sha256")
    nodes = perfect_subtrees(hasher, CT_LEAVES)

    def node(level, position):
        return nodes[(level, position)]

    for index, size, expected in CT_INCLUSION:
        audit_path = merkle.inclusion_path(hasher, node, index, size)
        assert [p.hex() for p in audit_path] == expected
        assert independent_inclusion(sha256, index, size, sha256(b"\x00" + CT_LEAVES[index]), audit_path,
                                     bytes.fromhex(CT_ROOTS[size]))
    for first, second, expected in CT_CONSISTENCY:
        proof = merkle.consistency_proof(hasher, node, first, second)
        assert [p.hex() for p in proof] == expected
        assert independent_consistency(sha256, first, second, bytes.fromhex(CT_ROOTS[first]),
                                       bytes.fromhex(CT_ROOTS[second]), proof)


# --- the stored log, every size up to 64 ---------------------------------------------------

@pytest.fixture
def log64(publish):
    entries = publish(64)
    return [entry.data_bytes for entry in entries]


def test_every_signed_head_is_the_rfc_root_of_its_prefix(log64):
    heads = list(SignedTreeHead.objects.order_by("tree_size"))
    assert [head.tree_size for head in heads] == list(range(1, 65))
    for head in heads:
        assert head.root_hash == mth(sha256, log64[:head.tree_size]).hex()
        assert queries.root_at(head.tree_size).hex() == head.root_hash
    assert list(LogEntry.objects.values_list("index", flat=True)) == list(range(64))


def test_every_inclusion_proof_up_to_64_verifies_independently(log64):
    for size in range(1, 65):
        root = mth(sha256, log64[:size])
        for index in range(size):
            audit_path = queries.inclusion_proof(index, size)
            assert audit_path == path(sha256, index, log64[:size]), (index, size)
            leaf = sha256(b"\x00" + log64[index])
            assert independent_inclusion(sha256, index, size, leaf, audit_path, root), (index, size)
            # and the verifier is not a rubber stamp: a wrong leaf or a wrong index fails
            assert not independent_inclusion(sha256, index, size, sha256(b"\x00x"), audit_path, root)
            if size > 1:
                assert not independent_inclusion(sha256, (index + 1) % size, size, leaf, audit_path, root)


def test_every_consistency_proof_up_to_64_verifies_independently(log64):
    roots = {n: mth(sha256, log64[:n]) for n in range(1, 65)}
    for second in range(1, 65):
        for first in range(1, second + 1):
            proof = queries.consistency_proof(first, second)
            assert proof == subproof(sha256, first, log64[:second], True), (first, second)
            assert independent_consistency(sha256, first, second, roots[first], roots[second], proof), (first, second)
            if first < second:
                assert not independent_consistency(sha256, first, second, roots[second], roots[second], proof)


def test_random_pairs_in_a_larger_tree():
    rng = random.Random(6962)
    hasher = Hasher("sha256")
    leaves = [rng.randbytes(rng.randint(0, 40)) for _ in range(3000)]
    nodes = perfect_subtrees(hasher, leaves)

    def node(level, position):
        return nodes[(level, position)]

    leaf_hashes = [sha256(b"\x00" + d) for d in leaves]
    for _ in range(60):
        second = rng.randint(1, len(leaves))
        first = rng.randint(1, second)
        index = rng.randrange(second)
        root_first, root_second = mth(sha256, leaves[:first]), mth(sha256, leaves[:second])
        assert merkle.root(hasher, node, second) == root_second
        assert independent_inclusion(sha256, index, second, leaf_hashes[index],
                                     merkle.inclusion_path(hasher, node, index, second), root_second)
        assert independent_consistency(sha256, first, second, root_first, root_second,
                                       merkle.consistency_proof(hasher, node, first, second))


def test_proofs_read_a_few_stored_subtrees_not_every_leaf(log64, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        queries.inclusion_proof(37, 61)
    with django_assert_max_num_queries(3):
        queries.consistency_proof(13, 59)
    with django_assert_max_num_queries(3):
        queries.root_at(63)
    needed = merkle.needed_nodes(lambda node: merkle.consistency_proof(Hasher("sha256"), node, 13, 59))
    assert len(needed) < 12


def test_sm3_hash_gives_the_standard_answers():
    # GB/T 32905-2016 example 1 ("abc") and the empty message.
    hasher = Hasher("sm3")
    assert hasher.empty_root().hex() == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
    assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert hasher.leaf(b"abc") == sm3(b"\x00abc")


def test_sm3_log(settings, publish):
    settings.TRANSLOG_HASH = "sm3"
    data = [entry.data_bytes for entry in publish(11)]
    head = queries.latest_head()
    assert head.hash_algorithm == "sm3"
    assert head.root_hash == mth(sm3, data).hex()
    assert head.root_hash != mth(sha256, data).hex()
    for index in range(11):
        assert independent_inclusion(sm3, index, 11, sm3(b"\x00" + data[index]), queries.inclusion_proof(index, 11),
                                     mth(sm3, data))
    assert independent_consistency(sm3, 5, 11, mth(sm3, data[:5]), mth(sm3, data), queries.consistency_proof(5, 11))
