"""RFC 6962 §2.1 over a store of perfect subtrees.

Every hash the RFC needs (MTH of a range, PATH, PROOF) splits a range at the largest power of
two below its size, so it is built from perfect subtrees aligned on their own size. Such a
subtree never changes once its last leaf is appended; the log stores their hashes, addressed
by (level, position): the subtree of 2**level leaves starting at leaf position * 2**level.

The functions take `node(level, position) -> bytes`. `needed_nodes` runs a computation with a
recording `node` to learn which stored subtrees it reads, so the caller fetches them in one
query and runs it again for real.
"""


def largest_power_of_two_below(n):
    """The k of RFC 6962: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_hash(hasher, node, start, size):
    """MTH(D[start:start+size]); `start` is aligned as in every RFC 6962 recursion."""
    if size & (size - 1) == 0:
        level = size.bit_length() - 1
        assert start % size == 0, (start, size)
        return node(level, start >> level)
    k = largest_power_of_two_below(size)
    return hasher.node(subtree_hash(hasher, node, start, k), subtree_hash(hasher, node, start + k, size - k))


def root(hasher, node, size):
    if size == 0:
        return hasher.empty_root()
    return subtree_hash(hasher, node, 0, size)


def inclusion_path(hasher, node, index, size):
    """PATH(index, D[size]) of RFC 6962 §2.1.1, leaf-side first."""
    if not 0 <= index < size:
        raise ValueError("index outside the tree")
    path = []
    start = 0
    while size > 1:
        k = largest_power_of_two_below(size)
        if index < k:
            path.append(subtree_hash(hasher, node, start + k, size - k))
            size = k
        else:
            path.append(subtree_hash(hasher, node, start, k))
            start, index, size = start + k, index - k, size - k
    path.reverse()
    return path


def consistency_proof(hasher, node, first, second):
    """PROOF(first, D[second]) of RFC 6962 §2.1.2, leaf-side first; empty when first == second."""
    if not 0 < first <= second:
        raise ValueError("sizes out of order")
    proof = []
    start, m, n, whole = 0, first, second, True
    while m != n:
        k = largest_power_of_two_below(n)
        if m <= k:
            proof.append(subtree_hash(hasher, node, start + k, n - k))
            n = k
        else:
            proof.append(subtree_hash(hasher, node, start, k))
            start, m, n, whole = start + k, m - k, n - k, False
    if not whole:
        proof.append(subtree_hash(hasher, node, start, m))
    proof.reverse()
    return proof


def needed_nodes(computation):
    """The (level, position) pairs `computation(node)` reads."""
    seen = set()

    def record(level, position):
        seen.add((level, position))
        return b""

    computation(record)
    return seen


def verify_inclusion(hasher, index, size, leaf_hash, path, root_hash):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hasher.node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = hasher.node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(hasher, first, second, first_root, second_root, proof):
    """RFC 9162 §2.1.4.2 (first == second: an empty proof and equal roots)."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = hasher.node(c, fr), hasher.node(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = hasher.node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0
