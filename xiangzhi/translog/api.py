"""/api/v1/log: the publication log's public endpoints (no login)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import queries
from .models import LogEntry
from .verification import entry_json

router = Router(tags=[gettext_lazy("公开日志")])


class HeadOut(Schema):
    tree_size: int
    root_hash: str = Field(description="根哈希(十六进制)")
    timestamp: int = Field(description="签名时间,1970-01-01 UTC 起的毫秒数")
    hash_algorithm: str = Field(description="sha256 或 sm3")
    signature: str = Field(description="Ed25519 签名(base64),签的是 signed_bytes")
    key_id: str
    signed_bytes: str = Field(description="被签名的规范 JSON 文本")


class EntryOut(Schema):
    index: int
    kind: str
    object_id: str
    region_code: str
    data_base64: str = Field(description="条目的规范字节(base64);叶哈希 = H(0x00 ‖ 这些字节)")
    content: dict = Field(description="规范字节解码后的 JSON")
    leaf_hash: str
    created_at: str


class ProofQuery(Schema):
    tree_size: int = Field(..., ge=0, description="证明所对应的树大小")


class ProofOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str] = Field(description="RFC 6962 审计路径(十六进制),从叶一侧开始")


class ConsistencyQuery(Schema):
    first: int = Field(..., ge=1)
    second: int = Field(..., ge=1)


class ConsistencyOut(Schema):
    first: int
    second: int
    consistency_path: list[str]


class KeyOut(Schema):
    algorithm: str
    key_id: str
    public_key_hex: str
    public_key_pem: str


@router.get("/head", response=HeadOut, auth=None, summary="最新的签名树头")
def head(request):
    return queries.head_json(queries.latest_head())


@router.get("/entries/{index}", response=EntryOut, auth=None, summary="一条日志条目的规范字节")
def entry(request, index: int):
    log_entry = LogEntry.objects.filter(index=index).first()
    if log_entry is None:
        raise HttpError(404, _("公开日志中没有第 %(index)s 条。") % {"index": index})
    return entry_json(log_entry)


@router.get("/proof/{index}", response=ProofOut, auth=None, summary="包含证明(审计路径)")
def proof(request, index: int, params: Query[ProofQuery]):
    path = queries.inclusion_proof(index, params.tree_size)
    return {
        "leaf_index": index,
        "tree_size": params.tree_size,
        "leaf_hash": LogEntry.objects.values_list("leaf_hash", flat=True).get(index=index),
        "audit_path": [p.hex() for p in path],
    }


@router.get("/consistency", response=ConsistencyOut, auth=None, summary="两个树大小之间的一致性证明")
def consistency(request, params: Query[ConsistencyQuery]):
    path = queries.consistency_proof(params.first, params.second)
    return {"first": params.first, "second": params.second, "consistency_path": [p.hex() for p in path]}


@router.get("/key", response=KeyOut, auth=None, summary="签名树头的 Ed25519 公钥")
def key(request):
    return queries.key_json()
