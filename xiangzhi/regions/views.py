from django.http import Http404


def detail(request, code):
    raise Http404
