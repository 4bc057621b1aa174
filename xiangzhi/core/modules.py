"""The platform's modules, as the navigation shows them.

Each app registers its modules in its AppConfig.ready(); a module shows for the
current post when the post's role grants the module's capability.
"""

from dataclasses import dataclass

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    url_name: str
    capability: str
    order: int = 100

    @property
    def url(self):
        """The module's page, reversed once per URL configuration and script prefix: the navigation
        lists every module of the post on every page (~40 reverse() calls, some 1–2 ms a request)."""
        key = (self.url_name, get_urlconf(), get_script_prefix())
        if key not in _urls:
            _urls[key] = reverse(self.url_name)
        return _urls[key]


_modules = {}
_urls = {}


def _forget_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # a test swapping the URL configuration
        _urls.clear()


setting_changed.connect(_forget_urls)


def register(module):
    _modules[module.key] = module


def registered_modules():
    return sorted(_modules.values(), key=lambda module: (module.order, module.key))


def modules_for(capabilities):
    """Modules the capabilities open, with their URLs; one whose page is not routed is left out
    (tests/test_modules.py fails on any such module)."""
    result = []
    for module in registered_modules():
        if module.capability not in capabilities:
            continue
        try:
            result.append((module, module.url))
        except NoReverseMatch:
            continue
    return result
