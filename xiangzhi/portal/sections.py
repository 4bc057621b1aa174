"""Sections of the public village page /v/<village code>/.

Each app that publishes something for villagers registers a Section in its AppConfig.ready();
the portal renders every registered section, in order, after the village's disclosures.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    template: str
    # context(village: Region) -> dict | None; None means the section has nothing to show.
    context: Callable


_sections = {}


def register(section):
    _sections[section.key] = section


def sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def rendered_sections(village):
    """(section, context) for every registered section with something to show for the village."""
    result = []
    for section in sections():
        context = section.context(village)
        if context is not None:
            result.append((section, context))
    return result


# The portal renders a section's template with `village`, `data` (the dict context() returned)
# and that dict's keys at the top level, so a template may write {{ cases }} or {{ data.cases }}.
