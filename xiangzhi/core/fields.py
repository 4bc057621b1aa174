from django.db import models

from . import crypto


class EncryptedTextField(models.BinaryField):
    """Text stored SM4-GCM encrypted; reads give back the text.

    The ciphertext is bound to `context` (default: app_label.model.field), so a value
    copied into another column does not decrypt. Look rows up by a blind index field.
    """

    def __init__(self, *args, context=None, **kwargs):
        self.context = context
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.context:
            kwargs["context"] = self.context
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def crypto_context(self):
        return self.context or f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return crypto.decrypt(value, self.crypto_context())

    def to_python(self, value):
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or value == "":
            return None if self.null else super().get_db_prep_value(b"", connection, prepared)
        if isinstance(value, str):
            value = crypto.encrypt(value, self.crypto_context())
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""
