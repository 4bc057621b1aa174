"""Amounts are integers in 分 (fen); these two helpers are the only way in and out."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

# A village ledger never needs more than a billion yuan; the cap keeps fen in a BigInteger.
MAX_FEN = 100_000_000_000


def format_fen(fen: int | None) -> str:
    """12345 -> "123.45"; 123450 -> "1,234.50"; negatives keep their sign."""
    if fen is None:
        return ""
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def parse_yuan(text, field: str = "金额", *, positive: bool = True, label: str | None = None) -> int:
    """Parse a yuan amount typed by a user ("1,234.5", "¥100", "100元") into fen.

    Raises ValidationError({field: message}) with the field's Chinese ``label``
    (defaults to ``field``) named in the message.
    """
    name = label or field
    if isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        raw = "" if text is None else str(text)
        cleaned = raw.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        if cleaned.endswith("元"):
            cleaned = cleaned[:-1].strip()
        if not cleaned:
            raise ValidationError({field: f"请填写{name}。"})
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError({field: f"{name}“{raw.strip()}”不是有效的数字。"}) from None
        if not value.is_finite():
            raise ValidationError({field: f"{name}“{raw.strip()}”不是有效的数字。"})
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{name}最多保留两位小数（精确到分）。"})
    fen = int((value * 100).to_integral_value())
    if positive and fen <= 0:
        raise ValidationError({field: f"{name}必须大于零。"})
    if not positive and fen < 0:
        raise ValidationError({field: f"{name}不能为负数。"})
    if fen > MAX_FEN:
        raise ValidationError({field: f"{name}超出允许范围（最多 {format_fen(MAX_FEN)} 元）。"})
    return fen
