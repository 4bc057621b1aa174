"""The platform's modules, as the navigation shows them.

Each app registers its modules in its AppConfig.ready(); a module shows for the
current post when the post's role grants the module's capability.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    url_name: str
    capability: str
    order: int = 100

    @property
    def url(self):
        return reverse(self.url_name)


_modules = {}


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
