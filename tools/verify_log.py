#!/usr/bin/env python3
"""Check one entry of a 乡治 Xiangzhi publication log against its signed tree head.

Python standard library only (the Ed25519 signature is checked when the `cryptography`
package is importable; otherwise the script writes the files for an `openssl` check).

    python3 tools/verify_log.py https://xiangzhi.example.gov.cn 12
    python3 tools/verify_log.py --bundle xiangzhi-log-12.json
    python3 tools/verify_log.py URL 12 --public-key <64 hex digits from the notice board>
    python3 tools/verify_log.py URL 12 --old-head saved-head.json   # also: the log only grew

The checks (RFC 6962 / RFC 9162 §2.1; docs/transparency-log.md):
  1. leaf hash = H(0x00 || canonical bytes of the entry);
  2. the audit path leads from the leaf hash to the head's root hash;
  3. the head's Ed25519 signature over its canonical JSON is valid for the public key;
  4. with --old-head, a consistency proof shows the old head is a prefix of the new one.
Exit status 0 when every check passed, 1 otherwise.
"""

import argparse
import base64
import hashlib
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request


# --- hashes ------------------------------------------------------------------------------------

def hash_function(name):
    if name == "sha256":
        return lambda data: hashlib.sha256(data).digest()
    if name == "sm3":
        if "sm3" in hashlib.algorithms_available:
            return lambda data: hashlib.new("sm3", data).digest()
        try:
            from cryptography.hazmat.primitives import hashes
        except ImportError:
            raise SystemExit("本机的 Python 不支持 SM3 / this Python has no SM3 (install `cryptography`).")

        def sm3(data):
            digest = hashes.Hash(hashes.SM3())
            digest.update(data)
            return digest.finalize()
        return sm3
    raise SystemExit(f"未知的哈希算法 / unknown hash algorithm: {name!r}")


def leaf_hash(h, data):
    return h(b"\x00" + data)


def node_hash(h, left, right):
    return h(b"\x01" + left + right)


# --- RFC 9162 §2.1.3.2 and §2.1.4.2 ------------------------------------------------------------

