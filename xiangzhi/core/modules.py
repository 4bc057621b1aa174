"""The platform's modules, as the navigation shows them.

Each app registers its modules in its AppConfig.ready(); a module shows for the
current post when the post's role grants the module's capability.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    url_name: str
    capability: str
    order: int = 100


_modules = {}


def register(module):
    _modules[module.key] = module


def modules_for(capabilities):
    return sorted(
        (module for module in _modules.values() if module.capability in capabilities),
        key=lambda module: (module.order, module.key),
    )
