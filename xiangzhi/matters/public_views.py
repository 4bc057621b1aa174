"""The public page of a matter (no login): its published notices with their log badges."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import notices


@require_GET
def public_matter(request, pk):
    matter = notices.public_matter(pk)
    return render(request, "matters/public.html", notices.public_context(matter))