def verify_inclusion(h, index, size, leaf, path, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(h, p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn // 2, sn // 2
        else:
            r = node_hash(h, r, p)
        fn, sn = fn // 2, sn // 2
    return sn == 0 and r == root


def verify_consistency(h, first, second, first_root, second_root, path):
    if first < 1 or first > second:
        return False
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn, sn = fn // 2, sn // 2
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node_hash(h, c, fr), node_hash(h, c, sr)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn // 2, sn // 2
        else:
            sr = node_hash(h, sr, c)
        fn, sn = fn // 2, sn // 2
    return fr == first_root and sr == second_root and sn == 0


# --- signed tree heads -------------------------------------------------------------------------

def head_bytes(head):
    """The bytes the platform signs: canonical JSON of four fields, sorted keys, no spaces."""
    signed = {
        "hash_algorithm": head["hash_algorithm"],
        "root_hash": head["root_hash"],
        "timestamp": int(head["timestamp"]),
        "tree_size": int(head["tree_size"]),
    }
    return json.dumps(signed, sort_keys=True, separators=(",", ":")).encode("ascii")


def verify_signature(head, public_key_hex):
    """True/False, or None when `cryptography` is not installed."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(base64.b64decode(head["signature"], validate=True), head_bytes(head))
    except (InvalidSignature, ValueError):
        return False
    return True


def write_openssl_files(head, public_key_pem):
    folder = tempfile.mkdtemp(prefix="xiangzhi-log-")
    with open(os.path.join(folder, "head.json"), "wb") as f:
        f.write(head_bytes(head))
    with open(os.path.join(folder, "head.sig"), "wb") as f:
        f.write(base64.b64decode(head["signature"]))
    with open(os.path.join(folder, "public.pem"), "w") as f:
        f.write(public_key_pem)
    return folder


# --- fetching ----------------------------------------------------------------------------------

def fetch_json(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            detail = json.load(error).get("detail", "")
        except ValueError:
            detail = ""
        raise LookupError(f"{url}: HTTP {error.code} {detail}") from None


def fetch_bundle(base_url, index):
    api = base_url.rstrip("/") + "/api/v1/log"
    head = fetch_json(api + "/head")
    entry = fetch_json(f"{api}/entries/{int(index)}")
    proof = fetch_json(f"{api}/proof/{int(index)}?" + urllib.parse.urlencode({"tree_size": head["tree_size"]}))
    key = fetch_json(api + "/key")
    return {"entry": entry, "head": head, "proof": proof, "key": key}


def fetch_consistency(base_url, first, second):
    query = urllib.parse.urlencode({"first": first, "second": second})
    return fetch_json(base_url.rstrip("/") + "/api/v1/log/consistency?" + query)["consistency_path"]


# --- the checks --------------------------------------------------------------------------------

class Result:
    def __init__(self):
        self.lines = []
        self.failed = False

    def ok(self, chinese, english):
        self.lines.append(f"[通过 OK] {chinese} / {english}")

    def fail(self, chinese, english):
        self.failed = True
        self.lines.append(f"[失败 FAIL] {chinese} / {english}")

    def note(self, text):
        self.lines.append(f"[提示 NOTE] {text}")


def check_bundle(bundle, public_key_hex=None):
    """Check one entry bundle ({"entry", "head", "proof", "key"}); returns a Result."""
    result = Result()
    entry, head, proof, key = bundle["entry"], bundle["head"], bundle["proof"], bundle["key"]
    h = hash_function(head["hash_algorithm"])
    index, size = int(entry["index"]), int(head["tree_size"])

    data = base64.b64decode(entry["data_base64"], validate=True)
    leaf = leaf_hash(h, data)
    if leaf.hex() == entry["leaf_hash"]:
        result.ok(f"第 {index} 条的叶哈希与内容一致", f"leaf hash of entry {index} matches its bytes")
    else:
        result.fail(f"第 {index} 条的叶哈希与内容不一致", f"leaf hash of entry {index} does not match its bytes")
    try:
        content = json.loads(data.decode("utf-8"))
    except ValueError:
        result.fail("条目的字节不是有效的 UTF-8 JSON", "the entry's bytes are not valid UTF-8 JSON")
    else:
        if "content" in entry and content != entry["content"]:
            result.fail("显示的内容与规范字节不一致", "the displayed content differs from the canonical bytes")

    if int(proof["leaf_index"]) != index or int(proof["tree_size"]) != size:
        result.fail("证明对应的序号或树大小不对", "the proof is for another index or tree size")
    path = [bytes.fromhex(p) for p in proof["audit_path"]]
    if verify_inclusion(h, index, size, leaf, path, bytes.fromhex(head["root_hash"])):
        result.ok(f"第 {index} 条包含在大小为 {size} 的树中(根 {head['root_hash']})",
                  f"entry {index} is included in the tree of size {size}")
    else:
        result.fail(f"审计路径不能从第 {index} 条算出树头的根哈希",
                    f"the audit path does not lead from entry {index} to the head's root")

    key_hex = key["public_key_hex"]
    if public_key_hex and public_key_hex.lower() != key_hex.lower():
        result.fail("平台提供的公钥与你指定的公钥不同", "the server's public key is not the key you gave")
        key_hex = public_key_hex
    elif not public_key_hex:
        result.note("公钥取自平台本身;最好用 --public-key 指定从公告栏等其他渠道得到的公钥 / "
                    "the public key came from the server itself; pin it with --public-key")
    signature = verify_signature(head, key_hex)
    if signature is True:
        result.ok("树头签名有效(Ed25519)", "the tree head signature is valid (Ed25519)")
    elif signature is False:
        result.fail("树头签名无效", "the tree head signature is NOT valid")
    else:
        folder = write_openssl_files(head, key.get("public_key_pem", ""))
        result.note(
            "未安装 cryptography,跳过签名检查;可用 openssl 检查 / signature check skipped "
            "(no `cryptography`); check it with openssl:\n"
            f"    openssl pkeyutl -verify -pubin -inkey {folder}/public.pem -rawin "
            f"-in {folder}/head.json -sigfile {folder}/head.sig"
        )
    return result


def check_consistency(base_url, old_head, new_head):
    result = Result()
    h = hash_function(new_head["hash_algorithm"])
    first, second = int(old_head["tree_size"]), int(new_head["tree_size"])
    if first == 0:
        result.ok("旧树头为空树,无需检查", "the old head is the empty tree")
        return result
    path = [bytes.fromhex(p) for p in fetch_consistency(base_url, first, second)] if first < second else []
    if verify_consistency(h, first, second, bytes.fromhex(old_head["root_hash"]), bytes.fromhex(new_head["root_hash"]), path):
        result.ok(f"大小 {first} 的旧树头是大小 {second} 的新树头的前缀:旧条目没有被改",
                  f"the old head ({first}) is a prefix of the new head ({second}): nothing was rewritten")
    else:
        result.fail(f"旧树头({first})与新树头({second})不一致:日志被改写过",
                    f"the old head ({first}) is NOT consistent with the new head ({second})")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="核对乡治公开日志中的一条 / verify one entry of a Xiangzhi publication log")
    parser.add_argument("base_url", nargs="?", help="平台网址 / the platform's base URL")
    parser.add_argument("index", nargs="?", type=int, help="条目序号 / entry index")
    parser.add_argument("--bundle", help="条目页下载的核对数据包 / a bundle saved from the entry page")
    parser.add_argument("--public-key", help="信任的 Ed25519 公钥(64 位十六进制)/ the trusted public key (hex)")
    parser.add_argument("--old-head", help="以前保存的树头 JSON / a previously saved head (JSON), to check the log only grew")
    parser.add_argument("--save-head", help="把这次的树头保存到文件 / save this head to a file")
    args = parser.parse_args(argv)

    try:
        if args.bundle:
            with open(args.bundle, encoding="utf-8") as f:
                bundle = json.load(f)
        elif args.base_url is not None and args.index is not None:
            bundle = fetch_bundle(args.base_url, args.index)
        else:
            parser.error("需要 网址 和 序号,或 --bundle 文件 / give URL and INDEX, or --bundle FILE")
        results = [check_bundle(bundle, args.public_key)]
        if args.old_head:
            if not args.base_url:
                parser.error("--old-head 需要平台网址 / --old-head needs the base URL")
            with open(args.old_head, encoding="utf-8") as f:
                results.append(check_consistency(args.base_url, json.load(f), bundle["head"]))
    except (LookupError, OSError, ValueError, KeyError) as error:
        print(f"[失败 FAIL] 无法取得或读取核对数据 / could not fetch or read the data: {error}")
        return 1

    if args.save_head:
        with open(args.save_head, "w", encoding="utf-8") as f:
            json.dump(bundle["head"], f, ensure_ascii=False, indent=2)
    for result in results:
        for line in result.lines:
            print(line)
    if any(result.failed for result in results):
        print("结论:验证未通过 / VERDICT: NOT VERIFIED")
        return 1
    print("结论:已验证 / VERDICT: VERIFIED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
